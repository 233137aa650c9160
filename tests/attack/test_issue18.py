"""Issue 18, items 1, 2 and 5: each problem as it was found, as a test.

Caches that trust nothing (another user's cache folder, a forged entry, a folder
swapped for a symlink while it is deleted, a FIFO or a dangling symlink as the lock
file, an unmarked build folder), the loose ends found with them (a symlinked adopted
text, a setting that is not text, an id with a newline), text that is text (control
characters from content in every command and in the app, and ``check`` reporting
them), and bounds (a YAML value multiplied by aliases, Markdown shapes that cost).
"""

from __future__ import annotations

import io
import json
import os
import pickle
import resource
import shutil
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import whoosh.index as windex
from whoosh.filedb.structfile import StructFile

from paddehatten.content import DEFAULT_CONTENT, cache, load_handbook, userfiles
from paddehatten.content.model import Handbook
from tests.attack import hostile
from tests.attack.neighbour import as_neighbour, neighbour
from tests.attack.test_failures import bounded, edit, refused
from tests.benchmarks.synth import write_handbook
from tests.conftest import clean_env, line_of, paddehatten_command, run_cli, run_python

#: Real processes: the attacks run the program as the victim (and a neighbour) would.
pytestmark = pytest.mark.slow

TRACEBACK = hostile.TRACEBACK
#: What a terminal obeys: ESC (an OSC that sets the window title), BEL, CSI as C1.
CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")
HOSTILE_TITLE = "Farlig\x1b]2;OVERTAGET\x07 titel \x9b31m rød\u202e"


def _no_controls(*texts: str) -> None:
    for text in texts:
        for char in CONTROLS:
            assert char not in text, (repr(char), text[-300:])


# -- 1. Caches that trust nothing ----------------------------------------------------


@pytest.fixture
def shared(tmp_path: Path) -> Iterator[Path]:
    """A folder every user may write in, as /tmp (sticky)."""
    folder = Path(tempfile.mkdtemp(prefix="delt-", dir="/tmp"))
    folder.chmod(0o1777)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def big_book(tmp_path: Path) -> Path:
    """A handbook large enough (600 sections) for search to cache its index on disk."""
    return write_handbook(tmp_path / "stor", sections=600, words=30)


class _Payload:
    """Unpickled, it creates the file ``path``: what an attacker's code would do."""

    def __init__(self, path: str) -> None:
        self.path = path

    def __reduce__(self) -> tuple[Any, tuple[str]]:
        return (os.system, (f"touch {self.path}",))


def _poisoned_toc(proof: Path) -> bytes:
    """A whoosh table of contents whose pickled schema runs code."""
    out = io.BytesIO()
    stream = StructFile(out)
    for size in (windex._INT_SIZE, windex._LONG_SIZE, windex._FLOAT_SIZE):
        stream.write_varint(size)
    stream.write_int(-12345)
    stream.write_int(windex._CURRENT_TOC_VERSION)
    for number in windex.__version__[:3]:
        stream.write_varint(number)
    stream.write_string(pickle.dumps(_Payload(str(proof)), 2))
    return out.getvalue()


def _plant(entry: Path, files: dict[str, bytes], proof: Path) -> None:
    """Write an index entry as an attacker would: the files, a poisoned table of
    contents, the marker, and a manifest of sizes and CRC-32s recomputed to match."""
    entry.mkdir(parents=True, mode=0o777)
    listed = {}
    for name, data in files.items():
        if name.endswith(".toc"):
            data = _poisoned_toc(proof)
        (entry / name).write_bytes(data)
        listed[name] = [len(data), zlib.crc32(data)]
    (entry / userfiles.MARKER).write_text(json.dumps({"made_by": "paddehatten", "pid": 1}))
    key = entry.name
    manifest = {"key": key, "documents": 600 + 1, "files": listed}
    (entry / "manifest.json").write_text(json.dumps(manifest))


def _entry_files(cache_home: Path) -> tuple[str, dict[str, bytes]]:
    (entry,) = [p for p in (cache_home / "index").iterdir() if p.is_dir() and p.name[0] != "."]
    files = {
        p.name: p.read_bytes()
        for p in entry.iterdir()
        if p.is_file() and p.name not in ("manifest.json", userfiles.MARKER)
    }
    return entry.name, files


