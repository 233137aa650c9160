"""SVG snapshots of the screens people look at (plain def tests: snap_compare runs its own loop)."""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.tui.app.app import make_app
from paddehatten.tui.cli.terminal import MIN_COLUMNS, MIN_ROWS


def app() -> Any:
    return make_app(load_handbook(DEFAULT_CONTENT))


def test_reader_100x30(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=(100, 30))


def test_reader_on_a_numbered_point_80x24(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=(80, 24), press=["down", "down", "down", "enter"])


def test_reader_light_theme_80x24(snap_compare: Any) -> None:
    light = app()
    light.theme = "lys"
    assert snap_compare(light, terminal_size=(80, 24), press=["n", "n", "n"])


def test_reader_no_color_80x24(snap_compare: Any, monkeypatch: Any) -> None:
    """NO_COLOR: the terminal's own colours; the note keeps its words and border."""
    monkeypatch.setenv("NO_COLOR", "1")
    plain = app()
    assert plain.no_color
    assert snap_compare(plain, terminal_size=(80, 24), press=["n", "n", "n"])


async def _settled(pilot: Pilot[None]) -> None:
    """Wait for what is opening (the palette gathers its rows in a worker)."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def test_help_80x24(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("f1")
        await _settled(pilot)

    assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


def test_go_to_80x24(snap_compare: Any) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("g", "h", "9", "enter")
        await _settled(pilot)

    assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


def test_palette_80x24(snap_compare: Any) -> None:
    """The palette with a few letters typed: its providers answer in any order, so an
    empty palette lists its rows in an order that changes from run to run."""

    async def run_before(pilot: Pilot[None]) -> None:
        await pilot.press("ctrl+p")
        await _settled(pilot)
        await pilot.press(*"ko")
        await _settled(pilot)
        await pilot.pause(0.3)

    assert snap_compare(app(), terminal_size=(80, 24), run_before=run_before)


def test_reader_at_the_smallest_size_40x12(snap_compare: Any) -> None:
    """The smallest terminal the command opens the app in (tui/cli/terminal.py)."""
    assert (MIN_COLUMNS, MIN_ROWS) == (40, 12)
    assert snap_compare(app(), terminal_size=(MIN_COLUMNS, MIN_ROWS))
