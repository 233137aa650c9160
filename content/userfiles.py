"""The person's folders the program writes to, how it writes, and what it may delete.

- :func:`config_dir`: the user config directory (the remembered theme).
- :func:`cache_home`: the user cache directory, or, when ``$PADDEHATTEN_CACHE_DIR``
  names a folder, a subfolder the program makes inside it
  (:data:`OWN_CACHE_FOLDER`): that folder itself may hold anything of the person's.
- :func:`atomic_write`: a file is written to a temporary file beside it and renamed
  into place, so nobody ever reads half of it.
- Deleting: the program deletes only folders it can prove it made: a folder made by
  :func:`make_owned_dir` holds a marker file (:data:`MARKER`) written right after the
  folder was created, and :func:`remove_owned` refuses anything without it, symlinks
  and plain files included. A marker also says which process made the folder, so a
  build folder left by a killed process (:func:`abandoned`) can be told from one that
  another process is still writing.

Never imports Textual; every layer may use it.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import socket
import tempfile
import time
from pathlib import Path

#: Environment variable naming a folder under which the caches go (tests use it).
CACHE_ENV = "PADDEHATTEN_CACHE_DIR"
#: The folder the program makes inside $PADDEHATTEN_CACHE_DIR and keeps its caches in.
OWN_CACHE_FOLDER = "paddehatten-cache"
#: The file that marks a folder as made by the program (and so deletable by it).
MARKER = ".lavet-af-paddehatten"
_MARKER_TEXT = "paddehatten"
#: A marker-less empty build folder (its maker was stopped before writing the marker)
#: younger than this may still be getting its marker.
_UNMARKED_GRACE_SECONDS = 60.0


def config_dir() -> Path:
    """Where the person's settings go (platformdirs' user config directory)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("paddehatten", appauthor=False))


def cache_home() -> Path:
    """The folder all caches go in; not created here."""
    named = os.environ.get(CACHE_ENV)
    if named:
        return Path(named) / OWN_CACHE_FOLDER
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("paddehatten", appauthor=False))


def cache_dir(part: str) -> Path:
    """The cache folder ``part`` ("handbooks", "index"), inside :func:`cache_home`."""
    return cache_home() / part


def atomic_write(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file renamed into place.

    Makes the missing folders; raises OSError when it cannot. The temporary file is
    the program's own: it is removed when anything fails.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", suffix=".part", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


# -- Folders the program made, and may delete ---------------------------------------


def _marker_text() -> str:
    return json.dumps(
        {
            "made_by": _MARKER_TEXT,
            "pid": os.getpid(),
            "host": socket.gethostname(),
            "time": time.time(),
        }
    )


def make_owned_dir(parent: Path, prefix: str) -> Path:
    """A new folder in ``parent`` (named ``prefix`` + random letters), marked as the
    program's own. OSError when it cannot be made or marked."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
    try:
        (folder / MARKER).write_text(_marker_text(), encoding="utf-8")
    except OSError:
        with contextlib.suppress(OSError):
            folder.rmdir()
        raise
    return folder


def _marker(folder: Path) -> dict[str, object] | None:
    """The marker of ``folder`` when it is a real folder (not a symlink) the program
    made; None otherwise."""
    try:
        if folder.is_symlink() or not folder.is_dir():
            return None
        marker = folder / MARKER
        if marker.is_symlink() or not marker.is_file() or marker.stat().st_size > 4096:
            return None
        data = json.loads(marker.read_text(encoding="utf-8"))
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("made_by") != _MARKER_TEXT:
        return None
    return data


def is_owned(folder: Path) -> bool:
    """True when ``folder`` is a folder the program made (it holds the marker)."""
    return _marker(folder) is not None


def remove_owned(folder: Path) -> bool:
    """Delete ``folder`` and what is in it, only if the program made it; never raises.

    True when it is gone. The marker goes last, so a removal cut short leaves a
    folder that is still known as the program's own.
    """
    if _marker(folder) is None:
        return False
    for entry in _entries(folder):
        if entry.name == MARKER:
            continue
        with contextlib.suppress(OSError):
            if entry.is_dir() and not entry.is_symlink():
                shutil.rmtree(entry)
            else:
                entry.unlink()
    with contextlib.suppress(OSError):
        (folder / MARKER).unlink()
        folder.rmdir()
    return not folder.exists()


def _entries(folder: Path) -> list[Path]:
    try:
        return list(folder.iterdir())
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True
    return True


def abandoned(folder: Path) -> bool:
    """True for a folder the program made in a process on this machine that is gone
    (killed while building, say): safe to delete. Unknown makers are never abandoned.

    An empty folder without a marker counts too, once it is old enough: it is what a
    process killed between making the folder and marking it leaves, and removing an
    empty folder loses nothing.
    """
    marker = _marker(folder)
    if marker is None:
        return _old_and_empty(folder)
    pid, host = marker.get("pid"), marker.get("host")
    if not isinstance(pid, int) or host != socket.gethostname():
        return False
    return pid != os.getpid() and not _alive(pid)


def _old_and_empty(folder: Path) -> bool:
    try:
        if folder.is_symlink() or not folder.is_dir() or any(folder.iterdir()):
            return False
        return time.time() - folder.stat().st_mtime > _UNMARKED_GRACE_SECONDS
    except OSError:
        return False


def remove_abandoned(folder: Path) -> bool:
    """Delete ``folder`` if it is :func:`abandoned`; never raises."""
    if not abandoned(folder):
        return False
    if not is_owned(folder):
        with contextlib.suppress(OSError):
            folder.rmdir()  # only ever succeeds on an empty folder
        return not folder.exists()
    return remove_owned(folder)
