"""Loading costly shapes of Markdown and YAML, as a ratio to a linear baseline (issue 18).

Each shape is one content file of about 4 MB (``--size``) in a copy of the shipped
handbook: a section file for the Markdown shapes, handbook.yaml for the YAML shapes,
and a whole tree file or ord.yaml for the last ones (all YAML is read by the one
schema reader, ``content.schema``, after ``content.yaml_io``). Each is loaded as
``check`` loads it (``check_folder``: the sections, the wording, the trees, ord.yaml), in a
fresh child process, and its CPU time is set against the baseline measured in the
same run: the same handbook with a section of the same size of ordinary sentences.
"at limit" shapes hold just under what is allowed
(:data:`paddehatten.content.text.MAX_MARKUP`, :data:`MAX_LINES`); beyond that, a shape
is refused before it is parsed and costs no more than reading it.

    python tests/benchmarks/bench_loaders.py [--size 4000000]

Never fails on time; prints one row per shape: seconds, ratio, and whether check
passed or refused it (with the first message).
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from paddehatten.content import DEFAULT_CONTENT  # noqa: E402
from paddehatten.content.text import MAX_LINES, MAX_MARKUP  # noqa: E402

FRONT = "---\nid: raad-4\ntitle: Skift dit kodeord ofte\nchapter: raad\nnumber: 4\n---\n"
SENTENCE = "Skift dit kodeord ofte, så minimere du risikoen for at blive hacket.\n"


def _fill(size: int, unit: str) -> str:
    return unit * max(1, size // len(unit))


def _refs(size: int) -> str:
    defs = "".join(f"[r{i}]: /u{i}\n" for i in range(60_000))
    return defs + _fill(size - len(defs), SENTENCE)


def _at_limit(size: int, unit: str, per_unit: int) -> str:
    """``unit`` as often as the limit allows, the rest ordinary sentences."""
    count = (MAX_MARKUP - 200) // per_unit
    body = unit * count
    return body + "\n\n" + _fill(size - len(body), SENTENCE)


MARKDOWN: dict[str, Callable[[int], str]] = {
    "sentences (baseline)": lambda n: _fill(n, SENTENCE),
    "one long line": lambda n: _fill(n, "ord og ord "),
    "large table": lambda n: "| a | b | c |\n|---|---|---|\n" + _fill(n, "| x | y | z |\n"),
    "nested brackets": lambda n: "[" * (n // 2) + "a" + "]" * (n // 2),
    "emphasis runs": lambda n: _fill(n, "*a _b "),
    "60,000 reference definitions": lambda n: _refs(n),
    "headings": lambda n: _fill(n, "# a\n"),
    "hard line breaks": lambda n: _fill(n, "a  \n"),
    "at limit: brackets": lambda n: _at_limit(n, "[a]", 2),
    "at limit: emphasis": lambda n: _at_limit(n, "*a* ", 2),
    "at limit: headings": lambda n: _at_limit(n, "# a\n", 1),
    "at limit: lines": lambda n: _fill(
        min(n, (MAX_LINES - 10) * 30), "Et kort ord her i en sætning.\n"
    ),
}


def _yaml_value(n: int) -> str:
    return "x" * (n - 200)


YAML: dict[str, Callable[[int], str]] = {
    "one 4 MB value": lambda n: f"extra: {_yaml_value(n)}\n",
    "3.8 MB value, 199 aliases": lambda n: (
        f"a: &v {'x' * 3_800_000}\nb: [{', '.join(['*v'] * 199)}]\n"
    ),
    "many keys": lambda n: "".join(f"k{i}: v\n" for i in range(n // 12)),
    "deep flow nesting": lambda n: "x: " + "[" * (n // 2) + "]" * (n // 2) + "\n",
    "CR line endings": lambda n: _fill(n, "# kommentar\r"),
    "20,000 unknown keys": lambda n: "".join(f"k{i}: v\n" for i in range(20_000)),
}


def _wide_tree(n: int) -> str:
    """A tree with as many questions and outcomes as one may have (500 of each)."""
    rows = ["id: venneanmodning", "title: Stor", "start: q0", "questions:"]
    for i in range(500):
        rows += [
            f"  - id: q{i}",
            f"    text: Spørgsmål {i}?",
            "    cites: [husk-5]",
            "    answers:",
            f"      - {{id: a, label: Ja, next: {f'q{i + 1}' if i < 499 else 'o0'}}}",
            f"      - {{id: b, label: Nej, next: o{i}}}",
        ]
    rows.append("outcomes:")
    for i in range(500):
        rows += [
            f"  - id: o{i}",
            f"    title: Resultat {i}",
            "    body: Tag stilling til «hvorfor I siger JA».",
            "    cites: [husk-5]",
            "    quotes: [Tag stilling til hvorfor I siger JA]",
        ]
    return "\n".join(rows) + "\n"


#: Whole files of the other YAML kinds, read by the same schema reader as handbook.yaml.
OTHER_FILES: dict[str, tuple[str, Callable[[int], str]]] = {
    "tree at its limit (500 + 500)": ("trees/venneanmodning.yaml", _wide_tree),
    "ord.yaml with 10,000 words": (
        "ord.yaml",
        lambda n: "ord:\n" + "".join(f"  ord{i}: [a{i}, b{i}]\n" for i in range(10_000)),
    ),
}


def _handbook(folder: Path, shape: str, text: str) -> None:
    shutil.copytree(DEFAULT_CONTENT, folder)
    if shape in MARKDOWN:
        (folder / "sections" / "raad-4.md").write_text(FRONT + text, encoding="utf-8")
    elif shape in OTHER_FILES:
        (folder / OTHER_FILES[shape][0]).write_text(text, encoding="utf-8")
    else:
        metadata = (folder / "handbook.yaml").read_text(encoding="utf-8")
        (folder / "handbook.yaml").write_text(metadata + "\n" + text, encoding="utf-8")


def _measure(folder: str, queue: multiprocessing.Queue[tuple[float, bool, str]]) -> None:
    from paddehatten.content.check import check_folder
    from paddehatten.index.synonyms import check_word_list

    resource.setrlimit(resource.RLIMIT_AS, (2 << 30, 2 << 30))
    start = time.process_time()
    report = check_folder(Path(folder), extra=(check_word_list,))  # as `check` runs it
    seconds = time.process_time() - start
    first = report.errors[0].message[:90] if report.errors else ""
    queue.put((seconds, report.ok, first))


def run_one(folder: Path, timeout: float) -> tuple[float, bool, str]:
    queue: multiprocessing.Queue[tuple[float, bool, str]] = multiprocessing.Queue()
    child = multiprocessing.Process(target=_measure, args=(str(folder), queue))
    child.start()
    child.join(timeout)
    if child.is_alive():
        child.kill()
        child.join()
        return timeout, False, f"over {timeout:.0f} s (killed)"
    if child.exitcode != 0:
        return 0.0, False, f"exit {child.exitcode}"
    return queue.get()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4_000_000)
    parser.add_argument("--timeout", type=float, default=120)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    rows: list[dict[str, object]] = []
    with tempfile.TemporaryDirectory() as tmp:
        baseline = None
        others = {shape: make for shape, (_, make) in OTHER_FILES.items()}
        for shape, make in [*MARKDOWN.items(), *YAML.items(), *others.items()]:
            folder = Path(tmp) / f"h{len(rows)}"
            text = make(args.size)
            _handbook(folder, shape, text)
            seconds, ok, first = run_one(folder, args.timeout)
            shutil.rmtree(folder)
            if baseline is None:
                baseline = max(seconds, 1e-3)
            rows.append(
                {
                    "shape": shape,
                    "bytes": len(text.encode("utf-8")),
                    "seconds": round(seconds, 3),
                    "ratio": round(seconds / baseline, 1),
                    "check": "ok" if ok else "refused",
                    "message": first,
                }
            )
            size, ratio = len(text.encode("utf-8")), seconds / baseline
            print(
                f"{shape:32} {size / 1e6:5.2f} MB {seconds:7.2f} s "
                f"x{ratio:<6.1f} {'ok' if ok else 'refused':8} {first}",
                flush=True,
            )
    if args.json:
        print(json.dumps(rows, ensure_ascii=False, indent=2))


if __name__ == "__main__":
    main()
