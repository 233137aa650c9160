"""`paddehatten serve` end to end: the real command, Debian's chromium, and cleanup."""

from __future__ import annotations

import re
import socket
import time
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.tui.serving import (
    ESCAPES,
    INTRODUCTION,
    Serve,
    app_pids,
    start_serve,
    wait_until_gone,
)

#: Collects everything the app sends to the page (xterm.js draws on a canvas, so the
#: text is read from the websocket frames instead), and every key event's fate: a key
#: the page does not keep from the browser (preventDefault) would reach the browser.
CAPTURE = """
(() => {
  window.__frames = [];
  window.__keys = [];
  const decoder = new TextDecoder("utf-8");
  const Native = window.WebSocket;
  window.WebSocket = function (...args) {
    const socket = new Native(...args);
    socket.addEventListener("message", (event) => {
      if (typeof event.data === "string") { window.__frames.push(event.data); }
      else if (event.data instanceof ArrayBuffer) {
        window.__frames.push(decoder.decode(event.data, {stream: true}));
      }
    });
    return socket;
  };
  window.WebSocket.prototype = Native.prototype;
  Object.assign(window.WebSocket, Native);
  window.addEventListener("keydown", (event) => {
    window.__keys.push(event);
  }, true);
})();
"""

#: Every test here starts a real server, and Chromium: the processes are the point.
pytestmark = pytest.mark.slow


class Screen:
    """The served app in one browser page, read from its websocket frames."""

    def __init__(self, page: Any) -> None:
        self.page = page

    def text(self) -> str:
        return ESCAPES.sub("", "".join(self.page.evaluate("window.__frames")))

    def wait_for(self, text: str, timeout: float = 30) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if text in self.text():
                return
            self.page.wait_for_timeout(100)
        raise AssertionError(f"{text!r} never reached the browser: {self.text()[-400:]!r}")

    def press(self, key: str) -> bool:
        """Press ``key``; True when the page kept it from the browser."""
        before = self.page.evaluate("window.__keys.length")
        self.page.keyboard.press(key)
        self.page.wait_for_timeout(300)
        modifiers = '["Control", "Shift", "Alt", "Meta"]'
        keys = f"window.__keys.slice({before}).filter((e) => !{modifiers}.includes(e.key))"
        return bool(
            self.page.evaluate(f"{keys}.length > 0 && {keys}.every((e) => e.defaultPrevented)")
        )


def open_screen(browser: Any, url: str, width: int, height: int) -> tuple[Screen, list[str]]:
    page = browser.new_page(viewport={"width": width, "height": height})
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.add_init_script(CAPTURE)
    page.goto(url)
    return Screen(page), requested


def test_port_in_use_gets_a_clear_message() -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = run_cli("serve", "--port", str(port), timeout=30)
    assert result.returncode == 2
    assert f"port {port} på 127.0.0.1 er allerede i brug" in result.stderr
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (["--max-sessions", "0"], "--max-sessions skal være et tal fra 1 til 1000, ikke 0"),
        (["--idle-minutes", "-1"], "--idle-minutes skal være over 0 og højst en uge"),
        (["--public-url", "ftp://x"], "'ftp://x' skal begynde med http:// eller https://"),
        (["--allow-origin", "http://[x"], "'http://[x' er ikke en gyldig adresse"),
        (["--host", "127..0.0.1"], "adressen '127..0.0.1' kan ikke slås op"),
        (["--port", "70000"], "porten skal være et tal fra 1 til 65535, ikke 70000"),
    ],
)
def test_options_that_cannot_work_get_one_danish_line(options: list[str], message: str) -> None:
    result = run_cli("serve", *options, timeout=30)
    assert result.returncode == 2, result
    assert message in result.stderr
    assert "Traceback" not in result.stderr


def test_binds_loopback_and_prints_the_address(content_copy: Path) -> None:
    serve = start_serve(content_copy)
    try:
        assert serve.lines[0] == f"Håndbogen kan nu åbnes i en browser på {serve.url()}"
        with socket.create_connection(("127.0.0.1", serve.port), timeout=5):
            pass
        with pytest.raises(OSError):  # loopback only: another address is not served
            socket.create_connection(("127.0.0.2", serve.port), timeout=2).close()
    finally:
        assert serve.stop() == 0


