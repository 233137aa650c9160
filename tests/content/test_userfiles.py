"""The person's folders: where caches go, atomic writes, and what may be deleted."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paddehatten.content import userfiles


def test_the_cache_variable_names_a_parent_never_the_cache_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(userfiles.CACHE_ENV, str(tmp_path / "Documents"))
    assert userfiles.cache_dir("index") == tmp_path / "Documents" / "paddehatten-cache" / "index"
    monkeypatch.delenv(userfiles.CACHE_ENV)
    assert userfiles.cache_dir("index").parent.name == "paddehatten"


def test_an_atomic_write_leaves_nothing_half_written(tmp_path: Path) -> None:
    target = tmp_path / "a" / "settings.json"
    userfiles.atomic_write(target, b"{}")
    assert target.read_bytes() == b"{}"
    blocker = tmp_path / "b"
    blocker.mkdir()
    (blocker / "settings.json").mkdir()  # a folder where the file should go
    with pytest.raises(OSError):
        userfiles.atomic_write(blocker / "settings.json", b"{}")
    assert [p.name for p in blocker.iterdir()] == ["settings.json"]


def test_a_folder_is_abandoned_only_when_its_maker_is_gone(tmp_path: Path) -> None:
    mine = userfiles.make_owned_dir(tmp_path, ".build-")
    assert userfiles.is_owned(mine)
    assert not userfiles.abandoned(mine)  # this process made it and is alive
    unmarked = tmp_path / ".build-empty"
    unmarked.mkdir()
    os.utime(unmarked, (0, 0))
    # Unmarked is never the program's, however old and empty (README says so).
    assert not userfiles.abandoned(unmarked)
    assert not userfiles.remove_abandoned(unmarked) and unmarked.is_dir()
    full = tmp_path / ".build-full"
    full.mkdir()
    (full / "x").write_text("x")
    os.utime(full, (0, 0))
    assert not userfiles.remove_abandoned(full) and (full / "x").exists()
