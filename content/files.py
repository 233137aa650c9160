"""The one way the program reads a content file, or a folder of them.

Every content file (``handbook.yaml``, ``sections/*.md``, ``trees/*.yaml``) and every
cache file is read here: regular files only (a FIFO, ``/dev/zero`` or a symlink to a
device is refused before a byte is read, so nothing hangs or fills the memory), at
most :data:`MAX_FILE_BYTES`, UTF-8 without NUL bytes, and given back as text only:
control characters removed by :func:`paddehatten.content.safetext.safe_text` (``check``
reports them from the bytes), so nothing the program shows of a file can order a
terminal about. What goes wrong comes back as a
:class:`FileProblem` with a Danish sentence (and a line, when there is one), never as
an ``OSError`` or a ``UnicodeDecodeError``.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from paddehatten.content.safetext import has_control, safe_text

#: The largest content file read (bytes). The whole adopted guideline is about 6 KB;
#: a maintainer's file a thousand times that size is not a handbook file.
MAX_FILE_BYTES = 4 * 1024 * 1024
#: The most files a content folder (``sections/``, ``trees/``) may hold.
MAX_FOLDER_FILES = 20_000

_OPEN_FLAGS = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)


class FileProblem(Exception):
    """A content file or folder could not be read: ``message`` says why, in Danish."""

    def __init__(self, message: str, line: int = 0) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


def os_reason(error: OSError) -> str:
    """An operating system error in Danish words."""
    reasons = {
        errno.EACCES: "du har ikke lov til at læse den",
        errno.EPERM: "du har ikke lov til at læse den",
        errno.ENOENT: "den findes ikke",
        errno.ENOTDIR: "en del af stien er ikke en mappe",
        errno.ELOOP: "den er et symbolsk link i ring",
        errno.EISDIR: "den er en mappe",
        errno.ENAMETOOLONG: "navnet er for langt",
        errno.EIO: "disken kunne ikke læses",
        errno.ENOSPC: "disken er fuld",
        errno.EROFS: "disken er skrivebeskyttet",
        errno.EMFILE: "der er åbnet for mange filer",
    }
    return reasons.get(error.errno or 0, f"systemfejl nr. {error.errno}")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "en mappe"
    if stat.S_ISFIFO(mode):
        return "en navngiven pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "en enhed (device)"
    if stat.S_ISSOCK(mode):
        return "en socket"
    return "ikke en almindelig fil"


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of the regular file ``path`` (symlinks followed), at most ``limit``."""
    try:
        fd = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        raise FileProblem(f"filen kan ikke læses: {os_reason(error)}") from None
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise FileProblem(f"det er {_kind(info.st_mode)}, ikke en tekstfil; den læses ikke")
        if info.st_size > limit:
            raise FileProblem(_too_big(info.st_size, limit))
        chunks: list[bytes] = []
        size = 0
        while True:
            chunk = os.read(fd, min(1 << 20, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
            if size > limit:  # it grew while we read it
                raise FileProblem(_too_big(size, limit))
        return b"".join(chunks)
    except OSError as error:
        raise FileProblem(f"filen kan ikke læses: {os_reason(error)}") from None
    finally:
        os.close(fd)


def _too_big(size: int, limit: int) -> str:
    return (
        f"filen er for stor ({size / 1_048_576:.1f} MB); en indholdsfil må højst være "
        f"{limit // 1_048_576} MB"
    )


def decode(data: bytes) -> str:
    """UTF-8 text (a byte order mark dropped); FileProblem with the line otherwise."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FileProblem(
            "filen er ikke UTF-8-tekst; gem den som UTF-8 og prøv igen", line
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise FileProblem("filen indeholder en NUL-byte; den er ikke en tekstfil", line)
    return safe_text(text.removeprefix("\ufeff"))


def read_text(path: Path, limit: int = MAX_FILE_BYTES) -> str:
    """The UTF-8 text of the regular file ``path``; FileProblem when it cannot be."""
    return decode(read_bytes(path, limit))


def kind_of(path: Path) -> str | None:
    """ "dir", "file" or "other" for what ``path`` is (symlinks followed); None when
    nothing is there. FileProblem when it cannot be told (no permission, say)."""
    try:
        mode = os.stat(path).st_mode
    except FileNotFoundError:
        return None
    except NotADirectoryError:
        return None
    except OSError as error:
        raise FileProblem(f"kan ikke undersøges: {os_reason(error)}") from None
    if stat.S_ISDIR(mode):
        return "dir"
    if stat.S_ISREG(mode):
        return "file"
    return "other"


def list_folder(folder: Path, suffix: str) -> tuple[list[Path], list[tuple[str, str]]]:
    """The entries of ``folder`` whose names end in ``suffix`` (sorted by name), and
    (name, problem) for entries that cannot be used: names that are not UTF-8.

    Raises FileProblem when the folder cannot be listed or holds too many files.
    Entries that are not regular files are listed: reading them says what they are.
    """
    found: list[Path] = []
    bad: list[tuple[str, str]] = []
    try:
        with os.scandir(folder) as entries:
            for count, entry in enumerate(entries):
                if count >= MAX_FOLDER_FILES:
                    raise FileProblem(
                        f"mappen har mere end {MAX_FOLDER_FILES} filer; så mange læses ikke"
                    )
                if not entry.name.endswith(suffix):
                    continue
                try:
                    entry.name.encode("utf-8")
                except UnicodeEncodeError:
                    bad.append(
                        (
                            printable(entry.name),
                            "filnavnet er ikke UTF-8; giv filen et navn med almindelige bogstaver",
                        )
                    )
                    continue
                found.append(Path(entry.path))
    except OSError as error:
        raise FileProblem(f"mappen kan ikke læses: {os_reason(error)}") from None
    return sorted(found), bad


def printable(text: str) -> str:
    """``text`` (a file name, a path) on one line, with what cannot be printed as
    UTF-8 (bytes of a non-UTF-8 file name) shown as ``\\xNN`` and control characters
    shown as ``\\xNN`` too: a file name can hold an ESC."""
    try:
        text = text.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")
    except UnicodeEncodeError:
        text = text.encode("utf-8", "backslashreplace").decode("utf-8")
    if has_control(text) or any(c in text for c in "\n\r\t"):
        text = "".join(_escaped(c) for c in text)
    return safe_text(text, one_line=True)


def _escaped(char: str) -> str:
    if not has_control(char) and char not in "\n\r\t":
        return char
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"
