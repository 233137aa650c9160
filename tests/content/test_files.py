"""The one reader of content files: regular files only, size-limited, UTF-8, Danish."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from paddehatten.content import files
from paddehatten.content.files import FileProblem, list_folder, read_text


def message(path: Path, limit: int = files.MAX_FILE_BYTES) -> FileProblem:
    with pytest.raises(FileProblem) as raised:
        read_text(path, limit)
    return raised.value


def test_text_is_read_without_its_byte_order_mark(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes("\ufeffhej æøå".encode())
    assert read_text(path) == "hej æøå"


def test_what_is_not_a_regular_file_is_never_read(tmp_path: Path) -> None:
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)  # opening it for reading would wait for a writer forever
    assert "FIFO" in message(fifo).message
    zero = tmp_path / "zero.md"
    zero.symlink_to("/dev/zero")
    assert "enhed" in message(zero).message
    assert "mappe" in message(tmp_path).message
    assert "findes ikke" in message(tmp_path / "absent.md").message


def test_size_nul_and_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"x" * 101)
    assert "for stor" in message(path, limit=100).message
    path.write_bytes(b"en\nto\ntre \xff\n")
    found = message(path)
    assert found.line == 3 and "UTF-8" in found.message
    path.write_bytes(b"en\n\x00")
    found = message(path)
    assert found.line == 2 and "NUL" in found.message


def test_a_folder_listing_names_what_cannot_be_used(tmp_path: Path) -> None:
    (tmp_path / "b.md").write_text("b")
    (tmp_path / "a.md").write_text("a")
    (tmp_path / "c.txt").write_text("c")
    (tmp_path / os.fsdecode(b"\xe6.md")).write_text("x")
    found, bad = list_folder(tmp_path, ".md")
    assert [p.name for p in found] == ["a.md", "b.md"]
    assert bad == [("\\xe6.md", bad[0][1])] and "UTF-8" in bad[0][1]
    with pytest.raises(FileProblem):
        list_folder(tmp_path / "absent", ".md")


def test_os_errors_in_danish() -> None:
    assert (
        files.os_reason(PermissionError(13, "Permission denied"))
        == "du har ikke lov til at læse den"
    )
