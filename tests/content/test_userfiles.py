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


def test_a_cache_folder_of_ours_open_to_others_is_closed_first(tmp_path: Path) -> None:
    folder = tmp_path / "cache"
    folder.mkdir(mode=0o777)
    folder.chmod(0o777)
    assert userfiles.private_dir(folder) == folder
    assert folder.stat().st_mode & 0o777 == 0o700


def test_a_cache_folder_where_others_may_rename_it_is_refused(tmp_path: Path) -> None:
    open_parent = tmp_path / "alle-kan-skrive"
    open_parent.mkdir()
    open_parent.chmod(0o777)  # writable by all, no sticky bit: not like /tmp
    with pytest.raises(userfiles.UntrustedFolder):
        userfiles.private_dir(open_parent / "cache")


def test_a_symlink_as_the_cache_folder_is_refused(tmp_path: Path) -> None:
    (tmp_path / "andet").mkdir(mode=0o700)
    (tmp_path / "cache").symlink_to(tmp_path / "andet")
    with pytest.raises(OSError):
        userfiles.private_dir(tmp_path / "cache")


def test_the_secret_is_the_users_alone_and_signs(private_config: Path) -> None:
    key = userfiles.secret()
    assert userfiles.secret() == key and len(key) == 32
    stored = private_config / "paddehatten" / userfiles.SECRET_FILE
    assert stored.stat().st_mode & 0o077 == 0
    signature = userfiles.sign(b"data", key)
    assert userfiles.verify(b"data", signature, key)
    assert not userfiles.verify(b"date", signature, key)
    stored.chmod(0o644)  # readable by others: no longer a secret
    with pytest.raises(userfiles.UntrustedFolder):
        userfiles.secret()
