"""The person's folders the program writes to, how it writes, and what it may delete.

- :func:`config_dir`: the user config directory (the remembered theme).
- :func:`cache_home`: the user cache directory, or, when ``$PADDEHATTEN_CACHE_DIR``
  names a folder, a subfolder the program makes inside it
  (:data:`OWN_CACHE_FOLDER`): that folder itself may hold anything of the person's.
- :func:`atomic_write`: a file is written to a temporary file beside it and renamed
  into place, so nobody ever reads half of it.
- Trust: a cache folder is used only when :func:`private_dir` finds it owned by the
  person running the program and closed to everyone else (mode 0700, as ssh wants its
  folder), inside a folder nobody else can rename things in. Every cache entry is
  authenticated with :func:`sign` / :func:`verify`: an HMAC-SHA256 with a secret only
  the person can read (:func:`secret`, 32 random bytes kept 0600 in their config
  folder). What fails a check is never unpickled or shown: it is rebuilt.
- Deleting: the program deletes only folders it can prove it made: a folder made by
  :func:`make_owned_dir` holds a marker file (:data:`MARKER`) written right after the
  folder was created, and :func:`remove_owned` refuses anything without it, symlinks
  and plain files included. It works through file descriptors (``O_NOFOLLOW``,
  ``dir_fd``, ``os.scandir(fd)``): the folder whose marker was read is the folder
  emptied, whatever is renamed or swapped for a symlink meanwhile. A marker also says
  which process made the folder, so a build folder left by a killed process
  (:func:`abandoned`) can be told from one that another process is still writing. A
  folder without a marker is never deleted, not even an empty one.
- Lock files (:func:`try_lock`) are opened without following a symlink and without
  waiting on a FIFO, and are used only when they are regular files of the person's.

Never imports Textual; every layer may use it.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import json
import os
import stat
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

#: Environment variable naming a folder under which the caches go (tests use it).
CACHE_ENV = "PADDEHATTEN_CACHE_DIR"
#: The folder the program makes inside $PADDEHATTEN_CACHE_DIR and keeps its caches in.
OWN_CACHE_FOLDER = "paddehatten-cache"
#: The file that marks a folder as made by the program (and so deletable by it).
MARKER = ".lavet-af-paddehatten"
_MARKER_TEXT = "paddehatten"
#: Where :func:`make_owned_dir` makes and marks a folder before renaming it.
STAGING_PREFIX = ".new-"
#: The file in the config folder that holds the secret cache entries are signed with.
SECRET_FILE = "cache-secret"
_SECRET_BYTES = 32
#: Folders inside each other that :func:`remove_owned` follows (a cache entry has 1).
_MAX_DEPTH = 16

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_CLOEXEC = getattr(os, "O_CLOEXEC", 0)
#: Whether deleting can go through folder descriptors (not on Windows).
_FD_DELETE = os.unlink in os.supports_dir_fd and os.scandir in os.supports_fd


class UntrustedFolder(OSError):
    """A cache folder that is not the person's own and closed to others."""


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


# -- Folders only the person can write to -------------------------------------------


def _euid() -> int:
    geteuid = getattr(os, "geteuid", None)
    return int(geteuid()) if geteuid is not None else -1


def _check_private(info: os.stat_result, shown: Path) -> None:
    if not stat.S_ISDIR(info.st_mode):
        raise UntrustedFolder(f"{shown} er ikke en mappe")
    if _euid() >= 0 and info.st_uid != _euid():
        raise UntrustedFolder(f"{shown} tilhører en anden bruger")
    if _euid() >= 0 and info.st_mode & 0o077:
        raise UntrustedFolder(f"{shown} kan læses eller ændres af andre")


def _check_parent(folder: Path) -> None:
    """Nobody else may rename things in the folder ``folder`` is in: it is the
    person's or root's, and writable by others only with the sticky bit (as /tmp)."""
    if _euid() < 0:
        return
    info = os.stat(folder.parent)
    if info.st_uid not in (0, _euid()):
        raise UntrustedFolder(f"{folder.parent} tilhører en anden bruger")
    if info.st_mode & 0o022 and not info.st_mode & stat.S_ISVTX:
        raise UntrustedFolder(f"andre kan ændre i {folder.parent}")