def test_a_cache_folder_another_user_made_never_runs_their_code(
    big_book: Path, shared: Path, tmp_path: Path
) -> None:
    nabo = neighbour()
    # The entry's name and files, as the neighbour could make them with their own run.
    mine = tmp_path / "egen"
    env = clean_env(PADDEHATTEN_CACHE_DIR=str(mine))
    assert run_cli("--content", str(big_book), "search", "og", env=env).returncode == 0
    key, files = _entry_files(mine / userfiles.OWN_CACHE_FOLDER)
    proof = shared / "koden-kørte"
    home = shared / userfiles.OWN_CACHE_FOLDER

    def plant() -> None:
        home.mkdir(mode=0o777)
        (home / "index").mkdir(mode=0o777)
        _plant(home / "index" / key, files, proof)

    as_neighbour(nabo, plant)
    assert (home / "index" / key).stat().st_uid == nabo.uid
    env = clean_env(PADDEHATTEN_CACHE_DIR=str(shared))
    result = run_cli("--content", str(big_book), "search", "og", env=env)
    assert not proof.exists(), "the neighbour's code ran as this user"
    assert result.returncode == 0 and "om «og»" in result.stdout, result.stderr
    assert TRACEBACK not in result.stderr


def test_a_handbook_cache_another_user_made_is_not_shown(
    shared: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    nabo = neighbour()
    book = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, book)
    version = "test"
    key = cache.fingerprint(book, version)
    assert key is not None
    monkeypatch.setenv(userfiles.CACHE_ENV, str(tmp_path / "egen"))
    assert cache.store(load_handbook(book), version, key)
    (written,) = (tmp_path / "egen").rglob("*.json")
    planted = written.read_bytes().replace(b"Skift dit kodeord ofte", b"Del dit kodeord gerne")
    name = written.name

    def plant() -> None:
        folder = shared / userfiles.OWN_CACHE_FOLDER / "handbooks"
        folder.mkdir(parents=True, mode=0o777)
        (folder / name).write_bytes(planted)

    as_neighbour(nabo, plant)
    monkeypatch.setenv(userfiles.CACHE_ENV, str(shared))
    found = cache.load_cached(book, version, key)
    assert found is None or "Del dit kodeord gerne" not in found.section("raad-4").title


def _tamper_json(path: Path, change: Any) -> None:
    """Edit a handbook cache file's JSON, keeping whatever precedes it on line one."""
    raw = path.read_bytes()
    head, body = (b"", raw) if raw.startswith(b"{") else raw.split(b"\n", 1)
    data = json.loads(body)
    change(data)
    new = json.dumps(data, ensure_ascii=False).encode("utf-8")
    path.write_bytes(head + (b"\n" if head else b"") + new)


