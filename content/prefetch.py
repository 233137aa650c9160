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

import contextlib
import json
import os
import select
import signal
import sys
from pathlib import Path

from paddehatten.content.model import Handbook

#: The most a child may send (the cache's own limit on an entry).
MAX_BYTES = 256 * 1024 * 1024
_CHUNK = 1024 * 1024
#: Seconds the parent waits for a child that sends nothing (a 10,000-section handbook
#: loads in about 3 s) before it ends the child and loads the handbook itself.
STALLED = 60.0


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

    def close(self) -> None:
        """Give up on the child, if :meth:`result` has not collected it: end it and wait
        for it (a program that fails before it needs the handbook leaves no process and
        no open pipe behind). Safe to call at any time, and again."""
        if self._child is None:
            return
        pid, reading = self._child
        self._child = None
        os.close(reading)
        with contextlib.suppress(OSError):
            os.kill(pid, signal.SIGKILL)
        _reap(pid)

    def _collect(self) -> Handbook | None:
        """What the child sent, checked; None when there is no child or it sent nothing
        usable. Always waits for the child, so it never lingers as a zombie."""
        if self._child is None:
            return None
        pid, reading = self._child
        self._child = None
        data = bytearray()
        complete = False
        try:
            with os.fdopen(reading, "rb", buffering=0) as pipe:
                while len(data) <= MAX_BYTES:
                    # A child that stops sending (stopped, or stuck) must not hang the
                    # start: after STALLED seconds without a byte it is ended, and the
                    # handbook loads here.
                    ready, _, _ = select.select([pipe], [], [], STALLED)
                    if not ready:
                        break
                    chunk = pipe.read(_CHUNK)
                    if not chunk:
                        complete = True
                        break
                    data += chunk
        except OSError:
            pass
        if not complete:
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)
        # No status (SIGCHLD ignored by whoever started us: the kernel reaps children
        # itself) counts as a failure: the handbook is then loaded here, the same way.
        if _reap(pid) != 0 or not complete or not data:
            return None
        from paddehatten.content import cache

        try:
            return cache.from_json(json.loads(data.decode("utf-8")), self.root)
        except (ValueError, KeyError, TypeError, AttributeError, RecursionError):
            return None


def _reap(pid: int) -> int:
    """Wait for the child ``pid``; its exit status (-1 when there is none to have)."""
    try:
        _, status = os.waitpid(pid, 0)
    except ChildProcessError:
        return -1
    return status


def _may_fork() -> bool:
    """Whether forking is available and safe: a POSIX system, and no thread but this one
    (a fork copies only the calling thread; a lock another held would stay locked)."""
    if not hasattr(os, "fork") or not hasattr(signal, "pthread_sigmask"):
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
    # Ctrl+C waits until the child is its own: a KeyboardInterrupt raised in the child
    # before its streams are quiet would print a traceback, or run the program on in
    # the child's copy of it.
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        pid = os.fork()
    except OSError:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(reading)
        os.close(writing)
        return Loading(root, key)
    if pid == 0:  # the child: never returns
        try:
            os.close(reading)
            _load_and_send(root, writing, blocked)
        finally:
            os._exit(1)
    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    os.close(writing)
    return Loading(root, key, (pid, reading))


def _load_and_send(root: Path, writing: int, signals: set[int | signal.Signals]) -> None:
    """In the child: load, send the handbook's JSON down the pipe, and exit (0 when
    all of it was sent). Nothing it does reaches the terminal or the parent's buffers.
    ``signals``: the signal mask to restore once the streams are quiet."""
    status = 1
    try:
        quiet = os.open(os.devnull, os.O_RDWR)
        for stream in (0, 1, 2):
            os.dup2(quiet, stream)
        signal.pthread_sigmask(signal.SIG_SETMASK, signals)  # Ctrl+C ends it from now
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