def private_dir(folder: Path) -> Path:
    """``folder``, made (mode 0700) when missing, once it is a real folder (not a
    symlink) owned by the person running the program that no one else may read or
    write, in a folder where no one else may rename it. A folder of the person's own
    that is merely open to others is closed (0700) first; anything else raises
    :class:`UntrustedFolder` (an OSError), and the caller keeps its cache in memory."""
    folder = Path(os.path.abspath(folder))
    if not folder.parent.exists():
        folder.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    _check_parent(folder)
    with contextlib.suppress(FileExistsError):
        os.mkdir(folder, 0o700)
    fd = os.open(folder, os.O_RDONLY | _NOFOLLOW | _DIRECTORY | _CLOEXEC)
    try:
        info = os.fstat(fd)
        if (
            _euid() >= 0
            and stat.S_ISDIR(info.st_mode)
            and info.st_uid == _euid()
            and info.st_mode & 0o077
            and hasattr(os, "fchmod")
        ):
            os.fchmod(fd, 0o700)
            info = os.fstat(fd)
        _check_private(info, folder)
    finally:
        os.close(fd)
    return folder


def private_cache_dir(part: str) -> Path:
    """The cache folder ``part``, checked with :func:`private_dir` together with the
    folder it is in (the program's cache home); OSError when it cannot be trusted."""
    home = private_dir(cache_home())
    return private_dir(home / part)


# -- Signing cache entries ------------------------------------------------------------


def secret() -> bytes:
    """The person's secret for signing cache entries; made on first use.

    Kept in the config folder (never in a cache folder a variable may point anywhere),
    opened without following links, and used only when it is a regular file of the
    person's that nobody else can read. OSError when there is none to be had.
    """
    path = config_dir() / SECRET_FILE
    for _ in range(2):
        try:
            fd = os.open(path, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC)
        except FileNotFoundError:
            _make_secret(path)
            continue
        try:
            info = os.fstat(fd)
            if not stat.S_ISREG(info.st_mode) or info.st_size != _SECRET_BYTES:
                raise UntrustedFolder(f"{path} er ikke programmets hemmelige nøgle")
            if _euid() >= 0 and (info.st_uid != _euid() or info.st_mode & 0o077):
                raise UntrustedFolder(f"{path} er ikke kun din")
            data = os.read(fd, _SECRET_BYTES + 1)
        finally:
            os.close(fd)
        if len(data) != _SECRET_BYTES:
            raise UntrustedFolder(f"{path} er ikke programmets hemmelige nøgle")
        return data
    raise UntrustedFolder(f"{path} kunne ikke laves")


