"""Building and caching the index: concurrent processes, and every kind of damage."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
import tempfile
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from paddehatten.content import Handbook, userfiles
from paddehatten.index import SearchIndex, open_index
from paddehatten.index.store import MANIFEST, cache_key

ROOT = Path(__file__).resolve().parents[2]


def _entry(cache: Path) -> Path:
    (entry,) = [p for p in cache.iterdir() if p.is_dir() and not p.name.startswith(".")]
    return entry


def _segment(entry: Path) -> Path:
    return max((p for p in entry.iterdir() if p.name != MANIFEST), key=lambda p: p.stat().st_size)


def _answers(index: SearchIndex) -> None:
    assert [h.id for h in index.search("kodeord").hits] == ["raad-4"]
    assert {"husk-1", "husk-3"} <= {h.id for h in index.search("forældre").hits}


def test_memory_build_writes_nothing_to_the_temporary_directory(
    handbook: Handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # whoosh's RamStorage writes scratch files to <tmp>/MAIN.tmp, shared by every
    # process; ours keeps them in memory.
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    index = open_index(handbook, cache=False)
    _answers(index)
    assert list(tmp_path.iterdir()) == []


BUILD_SCRIPT = textwrap.dedent(
    """
    import sys
    from paddehatten.content import DEFAULT_CONTENT, load_handbook
    from paddehatten.index import open_index

    handbook = load_handbook(DEFAULT_CONTENT)
    for _ in range(5):
        index = open_index(handbook, cache=False)
        ids = [h.id for h in index.search("kodeord").hits]
        assert ids == ["raad-4"], ids
    print("ok")
    """
)


def _spawn(script: str, cache: Path) -> subprocess.Popen[str]:
    env = dict(os.environ, PYTHONPATH=str(ROOT), PADDEHATTEN_CACHE_DIR=str(cache))
    return subprocess.Popen(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_processes_build_at_once(tmp_path: Path) -> None:
    processes = [_spawn(BUILD_SCRIPT, tmp_path) for _ in range(8)]
    results = [p.communicate(timeout=300) for p in processes]
    failures = [err for p, (_, err) in zip(processes, results, strict=True) if p.returncode]
    assert failures == []
    assert all(out.strip() == "ok" for out, _ in results)


CACHE_SCRIPT = textwrap.dedent(
    """
    import sys
    from paddehatten.content import DEFAULT_CONTENT, load_handbook
    from paddehatten.index import open_index

    handbook = load_handbook(DEFAULT_CONTENT)
    index = open_index(handbook, cache=True)
    ids = [h.id for h in index.search("kodeord").hits]
    assert ids == ["raad-4"], ids
    print(index.origin)
    """
)


def test_eight_processes_share_one_cache_entry(tmp_path: Path) -> None:
    processes = [_spawn(CACHE_SCRIPT, tmp_path) for _ in range(8)]
    results = [p.communicate(timeout=300) for p in processes]
    assert [err for p, (_, err) in zip(processes, results, strict=True) if p.returncode] == []
    origins = {out.strip() for out, _ in results}
    assert origins <= {"built", "cache", "memory (another process holds the lock)"}
    index_folder = tmp_path / userfiles.OWN_CACHE_FOLDER / "index"
    _entry(index_folder)  # exactly one entry, and no build directory left behind
    assert [p.name for p in index_folder.iterdir() if p.name.startswith(".build-")] == []


@pytest.fixture
def cached(handbook: Handbook, tmp_path: Path) -> Path:
    """A cache directory holding a valid entry for the shipped handbook."""
    index = open_index(handbook, cache=True, cache_dir=tmp_path)
    assert index.origin == "built"
    assert open_index(handbook, cache=True, cache_dir=tmp_path).origin == "cache"
    return tmp_path


def test_cache_entry_is_keyed_by_content(handbook: Handbook, cached: Path) -> None:
    assert _entry(cached).name == cache_key(handbook)


def _damage_truncate(entry: Path) -> None:
    segment = _segment(entry)
    segment.write_bytes(segment.read_bytes()[: segment.stat().st_size // 2])


def _damage_garbage(entry: Path) -> None:
    # Same size, different bytes: whoosh would read it without a word.
    segment = _segment(entry)
    data = bytearray(segment.read_bytes())
    middle = len(data) // 2
    data[middle : middle + 64] = os.urandom(64)
    segment.write_bytes(bytes(data))


def _damage_all_garbage(entry: Path) -> None:
    for path in entry.iterdir():
        path.write_bytes(os.urandom(max(16, path.stat().st_size)))


def _damage_delete_segment(entry: Path) -> None:
    _segment(entry).unlink()


def _damage_delete_toc(entry: Path) -> None:
    for path in entry.glob("*.toc"):
        path.unlink()


def _damage_delete_manifest(entry: Path) -> None:
    (entry / MANIFEST).unlink()


def _damage_manifest_garbage(entry: Path) -> None:
    (entry / MANIFEST).write_bytes(b"\xff\xfe{not json")


def _damage_toc_garbage(entry: Path) -> None:
    # The table of contents is a pickle: garbage raises UnpicklingError and friends.
    for path in entry.glob("*.toc"):
        path.write_bytes(b"\x80\x04garbage" + os.urandom(32))


def _damage_empty_dir(entry: Path) -> None:
    for path in entry.iterdir():
        path.unlink()


def _damage_file_instead_of_dir(entry: Path) -> None:
    for path in entry.iterdir():
        path.unlink()
    entry.rmdir()
    entry.write_bytes(b"not a directory")


DAMAGE = [
    _damage_truncate,
    _damage_garbage,
    _damage_all_garbage,
    _damage_delete_segment,
    _damage_delete_toc,
    _damage_delete_manifest,
    _damage_manifest_garbage,
    _damage_toc_garbage,
    _damage_empty_dir,
    _damage_file_instead_of_dir,
]


@pytest.mark.parametrize("damage", DAMAGE, ids=[d.__name__[8:] for d in DAMAGE])
def test_damaged_cache_is_rebuilt(handbook: Handbook, cached: Path, damage: object) -> None:
    entry = _entry(cached)
    damage(entry)  # type: ignore[operator]
    index = open_index(handbook, cache=True, cache_dir=cached)
    assert index.origin == "built"
    _answers(index)
    # ... and the rebuilt entry is good again.
    assert open_index(handbook, cache=True, cache_dir=cached).origin == "cache"


def test_damage_while_open_is_survived(handbook: Handbook, cached: Path) -> None:
    index = open_index(handbook, cache=True, cache_dir=cached)
    _damage_all_garbage(_entry(cached))
    _answers(index)  # read into memory when opened: later damage cannot reach it


def test_search_recovers_when_the_index_fails(
    handbook: Handbook, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from whoosh.searching import Searcher

    index = open_index(handbook, cache=True, cache_dir=cached)
    real_reader = Searcher.reader
    failed: list[object] = []

    def damaged_once(searcher: object) -> object:
        # The first read of the open index fails, as a damaged file would.
        if not failed:
            failed.append(searcher)
            raise EOFError("simulated damage")
        return real_reader(searcher)

    monkeypatch.setattr(Searcher, "reader", damaged_once)
    _answers(index)
    assert len(failed) == 1
    assert index.origin == "memory (rebuilt after a damaged cache)"


def _read_only(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder.chmod(0o555)
    if os.geteuid() == 0:
        # root writes through permissions: fail the way a read-only directory does.
        def refuse(*args: object, **kwargs: object) -> str:
            raise PermissionError(13, "Permission denied")

        monkeypatch.setattr(tempfile, "mkdtemp", refuse)


def test_read_only_cache_directory(
    handbook: Handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "ro"
    folder.mkdir()
    _read_only(folder, monkeypatch)
    try:
        index = open_index(handbook, cache=True, cache_dir=folder)
        assert index.origin.startswith("memory (")
        _answers(index)
    finally:
        folder.chmod(0o755)


def test_read_only_cache_with_a_damaged_entry(
    handbook: Handbook, cached: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _damage_truncate(_entry(cached))
    _read_only(cached, monkeypatch)
    try:
        index = open_index(handbook, cache=True, cache_dir=cached)
        # The damaged entry cannot be replaced: built in memory, and the reason said.
        assert index.origin == "memory (cache not writable: Permission denied)"
        _answers(index)
    finally:
        cached.chmod(0o755)


def test_cache_directory_that_cannot_exist(handbook: Handbook, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache directory should be")
    index = open_index(handbook, cache=True, cache_dir=blocker / "cache")
    assert index.origin.startswith("memory (cache directory")
    _answers(index)


HOLD_LOCK = textwrap.dedent(
    """
    import sys, time
    from whoosh.util.filelock import FileLock
    locks = [FileLock(path) for path in sys.argv[1:]]
    assert all(lock.acquire(blocking=False) for lock in locks)
    print("held", flush=True)
    time.sleep(60)
    """
)


@contextlib.contextmanager
def _held(*paths: Path) -> Iterator[None]:
    """Another process holds file locks on ``paths`` meanwhile."""
    with subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, *map(str, paths)],
        cwd=ROOT,
        env=dict(os.environ, PYTHONPATH=str(ROOT)),
        stdout=subprocess.PIPE,
        text=True,
    ) as holder:
        assert holder.stdout is not None
        assert holder.stdout.readline().strip() == "held"
        try:
            yield
        finally:
            holder.kill()


def test_lock_held_by_another_process(handbook: Handbook, tmp_path: Path) -> None:
    key = cache_key(handbook)
    with _held(tmp_path / f".{key}.lock"):
        index = open_index(handbook, cache=True, cache_dir=tmp_path)
        assert index.origin == "memory (another process holds the lock)"
        _answers(index)
    assert open_index(handbook, cache=True, cache_dir=tmp_path).origin == "built"


def test_held_locks_do_not_stop_a_good_entry(handbook: Handbook, cached: Path) -> None:
    entry = _entry(cached)
    with _held(cached / f".{entry.name}.lock", entry / "MAIN_WRITELOCK"):
        index = open_index(handbook, cache=True, cache_dir=cached)
        assert index.origin == "cache"
        _answers(index)


def test_damaged_entry_with_the_lock_held(handbook: Handbook, cached: Path) -> None:
    entry = _entry(cached)
    _damage_garbage(entry)
    with _held(cached / f".{entry.name}.lock"):
        index = open_index(handbook, cache=True, cache_dir=cached)
        assert index.origin == "memory (another process holds the lock)"
        _answers(index)


def test_small_handbooks_stay_in_memory_and_write_no_cache(
    handbook: Handbook, tmp_path: Path
) -> None:
    index = open_index(handbook, cache_dir=tmp_path)
    assert index.origin == "memory"
    assert list(tmp_path.iterdir()) == []


def test_old_entries_are_pruned(handbook: Handbook, tmp_path: Path) -> None:
    from paddehatten.index import Document

    for n in range(6):
        extra = [Document(f"x-{n}", "Ekstra", f"tekst nummer {n}")]
        assert open_index(handbook, extra=extra, cache=True, cache_dir=tmp_path).origin == "built"
    entries = [p for p in tmp_path.iterdir() if p.is_dir()]
    assert 1 <= len(entries) <= 4


def test_a_failing_disk_build_falls_back_to_memory(
    handbook: Handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paddehatten.index import store

    def broken(*args: object) -> None:
        raise RuntimeError("whoosh could not write")

    monkeypatch.setattr(store, "_build_on_disk", broken)
    found = open_index(handbook, cache=True, cache_dir=tmp_path)
    assert found.origin.startswith("memory (cache build failed")
    _answers(found)


def _made_by_a_process_that_is_gone(folder: Path) -> None:
    """Mark ``folder`` as made by the program in a process that has exited."""
    import json
    import socket

    from paddehatten.content.userfiles import MARKER

    gone = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    folder.mkdir()
    marker = {"made_by": "paddehatten", "pid": int(gone.stdout), "host": socket.gethostname()}
    (folder / MARKER).write_text(json.dumps(marker), encoding="utf-8")
    (folder / "MAIN_1.seg").write_bytes(b"half an index")


def test_stale_leftovers_of_our_own_are_pruned(handbook: Handbook, tmp_path: Path) -> None:
    ours = [tmp_path / ".build-killed", tmp_path / ".bad-killed"]
    for folder in ours:
        _made_by_a_process_that_is_gone(folder)
    # Not provably ours: a folder without our marker, an old lock file, a file.
    foreign = [tmp_path / ".build-old", tmp_path / ".gone.lock", tmp_path / "notes.txt"]
    foreign[0].mkdir()
    (foreign[0] / "x").write_text("someone's")
    foreign[1].write_text("")
    foreign[2].write_text("mine")
    for path in foreign:
        os.utime(path, (0, 0))
    from paddehatten.content.userfiles import make_owned_dir

    running = make_owned_dir(tmp_path, ".build-")  # this very process: still building
    assert open_index(handbook, cache=True, cache_dir=tmp_path).origin == "built"
    assert not any(p.exists() for p in ours)
    assert all(p.exists() for p in foreign)
    assert running.exists()
