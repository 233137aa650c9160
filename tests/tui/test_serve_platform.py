"""The rules `paddehatten serve` decides by, and its Windows paths, simulated here: this
machine is Linux, so os.name and the process API are replaced where Windows differs."""

from __future__ import annotations

import asyncio
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from paddehatten.tui.web import session as session_module
from paddehatten.tui.web import supervisor
from paddehatten.tui.web.config import ConfigError, ServerConfig, normalize_origin
from paddehatten.tui.web.server import HostPolicy
from paddehatten.tui.web.session import AppSession, TokenBucket, clamp_size

CONFIG = ServerConfig(command=["x"], hosts=["0.0.0.0"], port=8000, title="t")


def test_origins_are_compared_in_one_form() -> None:
    assert normalize_origin("HTTP://Example.COM:80/some/page") == "http://example.com"
    assert normalize_origin("https://example.com:443") == "https://example.com"
    assert normalize_origin("https://example.com:8443/") == "https://example.com:8443"
    assert normalize_origin("http://[::1]:8000") == "http://[::1]:8000"
    for bad in ("ftp://x", "example.com", "http://", "http://x:port"):
        with pytest.raises(ConfigError):
            normalize_origin(bad)


def test_the_host_header_must_name_this_machine() -> None:
    policy = HostPolicy(CONFIG)
    for good in ("127.0.0.1:8000", "127.0.0.2", "[::1]:8000", "192.168.1.20:8000", "localhost"):
        assert policy.host_ok(good), good
    for bad in ("evil.example", "evil.example:8000", "", None, "127.0.0.1:x", "localhost.evil"):
        assert not policy.host_ok(bad), bad


def test_only_the_pages_own_origin_gets_the_websocket() -> None:
    policy = HostPolicy(CONFIG)
    assert policy.origin_ok("http://127.0.0.2:8000", "127.0.0.2:8000")
    assert policy.origin_ok("http://localhost:8000", "localhost:8000")
    # Behind a TLS proxy that keeps the Host header the server itself sees http.
    assert not policy.origin_ok("https://haandbog.example", "haandbog.example")  # unknown name
    assert not policy.origin_ok("http://evil.example", "127.0.0.1:8000")
    assert not policy.origin_ok("http://127.0.0.1:8001", "127.0.0.1:8000")
    assert not policy.origin_ok("null", "127.0.0.1:8000")
    assert not policy.origin_ok(None, "127.0.0.1:8000")
    assert not policy.origin_ok("http://evil.example", "evil.example")  # rebinding


def test_a_public_url_and_allowed_origins_are_accepted() -> None:
    policy = HostPolicy(
        ServerConfig(
            command=["x"],
            hosts=["127.0.0.1"],
            port=8000,
            title="t",
            public_url="https://haandbog.example/",
            allowed_origins=["https://intra.example:8443"],
        )
    )
    # The proxy passes its own Host (127.0.0.1:8000) or the public one: both work.
    assert policy.origin_ok("https://haandbog.example", "127.0.0.1:8000")
    assert policy.origin_ok("https://haandbog.example", "haandbog.example")
    assert policy.origin_ok("https://intra.example:8443", "127.0.0.1:8000")
    assert not policy.origin_ok("https://intra.example", "127.0.0.1:8000")
    assert policy.host_ok("haandbog.example")


def test_sizes_are_clamped_to_what_a_screen_can_be() -> None:
    assert clamp_size(10000, 10000) == (500, 200)
    assert clamp_size(-3, 0) == (20, 5)
    assert clamp_size("80", None) == (80, 24)
    assert clamp_size(True, 3.5) == (80, 24)
    assert clamp_size(142, 38) == (142, 38)


def test_the_typing_budget_refills_with_time(monkeypatch: pytest.MonkeyPatch) -> None:
    now = [100.0]
    monkeypatch.setattr(time, "monotonic", lambda: now[0])
    bucket = TokenBucket(rate=10, burst=20)
    assert bucket.take(20)
    assert not bucket.take(1)
    now[0] += 0.5
    assert bucket.take(5) and not bucket.take(1)
    now[0] += 100
    assert bucket.take(20) and not bucket.take(1)


def test_every_address_lists_this_machines_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(
        supervisor, "machine_addresses", lambda families: ["192.168.1.20", "192.168.1.20"]
    )
    monkeypatch.setattr(socket, "gethostname", lambda: "paddehat-pc")
    assert supervisor.reachable_urls("0.0.0.0", 8000, None) == [
        "http://192.168.1.20:8000/",
        "http://paddehat-pc:8000/",
    ]
    assert supervisor.reachable_urls("127.0.0.1", 8000, None) == ["http://127.0.0.1:8000/"]
    assert supervisor.reachable_urls("::", 80, "https://h.example/") == ["https://h.example/"]
    for address in supervisor.machine_addresses([socket.AF_INET]):
        assert not address.startswith("127.") and address != "0.0.0.0"


