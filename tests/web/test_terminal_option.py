"""`paddehatten serve --terminal`: the app in a browser at /terminal/, started only when
its websocket has said the browser's size, drawn right on first load, a dialog closed
by a tap, and nothing a tab chooses written to the server's files."""

from __future__ import annotations

import asyncio
import time
from pathlib import Path
from typing import Any

import aiohttp
import pytest

from paddehatten.tui.settings import SETTINGS_FILE
from paddehatten.tui.web.session import RESIZE_INTERVAL, AppSession
from tests.tui.serving import (
    INTRODUCTION,
    Client,
    app_pids,
    open_tab,
    start_serve,
    wait_until_gone,
)

#: Every test here drives a real server, its apps and Chromium: the processes are the point.
pytestmark = pytest.mark.slow

#: Keeps every xterm.js Terminal the page makes (textual.js keeps its own out of
#: reach): the public Terminal sets ``this._core`` in its constructor, and an accessor
#: on Object.prototype sees that assignment. The test then reads what xterm.js shows,
#: its buffer, rather than the bytes the websocket carried.
KEEP_TERMINALS = """
window.__terminals = [];
Object.defineProperty(Object.prototype, "_core", {
  configurable: true,
  get() { return undefined; },
  set(value) {
    Object.defineProperty(this, "_core",
      { value, writable: true, configurable: true, enumerable: true });
    if (typeof this.loadAddon === "function") { window.__terminals.push(this); }
  },
});
"""
#: The rows xterm.js shows, with its size.
READ_SCREEN = """
(() => {
  const terminal = window.__terminals[0];
  const buffer = terminal.buffer.active;
  const rows = [];
  for (let row = 0; row < terminal.rows; row++) {
    rows.push(buffer.getLine(buffer.viewportY + row).translateToString(true));
  }
  return { cols: terminal.cols, rows: terminal.rows, lines: rows };
})()
"""
FOOTER = "F1 Hjælp"


def app_environ(pid: int) -> dict[str, str]:
    raw = Path(f"/proc/{pid}/environ").read_bytes().split(b"\0")
    pairs = (entry.decode(errors="replace").partition("=") for entry in raw if entry)
    return {name: value for name, _, value in pairs}


def read_screen(page: Any) -> dict[str, Any]:
    page.wait_for_function("window.__terminals && window.__terminals.length > 0")
    result: dict[str, Any] = page.evaluate(READ_SCREEN)
    return result


def wait_for_screen(page: Any, marker: str, timeout: float = 60) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        screen = read_screen(page)
        if any(marker in line for line in screen["lines"]):
            return screen
        if time.monotonic() > deadline:
            raise AssertionError(f"{marker!r} never shown: {screen['lines']}")
        page.wait_for_timeout(100)


async def test_without_the_option_no_app_and_no_websocket(content_copy: Path) -> None:
    serve = start_serve(content_copy)
    try:
        assert "terminal" not in "\n".join(serve.lines)
        async with Client() as client:
            for path in ("terminal/", "terminal/ws", "terminal/static/js/textual.js", "ws"):
                async with client.get(serve.url() + path) as response:
                    assert response.status == 404, path
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await open_tab(client, serve)
            assert refused.value.status == 404
        assert app_pids(content_copy) == []
    finally:
        assert serve.stop() == 0


async def test_no_page_starts_an_app_and_the_app_starts_at_the_size_the_browser_says(
    content_copy: Path,
) -> None:
    serve = start_serve(content_copy, "--terminal", "--max-sessions", "2")
    try:
        assert f"{serve.url()}terminal/" in "\n".join(serve.lines)
        async with Client() as client:
            async with client.get(serve.url() + "terminal") as folder:
                assert folder.status == 200 and str(folder.url).endswith("/terminal/")
            # Far more page loads than places: none starts anything or takes a place.
            for _ in range(50):
                async with client.get(serve.terminal_url()) as page:
                    assert page.status == 200
                    assert "Luk (Esc)" in await page.text()
            assert app_pids(content_copy) == []
            # A websocket alone starts nothing until its size comes, and the address's
            # size is not the one used when the browser says another.
            tab = await open_tab(client, serve, size=(120, 40), say_size=False)
            await tab.send("focus")
            await asyncio.sleep(1.5)
            assert app_pids(content_copy) == []
            await tab.send("resize", {"width": 57, "height": 21})
            assert await tab.read_until(INTRODUCTION)
            (app,) = app_pids(content_copy)
            environ = app_environ(app)
            assert (environ["COLUMNS"], environ["ROWS"]) == ("57", "21")
            assert environ["PADDEHATTEN_SETTINGS"] == "memory"
            # A websocket that goes before saying its size leaves nothing behind.
            gone = await open_tab(client, serve, say_size=False)
            await gone.socket.close()
            await asyncio.sleep(1)
            assert app_pids(content_copy) == [app]
    finally:
        assert serve.stop() == 0
    assert wait_until_gone(str(content_copy)) == []


async def test_settings_chosen_in_a_tab_are_not_written(
    content_copy: Path, private_config: Path
) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        async with Client() as client:
            tab = await open_tab(client, serve)
            assert await tab.read_until(INTRODUCTION)
            await tab.send("stdin", "\x10")  # Ctrl+P: the command palette
            assert await tab.read_until("Søg efter afsnit og kommandoer")
            await tab.send("stdin", "Skærmlæser")
            assert await tab.read_until("Skærmlæser-tilstand: slå til")
            await tab.send("stdin", "\r")
            assert await tab.read_until("Skærmlæser-tilstand er slået til")
            await asyncio.sleep(1)
    finally:
        assert serve.stop() == 0
    written = [str(path) for path in private_config.rglob("*") if path.is_file()]
    assert not (private_config / "paddehatten" / SETTINGS_FILE).exists(), written


