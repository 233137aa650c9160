"""Hostile handbooks, and running the real program on them within bounds.

:func:`generate` makes seeded cases: a copy of the shipped handbook with one to three
mutations, each known to break the handbook ("handbook"), only its decision tree
("tree"), or of unknown effect ("random": byte flips, stray YAML and markup); and
(issue 18) half of the random cases get a hostile *shape* instead
(:func:`shape_mutation`): control bytes raw and as YAML escapes, CR/CRLF/mixed line
endings, aliases multiplying a big value, one big line, large tables, nested brackets,
emphasis runs, block quotes and lists, reference definitions, deep YAML nesting. A
shape that makes the wording differ or holds control characters must fail ``check``
("check"); one over a loading limit must fail every command ("handbook").
:func:`run_cases` runs every command on every case in a driver process that forks a
child per run (the real ``paddehatten`` entry point, its own stdin/stdout/stderr
files, ``RLIMIT_AS``) and measures each child's time and peak memory with ``wait4``:
hundreds of runs in seconds, each as bounded as a subprocess of its own.
"""

from __future__ import annotations

import json
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from paddehatten.content import DEFAULT_CONTENT

REPO = Path(__file__).resolve().parents[2]
#: Bounds of one run.
TIME_LIMIT = 10.0
MEMORY_LIMIT = 1024 * 1024 * 1024
#: Words every run's output is checked for.
TRACEBACK = "Traceback (most recent call last)"
#: Answers fed to ``tree --plain``.
ANSWERS = "1\n2\n1\n2\n1\nb\n1\n"

#: Every command, as the person would type it after ``--content DIR``.
COMMANDS: tuple[tuple[str, ...], ...] = (
    ("list",),
    ("list", "--json"),
    ("show",),
    ("show", "raad-4", "--json"),
    ("search", "kodeord"),
    ("search", "[/x] «børn»", "--json"),
    ("tree", "--paths"),
    ("tree", "--json"),
    ("tree", "--plain"),
    ("check",),
    ("--plain",),
)
#: Commands that read only the sections (a broken tree must not stop them).
SECTION_COMMANDS = frozenset(c for c in COMMANDS if c[0] in ("list", "show", "search", "--plain"))

Mutation = Callable[[Path, random.Random], object]


def _edit(path: Path, change: Callable[[str], str]) -> None:
    path.write_text(change(path.read_text(encoding="utf-8")), encoding="utf-8")


def _section(folder: Path, rng: random.Random) -> Path:
    return rng.choice(sorted((folder / "sections").glob("*.md")))


def _front(path: Path, line: str) -> None:
    """Add ``line`` to the front matter of section file ``path``."""
    _edit(path, lambda text: text.replace("---\n", f"---\n{line}\n", 1))


def _meta(folder: Path, change: Callable[[str], str]) -> None:
    _edit(folder / "handbook.yaml", change)


def _tree(folder: Path) -> Path:
    return folder / "trees" / "venneanmodning.yaml"


