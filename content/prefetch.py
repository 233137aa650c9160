"""Loading a handbook on another core while the app's toolkit imports.

With no cache entry, the app's first start must read the YAML and parse every
section's Markdown (the loader, about 35 ms with its imports) and, one after the
other, import the full-screen toolkit (about 100 ms). The two do not depend on each
other, and Python runs one thing at a time per process, so :func:`start` forks a
child that does the loading while the parent goes on importing; :meth:`Loading.result`
then takes the finished handbook from a pipe, in the cache's JSON form, and checks it
the way the cache's entries are checked.

The child is the same program with the same files: it loads with the same loader and
writes to nothing but the pipe (its standard streams go to /dev/null, so not a byte
reaches the terminal). It ends with ``os._exit``: no exit handlers, no flushed
buffers of the parent's. Whenever anything is not as expected (no ``fork`` on this
system, threads running, a child that fails or sends something else), the parent
loads the ordinary way, which also gives the same Danish problems as ever for a
broken handbook: a child never decides what the person sees.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

from paddehatten.content.model import Handbook

#: The most a child may send (the cache's own limit on an entry).
MAX_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024


class Loading:
    """A handbook being loaded: by a child process, or (when there is none) on
    :meth:`result`, in this process."""

    def __init__(
        self, root: Path, key: str | None = None, child: tuple[int, int] | None = None
    ) -> None:
        self.root = root
        #: The cache key of the files, taken before the loading started (cache.store).
        self.key = key
        #: (process id, the pipe's reading end), until :meth:`result` collects them.
        self._child = child

    @property
    def in_child(self) -> bool:
        """Whether a child process is loading it now."""
        return self._child is not None

    def result(self) -> Handbook:
        """The loaded handbook; ContentError, as the loader raises it, when it is broken."""
        handbook = self._collect()
        if handbook is not None:
            return handbook
        from paddehatten.content.loader import load_handbook

        return load_handbook(self.root)

    def _collect(self) -> Handbook | None:
        """What the child sent, checked; None when there is no child or it sent nothing
        usable. Always waits for the child, so it never lingers as a zombie."""
        if self._child is None:
            return None
        pid, reading = self._child
        self._child = None
        data = bytearray()
        try:
            with os.fdopen(reading, "rb", buffering=0) as pipe:
                while len(data) <= MAX_BYTES:
                    chunk = pipe.read(_CHUNK)
                    if not chunk:
                        break
                    data += chunk
        except OSError:
            data.clear()
        finally:
            try:
                _, status = os.waitpid(pid, 0)
            except ChildProcessError:
                status = -1
        if status != 0 or not data or len(data) > MAX_BYTES:
            return None
        from paddehatten.content import cache

        try:
            return cache.from_json(json.loads(data.decode("utf-8")), self.root)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None


def _may_fork() -> bool:
    """Whether forking is available and safe: a POSIX system, and no thread but this one
    (a fork copies only the calling thread; a lock another held would stay locked)."""
    if not hasattr(os, "fork"):
        return False
    threading = sys.modules.get("threading")
    return threading is None or threading.active_count() == 1


def start(root: Path, key: str | None = None) -> Loading:
    """Start loading the handbook in ``root``: in a child process where that is safe,
    else :meth:`Loading.result` loads it in this one."""
    if not _may_fork():
        return Loading(root, key)
    try:
        reading, writing = os.pipe()
    except OSError:
        return Loading(root, key)
    try:
        pid = os.fork()
    except OSError:
        os.close(reading)
        os.close(writing)
        return Loading(root, key)
    if pid == 0:  # the child: never returns
        os.close(reading)
        _load_and_send(root, writing)
    os.close(writing)
    return Loading(root, key, (pid, reading))


def _load_and_send(root: Path, writing: int) -> None:
    """In the child: load, send the handbook's JSON down the pipe, and exit (0 when
    all of it was sent). Nothing it does reaches the terminal or the parent's buffers."""
    status = 1
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        from paddehatten.content import cache
        from paddehatten.content.loader import load_handbook

        body = json.dumps(cache.to_json(load_handbook(root)), ensure_ascii=False)
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(body.encode("utf-8"))
        status = 0
    except BaseException:  # the parent loads again, and reports what went wrong
        pass
    finally:
        os._exit(status)