def test_settings_in_memory_only_are_kept_for_the_run_and_never_written(
    monkeypatch: pytest.MonkeyPatch, private_config: Path
) -> None:
    from paddehatten.tui import settings

    monkeypatch.setattr(settings, "_in_memory", {})
    (private_config / "paddehatten").mkdir(parents=True)
    (private_config / "paddehatten" / SETTINGS_FILE).write_text('{"theme": "nord"}')
    monkeypatch.setenv(settings.SETTINGS_ENV, settings.IN_MEMORY)
    assert settings.load_settings() == {}  # the server account's choice is not the tab's
    assert settings.save_setting("theme", "gruvbox") is None
    assert settings.load_settings() == {"theme": "gruvbox"}
    assert (private_config / "paddehatten" / SETTINGS_FILE).read_text() == '{"theme": "nord"}'
    monkeypatch.delenv(settings.SETTINGS_ENV)
    assert settings.load_settings() == {"theme": "nord"}


async def test_a_flood_of_resizes_reaches_the_app_as_a_few() -> None:
    written: list[bytes] = []

    class Pipe:
        def write(self, data: bytes) -> None:
            written.append(data)

        async def drain(self) -> None:
            return None

    class Process:
        stdin = Pipe()
        returncode = 0

    async def nowhere(data: object) -> None:
        return None

    session = AppSession(
        ["true"], environment={}, memory_bytes=0, send_bytes=nowhere, send_text=nowhere
    )
    session.process = Process()  # type: ignore[assignment]
    session.size = (80, 24)
    session.message_budget.burst = session.message_budget.tokens = 10_000
    started = time.monotonic()
    for number in range(5000):
        await session.handle(f'["resize", {{"width": {60 + number % 50}, "height": 30}}]')
        if number % 100 == 0:
            await asyncio.sleep(0.01)
    await asyncio.sleep(RESIZE_INTERVAL * 2)
    elapsed = time.monotonic() - started
    assert session.resizes_sent <= elapsed / RESIZE_INTERVAL + 2, session.resizes_sent
    assert len(written) == session.resizes_sent >= 1
    # The last size asked for is the one the app has.
    assert written[-1].endswith(b'"width": 109, "height": 30}')
    assert session.size == (109, 30)


@pytest.mark.parametrize("size", [(1280, 800), (400, 780), (320, 640)])
def test_the_first_screen_is_drawn_once_at_the_browsers_size(
    content_copy: Path, browser: Any, tmp_path: Path, size: tuple[int, int]
) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        page = browser.new_page(viewport={"width": size[0], "height": size[1]})
        page.add_init_script(KEEP_TERMINALS)
        page.goto(serve.terminal_url())
        wait_for_screen(page, FOOTER)
        page.wait_for_timeout(1500)  # anything drawn late would show now
        screen = read_screen(page)
        page.screenshot(path=str(tmp_path / f"terminal-{size[0]}x{size[1]}.png"))
        lines: list[str] = screen["lines"]
        # The app has the size xterm.js shows.
        (app,) = app_pids(content_copy)
        environ = app_environ(app)
        assert (int(environ["COLUMNS"]), int(environ["ROWS"])) == (screen["cols"], screen["rows"])
        # The header is the top row, the footer the bottom one, each drawn once.
        assert "Sociale medier i" in lines[0], lines
        assert FOOTER in lines[-1], lines
        assert sum(FOOTER in line for line in lines) == 1, lines
        # No line of text is drawn twice, and no line is wider than the terminal.
        worded = [line.strip() for line in lines if any(c.isalpha() for c in line)]
        assert len(worded) == len(set(worded)), lines
        assert all(len(line) <= screen["cols"] for line in lines)
        shown = " ".join(" ".join(line.split()) for line in lines)
        # The introduction starts at the top (how far it reaches depends on the size and
        # on the first screen's one-line hint about screen-reader mode).
        assert "Vejle kommune har lavet nogle" in shown
        assert (tmp_path / f"terminal-{size[0]}x{size[1]}.png").stat().st_size > 5000
    finally:
        assert serve.stop() == 0
    assert wait_until_gone(str(content_copy)) == []


def test_a_dialog_is_closed_by_a_tap(content_copy: Path, browser: Any) -> None:
    serve = start_serve(content_copy, "--terminal")
    try:
        context = browser.new_context(
            viewport={"width": 400, "height": 780}, has_touch=True, is_mobile=True
        )
        page = context.new_page()
        page.add_init_script(KEEP_TERMINALS)
        page.goto(serve.terminal_url())
        wait_for_screen(page, FOOTER)
        page.keyboard.press("F1")
        wait_for_screen(page, "Esc lukker")
        button = page.get_by_role("button", name="Luk (Esc)")
        box = button.bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24
        button.tap()
        deadline = time.monotonic() + 30
        while any("Esc lukker" in line for line in read_screen(page)["lines"]):
            assert time.monotonic() < deadline, "the dialog stayed open"
            page.wait_for_timeout(100)
        assert any(FOOTER in line for line in read_screen(page)["lines"])
        context.close()
    finally:
        assert serve.stop() == 0