class FakeChild:
    """Stands in for the server's Popen, as on Windows."""

    def __init__(self, exits: bool) -> None:
        self.pid = 4242
        self.exits = exits
        self.stdin_closed = False
        self.killed = False
        self.stdin = self

    def close(self) -> None:  # stdin.close()
        self.stdin_closed = True

    def wait(self, timeout: float | None = None) -> int:
        if not self.exits:
            raise subprocess.TimeoutExpired("server", timeout or 0)
        return 0

    def poll(self) -> int | None:
        return 0 if self.exits or self.killed else None

    def kill(self) -> None:
        self.killed = True


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> list[list[str]]:
    """os.name is "nt", os has no killpg, signal no SIGHUP; taskkill calls are recorded."""
    ran: list[list[str]] = []
    monkeypatch.setattr(os, "name", "nt")
    monkeypatch.delattr(os, "killpg")
    monkeypatch.delattr(signal, "SIGHUP")
    monkeypatch.setattr(signal, "SIGBREAK", 21, raising=False)
    monkeypatch.setattr(supervisor, "STOP_TIMEOUT", 0.1)

    def run(command: list[str], **kwargs: Any) -> subprocess.CompletedProcess[bytes]:
        ran.append(command)
        return subprocess.CompletedProcess(command, 0)

    monkeypatch.setattr(subprocess, "run", run)
    return ran


@pytest.mark.parametrize("exits", [True, False])
def test_on_windows_the_server_and_its_apps_are_ended_as_a_tree(
    windows: list[list[str]], exits: bool
) -> None:
    child = FakeChild(exits=exits)
    supervisor.stop_tree(child)  # type: ignore[arg-type]
    assert child.stdin_closed  # first the lifeline: the server ends its apps itself
    assert windows == [["taskkill", "/F", "/T", "/PID", "4242"]]
    assert child.killed is (not exits)


def test_on_windows_the_server_gets_a_process_group_of_its_own(
    windows: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    started: dict[str, Any] = {}

    def popen(command: list[str], **kwargs: Any) -> str:
        started.update(kwargs, command=command)
        return "child"

    monkeypatch.setattr(subprocess, "Popen", popen)
    assert supervisor.start_server(CONFIG) == "child"  # type: ignore[comparison-overlap]
    assert started["creationflags"] == 0x200  # CREATE_NEW_PROCESS_GROUP
    assert "start_new_session" not in started
    assert started["stdin"] == subprocess.PIPE
    assert started["command"][1:4] == ["-m", "paddehatten.tui.web.server", "--lifeline"]


def test_on_windows_the_stop_keys_are_the_ones_it_has(windows: list[list[str]]) -> None:
    names = {sig.name if hasattr(sig, "name") else sig for sig in supervisor.stop_signals()}
    assert names == {"SIGINT", "SIGTERM", 21}


async def test_on_windows_an_app_starts_without_posix_limits(
    windows: list[list[str]], monkeypatch: pytest.MonkeyPatch
) -> None:
    assert session_module.child_setup(1 << 30) is None
    seen: dict[str, Any] = {}

    async def exec_(*command: str, **kwargs: Any) -> str:
        seen.update(kwargs, command=command)
        return "process"

    monkeypatch.setattr(asyncio, "create_subprocess_exec", exec_)

    async def nothing(data: Any) -> None:
        return None

    app = AppSession(
        ["python", "-m", "paddehatten"],
        environment={},
        memory_bytes=1 << 30,
        send_bytes=nothing,
        send_text=nothing,
    )
    await app.start(10000, 3)
    assert "preexec_fn" not in seen
    assert seen["command"] == ("python", "-m", "paddehatten")
    assert seen["env"]["COLUMNS"] == "500" and seen["env"]["ROWS"] == "5"


@pytest.mark.slow
def test_on_posix_an_app_gets_its_limits_in_the_child() -> None:
    setup = session_module.child_setup(512 * 1024 * 1024)
    assert setup is not None
    result = subprocess.run(
        ["sh", "-c", "ulimit -v"], preexec_fn=setup, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == str(512 * 1024)  # KiB
    status = Path("/proc/self/status").read_text()
    assert "VmRSS" in status  # the test process itself is untouched


@pytest.mark.slow
async def test_an_app_that_ignores_quit_and_sigterm_is_killed() -> None:
    stubborn = (
        "import signal, sys, time\n"
        "signal.signal(signal.SIGTERM, signal.SIG_IGN)\n"
        "sys.stdout.write('__GANGLION__\\n'); sys.stdout.flush()\n"
        "time.sleep(120)\n"
    )
    sent: list[bytes] = []

    async def collect(data: Any) -> None:
        sent.append(data)

    app = AppSession(
        [sys.executable, "-c", stubborn],
        environment=dict(os.environ),
        memory_bytes=1 << 30,
        send_bytes=collect,
        send_text=collect,
    )
    await app.start(80, 24)
    pump = asyncio.create_task(app.pump())
    started = time.monotonic()
    await asyncio.wait_for(app.stop(), timeout=30)
    assert app.process is not None and app.process.returncode == -signal.SIGKILL
    assert time.monotonic() - started < 30
    await asyncio.wait_for(pump, timeout=10)
