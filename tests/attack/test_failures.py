"""Issue 13, failure by failure (items 1, 4, 5, 6, 7): each one as it was found.

Every test runs the real ``paddehatten`` command (or the real cache and index code)
on the input that broke it, and checks the person gets one Danish sentence and a
non-zero exit, or the right answer, within the bounds of a run (10 s, 1 GB).
"""

from __future__ import annotations

import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT, cache, load_handbook
from paddehatten.content.loader import check_handbook
from tests.attack import hostile
from tests.benchmarks.synth import write_handbook
from tests.conftest import clean_env, line_of, paddehatten_command, run_python
from tests.paths import REPO

TRACEBACK = hostile.TRACEBACK
#: Every run here is the real command in a process of its own, bounded in time and
#: memory: the process (and its limits) is the point.
pytestmark = pytest.mark.slow


def bounded(
    *args: str, input: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The real command with at most 10 s and 1 GB of address space."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (hostile.MEMORY_LIMIT, hostile.MEMORY_LIMIT))

    return subprocess.run(
        [*paddehatten_command(), *args],
        input=input,
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=env if env is not None else clean_env(),
        timeout=hostile.TIME_LIMIT,
        preexec_fn=limit,
        check=False,
    )


@pytest.fixture
def book(tmp_path: Path) -> Path:
    folder = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, folder)
    return folder


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def refused(result: subprocess.CompletedProcess[str], *words: str) -> None:
    """Exit non-zero with a message holding ``words``, and no traceback."""
    assert result.returncode != 0, result.stdout[-500:]
    assert TRACEBACK not in result.stderr + result.stdout
    for word in words:
        assert word in result.stderr + result.stdout, result.stderr


# -- 1. Data loss ----------------------------------------------------------------