def _make_secret(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    import secrets  # once per person: not on every start

    data = secrets.token_bytes(_SECRET_BYTES)
    handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        # Linked, not renamed: when two processes make one at once, the first wins
        # and the second uses it.
        with contextlib.suppress(FileExistsError):
            os.link(temporary, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(temporary)


def sign(data: bytes, key: bytes) -> str:
    """The HMAC-SHA256 of ``data`` under ``key``, in hex."""
    return hmac.new(key, data, hashlib.sha256).hexdigest()


def verify(data: bytes, signature: object, key: bytes) -> bool:
    """Whether ``signature`` is :func:`sign` of ``data`` (compared in constant time)."""
    return isinstance(signature, str) and hmac.compare_digest(sign(data, key), signature)


# -- Lock files -----------------------------------------------------------------------


@contextlib.contextmanager
def try_lock(path: Path) -> Iterator[str | None]:
    """Hold the lock file ``path`` for the block: yields None when it is held, else
    why not (held by another process, or not a regular file of the person's). Never
    waits, never follows a symlink, never opens a FIFO for good."""
    try:
        fd = os.open(path, os.O_RDWR | os.O_CREAT | _NOFOLLOW | _NONBLOCK | _CLOEXEC, 0o600)
    except OSError as error:
        yield f"lock file: {error.strerror or type(error).__name__}"
        return
    try:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or (_euid() >= 0 and info.st_uid != _euid()):
            yield "lock file is not a regular file of ours"
            return
        try:
            import fcntl

            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except ImportError:  # Windows
            import msvcrt

            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            except OSError:
                yield "another process holds the lock"
                return
        except OSError:
            yield "another process holds the lock"
            return
        yield None
    finally:
        os.close(fd)


# -- Folders the program made, and may delete ---------------------------------------


def _marker_text() -> str:
    import socket  # only where a folder is made: not on every start

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
    program's own. OSError when it cannot be made or marked.

    It is made and marked under a staging name (:data:`STAGING_PREFIX`) and then
    renamed: a folder named ``prefix…`` always holds its marker, even when the process
    is killed in between. (The staging folder such a kill leaves is empty, and never
    deleted: it has no marker.)"""
    staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=parent))
    folder = staging.with_name(prefix + staging.name[len(STAGING_PREFIX) :])
    try:
        fd = os.open(
            staging / MARKER, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _NOFOLLOW | _CLOEXEC, 0o600
        )
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            out.write(_marker_text())
        os.rename(staging, folder)
    except OSError:
        with contextlib.suppress(OSError):
            (staging / MARKER).unlink()
        with contextlib.suppress(OSError):
            staging.rmdir()
        raise
    return folder


def _open_folder(folder: Path) -> tuple[int, int]:
    """(descriptor of the folder ``folder`` is in, descriptor of ``folder`` itself),
    the second opened relative to the first without following a symlink."""
    parent = os.open(folder.parent, os.O_RDONLY | _DIRECTORY | _CLOEXEC)
    try:
        fd = os.open(folder.name, os.O_RDONLY | _NOFOLLOW | _DIRECTORY | _CLOEXEC, dir_fd=parent)
    except BaseException:
        os.close(parent)
        raise
    return parent, fd


def _marker_at(fd: int) -> dict[str, object] | None:
    """The marker in the open folder ``fd``: a small regular file, not a link."""
    try:
        if not stat.S_ISDIR(os.fstat(fd).st_mode):
            return None
        handle = os.open(MARKER, os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _CLOEXEC, dir_fd=fd)
        try:
            info = os.fstat(handle)
            if not stat.S_ISREG(info.st_mode) or info.st_size > 4096:
                return None
            data = json.loads(os.read(handle, 4097).decode("utf-8"))
        finally:
            os.close(handle)
    except (OSError, ValueError, UnicodeDecodeError):
        return None
    if not isinstance(data, dict) or data.get("made_by") != _MARKER_TEXT:
        return None
    return data


def _marker(folder: Path) -> dict[str, object] | None:
    """The marker of ``folder`` when it is a real folder (not a symlink) the program
    made; None otherwise."""
    if not _FD_DELETE:
        return _marker_by_path(folder)
    try:
        parent, fd = _open_folder(folder)
    except OSError:
        return None
    try:
        return _marker_at(fd)
    finally:
        os.close(fd)
        os.close(parent)


def _marker_by_path(folder: Path) -> dict[str, object] | None:
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

    True when it is gone. The folder is opened once, without following a symlink, its
    marker read through that descriptor, and everything below it removed relative to
    descriptors: a folder swapped for a symlink meanwhile is never followed. The
    marker goes last, so a removal cut short leaves a folder that is still known as
    the program's own.
    """
    if not _FD_DELETE:
        return _remove_owned_by_path(folder)
    try:
        parent, fd = _open_folder(folder)
    except OSError:
        return False
    try:
        if _marker_at(fd) is None:
            return False
        with contextlib.suppress(OSError):
            _empty(fd, 0, keep=MARKER)
            os.unlink(MARKER, dir_fd=fd)
            # rmdir only ever removes an empty folder: whatever stands at the name
            # now, nothing of anyone's is lost.
            os.rmdir(folder.name, dir_fd=parent)
    finally:
        os.close(fd)
        os.close(parent)
    return not os.path.lexists(folder)


def _empty(fd: int, depth: int, keep: str | None = None) -> None:
    """Remove everything in the open folder ``fd`` (its folders through their own
    descriptors, never following a link); what cannot be removed stays."""
    if depth > _MAX_DEPTH:
        raise OSError("folders nested too deep")
    with os.scandir(fd) as listing:
        names = [(entry.name, entry.is_dir(follow_symlinks=False)) for entry in listing]
    for name, is_dir in names:
        if name == keep:
            continue
        with contextlib.suppress(OSError):
            if not is_dir:
                os.unlink(name, dir_fd=fd)
                continue
            child = os.open(name, os.O_RDONLY | _NOFOLLOW | _DIRECTORY | _CLOEXEC, dir_fd=fd)
            try:
                _empty(child, depth + 1)
            finally:
                os.close(child)
            os.rmdir(name, dir_fd=fd)


def _remove_owned_by_path(folder: Path) -> bool:
    """Windows: no descriptors for folders; a path at a time (symlinks not followed)."""
    import shutil

    if _marker_by_path(folder) is None:
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
    (killed while building, say): safe to delete. Unknown makers are never abandoned,
    and a folder without a marker is never the program's, empty or not."""
    import socket

    marker = _marker(folder)
    if marker is None:
        return False
    pid, host = marker.get("pid"), marker.get("host")
    if not isinstance(pid, int) or host != socket.gethostname():
        return False
    return pid != os.getpid() and not _alive(pid)


def remove_abandoned(folder: Path) -> bool:
    """Delete ``folder`` if it is :func:`abandoned`; never raises."""
    if not abandoned(folder):
        return False
    return remove_owned(folder)
