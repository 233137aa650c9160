"""`paddehatten serve` end to end: the real server, Debian's chromium, and cleanup."""

from __future__ import annotations

import os
import re
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT
from tests.conftest import clean_env, paddehatten_command, run_cli

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
#: Collects everything the app sends to the page: xterm.js draws on a canvas, so the
#: text is read from the websocket frames instead.
CAPTURE_FRAMES = """
(() => {
  window.__frames = [];
  const decoder = new TextDecoder("utf-8");
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") { window.__frames.push(event.data); }
      else if (event.data instanceof ArrayBuffer) {
        window.__frames.push(decoder.decode(event.data, {stream: true}));
      } else if (event.data instanceof Blob) {
        event.data.arrayBuffer().then((b) => window.__frames.push(decoder.decode(b)));
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
})();
"""
ESCAPES = re.compile(r"\x1b\[[0-?]*[ -/]*[@-~]|\x1b[\]P][^\x07\x1b]*(\x07|\x1b\\)|\x1b.")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def processes_mentioning(marker: str) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        if marker in cmdline:
            found.append(int(entry.name))
    return found


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    """A copy of the handbook whose path marks every process started for this test."""
    target = tmp_path / "serve-handbog"
    shutil.copytree(DEFAULT_CONTENT, target)
    return target


@pytest.fixture
def server(content_copy: Path) -> Iterator[tuple[subprocess.Popen[str], str]]:
    port = free_port()
    proc = subprocess.Popen(
        [*paddehatten_command(), "--content", str(content_copy), "serve", "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=clean_env(),
    )
    assert proc.stdout is not None
    first = proc.stdout.readline()
    try:
        yield proc, first
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGINT)
        try:
            proc.communicate(timeout=15)  # also closes the pipes
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.communicate()
        for pid in processes_mentioning(str(content_copy)):
            os.kill(pid, signal.SIGKILL)


def test_port_in_use_gets_a_clear_message() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), timeout=30)
    assert result.returncode == 2
    assert f"port {port} på 127.0.0.1 er allerede i brug" in result.stderr
    assert "Traceback" not in result.stderr


def test_binds_loopback_and_prints_the_address(
    server: tuple[subprocess.Popen[str], str],
) -> None:
    _, first = server
    match = re.search(r"http://127\.0\.0\.1:(\d+)", first)
    assert match, first
    with socket.create_connection(("127.0.0.1", int(match.group(1))), timeout=5):
        pass


def test_the_served_app_in_a_real_browser(
    server: tuple[subprocess.Popen[str], str], content_copy: Path, tmp_path: Path
) -> None:
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api")
    proc, first = server
    url = re.search(r"http://\S+", first)
    assert url, first

    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_FLAGS,
            headless=True,
        )
        try:
            page = browser.new_page(viewport={"width": 1200, "height": 800})
            requested: list[str] = []
            page.on("request", lambda request: requested.append(request.url))
            page.add_init_script(CAPTURE_FRAMES)
            page.goto(url.group(0))

            def screen_text() -> str:
                return ESCAPES.sub("", "".join(page.evaluate("window.__frames")))

            def wait_for(text: str, timeout: float = 30) -> None:
                deadline = time.monotonic() + timeout
                while time.monotonic() < deadline:
                    if text in screen_text():
                        return
                    page.wait_for_timeout(100)
                raise AssertionError(f"{text!r} never reached the browser")

            wait_for("Sociale medier i Paddehatten")
            wait_for("Vejle kommune har lavet nogle vejledninger")
            page.mouse.click(600, 400)
            page.keyboard.press("g")
            page.wait_for_timeout(300)
            page.keyboard.type("4")
            page.keyboard.press("Enter")
            wait_for("Skift dit kodeord ofte – så minimere du risikoen")
            page.keyboard.press("/")
            page.wait_for_timeout(300)
            page.keyboard.type("billeder")
            wait_for("1 afsnit og 1 i beslutningstræet")  # only a search shows this
            page.keyboard.press("Enter")
            wait_for("Søgeord markeret: 1 af")
            # Everything the page loaded came from this machine (no web fonts, say).
            base = url.group(0).rstrip("/")
            outside = [u for u in requested if not u.startswith((base, base.replace("http", "ws")))]
            assert requested and outside == [], outside
            page.screenshot(path=str(tmp_path / "browser.png"))
            assert (tmp_path / "browser.png").stat().st_size > 1000
            apps = [p for p in processes_mentioning(str(content_copy)) if p != proc.pid]
            assert apps, "the browser tab started no app process"
        finally:
            browser.close()

    proc.send_signal(signal.SIGINT)
    assert proc.wait(timeout=20) == 0
    deadline = time.monotonic() + 10
    while processes_mentioning(str(content_copy)) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert processes_mentioning(str(content_copy)) == [], "processes were left behind"