def _persons_folder(folder: Path) -> dict[str, bytes]:
    """A folder of a person's own: files, folders, old lock files; returns its files."""
    (folder / "Billeder" / "sommer").mkdir(parents=True)
    (folder / "Billeder" / "sommer" / "strand.jpg").write_bytes(b"\xff\xd8 jpeg")
    (folder / "Breve").mkdir()
    (folder / "Breve" / "til-forældre.txt").write_text("Kære forældre")
    for n in range(6):
        (folder / f"mappe-{n}").mkdir()
        (folder / f"mappe-{n}" / "noter.txt").write_text(f"noter {n}")
    (folder / "gammel.lock").write_text("")
    (folder / ".build-mine").mkdir()
    (folder / ".build-mine" / "x").write_text("mit")
    for path in folder.rglob("*"):
        os.utime(path, (0, 0))  # old: any age rule would take them
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _files(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_folder_named_by_the_cache_variable_keeps_every_file(tmp_path: Path) -> None:
    documents = tmp_path / "Documents"
    documents.mkdir()
    before = _persons_folder(documents)
    big = write_handbook(tmp_path / "stor", sections=230, words=30)
    env = clean_env(PADDEHATTEN_CACHE_DIR=str(documents))
    result = bounded("--content", str(big), "search", "barn", env=env)
    assert result.returncode == 0, result.stderr
    # Pruning (keep three entries) runs on every build: build seven more.
    program = f"""
from paddehatten.content import load_handbook
from paddehatten.index import Document, open_index
handbook = load_handbook({str(big)!r})
for n in range(7):
    extra = [Document(f"x-{{n}}", "Ekstra", f"tekst {{n}}")]
    assert open_index(handbook, extra=extra, cache=True).origin == "built"
"""
    done = subprocess.run(
        [sys.executable, "-c", program],
        env={**env, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    after = _files(documents)
    assert {k: v for k, v in after.items() if k in before} == before
    own = documents / "paddehatten-cache"
    assert set(after) - set(before) == {k for k in after if k.startswith(own.name + "/")}
    entries = [p for p in (own / "index").iterdir() if p.is_dir()]
    assert 1 <= len(entries) <= 4  # its own old entries were pruned


def test_only_marked_folders_are_ever_deleted(tmp_path: Path) -> None:
    from paddehatten.content.userfiles import make_owned_dir, remove_owned

    mine = make_owned_dir(tmp_path, ".build-")
    (mine / "seg").write_text("x")
    theirs = tmp_path / "theirs"
    theirs.mkdir()
    (theirs / "a").write_text("a")
    link = tmp_path / "link"
    link.symlink_to(mine)
    assert remove_owned(theirs) is False and (theirs / "a").exists()
    assert remove_owned(link) is False and mine.exists()
    assert remove_owned(tmp_path / "absent") is False
    assert remove_owned(mine) is True and not mine.exists()


# -- 4. Tracebacks on plausible content --------------------------------------------


def test_a_date_that_does_not_exist_is_text(book: Path) -> None:
    edit(book / "handbook.yaml", "revision: Revideret i MED april 2018", "revision: 2018-04-31")
    result = bounded("--content", str(book), "--version")
    assert result.returncode == 0, result.stderr
    assert "2018-04-31" in result.stdout


@pytest.mark.parametrize(
    ("old", "new", "words"),
    [
        ("number: 4", "number: !!int tre", ["raad-4.md:", "!!int", "helt tal"]),
        ("number: 4", "number: " + "9" * 5000, ["raad-4.md:", "5000 cifre"]),
        ("id: raad-4", "id: !!timestamp 2018-04-01", ["raad-4.md:", "!!timestamp"]),
        ("number: 4", "number: !!bool maybe", ["raad-4.md:", "!!bool"]),
    ],
)
def test_tags_and_numbers_are_messages(book: Path, old: str, new: str, words: list[str]) -> None:
    edit(book / "sections" / "raad-4.md", old, new)
    for command in (["list"], ["check", str(book)]):
        refused(bounded("--content", str(book), *command), *words)


def test_editorial_titles_maybe_is_a_message(book: Path) -> None:
    edit(book / "handbook.yaml", "editorial_titles: true", "editorial_titles: !!bool maybe")
    line = line_of(book / "handbook.yaml", "editorial_titles: !!bool")
    refused(bounded("check", str(book)), f"handbook.yaml:{line}:", "!!bool")


def test_an_unreadable_folder_is_a_message(book: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sections = book / "sections"
    if os.geteuid() != 0:
        sections.chmod(0)
    else:
        # The tests run as root, who may read anything: refuse it as the system would.
        real_stat, real_scandir = os.stat, os.scandir

        def denied(path: object, *args: object, **kwargs: object) -> object:
            if str(path).startswith(str(sections)):
                raise PermissionError(13, "Permission denied", str(path))
            return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

        def no_listing(path: object = ".") -> object:
            if str(path).startswith(str(sections)):
                raise PermissionError(13, "Permission denied", str(path))
            return real_scandir(path)  # type: ignore[call-overload]

        monkeypatch.setattr(os, "stat", denied)
        monkeypatch.setattr(os, "scandir", no_listing)
    try:
        problems = [str(p) for p in check_handbook(book)]
    finally:
        sections.chmod(0o755)
    assert any("sections/" in p and "ikke lov" in p for p in problems), problems


def test_a_file_name_that_is_not_utf8_is_a_message(book: Path) -> None:
    name = os.fsdecode(b"b\xe6r.md")
    (book / "sections" / name).write_text("---\nid: baer\n---\n")
    refused(bounded("--content", str(book), "list"), "ikke UTF-8")
    refused(bounded("check", str(book)), "ikke UTF-8")


def test_a_handbook_cache_of_brackets_means_a_normal_start(book: Path) -> None:
    program = f"""
from pathlib import Path
from paddehatten.content import cache
from paddehatten.tui.cli import main as cli
args = cli.build_parser().parse_args(["--content", {str(book)!r}])
handbook = cli.load(args)
assert cache.store(handbook, cli.program_version())
(entry,) = cache.cache_dir().glob("*.json")
entry.write_text("[" * 100000)
again = cli.load_for_reading(args)
assert again == handbook, "not the same handbook"
print("ok")
"""
    result = run_python(program, timeout=hostile.TIME_LIMIT)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


@pytest.mark.parametrize("questions", [400, 1000])
def test_a_long_chain_of_questions_never_stops_search(book: Path, questions: int) -> None:
    (book / "trees" / "venneanmodning.yaml").write_text(hostile.deep_chain_tree(questions))
    for command in (["tree", "--paths"], ["tree", "--json"], ["tree", "--plain"], ["tree"]):
        refused(bounded("--content", str(book), *command, input="1\n"), "venneanmodning.yaml")
    refused(bounded("check", str(book)), "venneanmodning.yaml")
    found = bounded("--content", str(book), "search", "kodeord")
    assert found.returncode == 0, found.stderr
    assert "Skift dit kodeord ofte" in found.stdout


def test_deep_yaml_nesting_is_a_message(book: Path) -> None:
    deep = "x: " + "[" * 500 + "]" * 500 + "\n"
    (book / "trees" / "venneanmodning.yaml").write_text("id: venneanmodning\n" + deep)
    refused(bounded("check", str(book)), "venneanmodning.yaml:", "niveauer")
    found = bounded("--content", str(book), "search", "kodeord")
    assert found.returncode == 0, found.stderr
    edit(
        book / "handbook.yaml",
        "title: Sociale",
        "x:\n" + "".join(f"{'  ' * (n + 1)}k{n}:\n" for n in range(495)) + "title: Sociale",
    )
    refused(bounded("--content", str(book), "list"), "handbook.yaml:", "niveauer")


def test_a_superscript_two_is_not_an_answer_and_is_never_in_a_traceback() -> None:
    result = bounded("tree", "--plain", input="1\n²\n")
    refused(result, "«²» er ikke et af svarene")
    assert result.returncode == 2


def test_closed_stdout_is_a_message() -> None:
    result = subprocess.run(
        [*paddehatten_command(), "list"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
        timeout=hostile.TIME_LIMIT,
        # Close fd 1 in the child: as `paddehatten list >&-` does.
        preexec_fn=lambda: os.close(1),
        check=False,
    )
    assert result.returncode == 2
    assert "standard-output er lukket" in result.stderr
    assert TRACEBACK not in result.stderr


def test_a_full_disk_is_a_message() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [*paddehatten_command(), "show"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            env=clean_env(),
            timeout=hostile.TIME_LIMIT,
            check=False,
        )
    assert result.returncode == 2
    assert "disken er fuld" in result.stderr and TRACEBACK not in result.stderr


def test_serve_on_a_broken_host_name_is_a_message() -> None:
    refused(bounded("serve", "--host", "127..0.0.1"), "127..0.0.1", "ugyldigt navn")


# -- 5. Memory and time blow-ups ---------------------------------------------------


def test_billion_laughs_is_refused_at_once(book: Path) -> None:
    (book / "handbook.yaml").write_text(
        (book / "handbook.yaml").read_text(encoding="utf-8") + hostile.billion_laughs()
    )
    refused(bounded("--content", str(book), "list"), "handbook.yaml:", "for mange værdier")


def test_snippets_of_a_section_repeating_one_sentence(book: Path) -> None:
    # 40,000 matches: quadratic snippets took minutes here; the run must end in 10 s.
    edit(book / "sections" / "raad-4.md", "ofte –", "ofte. " + "Skift kodeord. " * 40_000 + " –")
    result = bounded("--content", str(book), "search", "kodeord")
    assert result.returncode == 0, result.stderr
    assert "«kodeord»" in result.stdout


def test_tree_paths_are_capped_with_a_message(book: Path) -> None:
    (book / "trees" / "venneanmodning.yaml").write_text(hostile.wide_tree())
    assert bounded("check", str(book)).returncode == 0  # a valid tree...
    result = bounded("--content", str(book), "tree", "--paths")
    refused(result, "veje", "--paths viser højst")  # ... with too many paths to list
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("chapters", "words"), [(5_000, "har 5003 punkter; højst 1000"), (20_000, "for mange")]
)
def test_thousands_of_chapters_are_refused(book: Path, chapters: int, words: str) -> None:
    rows = "".join(f"  - {{id: k{n}, title: K}}\n" for n in range(chapters))
    edit(book / "handbook.yaml", "chapters:\n", "chapters:\n" + rows)
    refused(bounded("--content", str(book), "list"), "handbook.yaml:", words)


@pytest.mark.parametrize("kind", ["fifo", "zero", "big"])
def test_a_section_that_is_no_text_file_is_refused(book: Path, kind: str) -> None:
    path = book / "sections" / "zz.md"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    else:
        path.write_text("---\nid: zz\n---\n" + "tekst " * 1_000_000)
    words = {"fifo": "FIFO", "zero": "enhed", "big": "for stor"}[kind]
    refused(bounded("--content", str(book), "list"), "zz.md", words)
    refused(bounded("check", str(book)), "zz.md", words)


def test_a_handbook_cache_file_that_is_a_fifo_means_a_normal_start(book: Path) -> None:
    program = f"""
import os
from paddehatten.content import cache
from paddehatten.tui.cli import main as cli
args = cli.build_parser().parse_args(["--content", {str(book)!r}])
handbook = cli.load(args)
assert cache.store(handbook, cli.program_version())
(entry,) = cache.cache_dir().glob("*.json")
entry.unlink()
os.mkfifo(entry)
assert cli.load_for_reading(args) == handbook
entry.unlink()
entry.symlink_to("/dev/zero")
assert cli.load_for_reading(args) == handbook
print("ok")
"""
    result = run_python(program, timeout=hostile.TIME_LIMIT)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr


def test_a_huge_answer_line_is_not_echoed() -> None:
    line = "x" * 20_000_000
    result = bounded("tree", "--plain", input=f"{line}\n")
    refused(result, "er ikke et af svarene")
    assert len(result.stdout) < 10_000 and len(result.stderr) < 10_000


# -- 6. Stale or leftover state ----------------------------------------------------


def test_a_same_size_edit_with_its_time_kept_is_seen(book: Path) -> None:
    version = "test"
    assert cache.store(load_handbook(book), version)
    path = book / "sections" / "raad-4.md"
    stat = path.stat()
    edit(path, "ofte –", "tit! –")  # same size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    assert path.stat().st_size == stat.st_size
    assert cache.load_cached(book, version) is None
    assert "tit!" in load_handbook(book).section("raad-4").body


def test_a_folder_swapped_with_equal_names_sizes_and_times_is_seen(
    book: Path, tmp_path: Path
) -> None:
    version = "test"
    assert cache.store(load_handbook(book), version)
    other = tmp_path / "anden"
    shutil.copytree(book, other)
    edit(other / "sections" / "husk-1.md", "Vær", "VÆR")
    for path in sorted(book.rglob("*")):
        twin = other / path.relative_to(book)
        info = path.stat()
        os.utime(twin, ns=(info.st_atime_ns, info.st_mtime_ns))
    shutil.rmtree(book)
    other.rename(book)
    assert cache.load_cached(book, version) is None


@pytest.fixture
def big_handbook(tmp_path: Path) -> Path:
    return write_handbook(tmp_path / "stor", sections=600, words=120)


def _builds(folder: Path) -> list[Path]:
    return [p for p in folder.iterdir() if p.name.startswith(".build-")]


def test_a_build_killed_with_sigkill_is_cleaned_up_by_the_next(
    big_handbook: Path, tmp_path: Path
) -> None:
    cache_dir = tmp_path / "index-cache"
    cache_dir.mkdir()
    foreign = cache_dir / ".build-not-ours"
    foreign.mkdir()
    (foreign / "x").write_text("someone's")
    program = f"""
from paddehatten.content import load_handbook
from paddehatten.index import open_index
open_index(load_handbook({str(big_handbook)!r}), cache=True, cache_dir={str(cache_dir)!r})
"""
    child = subprocess.Popen(
        [sys.executable, "-c", program], env={**os.environ, "PYTHONPATH": str(REPO)}
    )
    try:
        deadline = time.monotonic() + 60
        while not [p for p in _builds(cache_dir) if p != foreign]:
            assert child.poll() is None, "the build finished before it could be killed"
            assert time.monotonic() < deadline
            time.sleep(0.005)
        os.kill(child.pid, signal.SIGKILL)
    finally:
        child.wait(timeout=30)
    left = [p for p in _builds(cache_dir) if p != foreign]
    assert left, "SIGKILL left no build folder to clean up"
    from paddehatten.content import load_handbook as load
    from paddehatten.index import open_index

    assert open_index(load(big_handbook), cache=True, cache_dir=cache_dir).origin == "built"
    assert _builds(cache_dir) == [foreign]
    assert (foreign / "x").read_text() == "someone's"


# -- 7. What check let through -----------------------------------------------------


def test_check_refuses_a_duplicate_front_matter_key(book: Path) -> None:
    edit(book / "sections" / "raad-4.md", "title:", "title: Første\ntitle:")
    refused(bounded("check", str(book)), "raad-4.md:", "står to gange")


def test_check_refuses_a_chapter_editorial_that_is_not_boolean(book: Path) -> None:
    edit(book / "handbook.yaml", "    editorial: true", "    editorial: ja tak")
    line = line_of(book / "handbook.yaml", "    editorial: ja tak")
    refused(
        bounded("check", str(book)),
        f"handbook.yaml:{line}:",
        "'editorial:' i et kapitel under 'chapters:' skal være true eller false",
    )


def test_check_refuses_a_body_that_is_only_an_html_comment(book: Path) -> None:
    path = book / "sections" / "raad-4.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("---", 3) + 4] + "\n<!-- kommer senere -->\n")
    refused(bounded("check", str(book)), "raad-4.md:", "kun HTML")


@pytest.mark.parametrize("kind", ["fifo", "zero", "unreadable"])
def test_check_refuses_a_tree_file_that_cannot_be_read(
    book: Path, kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = book / "trees" / "venneanmodning.yaml"
    path.unlink()
    if kind == "fifo":
        os.mkfifo(path)
        refused(bounded("check", str(book)), "venneanmodning.yaml", "FIFO")
    elif kind == "zero":
        path.symlink_to("/dev/zero")
        refused(bounded("check", str(book)), "venneanmodning.yaml", "enhed")
    else:
        path.write_text("id: venneanmodning\n")
        from paddehatten.content.tree import check_trees

        real_open = os.open

        def denied(name: object, *args: object, **kwargs: object) -> int:
            if str(name) == str(path):
                raise PermissionError(13, "Permission denied", str(name))
            return real_open(name, *args, **kwargs)  # type: ignore[arg-type]

        if os.geteuid() != 0:
            path.chmod(0)
        else:  # root reads anything: refuse it as the system would for a person
            monkeypatch.setattr(os, "open", denied)
        problems = [str(p) for p in check_trees(book, None)]
        assert any("venneanmodning.yaml" in p and "ikke lov" in p for p in problems), problems


# -- Cache corruption ---------------------------------------------------------------


def _index_entry(cache_dir: Path) -> Path:
    (entry,) = [p for p in cache_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return entry


@pytest.mark.parametrize("damage", ["fifo", "zero", "escape", "brackets"])
def test_a_damaged_index_cache_entry_is_rebuilt_never_followed(tmp_path: Path, damage: str) -> None:
    cache_dir = tmp_path / "index-cache"
    secret = tmp_path / "secret.txt"
    secret.write_text("not the program's")
    program = f"""
import json, os
from pathlib import Path
from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.index import open_index
handbook = load_handbook(DEFAULT_CONTENT)
cache_dir = Path({str(cache_dir)!r})
assert open_index(handbook, cache=True, cache_dir=cache_dir).origin == "built"
(entry,) = [p for p in cache_dir.iterdir() if p.is_dir() and not p.name.startswith(".")]
manifest = entry / "manifest.json"
outer = json.loads(manifest.read_text())
listed = json.loads(outer["body"])
name = max(listed["files"], key=lambda n: listed["files"][n][0])
damage = {damage!r}
if damage == "fifo":
    (entry / name).unlink(); os.mkfifo(entry / name)
elif damage == "zero":
    (entry / name).unlink(); (entry / name).symlink_to("/dev/zero")
elif damage == "escape":
    listed["files"]["../../secret.txt"] = [16, "0" * 64]
    outer["body"] = json.dumps(listed)  # the signature no longer holds
    manifest.write_text(json.dumps(outer))
else:
    manifest.write_text("[" * 100000)
index = open_index(handbook, cache=True, cache_dir=cache_dir)
assert index.origin == "built", index.origin
assert index.search("kodeord").hits
assert open_index(handbook, cache=True, cache_dir=cache_dir).origin == "cache"
print("ok")
"""
    result = run_python(program, timeout=hostile.TIME_LIMIT * 3)
    assert result.returncode == 0 and result.stdout.strip() == "ok", result.stderr
    assert secret.read_text() == "not the program's"


def test_a_fault_during_the_walk_never_shows_the_answer() -> None:
    program = """
import sys
from paddehatten.content.tree import Walk
from paddehatten.tui.entry import main

def broken(self, answer_id):
    raise ValueError(f"invalid answer {answer_id!r}")

Walk.answer = broken
main(["tree", "--plain"])
"""
    result = run_python(program, stdin="1\n", timeout=hostile.TIME_LIMIT)
    assert result.returncode == 70
    assert "stoppede ved en fejl i programmet (ValueError)" in result.stderr
    assert TRACEBACK not in result.stderr
    assert "invalid answer" not in result.stderr