def test_every_address_prints_the_ones_people_can_open(content_copy: Path) -> None:
    serve = start_serve(content_copy, "--host", "0.0.0.0")
    try:
        printed = "\n".join(serve.lines)
        urls = re.findall(r"http://\S+", printed)
        assert urls, printed
        assert "0.0.0.0" not in printed and "127.0.0.1" not in printed
        assert f"http://{socket.gethostname()}:{serve.port}/" in urls
    finally:
        assert serve.stop() == 0


def test_behind_a_proxy_the_public_url_is_printed_and_its_origin_accepted(
    content_copy: Path,
) -> None:
    serve = start_serve(content_copy, "--public-url", "https://haandbog.example/")
    try:
        assert serve.lines[0].endswith("på https://haandbog.example/")
    finally:
        assert serve.stop() == 0


def test_the_handbook_in_chromium_reached_by_another_address(
    content_copy: Path, browser: Any, tmp_path: Path
) -> None:
    serve = start_serve(content_copy, "--terminal", "--host", "0.0.0.0")
    try:
        url = serve.terminal_url("127.0.0.2")  # not an address it printed
        assert "127.0.0.2" not in "\n".join(serve.lines)
        screen, requested = open_screen(browser, url, 1280, 800)
        screen.wait_for("Sociale medier i Paddehatten")
        screen.wait_for(INTRODUCTION)
        screen.wait_for("Gå til")  # the footer, with no click first
        screen.page.screenshot(path=str(tmp_path / "wide-1280x800.png"))
        # Keys work at once: no click anywhere on the page.
        assert screen.press("/")
        screen.wait_for("Søg i retningslinjen")
        screen.page.keyboard.type("billeder")
        screen.wait_for("1 afsnit og 1 i beslutningstræet")  # only a search shows this
        screen.page.keyboard.press("Enter")
        screen.wait_for("Søgeord markeret: 1 af")
        # Keys the browser keeps for itself reach the app instead: Ctrl+P (print) opens
        # the palette, F1 (the browser's help) the app's help, Ctrl+F (find) the search.
        assert screen.press("Control+p")
        screen.wait_for("Søg efter afsnit og kommandoer")
        assert screen.press("Escape")
        assert screen.press("F1")
        screen.wait_for("Om programmet")
        assert screen.press("Escape")
        frames_before = len(screen.text())
        assert screen.press("Control+f")
        screen.page.wait_for_timeout(500)
        assert "Søg i retningslinjen" in screen.text()[frames_before:]
        # Everything the page loaded came from the address it was opened by.
        base = url.removesuffix("/terminal/")
        outside = [u for u in requested if not u.startswith((base, base.replace("http", "ws")))]
        assert requested and outside == [], outside
        assert len(app_pids(content_copy)) == 1
        # A phone-sized screen.
        phone, _ = open_screen(browser, url, 400, 780)
        phone.wait_for("IT-sikkerhedspolitik")  # the introduction, wrapped to the width
        phone.wait_for("F1 Hjælp")
        phone.page.screenshot(path=str(tmp_path / "phone-400x780.png"))
        assert phone.press("/")
        phone.wait_for("Søg i retningslinjen")
        for shot in ("wide-1280x800.png", "phone-400x780.png"):
            assert (tmp_path / shot).stat().st_size > 5000
    finally:
        assert serve.stop() == 0  # SIGINT
    assert wait_until_gone(str(content_copy)) == [], "processes were left behind"


def test_a_full_server_and_an_unused_tab_say_so_in_the_browser(
    content_copy: Path, browser: Any
) -> None:
    serve: Serve = start_serve(
        content_copy, "--terminal", "--max-sessions", "1", "--idle-minutes", "0.1"
    )
    try:
        first, _ = open_screen(browser, serve.terminal_url(), 1000, 700)
        first.wait_for(INTRODUCTION)
        second = browser.new_page()
        response = second.goto(serve.terminal_url())
        assert response is not None and response.status == 503
        assert "Håndbogen er fuld lige nu" in second.inner_text("body")
        # Nobody types in the first tab: after 6 s it is closed, and says why.
        first.page.wait_for_selector("#closed-text", state="visible", timeout=30_000)
        assert "ikke havde været brugt i 0.1 minutter" in first.page.inner_text("#closed-text")
        # Its place is free again: the second person gets the handbook.
        deadline = time.monotonic() + 15
        while app_pids(content_copy) and time.monotonic() < deadline:
            time.sleep(0.1)
        second.close()
        third, _ = open_screen(browser, serve.terminal_url(), 1000, 700)
        third.wait_for(INTRODUCTION)
    finally:
        assert serve.stop() == 0
    assert wait_until_gone(str(content_copy)) == []
