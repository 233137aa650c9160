"""Opening the served handbook in a browser, against the smallest Textual app served the
same way, in one run: time from opening the page to the text on screen, for one tab and
for ten opened at once, and what each session costs in memory. Then where the time of
one start goes (interpreter, imports, first frame), measured on the app process alone.

Both programs run behind the same web server (``paddehatten.tui.web.server``) and
are opened by Debian's chromium (playwright; never ``playwright install``), alternately.
Prints medians and ratios; never fails on time.

    python tests/benchmarks/bench_serve.py [--runs 5]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO))

from paddehatten.tui.web.config import ServerConfig  # noqa: E402
from paddehatten.tui.web.server import app_environment  # noqa: E402
from tests.tui.serving import ESCAPES, INTRODUCTION, free_port  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
CAPTURE = """
(() => {
  window.__text = "";
  const decoder = new TextDecoder("utf-8");
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      if (event.data instanceof ArrayBuffer) {
        window.__text += decoder.decode(event.data, {stream: true});
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
PROGRAMS: dict[str, tuple[list[str], str]] = {
    "minimal": (
        [sys.executable, str(REPO / "tests" / "benchmarks" / "minimal_app.py")],
        "Mindste Textual-app er klar",
    ),
    "paddehatten": ([sys.executable, "-m", "paddehatten"], INTRODUCTION),
}


def start_server(command: list[str]) -> tuple[subprocess.Popen[bytes], int]:
    port = free_port()
    config = ServerConfig(
        command=command, hosts=["127.0.0.1"], port=port, title="bench", terminal=True
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "paddehatten.tui.web.server", "--lifeline", config.to_json()],
        stdin=subprocess.PIPE,
    )
    deadline = time.monotonic() + 30
    import socket

    while time.monotonic() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
            return server, port
        except OSError:
            time.sleep(0.05)
    raise RuntimeError("the server did not start")


async def open_tab(browser: Any, url: str, marker: str) -> tuple[float, Any]:
    context = await browser.new_context(viewport={"width": 1280, "height": 800})
    page = await context.new_page()
    await page.add_init_script(CAPTURE)
    started = time.perf_counter()
    await page.goto(url)
    marker_js = json.dumps(marker)
    await page.wait_for_function(
        f"window.__text.replace(/\\x1b\\[[0-?]*[ -/]*[@-~]/g, '').includes({marker_js})",
        timeout=120_000,
        polling=10,
    )
    seconds = time.perf_counter() - started
    return seconds, context


def session_memory(server: subprocess.Popen[bytes]) -> tuple[float, float]:
    """Median RSS and PSS (MiB) of the server's app processes."""
    rss, pss = [], []
    for child in Path(f"/proc/{server.pid}/task/{server.pid}/children").read_text().split():
        status = Path(f"/proc/{child}/status").read_text()
        rss.append(int(re.search(r"VmRSS:\s+(\d+)", status).group(1)) / 1024)  # type: ignore[union-attr]
        rollup = Path(f"/proc/{child}/smaps_rollup").read_text()
        pss.append(int(re.search(r"Pss:\s+(\d+)", rollup).group(1)) / 1024)  # type: ignore[union-attr]
    return statistics.median(rss), statistics.median(pss)


async def browser_run(runs: int) -> dict[str, dict[str, list[float]]]:
    from playwright.async_api import async_playwright

    servers = {name: start_server(command) for name, (command, _) in PROGRAMS.items()}
    results: dict[str, dict[str, list[float]]] = {
        name: {"one": [], "ten-median": [], "ten-last": [], "rss": [], "pss": []}
        for name in PROGRAMS
    }
    try:
        async with async_playwright() as playwright:
            browser = await playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
            for name, (_, marker) in PROGRAMS.items():  # warm the file cache once
                _, context = await open_tab(
                    browser, f"http://127.0.0.1:{servers[name][1]}/terminal/", marker
                )
                await context.close()
            for run in range(runs):
                order = list(PROGRAMS) if run % 2 == 0 else list(reversed(PROGRAMS))
                for name in order:
                    server, port = servers[name]
                    url, marker = f"http://127.0.0.1:{port}/terminal/", PROGRAMS[name][1]
                    seconds, context = await open_tab(browser, url, marker)
                    results[name]["one"].append(seconds)
                    await context.close()
                    await asyncio.sleep(1.0)  # its app ends
                    tabs = await asyncio.gather(
                        *(open_tab(browser, url, marker) for _ in range(10))
                    )
                    times = sorted(seconds for seconds, _ in tabs)
                    results[name]["ten-median"].append(statistics.median(times))
                    results[name]["ten-last"].append(times[-1])
                    rss, pss = session_memory(server)
                    results[name]["rss"].append(rss)
                    results[name]["pss"].append(pss)
                    for _, context in tabs:
                        await context.close()
                    await asyncio.sleep(2.0)
            await browser.close()
    finally:
        for server, _ in servers.values():
            assert server.stdin is not None
            server.stdin.close()
            server.wait(30)
    return results


async def socket_tab(client: Any, port: int, marker: str) -> tuple[float, Any]:
    """One tab as the page opens it (the page, then its websocket), without a browser."""
    from tests.tui.serving import Tab

    started = time.perf_counter()
    async with client.get(f"http://127.0.0.1:{port}/terminal/") as page:
        await page.read()
    socket_ = await client.ws_connect(
        f"ws://127.0.0.1:{port}/terminal/ws?width=142&height=38",
        headers={"Origin": f"http://127.0.0.1:{port}"},
    )
    tab = Tab(socket_)
    await tab.send("resize", {"width": 142, "height": 38})
    await tab.read_until(marker, timeout=120)
    return time.perf_counter() - started, socket_


async def socket_run(runs: int) -> dict[str, dict[str, list[float]]]:
    """The same as the browser run with no browser: what the server and apps cost."""
    from tests.tui.serving import Client

    servers = {name: start_server(command) for name, (command, _) in PROGRAMS.items()}
    results: dict[str, dict[str, list[float]]] = {
        name: {"one": [], "ten-last": []} for name in PROGRAMS
    }
    try:
        async with Client() as client:
            for run in range(runs):
                order = list(PROGRAMS) if run % 2 == 0 else list(reversed(PROGRAMS))
                for name in order:
                    port, marker = servers[name][1], PROGRAMS[name][1]
                    seconds, socket_ = await socket_tab(client, port, marker)
                    results[name]["one"].append(seconds)
                    await socket_.close()
                    await asyncio.sleep(1.0)
                    tabs = await asyncio.gather(
                        *(socket_tab(client, port, marker) for _ in range(10))
                    )
                    results[name]["ten-last"].append(max(seconds for seconds, _ in tabs))
                    for _, socket_ in tabs:
                        await socket_.close()
                    await asyncio.sleep(2.0)
    finally:
        for server, _ in servers.values():
            assert server.stdin is not None
            server.stdin.close()
            server.wait(30)
    return results


def start_phases(command: list[str], marker: str) -> tuple[float, float, float]:
    """One app process as the server starts it: seconds to its first protocol line
    (interpreter + imports + building the app) and to the marker on its screen; and the
    bare interpreter's start, for scale."""
    environment = {**app_environment(), "COLUMNS": "142", "ROWS": "38"}
    bare_started = time.perf_counter()
    subprocess.run([sys.executable, "-c", "pass"], check=True)
    bare = time.perf_counter() - bare_started
    started = time.perf_counter()
    process = subprocess.Popen(
        command,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        env=environment,
    )
    assert process.stdout is not None and process.stdin is not None
    while process.stdout.readline() != b"__GANGLION__\n":
        pass
    ganglion = time.perf_counter() - started
    screen = ""
    while marker not in ESCAPES.sub("", screen):
        head = process.stdout.read(5)
        payload = process.stdout.read(int.from_bytes(head[1:], "big"))
        if head[:1] == b"D":
            screen += payload.decode("utf-8", "replace")
    first_frame = time.perf_counter() - started
    quit_packet = json.dumps({"type": "quit"}).encode()
    process.stdin.write(b"M" + len(quit_packet).to_bytes(4, "big") + quit_packet)
    process.stdin.close()
    process.wait(30)
    return bare, ganglion, first_frame


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    import tempfile

    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache  # the handbook cache, warmed by the first tab
        results = asyncio.run(browser_run(args.runs))
        sockets = asyncio.run(socket_run(args.runs))
        phases_by_name = {
            name: [start_phases(command, marker) for _ in range(max(3, args.runs))]
            for name, (command, marker) in PROGRAMS.items()
        }
    for name, figures in results.items():
        print(
            f"{name:12} one tab {statistics.median(figures['one']) * 1000:6.0f} ms"
            f" | ten at once: median tab {statistics.median(figures['ten-median']) * 1000:6.0f} ms,"
            f" last {statistics.median(figures['ten-last']) * 1000:6.0f} ms"
            f" | per session RSS {statistics.median(figures['rss']):5.1f} MiB,"
            f" PSS {statistics.median(figures['pss']):5.1f} MiB"
        )
    base = results["minimal"]
    mine = results["paddehatten"]
    for key in ("one", "ten-median", "ten-last", "rss", "pss"):
        ratio = statistics.median(mine[key]) / statistics.median(base[key])
        print(f"paddehatten / minimal, {key:10}: {ratio:.2f}")
    for name, figures in sockets.items():
        print(
            f"{name:12} no browser: one tab {statistics.median(figures['one']) * 1000:6.0f} ms"
            f" | ten at once, last {statistics.median(figures['ten-last']) * 1000:6.0f} ms"
        )
    for key in ("one", "ten-last"):
        ratio = statistics.median(sockets["paddehatten"][key]) / statistics.median(
            sockets["minimal"][key]
        )
        print(f"paddehatten / minimal, no browser, {key:8}: {ratio:.2f}")
    for name, phases in phases_by_name.items():
        bare, ganglion, first = (statistics.median(p[i] for p in phases) for i in range(3))
        print(
            f"{name:12} alone: interpreter {bare * 1000:5.0f} ms, imports and app built"
            f" {ganglion * 1000:5.0f} ms, text on screen {first * 1000:5.0f} ms"
        )


if __name__ == "__main__":
    main()
