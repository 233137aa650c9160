"""The handbook cache: same handbook as the loader, any fault means a normal load."""

from __future__ import annotations

from pathlib import Path

import pytest

from paddehatten.content import cache
from paddehatten.content.loader import load_handbook
from paddehatten.content.text import plain_text
from tests.conftest import run_python

VERSION = "test"


def test_a_stored_handbook_comes_back_equal(handbook_copy: Path) -> None:
    fresh = load_handbook(handbook_copy)
    assert cache.load_cached(handbook_copy, VERSION) is None
    assert cache.store(fresh, VERSION)
    cached = cache.load_cached(handbook_copy, VERSION)
    assert cached == fresh
    assert cached is not None and cached.section("raad-4").body == fresh.section("raad-4").body
    assert plain_text(cached.section("husk-1").body).startswith("Vær opmærksom på")


def test_any_edit_addition_or_removal_misses(handbook_copy: Path) -> None:
    assert cache.store(load_handbook(handbook_copy), VERSION)
    path = handbook_copy / "sections" / "raad-4.md"
    path.write_text(path.read_text(encoding="utf-8").replace("ofte", "tit"), encoding="utf-8")
    assert cache.load_cached(handbook_copy, VERSION) is None
    assert cache.store(load_handbook(handbook_copy), VERSION)
    (handbook_copy / "sections" / "raad-10.md").write_text(
        "---\nid: raad-10\nchapter: raad\nnumber: 10\ntitle: Ny\n---\n\nNyt råd\n"
    )
    assert cache.load_cached(handbook_copy, VERSION) is None
    assert cache.store(load_handbook(handbook_copy), VERSION)
    (handbook_copy / "sections" / "raad-10.md").unlink()
    assert cache.load_cached(handbook_copy, VERSION) is None


def test_another_program_version_misses(handbook_copy: Path) -> None:
    assert cache.store(load_handbook(handbook_copy), VERSION)
    assert cache.load_cached(handbook_copy, "another") is None


def test_damaged_entries_mean_a_normal_load(handbook_copy: Path) -> None:
    assert cache.store(load_handbook(handbook_copy), VERSION)
    (entry,) = cache.cache_dir().glob("*.json")
    good = entry.read_text(encoding="utf-8")
    for damage in ("", "{", "null", "[]", '{"key": 1}', good[: len(good) // 2], "\x00\xff"):
        entry.write_text(damage, encoding="utf-8", errors="surrogateescape")
        assert cache.load_cached(handbook_copy, VERSION) is None, damage
    entry.write_text(good.replace('"sections": [', '"sections": [{"id": 1}, '), encoding="utf-8")
    assert cache.load_cached(handbook_copy, VERSION) is None


def test_an_unwritable_cache_dir_is_not_an_error(handbook_copy: Path) -> None:
    folder = cache.cache_dir()
    folder.parent.mkdir(parents=True)
    folder.write_text("a file where the folder should be")
    assert cache.store(load_handbook(handbook_copy), VERSION) is False
    assert cache.load_cached(handbook_copy, VERSION) is None


def test_a_missing_folder_has_no_fingerprint(tmp_path: Path) -> None:
    assert cache.fingerprint(tmp_path / "none", VERSION) is None


@pytest.mark.slow
def test_a_warm_start_needs_neither_yaml_nor_markdown_it() -> None:
    program = """
import sys
HEAVY = ("yaml", "markdown_it", "mdit_py_plugins")
from paddehatten.tui.cli import main as cli
from paddehatten.content import cache
args = cli.build_parser().parse_args([])
cache.store(cli.load(args), cli.program_version())
for name in [m for m in sys.modules if m.startswith(HEAVY + ("paddehatten.content.loader",))]:
    del sys.modules[name]
handbook = cli.load_for_reading(args)
from paddehatten.tui.app.app import make_app
make_app(handbook)
heavy = sorted(m for m in sys.modules if m.split(".")[0] in HEAVY)
print(heavy or "clean")
"""
    result = run_python(program)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


def test_an_edit_between_loading_and_storing_is_seen_next_time(handbook_copy: Path) -> None:
    """The key is taken before loading: a file changed after the load (while the app
    paints) must not be cached as the old text under the new file's key."""
    key = cache.fingerprint(handbook_copy, VERSION)
    loaded = load_handbook(handbook_copy)
    path = handbook_copy / "sections" / "raad-4.md"
    path.write_text(path.read_text(encoding="utf-8").replace("ofte", "tit"), encoding="utf-8")
    assert cache.store(loaded, VERSION, key)
    assert cache.load_cached(handbook_copy, VERSION) is None  # the edit is noticed
    assert cache.load_cached(handbook_copy, VERSION, key) == loaded
