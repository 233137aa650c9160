"""`paddehatten serve` holds: bounded connections, timeouts, paths and log (issue 18)."""

from __future__ import annotations

import asyncio
import io
import resource
import signal
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from paddehatten.tui.web import server
from paddehatten.tui.web.server import MAX_LOG_LINE, BoundedLog, connection_limit
from tests.tui.serving import (
    INTRODUCTION,
    Client,
    app_pids,
    open_tab,
    start_serve,
    wait_until_gone,
)


def test_the_log_says_each_error_once_and_stays_small() -> None:
    stream = io.StringIO()
    log = BoundedLog(stream)
    for number in range(200_000):
        log.error("accept", f"socket.accept() out of system resource ({number})")
    for number in range(5000):  # many kinds, each once
        log.error(f"kind-{number}", "x" * 10_000)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "paddehatten serve: socket.accept() out of system resource (0)"
    assert lines[1].endswith("(sket 10 gange)")
    assert len(lines) <= 40, len(lines)  # the burst, and no more
    assert all(len(line) <= len("paddehatten serve: ") + MAX_LOG_LINE for line in lines)
    assert "Traceback" not in stream.getvalue()
    assert len(stream.getvalue()) < 20_000


def test_a_held_back_error_is_counted_when_the_log_may_speak_again(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    clock = [1000.0]
    monkeypatch.setattr(time, "monotonic", lambda: clock[0])
    stream = io.StringIO()
    log = BoundedLog(stream, rate=1.0, burst=2)
    for number in range(10):
        log.error(f"k{number}", f"fejl {number}")
    clock[0] += 5
    log.error("late", "sen fejl")
    lines = stream.getvalue().splitlines()
    assert lines == [
        "paddehatten serve: fejl 0",
        "paddehatten serve: fejl 1",
        "paddehatten serve: sen fejl (8 andre fejlbeskeder holdt tilbage)",
    ]


def test_the_connection_limit_stays_below_the_descriptor_limit(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    limits = {"now": (1024, 1024)}
    monkeypatch.setattr(resource, "getrlimit", lambda kind: limits["now"])

    def setrlimit(kind: int, value: tuple[int, int]) -> None:
        if value[0] > limits["now"][1]:
            raise ValueError("over the hard limit")
        limits["now"] = value

    monkeypatch.setattr(resource, "setrlimit", setrlimit)
    # Under the default 1024: well below it, room kept for every app's pipes.
    assert connection_limit(20) == 1024 - server.FD_RESERVE - 20 * server.FDS_PER_SESSION
    # A hard limit above: the soft one is raised as far as needed, no further.
    limits["now"] = (1024, 1_000_000)
    assert connection_limit(20) == server.MAX_CONNECTIONS
    assert limits["now"][0] == server.MAX_CONNECTIONS + server.FD_RESERVE + 80
    # A tiny limit still leaves a few.
    limits["now"] = (64, 64)
    assert connection_limit(1000) == 16


@pytest.mark.slow
async def test_deep_and_long_paths_get_404_or_414_never_500(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            for path in (
                "a/" * 3000,
                "terminal/static/" + "a/" * 3000,
                "terminal/static/" + "../" * 50 + "etc/passwd",
                "terminal/static/" + "%2e%2e/" * 10 + "pyproject.toml",
                "terminal/static/js",
                "x" * 4000,
                "terminal/" + "a/" * 40,
            ):
                async with client.get(serve.url() + path) as response:
                    assert response.status in (404, 414), (path[:40], response.status)
            # A request line too long for the parser: 400, and its words are not logged.
            secret = "beslutning/venneanmodning?" + "svar=hemmeligt&" * 1000
            async with client.get(serve.url() + secret) as response:
                assert response.status == 400
            async with client.get(serve.terminal_url() + "static/js/textual.js") as script:
                assert script.status == 200
    finally:
        serve.process.send_signal(signal.SIGINT)
        _, errors = serve.process.communicate(timeout=30)
    assert "Traceback" not in errors and "500" not in errors, errors[:2000]
    assert "hemmeligt" not in errors and "svar=" not in errors, errors[:2000]


@pytest.mark.slow
async def test_a_reader_gets_in_under_200_page_loads_and_1100_half_open_connections(
    content_copy: Path,
) -> None:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, min(hard, 8192)), hard))
    # The server gets the default limit of many systems: 1024 descriptors.
    serve = start_serve(content_copy, "--terminal", files_limit=1024)
    holders: list[asyncio.StreamWriter] = []
    try:
        # 1,100 connections that send half a request and then nothing.
        for _ in range(1100):
            try:
                _, writer = await asyncio.open_connection("127.0.0.1", serve.port)
            except OSError:
                continue
            writer.write(b"GET /terminal/ HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            holders.append(writer)
        await asyncio.sleep(0.5)
        # 200 plain page loads at once: none starts an app.
        connector = aiohttp.TCPConnector(limit=0, force_close=True)
        async with aiohttp.ClientSession(connector=connector) as loads:

            async def load() -> int:
                try:
                    async with loads.get(serve.terminal_url()) as page:
                        await page.read()
                        return page.status
                except aiohttp.ClientError:
                    return 0

            statuses = await asyncio.gather(*(load() for _ in range(200)))
        assert statuses.count(200) >= 190, sorted(set(statuses))
        assert app_pids(content_copy) == []
        # A new reader, while the half-open connections are still held.
        started = time.monotonic()
        async with Client() as client:
            async with client.get(serve.terminal_url()) as page:
                assert page.status == 200
            tab = await open_tab(client, serve)
            deadline = time.monotonic() + 30
            while not app_pids(content_copy) and time.monotonic() < deadline:
                await asyncio.sleep(0.05)
            got_in = time.monotonic() - started
            # Got in at all while every slot was being held: the 30 s above is a bound
            # on "locked out", not a speed target (the time is measured and printed;
            # issue 18's 5 s is read from that figure, not asserted on a noisy machine).
            assert len(app_pids(content_copy)) == 1
            assert await tab.read_until(INTRODUCTION, timeout=60)
            first_screen = time.monotonic() - started
            print(f"in after {got_in:.2f} s, first screen after {first_screen:.2f} s")
    finally:
        for writer in holders:
            writer.close()
        serve.process.send_signal(signal.SIGINT)
        _, errors = serve.process.communicate(timeout=60)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    print(f"log: {len(errors.encode())} bytes; {errors[:1500]}")
    assert len(errors.encode()) < 1_000_000
    assert "Traceback" not in errors
    assert "forbindelser er grænsen" in errors  # the cap was reached, and held
    assert wait_until_gone(str(content_copy)) == []


@pytest.mark.slow
async def test_a_connection_that_never_finishes_its_headers_is_closed(
    content_copy: Path,
) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", serve.port)
        writer.write(b"GET /terminal/ HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
        await writer.drain()
        # The server closes it (HEADER_TIMEOUT, 10 s); the read ends instead of hanging.
        rest = await asyncio.wait_for(reader.read(), timeout=server.HEADER_TIMEOUT + 20)
        assert rest == b""
        writer.close()
    finally:
        assert serve.stop() == 0


async def test_a_request_that_takes_too_long_gets_408(monkeypatch: pytest.MonkeyPatch) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    from paddehatten.tui.web.config import ServerConfig

    monkeypatch.setattr(server, "REQUEST_TIMEOUT", 0.3)
    web_server = server.WebServer(
        ServerConfig(command=["true"], hosts=["127.0.0.1"], port=0, title="t")
    )

    async def slow(request: web.Request) -> web.Response:
        await request.read()  # a body that never comes in full
        return web.Response(text="done")

    app = web_server.make_app()
    app.router.add_post("/slow", slow)

    async def body() -> Any:
        yield b"x"
        await asyncio.sleep(5)
        yield b"y"

    async with TestClient(TestServer(app)) as client:
        response = await client.post(
            "/slow", data=body(), headers={"Host": "127.0.0.1", "Content-Length": "2"}
        )
        assert response.status == 408
        assert "tog for lang tid" in await response.text()
