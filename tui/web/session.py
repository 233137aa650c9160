"""One browser tab's app process: started, fed, bounded and always stopped.

The app speaks Textual's web-driver protocol on its standard streams: it writes a
``__GANGLION__`` line, then packets of one type byte (``D`` screen data, ``M`` JSON
meta, ``P`` packed binary), a four-byte big-endian length and the payload; it reads
the same framing, ``D`` for keys and ``M`` for resize, focus, blur and quit.

What one session may cost is bounded here: the size it may ask for, how much and how
often it may type, the address space of its process (POSIX), and how long it may sit
unused. Its process dies with the server (Linux: ``PR_SET_PDEATHSIG``) and is always
stopped when the tab goes: quit, then terminate, then kill.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import signal
import sys
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field

from paddehatten.tui.web.config import MAX_COLUMNS, MAX_ROWS, MIN_COLUMNS, MIN_ROWS

#: The largest text a browser message may carry to the app in one go (a paste of a
#: few lines into the search field is far below it).
MAX_STDIN_CHARS = 4096
#: The largest screen packet an app may send (a full 500 x 200 screen of styled cells
#: is below it); larger means the protocol has gone wrong, and the session ends.
MAX_PACKET = 16 * 1024 * 1024
#: Seconds the app has to quit by itself, then to end on SIGTERM, before SIGKILL.
QUIT_GRACE = 2.0
TERM_GRACE = 2.0
#: Linux prctl option: the signal the process gets when its parent dies.
PR_SET_PDEATHSIG = 1
#: The app lays its screen out anew on every resize: at most one per this many seconds
#: reaches it (the last size wins), so a flood of resizes costs it next to nothing.
RESIZE_INTERVAL = 0.5


def clamp_size(width: object, height: object) -> tuple[int, int]:
    """A screen size the app may be given: integers, within the bounds."""
    columns = width if isinstance(width, int) and not isinstance(width, bool) else 80
    rows = height if isinstance(height, int) and not isinstance(height, bool) else 24
    return (
        min(max(columns, MIN_COLUMNS), MAX_COLUMNS),
        min(max(rows, MIN_ROWS), MAX_ROWS),
    )


@dataclass
class TokenBucket:
    """At most ``rate`` per second on average, ``burst`` at once."""

    rate: float
    burst: float
    tokens: float = field(init=False)
    stamp: float = field(init=False)

    def __post_init__(self) -> None:
        self.tokens = self.burst
        self.stamp = time.monotonic()

    def take(self, amount: float) -> bool:
        now = time.monotonic()
        self.tokens = min(self.burst, self.tokens + max(now - self.stamp, 0.0) * self.rate)
        self.stamp = now
        if amount > self.tokens:
            return False
        self.tokens -= amount
        return True


def asked_size(text: str) -> tuple[int, int] | None:
    """The size in a browser's ``["resize", {"width": …, "height": …}]`` message, clamped;
    None for any other message."""
    if len(text) > 256:
        return None
    try:
        envelope = json.loads(text)
    except ValueError:
        return None
    if (
        isinstance(envelope, list)
        and len(envelope) == 2
        and envelope[0] == "resize"
        and isinstance(envelope[1], dict)
    ):
        return clamp_size(envelope[1].get("width"), envelope[1].get("height"))
    return None


def encode_packet(kind: bytes, payload: bytes) -> bytes:
    return kind + len(payload).to_bytes(4, "big") + payload


def child_setup(memory_bytes: int) -> Callable[[], None] | None:
    """What a new app process runs before its program (POSIX): the memory limit, and on
    Linux the signal that ends it if the server dies. None on Windows."""
    if os.name != "posix":
        return None
    import resource

    prctl: Callable[..., int] | None = None
    if sys.platform.startswith("linux"):
        import ctypes

        with contextlib.suppress(OSError, AttributeError):
            prctl = ctypes.CDLL(None, use_errno=True).prctl
    parent = os.getpid()

    def setup() -> None:  # runs in the forked child: no imports, nothing that locks
        with contextlib.suppress(OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_AS, (memory_bytes, memory_bytes))
        if prctl is not None:
            prctl(PR_SET_PDEATHSIG, int(signal.SIGKILL), 0, 0, 0)
            if os.getppid() != parent:  # the server died before the line above
                os._exit(1)

    return setup


class AppSession:
    """The app process behind one websocket."""

    def __init__(
        self,
        command: list[str],
        *,
        environment: dict[str, str],
        memory_bytes: int,
        send_bytes: Callable[[bytes], Awaitable[None]],
        send_text: Callable[[str], Awaitable[None]],
    ) -> None:
        self.command = command
        self.environment = environment
        self.memory_bytes = memory_bytes
        self.send_bytes = send_bytes
        self.send_text = send_text
        self.process: asyncio.subprocess.Process | None = None
        #: When the person last typed or clicked (for the idle timeout).
        self.last_input = time.monotonic()
        #: How much the browser may send: bytes of keys, and messages of any kind.
        self.key_budget = TokenBucket(rate=8192, burst=16384)
        self.message_budget = TokenBucket(rate=100, burst=200)
        self.dropped = 0
        self.stderr_tail = b""
        #: The size the app has, and one the browser asked for that it has not got yet.
        self.size: tuple[int, int] | None = None
        self.pending_size: tuple[int, int] | None = None
        self.resizes_sent = 0
        self._resize_task: asyncio.Task[None] | None = None
        self._last_resize = 0.0
        self._stopped = asyncio.Event()
        self._stopping = False

    @property
    def pid(self) -> int | None:
        return self.process.pid if self.process is not None else None

    async def start(self, width: int, height: int) -> None:
        columns, rows = clamp_size(width, height)
        self.size = (columns, rows)
        environment = {**self.environment, "COLUMNS": str(columns), "ROWS": str(rows)}
        kwargs: dict[str, object] = {}
        setup = child_setup(self.memory_bytes)
        if setup is not None:
            kwargs["preexec_fn"] = setup
        self.process = await asyncio.create_subprocess_exec(
            *self.command,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
            env=environment,
            **kwargs,  # type: ignore[arg-type]
        )

    async def pump(self) -> None:
        """Carry the app's screen to the browser until the app ends or goes wrong."""
        assert self.process is not None and self.process.stdout is not None
        stdout = self.process.stdout
        stderr_task = asyncio.create_task(self._drain_stderr())
        try:
            for _ in range(10):  # the app's first lines, before its protocol starts
                line = await stdout.readline()
                if not line or line == b"__GANGLION__\n":
                    break
            while True:
                head = await stdout.readexactly(5)
                kind, size = head[:1], int.from_bytes(head[1:], "big")
                if size > MAX_PACKET:
                    return
                payload = await stdout.readexactly(size)
                if kind == b"D":
                    await self.send_bytes(payload)
                elif kind == b"M" and _meta_type(payload) == "exit":
                    return
                # "P" (file deliveries) and other metas: this app delivers no files.
        except (asyncio.IncompleteReadError, ValueError, ConnectionError):
            return
        finally:
            stderr_task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await stderr_task

    async def _drain_stderr(self) -> None:
        assert self.process is not None and self.process.stderr is not None
        while chunk := await self.process.stderr.read(4096):
            self.stderr_tail = (self.stderr_tail + chunk)[-4096:]

    async def handle(self, text: str) -> None:
        """One message from the browser: ``["stdin", "…"]``, ``["resize", {...}]``,
        ``["ping", "…"]``, ``["focus"]`` or ``["blur"]``. Anything else, anything too
        big and anything beyond the budgets is dropped."""
        if not self.message_budget.take(1):
            self.dropped += 1
            return
        try:
            envelope = json.loads(text)
        except ValueError:
            return
        if not isinstance(envelope, list) or not envelope or not isinstance(envelope[0], str):
            return
        kind, data = envelope[0], envelope[1] if len(envelope) > 1 else None
        if kind == "stdin" and isinstance(data, str):
            if len(data) > MAX_STDIN_CHARS or not self.key_budget.take(len(data)):
                self.dropped += 1
                return
            self.last_input = time.monotonic()
            await self._write(encode_packet(b"D", data.encode("utf-8", "replace")))
        elif kind == "resize" and isinstance(data, dict):
            self.pending_size = clamp_size(data.get("width"), data.get("height"))
            if self._resize_task is None or self._resize_task.done():
                self._resize_task = asyncio.create_task(self._pass_resize())
        elif kind == "ping" and isinstance(data, str) and len(data) <= 32:
            await self.send_text(json.dumps(["pong", data]))
        elif kind in ("focus", "blur"):
            await self._meta({"type": kind})

    async def _pass_resize(self) -> None:
        """Give the app the latest size asked for, at most once per RESIZE_INTERVAL."""
        while self.pending_size is not None:
            wait = self._last_resize + RESIZE_INTERVAL - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            size, self.pending_size = self.pending_size, None
            if size is None or size == self.size:
                continue
            self.size = size
            self._last_resize = time.monotonic()
            self.resizes_sent += 1
            await self._meta({"type": "resize", "width": size[0], "height": size[1]})

    async def _meta(self, data: dict[str, object]) -> None:
        await self._write(encode_packet(b"M", json.dumps(data).encode("utf-8")))

    async def _write(self, packet: bytes) -> None:
        if self.process is None or self.process.stdin is None or self._stopping:
            return
        try:
            self.process.stdin.write(packet)
            await self.process.stdin.drain()
        except (ConnectionError, RuntimeError):
            pass

    async def stop(self) -> None:
        """End the app: ask it to quit, then SIGTERM, then SIGKILL; wait for it."""
        if self._stopping:
            await self._stopped.wait()
            return
        if self._resize_task is not None:
            self._resize_task.cancel()
        process = self.process
        if process is None:
            self._stopping = True
            self._stopped.set()
            return
        with contextlib.suppress(TimeoutError, ConnectionError, RuntimeError):
            if process.returncode is None and process.stdin is not None:
                process.stdin.write(encode_packet(b"M", b'{"type": "quit"}'))
                await asyncio.wait_for(process.stdin.drain(), QUIT_GRACE)
        self._stopping = True
        if process.stdin is not None:
            process.stdin.close()
        try:
            for end, grace in ((None, QUIT_GRACE), (process.terminate, TERM_GRACE)):
                if end is not None and process.returncode is None:
                    with contextlib.suppress(ProcessLookupError):
                        end()
                with contextlib.suppress(TimeoutError):
                    await asyncio.wait_for(process.wait(), grace)
                    return
            with contextlib.suppress(ProcessLookupError):
                process.kill()
            await process.wait()
        finally:
            self._stopped.set()


def _meta_type(payload: bytes) -> object:
    try:
        meta = json.loads(payload)
    except ValueError:
        return None
    return meta.get("type") if isinstance(meta, dict) else None