def test_an_edited_handbook_cache_never_claims_verified_wording(
    handbook_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(userfiles.CACHE_ENV, str(tmp_path / "cache"))
    version = "test"
    edit(handbook_copy / "sections" / "raad-4.md", "så minimere", "så mindsker")
    key = cache.fingerprint(handbook_copy, version)
    handbook = load_handbook(handbook_copy)
    assert not handbook.wording_verified  # its words are not the adopted ones
    assert cache.store(handbook, version, key)
    (written,) = (tmp_path / "cache").rglob("*.json")

    def change(data: dict[str, Any]) -> None:
        data["handbook"]["wording_verified"] = True
        for row in data["handbook"]["sections"]:
            row["body"] = row["body"].replace("mindsker", "PLANTET")
            row["plain"] = row["plain"].replace("mindsker", "PLANTET")

    _tamper_json(written, change)
    found = cache.load_cached(handbook_copy, version, key)
    assert found is None or not found.wording_verified
    assert found is None or "PLANTET" not in found.section("raad-4").body


def test_a_forged_index_entry_is_rebuilt_never_searched(handbook: Handbook, tmp_path: Path) -> None:
    """An entry whose files and CRC manifest were replaced by someone who can write
    the cache: search must not show its text."""
    from whoosh.filedb.filestore import FileStorage

    from paddehatten.index import Document, open_index
    from paddehatten.index.schema import make_schema
    from paddehatten.index.store import cache_key, write_documents

    folder = tmp_path / "cache"
    assert open_index(handbook, cache=True, cache_dir=folder).origin == "built"
    entry = folder / cache_key(handbook)
    forged = tmp_path / "forged"
    forged.mkdir()
    ix = FileStorage(str(forged)).create_index(make_schema())
    fake = [Document(s.id, "section", s.title, "PLANTET kodeord") for s in handbook.sections]
    write_documents(ix, fake)
    for path in list(entry.iterdir()):
        if path.name != userfiles.MARKER:
            path.unlink()
    listed = {}
    for path in forged.iterdir():
        if path.is_file() and not path.name.endswith("LOCK"):
            data = path.read_bytes()
            (entry / path.name).write_bytes(data)
            listed[path.name] = [len(data), zlib.crc32(data)]
    manifest = {"key": entry.name, "documents": len(fake), "files": listed}
    (entry / "manifest.json").write_text(json.dumps(manifest))
    index = open_index(handbook, cache=True, cache_dir=folder)
    assert index.origin == "built"
    hits = index.search("kodeord").hits
    assert hits and all("PLANTET" not in hit.snippet_text for hit in hits)


def test_a_folder_swapped_for_a_symlink_while_deleted_loses_you_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Between reading the marker and deleting, the folder becomes a symlink to the
    person's own files (as another user with write access to the cache could do)."""
    yours = tmp_path / "dine-filer"
    yours.mkdir()
    (yours / "speciale.txt").write_text("fire års arbejde")
    cache_folder = tmp_path / "cache"
    cache_folder.mkdir()
    doomed = userfiles.make_owned_dir(cache_folder, ".bad-")
    (doomed / "segment").write_text("gammelt")
    real_loads = json.loads
    swapped: list[bool] = []

    def swap_then_load(text: Any, *args: Any, **kwargs: Any) -> Any:
        if not swapped:
            swapped.append(True)
            doomed.rename(cache_folder / "flyttet")
            doomed.symlink_to(yours, target_is_directory=True)
        return real_loads(text, *args, **kwargs)

    monkeypatch.setattr(json, "loads", swap_then_load)  # the module userfiles reads with
    userfiles.remove_owned(doomed)
    monkeypatch.undo()
    assert swapped
    assert (yours / "speciale.txt").read_text() == "fire års arbejde"


def _open_index_with_lock(book: Path, folder: Path, make_lock: str) -> str:
    program = f"""
import os
from pathlib import Path
from paddehatten.content import load_handbook
from paddehatten.index import open_index
from paddehatten.index.store import cache_key
handbook = load_handbook({str(book)!r})
folder = Path({str(folder)!r})
folder.mkdir(mode=0o700)
lock = folder / f".{{cache_key(handbook)}}.lock"
{make_lock}
index = open_index(handbook, cache=True, cache_dir=folder)
print(index.origin)
print(len(index.search("kodeord").hits))
"""
    try:
        result = run_python(program, timeout=hostile.TIME_LIMIT * 2)
    except subprocess.TimeoutExpired:
        pytest.fail("opening the index hung on the lock file")
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_a_fifo_as_the_index_lock_never_hangs_search(tmp_path: Path) -> None:
    out = _open_index_with_lock(DEFAULT_CONTENT, tmp_path / "cache", "os.mkfifo(lock)")
    origin, hits = out.split("\n")[:2]
    assert origin.startswith("memory") and int(hits) >= 1


def test_a_dangling_symlink_as_the_lock_creates_no_file_at_its_target(tmp_path: Path) -> None:
    target = tmp_path / "skabt-af-paddehatten"
    out = _open_index_with_lock(
        DEFAULT_CONTENT, tmp_path / "cache", f"lock.symlink_to({str(target)!r})"
    )
    assert not target.exists() and not target.is_symlink()
    assert int(out.split("\n")[1]) >= 1


def test_an_unmarked_build_folder_is_never_deleted(handbook: Handbook, tmp_path: Path) -> None:
    from paddehatten.index import open_index

    folder = tmp_path / "cache"
    folder.mkdir(mode=0o700)
    unmarked = folder / ".build-mit-eget"
    unmarked.mkdir()
    os.utime(unmarked, (0, 0))  # old and empty: README says only marked folders go
    assert open_index(handbook, cache=True, cache_dir=folder).origin == "built"
    assert unmarked.is_dir()


def test_a_symlinked_adopted_text_outside_the_folder_is_not_read(
    handbook_copy: Path, tmp_path: Path
) -> None:
    outside = tmp_path / "hemmelig.txt"
    outside.write_text("HEMMELIGT INDHOLD fra en anden mappe\n", encoding="utf-8")
    adopted = handbook_copy / "vedtaget-tekst.txt"
    adopted.unlink()
    adopted.symlink_to(outside)
    for command in (("check", str(handbook_copy)), ("--content", str(handbook_copy), "show")):
        result = bounded(*command)
        assert "HEMMELIG" not in result.stdout + result.stderr
        assert TRACEBACK not in result.stderr
    refused(bounded("check", str(handbook_copy)), "uden for håndbogsmappen")


def test_a_setting_that_is_not_text_never_crashes_saving(private_config: Path) -> None:
    from paddehatten.tui.settings import load_settings, save_setting

    private_config.mkdir(parents=True, exist_ok=True)
    (private_config / "paddehatten").mkdir(exist_ok=True)
    path = private_config / "paddehatten" / "settings.json"
    path.write_text('{"theme": "\\ud800", "screen_reader": true}', encoding="utf-8")
    assert save_setting("screen_reader", False) is None  # another setting than the bad one
    assert load_settings() == {"screen_reader": False}


def test_an_id_with_a_trailing_newline_fails_check(handbook_copy: Path) -> None:
    tree = handbook_copy / "trees" / "venneanmodning.yaml"
    edit(tree, "- id: foraelder", '- id: "foraelder\\n"')
    refused(bounded("check", str(handbook_copy)), "venneanmodning.yaml:", "små bogstaver")


# -- 2. Text is text ------------------------------------------------------------------


@pytest.fixture
def hostile_book(handbook_copy: Path) -> Path:
    """The handbook with control characters written raw in a section's title (a bidi
    override, which YAML allows) and body (ESC sequences that clear the screen and set
    the window title, BEL, CSI as C1), and in the tree's title and first question."""
    section = handbook_copy / "sections" / "raad-4.md"
    edit(section, 'title: "Skift dit kodeord ofte"', 'title: "Skift dit kodeord \u202eetfo"')
    edit(section, "så minimere", "så \x1b[2J\x1b]0;OVERTAGET\x07\x9b31mminimere")
    tree = handbook_copy / "trees" / "venneanmodning.yaml"
    edit(tree, "title: Skal jeg", "title: Skal \x1b]2;TRÆ\x07jeg")
    edit(tree, "text: Hvem har", "text: Hvem \x9b2J\x1b[5mhar")
    return handbook_copy


@pytest.fixture
def escaped_book(handbook_copy: Path) -> Path:
    """Control characters written as YAML escapes: a section title, a tree answer."""
    edit(
        handbook_copy / "sections" / "raad-4.md",
        'title: "Skift dit kodeord ofte"',
        'title: "Skift \\e]2;OVERTAGET\\a kodeord \\x9b31m"',
    )
    edit(
        handbook_copy / "trees" / "venneanmodning.yaml",
        "label: En kollega",
        'label: "En \\e[2Jkollega"',
    )
    return handbook_copy


COMMANDS = [
    ("list",),
    ("list", "--json"),
    ("show", "raad-4"),
    ("show",),
    ("--plain",),
    ("search", "kodeord"),
    ("search", "hvem"),
    ("tree", "--paths"),
    ("tree", "--plain"),
    ("show", "ukendt\x1b]2;x\x07"),
    ("search", "\x1b]2;x\x07kodeord"),
]


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("book", ["hostile_book", "escaped_book"])
def test_control_characters_from_content_never_reach_the_terminal(
    book: str, command: tuple[str, ...], request: pytest.FixtureRequest
) -> None:
    folder: Path = request.getfixturevalue(book)
    result = bounded("--content", str(folder), *command, input="1\n1\n1\n1\n")
    assert TRACEBACK not in result.stderr
    _no_controls(result.stdout, result.stderr)


def test_content_with_raw_control_characters_still_reads(hostile_book: Path) -> None:
    result = bounded("--content", str(hostile_book), "show", "raad-4")
    assert result.returncode == 0, result.stderr
    assert "minimere" in result.stdout and "[2J" in result.stdout  # the letters stay


def test_a_file_name_with_control_characters_is_shown_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "mappe\x1b]2;NAVN\x07"
    result = bounded("--content", str(folder), "list")
    refused(result, "mappe")
    _no_controls(result.stdout, result.stderr)


def test_check_reports_control_characters_with_file_and_line(hostile_book: Path) -> None:
    result = bounded("check", str(hostile_book))
    out = result.stdout + result.stderr
    refused(result, "kontroltegn (U+202E")
    section = line_of(hostile_book / "sections" / "raad-4.md", "minimere")
    assert f"sections/raad-4.md:{section}: linjen indeholder et kontroltegn (U+001B" in out
    tree = line_of(hostile_book / "trees" / "venneanmodning.yaml", "text: Hvem")
    assert f"trees/venneanmodning.yaml:{tree}: linjen indeholder et kontroltegn (U+009B" in out
    _no_controls(result.stdout, result.stderr)


def test_a_control_character_written_as_a_yaml_escape_is_refused(escaped_book: Path) -> None:
    result = bounded("check", str(escaped_book))
    title = line_of(escaped_book / "sections" / "raad-4.md", "title:")
    refused(result, f"raad-4.md:{title}:", "venneanmodning.yaml:", "kontroltegn (U+001B")
    _no_controls(result.stdout, result.stderr)


async def test_the_app_is_given_no_control_characters(hostile_book: Path) -> None:
    from textual.widgets import Tree

    from paddehatten.tui.app.app import make_app

    handbook = load_handbook(hostile_book)
    app = make_app(handbook, start="raad-4")
    async with app.run_test(size=(100, 40)) as pilot:
        await pilot.pause()
        shown = [app.title, app.sub_title, app.screen.title or "", app.screen.sub_title or ""]
        for tree in app.screen.query(Tree):
            stack = [tree.root]
            while stack:
                node = stack.pop()
                shown.append(str(node.label))
                stack.extend(node.children)
        shown.append(str(app.screen.query_one("#body").source))  # type: ignore[attr-defined]
        assert any("etfo" in text for text in shown)
        _no_controls(*shown)


# -- 5. Bounds ------------------------------------------------------------------------


def test_a_yaml_value_multiplied_by_aliases_is_refused_in_danish(handbook_copy: Path) -> None:
    value = "x" * 3_800_000
    aliases = ", ".join(["*v"] * 199)
    path = handbook_copy / "handbook.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"extra: &v {value}\nmore: [{aliases}]\n",
        encoding="utf-8",
    )
    refused(bounded("check", str(handbook_copy)), "handbook.yaml:", "alias")


