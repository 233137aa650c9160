"""`paddehatten serve` under attack and under load: the real command, real app processes,
websockets opened as a browser (or a hostile page) would open them."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import time
from pathlib import Path

import aiohttp
import pytest

from tests.tui.serving import (
    INTRODUCTION,
    Client,
    app_pids,
    open_tab,
    server_pids,
    start_serve,
    wait_until_gone,
)

#: Every test here starts a real server and its apps: the processes are the point.
pytestmark = pytest.mark.slow


def rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise AssertionError(f"no VmRSS for {pid}")


async def test_another_sites_page_gets_no_app(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            for origin in ("http://evil.example", "null", f"http://127.0.0.1:{serve.port + 1}"):
                with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                    await open_tab(client, serve, origin=origin)
                assert refused.value.status == 403
            async with client.get(
                f"http://127.0.0.1:{serve.port}/terminal/ws", headers={"Upgrade": "websocket"}
            ) as no_origin:
                assert no_origin.status == 403
            assert app_pids(content_copy) == []
            # The page's own origin gets the app.
            tab = await open_tab(client, serve)
            assert await tab.read_until(INTRODUCTION)
            assert len(app_pids(content_copy)) == 1
            await tab.socket.close()
    finally:
        assert serve.stop() == 0
    assert wait_until_gone(str(content_copy)) == []


async def test_dns_rebinding_names_are_refused(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            for path in ("/terminal/", "/terminal/ws", "/terminal/static/js/textual.js"):
                async with client.get(
                    serve.url() + path.lstrip("/"), headers={"Host": f"evil.example:{serve.port}"}
                ) as response:
                    assert response.status == 421, path
                    assert "kender ikke det navn" in await response.text()
            async with client.get(
                serve.terminal_url() + "static/css/xterm.css", headers={"Host": "localhost"}
            ) as named:
                assert named.status == 200
            with pytest.raises(aiohttp.WSServerHandshakeError):
                await client.ws_connect(
                    f"ws://127.0.0.1:{serve.port}/terminal/ws",
                    headers={"Host": "evil.example", "Origin": "http://evil.example"},
                )
        assert app_pids(content_copy) == []
    finally:
        assert serve.stop() == 0


async def test_thirty_tabs_at_once_never_run_more_than_the_cap(content_copy: Path) -> None:
    cap = 3
    serve = start_serve(content_copy, "--terminal", "--max-sessions", str(cap))
    most = 0
    sampling = True

    async def sample() -> None:
        nonlocal most
        while sampling:
            most = max(most, len(app_pids(content_copy)))
            await asyncio.sleep(0.05)

    async def attempt(client: Client) -> tuple[str, float]:
        started = time.monotonic()
        tab = await open_tab(client, serve)
        got_app = await tab.read_until(INTRODUCTION, timeout=60)
        answer = "app" if got_app else f"closed {tab.close_code}"
        if got_app:
            await asyncio.sleep(1)  # hold the place while the others knock
            await tab.socket.close()
        return answer, time.monotonic() - started

    try:
        sampler = asyncio.create_task(sample())
        async with Client() as client:
            answers = await asyncio.wait_for(
                asyncio.gather(*(attempt(client) for _ in range(30))), timeout=60
            )
            sampling = False
            await sampler
            kinds = sorted({kind for kind, _ in answers})
            assert kinds == ["app", "closed 4001"], answers
            assert sum(kind == "app" for kind, _ in answers) >= cap
            assert max(seconds for _, seconds in answers) < 60
            assert 1 <= most <= cap, most
            # Everyone has gone: the apps end, and a new tab gets the handbook.
            deadline = time.monotonic() + 20
            while app_pids(content_copy) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert app_pids(content_copy) == []
            # The server frees a place when it has seen its app end, which on a busy
            # machine can come a moment after the process is gone: a person reloads.
            deadline = time.monotonic() + 20
            tab = await open_tab(client, serve)
            while not await tab.read_until(INTRODUCTION) and time.monotonic() < deadline:
                assert tab.close_code == 4001, tab.close_code  # full, never another error
                await asyncio.sleep(0.5)
                tab = await open_tab(client, serve)
            assert INTRODUCTION in tab.text()
            assert len(app_pids(content_copy)) == 1
    finally:
        assert serve.stop() == 0  # SIGINT
    assert wait_until_gone(str(content_copy)) == []


async def test_a_full_server_says_so_in_danish(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal", "--max-sessions", "1")
    try:
        async with Client() as client:
            first = await open_tab(client, serve)
            assert await first.read_until(INTRODUCTION)
            async with client.get(serve.terminal_url()) as page:
                assert page.status == 503
                text = await page.text()
            assert "Håndbogen er fuld lige nu" in text
            assert "Der er allerede 1 læsere" in text
            second = await open_tab(client, serve)
            assert await second.read_until_closed(timeout=30) == 4001
            assert len(app_pids(content_copy)) == 1
    finally:
        assert serve.stop() == 0


async def test_an_unused_tab_is_closed_and_its_app_ends(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal", "--idle-minutes", "0.05")  # 3 seconds
    try:
        assert "lukkes efter 0.05 minutter" in "\n".join(serve.lines)
        async with Client() as client:
            tab = await open_tab(client, serve)
            assert await tab.read_until(INTRODUCTION)
            assert await tab.read_until_closed(timeout=30) == 4002
            deadline = time.monotonic() + 15
            while app_pids(content_copy) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert app_pids(content_copy) == []
    finally:
        assert serve.stop() == 0


async def test_a_huge_resize_is_bounded(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            tab = await open_tab(client, serve, size=(10000, 10000))
            assert await tab.read_until(INTRODUCTION)
            (app,) = app_pids(content_copy)
            environ = Path(f"/proc/{app}/environ").read_bytes().split(b"\0")
            assert b"COLUMNS=500" in environ and b"ROWS=200" in environ
            await tab.send("resize", {"width": 10000, "height": 10000})
            await tab.send("resize", {"width": "x", "height": None})
            await tab.send("resize", {"width": 10**30, "height": -5})
            await asyncio.sleep(3)
            assert rss_mib(app) < 400, rss_mib(app)
            # The app still answers: "/" opens the search.
            await tab.send("stdin", "/")
            assert await tab.read_until("Søg i retningslinjen", timeout=30)
    finally:
        assert serve.stop() == 0
    assert wait_until_gone(str(content_copy)) == []


async def test_a_huge_stdin_frame_leaves_nothing_running(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            tab = await open_tab(client, serve)
            assert await tab.read_until(INTRODUCTION)
            (app,) = app_pids(content_copy)
            await tab.socket.send_str(json.dumps(["stdin", "x" * 3_000_000]))
            assert await tab.read_until_closed(timeout=30) == 1009  # message too big
            deadline = time.monotonic() + 15
            while app_pids(content_copy) and time.monotonic() < deadline:
                await asyncio.sleep(0.1)
            assert app_pids(content_copy) == []
            # A frame under the message limit but over the typing limit is dropped; a
            # flood of small ones is cut to the budget; the app goes on answering.
            tab = await open_tab(client, serve)
            assert await tab.read_until(INTRODUCTION)
            await tab.send("stdin", "y" * 60_000)
            for _ in range(2000):
                await tab.send("stdin", "\x1b[B")
            await asyncio.sleep(2.5)  # the budget fills again
            await tab.send("stdin", "/")
            assert await tab.read_until("Søg i retningslinjen", timeout=30)
            (app,) = app_pids(content_copy)
            assert rss_mib(app) < 400
    finally:
        assert serve.stop() == 0
    assert wait_until_gone(str(content_copy)) == []


async def test_each_app_has_a_memory_limit(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            tab = await open_tab(client, serve)
            assert await tab.read_until(INTRODUCTION)
            (app,) = app_pids(content_copy)
            limits = Path(f"/proc/{app}/limits").read_text()
            (line,) = [row for row in limits.splitlines() if row.startswith("Max address space")]
            assert line.split()[3:5] == ["1610612736", "1610612736"], line
    finally:
        assert serve.stop() == 0


@pytest.mark.parametrize("victim", ["supervisor", "server"])
async def test_kill_9_leaves_nothing_behind(content_copy: Path, victim: str) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            tabs = [await open_tab(client, serve) for _ in range(2)]
            for tab in tabs:
                assert await tab.read_until(INTRODUCTION)
            assert len(app_pids(content_copy)) == 2
            (server,) = server_pids(content_copy)
            os.kill(serve.process.pid if victim == "supervisor" else server, signal.SIGKILL)
            for tab in tabs:
                await tab.read_until_closed(timeout=30)
        left = wait_until_gone(str(content_copy), timeout=20)
        assert left == [], left
        if victim == "server":
            _, err = serve.process.communicate(timeout=20)
            assert serve.process.returncode == 1
            assert "serveren stoppede uventet" in err
    finally:
        serve.stop()
