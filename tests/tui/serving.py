"""Helpers for the `paddehatten serve` tests: start the real command, find its processes,
talk to its websocket as a browser would."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from paddehatten.content import DEFAULT_CONTENT
from tests.conftest import clean_env, paddehatten_command

ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P][^\x07\x1b]*(\x07|\x1b\\)|\x1b.")
#: Text of the handbook's first screen.
INTRODUCTION = "Vejle kommune har lavet nogle vejledninger"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def command_lines() -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            raw = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if raw:
            found[int(entry.name)] = raw.rstrip(b"\0").decode(errors="replace").split("\0")
    return found


def processes_mentioning(marker: str) -> list[int]:
    return [pid for pid, words in command_lines().items() if any(marker in w for w in words)]


def parent_pid(pid: int) -> int | None:
    """The parent of process ``pid``; None once it is gone."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rpartition(")")[2].split()[1])  # after "(name)": state, then ppid


def app_pids(content: Path) -> list[int]:
    """The app processes (one per browser tab) running the handbook at ``content``: the
    server's children with the app's command line.

    Not the short-lived child in which an app's first start loads the handbook
    (content/prefetch.py): it has the same command line, but its parent is the app (or,
    once the app has gone, whoever inherits it), never the server."""
    snapshot = command_lines()
    tail = ["-m", "paddehatten", "--content", str(content)]
    servers = set(server_pids(content, snapshot))
    return [
        pid for pid, words in snapshot.items() if words[1:] == tail and parent_pid(pid) in servers
    ]


def server_pids(content: Path, snapshot: dict[int, list[str]] | None = None) -> list[int]:
    """The web servers serving ``content``, in ``snapshot`` (else the processes now)."""
    return [
        pid
        for pid, words in (command_lines() if snapshot is None else snapshot).items()
        if "paddehatten.tui.web.server" in words and any(str(content) in w for w in words)
    ]


def wait_until_gone(marker: str, timeout: float = 40) -> list[int]:
    deadline = time.monotonic() + timeout
    while (left := processes_mentioning(marker)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return left


def kill_leftovers(marker: str) -> None:
    for pid in processes_mentioning(marker):
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


@dataclass
class Serve:
    """A running ``paddehatten --content COPY serve ...`` and what it printed."""

    process: subprocess.Popen[str]
    lines: list[str]
    port: int
    content: Path

    def url(self, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}/"

    def terminal_url(self, host: str = "127.0.0.1") -> str:
        """The terminal app's page; the web edition has ``url()``."""
        return f"{self.url(host)}terminal/"

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)
        try:
            self.process.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.communicate()
        return self.process.returncode


def start_serve(
    content: Path, *options: str, port: int | None = None, files_limit: int | None = None
) -> Serve:
    """Start the real command and read what it prints up to "Tryk Ctrl+C"; with
    ``files_limit``, under that RLIMIT_NOFILE (soft and hard), as a default system has."""
    port = port or free_port()

    def limit_files() -> None:
        import resource

        if files_limit is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (files_limit, files_limit))

    process = subprocess.Popen(
        [*paddehatten_command(), "--content", str(content), "serve", "--port", str(port), *options],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
        preexec_fn=limit_files if files_limit is not None else None,
    )
    assert process.stdout is not None
    lines: list[str] = []
    while True:
        line = process.stdout.readline()
        if not line:
            _, err = process.communicate(timeout=30)
            raise AssertionError(f"serve ended early: {lines} {err}")
        lines.append(line.rstrip("\n"))
        if line.startswith("Tryk Ctrl+C"):
            return Serve(process, lines, port, content)


@dataclass
class Tab:
    """One websocket session, as textual.js opens it."""

    socket: aiohttp.ClientWebSocketResponse
    received: list[str] = field(default_factory=list)
    close_code: int | None = None
    _text: str = ""

    def text(self) -> str:
        """What the app drew so far, escapes removed (kept as it comes: no rescans)."""
        while self.received:
            self._text += ESCAPES.sub("", self.received.pop(0))
        return self._text

    async def read_until(self, marker: str, timeout: float = 60) -> bool:
        """Read until ``marker`` is on screen (True) or the socket closes (False)."""
        deadline = time.monotonic() + timeout
        while marker not in self.text():
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError(f"{marker!r} never came: {self.text()[-300:]!r}")
            message = await self.socket.receive(timeout=left)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received.append(message.data.decode("utf-8", "replace"))
            elif message.type == aiohttp.WSMsgType.TEXT:
                continue
            else:
                self.close_code = self.socket.close_code
                return False
        return True

    async def read_until_closed(self, timeout: float = 60) -> int | None:
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise AssertionError("the server never closed the websocket")
            message = await self.socket.receive(timeout=left)
            if message.type in (
                aiohttp.WSMsgType.CLOSE,
                aiohttp.WSMsgType.CLOSING,
                aiohttp.WSMsgType.CLOSED,
                aiohttp.WSMsgType.ERROR,
            ):
                self.close_code = self.socket.close_code
                return self.close_code
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received.append(message.data.decode("utf-8", "replace"))

    async def send(self, *envelope: object) -> None:
        import json

        await self.socket.send_str(json.dumps(list(envelope)))


class Client:
    """An aiohttp client session that closes every websocket it opened when it ends."""

    def __init__(self) -> None:
        self.session = aiohttp.ClientSession()
        self.sockets: list[aiohttp.ClientWebSocketResponse] = []

    async def __aenter__(self) -> Client:
        return self

    async def __aexit__(self, *exc: object) -> None:
        for socket_ in self.sockets:
            await socket_.close()
        await self.session.close()

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.session.get(url, **kwargs)

    async def ws_connect(
        self, url: str, *, headers: dict[str, str]
    ) -> aiohttp.ClientWebSocketResponse:
        socket_ = await self.session.ws_connect(url, headers=headers)
        self.sockets.append(socket_)
        return socket_


async def open_tab(
    client: Client,
    serve: Serve,
    *,
    host: str = "127.0.0.1",
    origin: str | None = None,
    size: tuple[int, int] = (100, 30),
    say_size: bool = True,
) -> Tab:
    """A websocket to the terminal, opened as the page opens it: its first message says
    the size (unless ``say_size`` is False)."""
    url = f"ws://{host}:{serve.port}/terminal/ws?width={size[0]}&height={size[1]}"
    headers = {"Origin": origin if origin is not None else f"http://{host}:{serve.port}"}
    socket_ = await client.ws_connect(url, headers=headers)
    tab = Tab(socket_)
    if say_size:
        await tab.send("resize", {"width": size[0], "height": size[1]})
    return tab


#: Debian's Chromium (never a browser of playwright's own), with the flags this
#: machine's closed network needs.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture
def content_copy(tmp_path: Path) -> Iterator[Path]:
    """A copy of the handbook whose path marks every process started for this test;
    whatever is left of them is ended afterwards."""
    target = tmp_path / "serve-handbog"
    shutil.copytree(DEFAULT_CONTENT, target)
    yield target
    kill_leftovers(str(target))


@pytest.fixture
def browser() -> Iterator[Any]:
    """Debian's Chromium through playwright, closed after the test."""
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_FLAGS, headless=True
        )
        try:
            yield launched
        finally:
            launched.close()