def cpu_bounded(*args: str) -> subprocess.CompletedProcess[str]:
    """The real command with at most 10 s of CPU time and 1 GB: a bound that holds on a
    busy machine too (the wall clock waits up to two minutes for the CPU)."""

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (hostile.MEMORY_LIMIT, hostile.MEMORY_LIMIT))
        cpu = int(hostile.TIME_LIMIT)
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))

    return subprocess.run(
        [*paddehatten_command(), *args],
        input="",
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="replace",
        env=clean_env(),
        timeout=120,
        preexec_fn=limit,
        check=False,
    )


def _section(n: int, shape: str) -> str:
    """About 4 MB of one costly Markdown shape."""
    size = 4_000_000 - 200
    if shape == "one long line":
        return "ord og ord " * (size // 11)
    if shape == "large table":
        return "| a | b | c |\n|---|---|---|\n" + "| x | y | z |\n" * (size // 14)
    if shape == "nested brackets":
        return "[" * (size // 2) + "a" + "]" * (size // 2)
    if shape == "emphasis runs":
        return "*a _b " * (size // 6)
    defs = "".join(f"[r{i}]: /u{i}\n" for i in range(60_000))  # reference definitions
    return defs + "Et ord. " * ((size - len(defs)) // 8)


@pytest.mark.parametrize(
    "shape",
    ["one long line", "large table", "nested brackets", "emphasis runs", "references"],
)
def test_costly_markdown_shapes_load_within_bounds(handbook_copy: Path, shape: str) -> None:
    path = handbook_copy / "sections" / "raad-4.md"
    front = path.read_text(encoding="utf-8").split("---", 2)
    path.write_text(f"---{front[1]}---\n{_section(4, shape)}", encoding="utf-8")
    result = cpu_bounded("check", str(handbook_copy))  # at most 10 s of CPU and 1 GB
    assert result.returncode == 1, result.stderr[-500:]  # not the adopted text, or too costly
    assert TRACEBACK not in result.stderr + result.stdout
    assert "raad-4.md" in result.stdout + result.stderr
