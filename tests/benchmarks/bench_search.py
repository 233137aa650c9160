"""Search benchmark: per-keystroke latency, build time and cached open time.

    python tests/benchmarks/bench_search.py                  # guideline, 1,000, 10,000
    python tests/benchmarks/bench_search.py --sizes 1000     # just one size

For each handbook (the shipped guideline, and synthetic handbooks of 1,000 and 10,000
sections of about 100 words written by ``synth.py`` in the content format) it prints:

- load: reading the content directory (the content loader, not search);
- build: building the index (in memory for the guideline, into a fresh disk cache for
  the synthetic ones);
- open: opening the cached index again in the same process (imports done), median of
  five; and "cold open", the same in a new process including whoosh's imports;
- keystrokes: typing words letter by letter ("k", "ko", "kod" …) and searching after
  every letter, as the app does, 20 hits with snippets each: p50, p95 and max of the
  first pass (cold: nothing memoised yet; the budgets apply to it), and over both
  passes;
- with tantivy installed (``pip install tantivy``), the same keystrokes on tantivy in the
  same run (Danish stemmer, title boosted, prefix on the last word, 20 hits with a
  snippet each) and the ratio whoosh / tantivy.

Targets, first pass: p95 ≤ 16 ms on the guideline and at 1,000 sections; at 10,000 p95 ≤ 25 ms
(issues 10, 21) and no keystroke over 200 ms; a cached index opens in ≤ 100 ms (issue 3).
The words of issue 10 (``STAFF``: word list, compounds, swaps, a question) are typed
too and reported on their own line. The machine is
shared and noisy: figures are reported, never asserted. Not collected by pytest.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from paddehatten.content import DEFAULT_CONTENT, Handbook, load_handbook  # noqa: E402
from paddehatten.index import Document, SearchIndex, open_index  # noqa: E402
from paddehatten.index.documents import handbook_documents  # noqa: E402
from tests.benchmarks.synth import write_handbook  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"

#: What is typed, letter by letter: words staff look for, several words, typos, and
#: words that are nowhere.
TYPED = [
    "kodeord",
    "billeder",
    "forældre",
    "foraeldre",
    "underretning",
    "tavshedspligt",
    "tavshedsplikt",
    "sociale medier",
    "skift dit kodeord",
    "hotmial",
    "virus",
    "pædagog",
    "legeplads",
    "madpakke til turen",
    "persondataloven",
    "xylofonkvartet",
]

#: Words staff type that the guideline does not use (issue 10): the word list, split
#: compounds, swapped letters, a question. Measured apart, so the figures above stay
#: comparable with earlier runs.
STAFF = [
    "login",
    "tiktok",
    "privatprofil",
    "faceobok",
    "sapm",
    "kan forældrene se mine opslag",
]

#: p95 and max budgets (issue 10: p95 ≤ 16 ms at 1,000 sections, ≤ 25 ms at 10,000).
TARGETS = {"guideline": (16.0, None), "1000": (16.0, None), "10000": (25.0, 200.0)}


def keystrokes(typed: list[str] = TYPED) -> list[str]:
    return [text[:n] for text in typed for n in range(1, len(text) + 1)]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


#: Processor milliseconds of the last :func:`timed` run, sample by sample: on a shared,
#: busy machine they say more about the code than the wall clock does.
CPU: list[float] = []


def timed(run: Callable[[str], Any], queries: list[str], passes: int = 2) -> list[float]:
    samples: list[float] = []
    CPU.clear()
    gc.collect()
    for _ in range(passes):
        for query in queries:
            start, cpu = time.perf_counter(), time.thread_time()
            run(query)
            samples.append((time.perf_counter() - start) * 1000)
            CPU.append((time.thread_time() - cpu) * 1000)
    return samples


def handbook_dir(size: str, workdir: Path) -> Path:
    if size == "guideline":
        return DEFAULT_CONTENT
    folder = workdir / f"synth-{size}"
    sections = folder / "sections"
    if not sections.is_dir() or len(list(sections.glob("*.md"))) != int(size):
        print(f"  writing a synthetic handbook of {size} sections to {folder} …", flush=True)
        write_handbook(folder, int(size))
    return folder


def cold_open(folder: Path, cache: Path) -> float:
    """Milliseconds to open the cached index in a new process, imports included."""
    script = (
        "import sys, time\n"
        "from paddehatten.content import load_handbook\n"
        f"handbook = load_handbook({str(folder)!r})\n"
        "start = time.perf_counter()\n"
        "from paddehatten.index import open_index\n"
        f"index = open_index(handbook, cache=True, cache_dir={str(cache)!r})\n"
        "elapsed = (time.perf_counter() - start) * 1000\n"
        "assert index.origin == 'cache', index.origin\n"
        "print(elapsed)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        check=True,
    )
    return float(done.stdout.strip())


# tantivy, for comparison ---------------------------------------------------------------


class Tantivy:
    """The same documents in tantivy, searched the way the app searches (roughly)."""

    def __init__(self, documents: list[Document]) -> None:
        import tantivy

        self.t = tantivy
        analyzer = (
            tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
            .filter(tantivy.Filter.lowercase())
            .filter(tantivy.Filter.stemmer("danish"))
            .build()
        )
        builder = tantivy.SchemaBuilder()
        builder.add_text_field("id", stored=True, tokenizer_name="raw")
        builder.add_text_field("title", stored=True, tokenizer_name="da")
        builder.add_text_field("body", stored=True, tokenizer_name="da")
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        self.index.register_tokenizer("da", analyzer)
        writer = self.index.writer(heap_size=200_000_000, num_threads=1)
        for document in documents:
            writer.add_document(
                tantivy.Document(id=document.id, title=document.title, body=document.text)
            )
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.searcher = self.index.searcher()
        self.snippets = tantivy.SnippetGenerator

    def search(self, text: str, limit: int = 20) -> list[str]:
        t = self.t
        words = [w for w in text.lower().split() if w.isalnum()]
        if not words:
            return []
        musts = []
        for number, word in enumerate(words):
            last = number == len(words) - 1 and not text.endswith(" ")
            # The word, stemmed by the field's analyzer (the words are alphanumeric,
            # so the parser sees no syntax), title counting double ...
            options = [
                (
                    t.Occur.Should,
                    self.index.parse_query(word, ["title", "body"], field_boosts={"title": 2.0}),
                )
            ]
            # ... and, for the word being typed, words starting with it.
            if last:
                for field, boost in (("title", 2.0), ("body", 1.0)):
                    prefix = t.Query.phrase_prefix_query(self.schema, field, [word])
                    options.append((t.Occur.Should, t.Query.boost_query(prefix, boost)))
            musts.append((t.Occur.Must, t.Query.boolean_query(options)))
        query = t.Query.boolean_query(musts)
        hits = self.searcher.search(query, limit).hits
        generator = self.snippets.create(self.searcher, query, self.schema, "body")
        found = []
        for _, address in hits:
            document = self.searcher.doc(address)
            generator.snippet_from_doc(document).to_html()
            found.append(document["id"][0])
        return found


# The benchmark ------------------------------------------------------------------------


def bench(size: str, workdir: Path, compare: bool) -> dict[str, Any]:
    print(f"\n== {size} ==", flush=True)
    cache = Path(tempfile.mkdtemp(prefix="bench-cache-"))
    try:
        return _bench(size, workdir, compare, cache)
    finally:
        # The cache was made for this run only: leave nothing behind.
        shutil.rmtree(cache, ignore_errors=True)


def _bench(size: str, workdir: Path, compare: bool, cache: Path) -> dict[str, Any]:
    folder = handbook_dir(size, workdir)
    start = time.perf_counter()
    handbook: Handbook = load_handbook(folder)
    load_s = time.perf_counter() - start
    row: dict[str, Any] = {"handbook": size, "sections": len(handbook.sections), "load_s": load_s}
    use_cache = size != "guideline"
    import paddehatten.index.search  # noqa: F401  - imports are not part of the build or open time

    gc.collect()
    start = time.perf_counter()
    search_index: SearchIndex = open_index(handbook, cache=use_cache, cache_dir=cache)
    row["build_s"] = time.perf_counter() - start
    row["origin"] = search_index.origin
    if use_cache:
        opens = []
        for _ in range(5):
            gc.collect()
            start = time.perf_counter()
            again = open_index(handbook, cache=True, cache_dir=cache)
            opens.append((time.perf_counter() - start) * 1000)
            assert again.origin == "cache", again.origin
        row["open_ms"] = statistics.median(opens)
        row["cold_open_ms"] = statistics.median(cold_open(folder, cache) for _ in range(3))
    queries = keystrokes()
    samples = timed(lambda q: search_index.search(q, 20), queries)
    first = samples[: len(queries)]
    row.update(
        keystrokes=len(samples),
        first_p50_ms=percentile(first, 0.50),
        first_p95_ms=percentile(first, 0.95),
        first_max_ms=max(first),
        first_cpu_p50_ms=percentile(CPU[: len(queries)], 0.50),
        first_cpu_p95_ms=percentile(CPU[: len(queries)], 0.95),
        p50_ms=percentile(samples, 0.50),
        p95_ms=percentile(samples, 0.95),
        max_ms=max(samples),
        slowest=sorted(zip(samples, queries * 2, strict=True), reverse=True)[:3],
        cpu_p50_ms=percentile(CPU, 0.50),
        cpu_p95_ms=percentile(CPU, 0.95),
        cpu_max_ms=max(CPU),
    )
    staff = timed(lambda q: search_index.search(q, 20), keystrokes(STAFF))
    row.update(
        staff_keystrokes=len(staff),
        staff_p50_ms=percentile(staff, 0.50),
        staff_p95_ms=percentile(staff, 0.95),
        staff_max_ms=max(staff),
    )
    if compare:
        documents = handbook_documents(handbook)
        start = time.perf_counter()
        engine = Tantivy(documents)
        row["tantivy_build_s"] = time.perf_counter() - start
        other = timed(engine.search, queries)
        row["tantivy_p50_ms"] = percentile(other, 0.50)
        row["tantivy_p95_ms"] = percentile(other, 0.95)
        row["tantivy_max_ms"] = max(other)
        row["ratio_p50"] = row["p50_ms"] / max(row["tantivy_p50_ms"], 1e-6)
        row["ratio_p95"] = row["p95_ms"] / max(row["tantivy_p95_ms"], 1e-6)
    report(row)
    return row


def report(row: dict[str, Any]) -> None:
    p95_target, max_target = TARGETS[row["handbook"]]
    print(f"  sections        {row['sections']}")
    print(f"  load            {row['load_s']:.2f} s (content loader)")
    print(f"  build           {row['build_s']:.2f} s ({row['origin']})")
    if "open_ms" in row:
        print(f"  cached open     {row['open_ms']:.1f} ms (target ≤ 100)")
        print(f"  cold open       {row['cold_open_ms']:.1f} ms (new process, imports included)")
    verdict = "ok" if row["first_p95_ms"] <= p95_target else "OVER"
    if max_target is not None and row["first_max_ms"] > max_target:
        verdict = "OVER"
    limits = f"p95 ≤ {p95_target:g}" + (f", max ≤ {max_target:g}" if max_target else "")
    print(
        f"  first pass      {row['keystrokes'] // 2}: p50 {row['first_p50_ms']:.1f} ms, "
        f"p95 {row['first_p95_ms']:.1f} ms, max {row['first_max_ms']:.1f} ms "
        f"({limits}: {verdict}; nothing memoised yet)"
    )
    print(
        f"  first, processor p50 {row['first_cpu_p50_ms']:.1f} ms, "
        f"p95 {row['first_cpu_p95_ms']:.1f} ms (the first pass; less hurt by a busy machine)"
    )
    print(
        f"  keystrokes      {row['keystrokes']}: p50 {row['p50_ms']:.1f} ms, "
        f"p95 {row['p95_ms']:.1f} ms, max {row['max_ms']:.1f} ms (both passes)"
    )
    print(
        f"  processor time  p50 {row['cpu_p50_ms']:.1f} ms, p95 {row['cpu_p95_ms']:.1f} ms, "
        f"max {row['cpu_max_ms']:.1f} ms (the same keystrokes; less hurt by a busy machine)"
    )
    print(
        f"  staff words     {row['staff_keystrokes']}: p50 {row['staff_p50_ms']:.1f} ms, "
        f"p95 {row['staff_p95_ms']:.1f} ms, max {row['staff_max_ms']:.1f} ms"
    )
    slowest = ", ".join(f"{q!r} {ms:.0f} ms" for ms, q in row["slowest"])
    print(f"  slowest         {slowest}")
    if "tantivy_p50_ms" in row:
        print(
            f"  tantivy         build {row['tantivy_build_s']:.2f} s; p50 "
            f"{row['tantivy_p50_ms']:.2f} ms, p95 {row['tantivy_p95_ms']:.2f} ms, "
            f"max {row['tantivy_max_ms']:.2f} ms"
        )
        print(
            f"  whoosh/tantivy  p50 ×{row['ratio_p50']:.1f}, p95 ×{row['ratio_p95']:.1f}"
            " (whoosh does more per keystroke: folding, compounds, typo fallback)"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="guideline,1000,10000")
    parser.add_argument("--workdir", type=Path, default=RESULTS / "handbooks")
    parser.add_argument("--no-tantivy", action="store_true")
    args = parser.parse_args()
    try:
        import tantivy  # noqa: F401

        compare = not args.no_tantivy
    except ImportError:
        compare = False
        print("tantivy is not installed: no comparison (pip install tantivy)")
    rows = [bench(size, args.workdir, compare) for size in args.sizes.split(",")]
    RESULTS.mkdir(exist_ok=True)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    out = RESULTS / f"search-{stamp}.json"
    out.write_text(json.dumps(rows, indent=2, default=str), encoding="utf-8")
    print(f"\nfigures written to {out.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