def billion_laughs(depth: int = 9) -> str:
    lines = ["a0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    for n in range(1, depth + 1):
        lines.append(f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]")
    return "\n".join(lines) + "\n"


def deep_chain_tree(questions: int) -> str:
    """A tree whose first answer always leads one question further."""
    rows = ["id: venneanmodning", "title: Kæde", "start: q0", "questions:"]
    for n in range(questions):
        follow = f"q{n + 1}" if n + 1 < questions else "slut"
        rows += [
            f"  - id: q{n}",
            f"    text: Spørgsmål {n}?",
            "    answers:",
            f"      - {{id: ja, label: Ja, next: {follow}}}",
            "      - {id: nej, label: Nej, next: slut}",
        ]
    rows += ["outcomes:", "  - {id: slut, title: Slut, body: Tekst, cites: [husk-1]}"]
    return "\n".join(rows) + "\n"


def wide_tree(levels: int = 5, answers: int = 16) -> str:
    """A valid tree of ``levels`` questions of ``answers`` answers: answers**levels paths."""
    rows = ["id: venneanmodning", "title: Bred", "start: q0", "questions:"]
    for level in range(levels):
        rows += [f"  - id: q{level}", f"    text: Niveau {level}?", "    answers:"]
        for n in range(answers):
            follow = (f"q{level + 1}" if n else "slut-0") if level + 1 < levels else f"slut-{n % 2}"
            rows.append(f"      - {{id: s{n}, label: Svar {n}, next: {follow}}}")
    rows += ["outcomes:"]
    rows += [
        f"  - {{id: slut-{n}, title: Slut {n}, body: Tekst, cites: [husk-1], gap: true}}"
        for n in (0, 1)
    ]
    return "\n".join(rows) + "\n"


def _fifo(path: Path) -> None:
    path.unlink(missing_ok=True)
    os.mkfifo(path)


def _replace_by_file(folder: Path) -> None:
    shutil.rmtree(folder)
    folder.write_text("x")


def _link_zero(path: Path) -> None:
    path.unlink(missing_ok=True)
    path.symlink_to("/dev/zero")


#: Mutations that break the handbook's sections or metadata: every command fails.
BREAK_HANDBOOK: dict[str, Mutation] = {
    "billion laughs": lambda f, r: _meta(f, lambda t: t + billion_laughs()),
    "deep nesting": lambda f, r: _meta(f, lambda t: t + "x: " + "[" * 600 + "]" * 600 + "\n"),
    "deep block nesting": lambda f, r: _meta(
        f, lambda t: t + "".join(f"{'  ' * n}k{n}:\n" for n in range(300)) + "  " * 300 + "v\n"
    ),
    "!!int tre": lambda f, r: _front(_section(f, r), "number: !!int tre"),
    "!!bool maybe": lambda f, r: _meta(
        f, lambda t: t.replace("editorial_titles: true", "editorial_titles: !!bool maybe")
    ),
    "5000 digits": lambda f, r: _front(
        f / "sections" / "raad-4.md", "note: x\nnumber: " + "9" * 5000
    ),
    "!!timestamp": lambda f, r: _meta(
        f, lambda t: t.replace("revision: ", "revision: !!timestamp ")
    ),
    "!!python tag": lambda f, r: _front(
        _section(f, r), "note: !!python/object/apply:os.system [ls]"
    ),
    "!!binary": lambda f, r: _front(_section(f, r), "note: !!binary aGVq"),
    "duplicate key": lambda f, r: _front(_section(f, r), "title: Igen"),
    "editorial not boolean": lambda f, r: _meta(
        f, lambda t: t.replace("editorial: true", "editorial: ja")
    ),
    "body only a comment": lambda f, r: _edit(
        _section(f, r), lambda t: t[: t.index("---", 3) + 4] + "\n<!-- intet -->\n"
    ),
    "section is a FIFO": lambda f, r: _fifo(f / "sections" / "zz-fifo.md"),
    "section links /dev/zero": lambda f, r: _link_zero(f / "sections" / "zz-nul.md"),
    "handbook.yaml is a FIFO": lambda f, r: _fifo(f / "handbook.yaml"),
    "not UTF-8": lambda f, r: _section(f, r).write_bytes(b"---\nid: x\n---\n\xff\xfe\n"),
    "NUL byte": lambda f, r: _edit(_section(f, r), lambda t: t + "\x00"),
    "file name not UTF-8": lambda f, r: (
        f / "sections" / "b\xe6r.md".encode("latin-1").decode("utf-8", "surrogateescape")
    ).write_text("x"),
    "two documents": lambda f, r: _meta(f, lambda t: t + "---\ntitle: igen\n"),
    "unclosed quote": lambda f, r: _meta(
        f, lambda t: t.replace("title: Sociale", 'title: "Sociale')
    ),
    "tab indentation": lambda f, r: _meta(f, lambda t: t.replace("  - id: raad", "\t- id: raad")),
    "sections is a file": lambda f, r: _replace_by_file(f / "sections"),
    "20000 chapters": lambda f, r: _meta(
        f,
        lambda t: t.replace(
            "chapters:\n",
            "chapters:\n" + "".join(f"  - {{id: k{n}, title: K}}\n" for n in range(20_000)),
        ),
    ),
    "huge section": lambda f, r: _edit(
        _section(f, r), lambda t: t + ("Vi deler billeder. " * 300_000)
    ),
}

#: Mutations that break only the decision tree: check and tree fail, the rest works.
BREAK_TREE: dict[str, Mutation] = {
    "chain of 1000 questions": lambda f, r: _tree(f).write_text(deep_chain_tree(1000)),
    "chain of 400 questions": lambda f, r: _tree(f).write_text(deep_chain_tree(400)),
    "tree nested 600 deep": lambda f, r: _tree(f).write_text(
        "id: x\ntitle: " + "[" * 600 + "]" * 600 + "\n"
    ),
    "tree billion laughs": lambda f, r: _tree(f).write_text(
        "id: venneanmodning\n" + billion_laughs()
    ),
    "tree is a FIFO": lambda f, r: _fifo(_tree(f)),
    "tree links /dev/zero": lambda f, r: _link_zero(_tree(f)),
    "tree not UTF-8": lambda f, r: _tree(f).write_bytes(b"id: \xff\n"),
    "tree !!bool maybe": lambda f, r: _edit(
        _tree(f), lambda t: t.replace("gap: true", "gap: !!bool maybe")
    ),
    "tree dangling next": lambda f, r: _edit(
        _tree(f), lambda t: t.replace("next: kollega-ja", "next: '[/x]'", 1)
    ),
    "tree huge answer line": lambda f, r: _edit(
        _tree(f), lambda t: t.replace("label: ", "label: " + "x" * 5_000_000, 1)
    ),
}

#: Valid handbooks that must be refused by one command only.
TOO_MANY_PATHS = "813 000 paths"

HOSTILE_STRINGS = (
    "[/x]",
    "[@click=app.quit]",
    "[b]",
    "\x1b[2J",
    "«",
    "»",
    "---",
    ": ",
    "- ",
    "&a ",
    "*a",
    "!!",
    "{",
    "}",
    "[",
    "]",
    "%YAML 1.1",
    "\t",
    "'",
    '"',
    "#",
    "|",
    ">",
    "\\",
    "\u202e",
    "\ufeff",
    "2018-04-31",
    "<!--",
    "-->",
    "[link](#nowhere)",
    "0x",
    "~",
    "=",
    "<<: *a",
)


def random_mutation(folder: Path, rng: random.Random) -> str:
    """One mutation of unknown effect; returns what it did."""
    files = [folder / "handbook.yaml", _tree(folder), *sorted((folder / "sections").glob("*.md"))]
    path = rng.choice(files)
    data = bytearray(path.read_bytes())
    how = rng.choice(("flip", "insert", "cut", "delete line", "repeat line"))
    at = rng.randrange(len(data) + 1)
    if how == "flip" and data:
        data[min(at, len(data) - 1)] = rng.randrange(256)
    elif how == "insert":
        data[at:at] = rng.choice(HOSTILE_STRINGS).encode("utf-8")
    elif how == "cut":
        del data[at:]
    else:
        lines = data.split(b"\n")
        n = rng.randrange(len(lines))
        if how == "delete line":
            del lines[n]
        else:
            lines.insert(n, lines[n])
        data = bytearray(b"\n".join(lines))
    path.write_bytes(bytes(data))
    return f"{how} in {path.name}"


# -- Hostile shapes (issue 18) ----------------------------------------------------------

#: The share of random cases that get a hostile shape instead of byte mutations.
SHAPE_SHARE = 0.5
#: Characters a terminal obeys (no NUL: a NUL makes the file "not text" at once).
CONTROLS = "\x01\x07\x08\x0b\x0c\x1b\x7f\x85\x9b\x9d\u202e\u2066"
#: Sequences they start.
SEQUENCES = ("[2J", "]2;OVERTAGET\x07", "[31m", "]8;;http://x\x1b\\", "P+q\x1b\\", "")


def _size(rng: random.Random, largest: int = 4_000_000) -> int:
    """A size from 1 KB to ``largest``, spread evenly over the orders of magnitude."""
    return int(10 ** rng.uniform(3, len(str(largest)) - 1 + 0.6)) if largest > 1000 else largest


def _controls(rng: random.Random) -> str:
    raw = "".join(rng.choice(CONTROLS) for _ in range(rng.randint(1, 4)))
    return raw + rng.choice(SEQUENCES)


def _body_shape(kind: str, size: int, rng: random.Random) -> str:
    if kind == "big line":
        words = ["ord", "*", "_", "[", "]", "`", "og", "&amp;", "<", "|", "\\", "!"]
        weights = [40, 1, 1, 1, 1, 1, 40, 1, 1, 1, 1, 1]
        return " ".join(rng.choices(words, weights, k=max(1, size // 4)))
    if kind == "table":
        return "| a | b | c |\n|---|---|---|\n" + "| x | y | z |\n" * max(1, size // 14)
    if kind == "brackets":
        depth = max(1, size // 2)
        return "[" * depth + "a" + "]" * rng.choice((depth, depth // 2, 0))
    if kind == "emphasis":
        return rng.choice(("*a ", "_a ", "**a_ ", "*_`a ")) * max(1, size // 4)
    if kind == "quotes":
        return "> " * min(size // 2, 10_000) + "a\n"
    if kind == "lists":
        return "".join("  " * (i % 60) + "- a\n" for i in range(max(1, size // 60)))
    return "".join(f"[r{i}]: /u{i}\n" for i in range(max(1, size // 12)))  # references


def _body_broken(path: Path, kind: str) -> str:
    """What appending a shape to a section's body breaks (see :func:`shape_mutation`)."""
    from paddehatten.content.files import MAX_FILE_BYTES
    from paddehatten.content.text import markdown_limit_problem

    data = path.read_bytes()
    if len(data) > MAX_FILE_BYTES or markdown_limit_problem(data.decode("utf-8")):
        return "handbook"
    # Reference definitions show no text, and markdown-it drops what is nested deeper
    # than it follows (block quotes): the wording may stay the adopted one.
    return "random" if kind in ("references", "quotes") else "check"


def _line_endings(folder: Path, rng: random.Random) -> str:
    files = [folder / "handbook.yaml", _tree(folder), *sorted((folder / "sections").glob("*.md"))]
    chosen = rng.sample(files, rng.randint(1, len(files)))
    how = rng.choice(("CR", "CRLF", "mixed"))
    for path in chosen:
        data = path.read_bytes().replace(b"\r\n", b"\n")
        if how == "CR":
            data = data.replace(b"\n", b"\r")
        elif how == "CRLF":
            data = data.replace(b"\n", b"\r\n")
        else:
            lines = data.split(b"\n")
            data = b"".join(line + rng.choice((b"\n", b"\r\n", b"\r")) for line in lines)
        path.write_bytes(data)
    return f"{how} line endings in {len(chosen)} files"


def _aliased_labels(text: str) -> str:
    """The first answer's label anchored, the next two labels aliases of it."""
    parts = text.split("label: ")
    if len(parts) < 4:
        return text
    return (
        parts[0]
        + "label: &l "
        + parts[1]
        + "label: *l #"
        + parts[2]
        + "label: *l #"
        + "label: ".join(parts[3:])
    )


def shape_mutation(folder: Path, rng: random.Random) -> tuple[str, str]:
    """One hostile shape; returns (what it breaks, what it did)."""
    kind = rng.choice(
        (
            "control body",
            "control tree",
            "control escape",
            "line endings",
            "aliases",
            "tree aliases",
            "yaml nesting",
            "big line",
            "table",
            "brackets",
            "emphasis",
            "quotes",
            "lists",
            "references",
        )
    )
    if kind == "control body":
        path = _section(folder, rng)
        text = path.read_text(encoding="utf-8")
        at = rng.randrange(text.index("---", 3) + 4, len(text) + 1)
        path.write_text(text[:at] + _controls(rng) + text[at:], encoding="utf-8")
        return "check", f"control bytes in the body of {path.name}"
    if kind == "control tree":
        tree = _tree(folder)
        key = rng.choice(("text: ", "label: ", "title: "))
        _edit(tree, lambda t: t.replace(key, key + "x" + _controls(rng), 1))
        return "check", f"control bytes after '{key.strip()}' in the tree"
    if kind == "control escape":
        escape = rng.choice(("\\e[2J", "\\x1b]2;x\\a", "\\x9b31m", "\\u202e", "\\a"))
        path = _section(folder, rng)
        _edit(path, lambda t: t.replace("title: ", f'title: "{escape}" #', 1))
        return "handbook", f"control escape {escape} in the title of {path.name}"
    if kind == "line endings":
        return "random", _line_endings(folder, rng)
    if kind == "aliases":
        size, count = _size(rng, 3_800_000), rng.randint(1, 199)
        _meta(
            folder, lambda t: t + f"extra: &v {'x' * size}\nmore: [{', '.join(['*v'] * count)}]\n"
        )
        from paddehatten.content.yaml_io import MAX_TEXT_CHARS

        # Keys the handbook does not know are let be; only the bound breaks it.
        broken = "handbook" if size * (count + 1) > MAX_TEXT_CHARS else "random"
        return broken, f"a {size}-character value named by {count} aliases"
    if kind == "tree aliases":
        tree = _tree(folder)
        _edit(
            tree,
            lambda t: t.replace("label: ", "label: &l ", 1).replace("label: ", "label: *l #", 2),
        )
        return "random", "tree labels as aliases"
    if kind == "yaml nesting":
        depth = rng.randint(1, 200)
        _edit(_tree(folder), lambda t: t + "extra: " + "[" * depth + "]" * depth + "\n")
        return "random", f"YAML nested {depth} deep in the tree"
    path = _section(folder, rng)
    size = _size(rng)
    with path.open("a", encoding="utf-8") as out:
        out.write("\n\n" + _body_shape(kind, size, rng) + "\n")
    return _body_broken(path, kind), f"{kind} of {size} characters in {path.name}"


@dataclass(frozen=True)
class Case:
    folder: Path
    #: "handbook", "tree", "paths" or "random".
    broken: str
    description: str


def generate(root: Path, count: int, seed: int) -> list[Case]:
    """``count`` hostile handbooks under ``root``, the same for the same seed.

    Every deliberate mutation comes first (so even a short run meets each once), then
    random ones, now and then on top of a deliberate one.
    """
    rng = random.Random(seed)
    cases: list[Case] = []
    named = [("handbook", n, m) for n, m in BREAK_HANDBOOK.items()]
    named += [("tree", n, m) for n, m in BREAK_TREE.items()]
    for number in range(count):
        folder = root / f"case-{number}"
        shutil.copytree(DEFAULT_CONTENT, folder)
        if number < len(named):
            broken, name, mutation = named[number]
            mutation(folder, rng)
            cases.append(Case(folder, broken, name))
            continue
        if number == len(named):
            _tree(folder).write_text(wide_tree())
            cases.append(Case(folder, "paths", TOO_MANY_PATHS))
            continue
        if rng.random() < SHAPE_SHARE:
            broken, done_shape = shape_mutation(folder, rng)
            cases.append(Case(folder, broken, done_shape))
            continue
        done = [random_mutation(folder, rng) for _ in range(rng.randint(1, 3))]
        cases.append(Case(folder, "random", "; ".join(done)))
    return cases


@dataclass(frozen=True)
class Run:
    case: Case
    command: tuple[str, ...]
    status: int
    seconds: float
    peak_bytes: int
    stdout: str
    stderr: str

    #: CPU seconds (user + system) of the run.
    cpu_seconds: float = 0.0

    @property
    def traceback(self) -> bool:
        return TRACEBACK in self.stderr or TRACEBACK in self.stdout or self.status >= 70

    @property
    def hung(self) -> bool:
        return self.status == -9 and self.seconds >= TIME_LIMIT

    def wrong_success(self) -> bool:
        """Exit 0 where the input is broken for this command."""
        if self.status != 0:
            return False
        broken = self.case.broken
        if broken == "handbook":
            return True
        if broken == "check":
            return self.command == ("check",)
        if broken == "tree":
            return self.command not in SECTION_COMMANDS
        if broken == "paths":
            return self.command == ("tree", "--paths")
        return False

    def wrong_failure(self) -> bool:
        """A failure where the input is fine for this command (a broken tree must
        never stop search)."""
        return (
            self.case.broken in ("tree", "paths")
            and (
                self.command in SECTION_COMMANDS
                or (self.case.broken == "paths" and self.command[0] == "check")
            )
            and self.status != 0
        )

    def failed(self) -> bool:
        """Anything the attack suite forbids: a traceback, a hang, over the time or
        memory bound, or the wrong exit status for the input."""
        return (
            self.traceback
            or self.hung
            or self.seconds > TIME_LIMIT
            or self.peak_bytes > MEMORY_LIMIT
            or self.wrong_success()
            or self.wrong_failure()
        )


def plan(cases: list[Case], per_case: int | None = None) -> list[tuple[Case, tuple[str, ...]]]:
    """(case, command) pairs: every command on every case, or (``per_case``) ``check``
    and a rotating choice of the other commands on each deliberate case, with every
    command on the random ones."""
    pairs: list[tuple[Case, tuple[str, ...]]] = []
    others = [c for c in COMMANDS if c != ("check",)]
    for number, case in enumerate(cases):
        if per_case is None or case.broken == "random":
            pairs += [(case, command) for command in COMMANDS]
            continue
        chosen = [others[(number * per_case + k) % len(others)] for k in range(per_case - 1)]
        pairs += [(case, command) for command in [("check",), *chosen]]
    return pairs


def run_cases(
    pairs: list[tuple[Case, tuple[str, ...]]],
    *,
    env: dict[str, str],
    parallel: int = 2,
) -> list[Run]:
    """Each (case, command), in forked children of one driver process."""
    jobs = [
        {"argv": ["--content", str(case.folder), *command], "stdin": ANSWERS, "pair": n}
        for n, (case, command) in enumerate(pairs)
    ]
    driver = subprocess.run(
        [
            sys.executable,
            "-m",
            "tests.attack.forkrun",
            str(TIME_LIMIT),
            str(MEMORY_LIMIT),
            str(parallel),
        ],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        cwd=REPO,
        env=env,
        timeout=60 + len(jobs) * (TIME_LIMIT + 1),
        check=True,
    )
    runs = []
    for row in json.loads(driver.stdout):
        case, command = pairs[row["pair"]]
        runs.append(
            Run(
                case,
                command,
                row["status"],
                row["seconds"],
                row["peak_bytes"],
                row["stdout"],
                row["stderr"],
                row.get("cpu_seconds", 0.0),
            )
        )
    return runs


def summary(runs: list[Run]) -> dict[str, int | float]:
    return {
        "runs": len(runs),
        "cases": len({id(r.case) for r in runs}),
        "tracebacks": sum(r.traceback for r in runs),
        "hangs": sum(r.hung for r in runs),
        "over 10 s": sum(r.seconds > TIME_LIMIT for r in runs),
        "over 1 GB": sum(r.peak_bytes > MEMORY_LIMIT for r in runs),
        "exit 0 on broken input": sum(r.wrong_success() for r in runs),
        "failures on good input": sum(r.wrong_failure() for r in runs),
        "slowest s": round(max((r.seconds for r in runs), default=0.0), 2),
        "largest CPU s": round(max((r.cpu_seconds for r in runs), default=0.0), 2),
        "peak MB": round(max((r.peak_bytes for r in runs), default=0) / 1_048_576, 1),
    }
