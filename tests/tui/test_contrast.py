"""Contrast by measurement: screenshots (SVG) of every screen in every theme the app
offers, and the WCAG contrast ratio computed from the colours in them.

- Text (every run of letters or digits): at least 4.5:1 against the cell behind it.
- What marks the focus or the selection (the highlighted row of the contents, the
  chosen search hit, the highlighted answer, the focused point of an outcome): its
  background at least 3:1 against the background of the row beside it.

With NO_COLOR the app uses the terminal's own colours: tested in a real terminal
(tmux), from the escape codes it draws with.

Run with ``-s`` to see the table (theme × screen → lowest text ratio, selection ratio).
"""

from __future__ import annotations

import html
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from textual.pilot import Pilot

from paddehatten.content import Handbook
from paddehatten.tui.app.app import PaddehattenApp, make_app
from paddehatten.tui.app.themes import THEMES
from tests.conftest import opened, paddehatten_command
from tests.tmux import Tmux, tmux_available

TEXT = 4.5
MARK = 3.0
SIZE = (100, 30)


def luminance(hex_colour: str) -> float:
    value = hex_colour.lstrip("#")
    channels = [int(value[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def ratio(one: str, two: str) -> float:
    a, b = sorted((luminance(one), luminance(two)), reverse=True)
    return (a + 0.05) / (b + 0.05)


@dataclass(frozen=True)
class Run:
    """A run of text in the screenshot: its cells, its colour and what is behind it."""

    row: int
    column: int
    text: str
    colour: str
    background: str


CELL_W = 12.2
CELL_H = 24.4
TOP = 1.5


def runs(svg: str) -> list[Run]:
    """The text runs of a Textual SVG screenshot, each with the background under it."""
    classes = dict(re.findall(r"\.(terminal-[\w-]*?r\d+) \{ fill: (#[0-9a-fA-F]{6})", svg))
    backgrounds: dict[tuple[int, int], str] = {}
    rect = r'<rect fill="(#[0-9a-fA-F]{6})" x="([\d.]+)" y="([\d.]+)" width="([\d.]+)" height'
    for fill, x, y, width in re.findall(rect, svg):
        row = round((float(y) - TOP) / CELL_H)
        first = round(float(x) / CELL_W)
        for column in range(first, first + round(float(width) / CELL_W)):
            backgrounds[(row, column)] = fill
    found = []
    text = r'<text class="(terminal-[\w-]*?r\d+)" x="([\d.]+)" y="([\d.]+)"[^>]*>([^<]*)</text>'
    for name, x, y, body in re.findall(text, svg):
        words = html.unescape(body).replace("\xa0", " ")
        if not re.search(r"\w", words) or name not in classes:
            continue
        row = round((float(y) - 20) / CELL_H)
        column = round(float(x) / CELL_W)
        # The background of the first cell that holds a letter or digit.
        offset = re.search(r"\w", words).start()  # type: ignore[union-attr]
        behind = backgrounds.get((row, column + offset), "#000000")
        found.append(Run(row, column, words, classes[name], behind))
    return found


def lowest_text(svg: str) -> tuple[float, Run]:
    measured = [(ratio(run.colour, run.background), run) for run in runs(svg)]
    return min(measured, key=lambda pair: pair[0])


def background_of(svg: str, text: str) -> str:
    for run in runs(svg):
        if text in run.text:
            return run.background
    raise AssertionError(f"«{text}» is not on the screen")


Steps = Callable[[Pilot[None]], Awaitable[None]]


async def _reader(pilot: Pilot[None]) -> None:
    await pilot.pause()


async def _search(pilot: Pilot[None]) -> None:
    await pilot.press("slash", *"forældre")
    app = pilot.app
    for _ in range(200):
        await pilot.pause(0.05)
        if "afsnit" in str(app.screen.query_one("#search-count").render()):
            break


async def _help(pilot: Pilot[None]) -> None:
    await pilot.press("f1")
    await pilot.pause()


async def _go_to(pilot: Pilot[None]) -> None:
    await pilot.press("g")
    await pilot.pause()


async def _question(pilot: Pilot[None]) -> None:
    await pilot.press("t")
    await pilot.pause()


async def _outcome(pilot: Pilot[None]) -> None:
    await pilot.press("t")
    await pilot.pause()
    await pilot.press("3")
    await pilot.pause()
    await pilot.press("1")
    await pilot.pause()
    await pilot.press("tab")
    await pilot.pause()


async def _whats_new(pilot: Pilot[None]) -> None:
    app = pilot.app
    assert isinstance(app, PaddehattenApp)
    app.action_whats_new()
    await pilot.pause()


async def _palette(pilot: Pilot[None]) -> None:
    await pilot.press("ctrl+p", *"kode")
    await pilot.pause(0.3)


#: Every screen, and (selected, beside it) texts whose backgrounds mark the selection.
SCREENS: dict[str, tuple[Steps, tuple[str, str] | None]] = {
    "læser": (_reader, ("Indledning", "Tænk over hvad du lægger ud")),
    "søgning": (_search, ("Tavshedspligt og underretningspligt", "Privat og professionel")),
    "hjælp": (_help, None),
    "gå til": (_go_to, None),
    "spørgsmål": (_question, ("En forælder til et barn", "En forælder, hvis barn")),
    "resultat": (_outcome, ("Tag stilling til, hvorfor I siger ja", "Opret vennelister")),
    "kommandoer": (_palette, None),
    "hvad er nyt": (_whats_new, None),
}

#: theme × screen → (lowest text ratio, selection ratio or None); printed at the end.
TABLE: dict[tuple[str, str], tuple[float, float | None]] = {}


async def screenshot(handbook: Handbook, theme: str, steps: Steps) -> str:
    app = make_app(handbook, screen_reader=False)
    async with opened(app, size=SIZE) as (running, pilot):
        assert isinstance(running, PaddehattenApp)
        running.theme = theme
        await pilot.pause()
        await steps(pilot)
        await pilot.pause()
        return running.export_screenshot()


def test_only_measured_themes_with_danish_names_are_offered(handbook: Handbook) -> None:
    app = make_app(handbook)
    assert list(app.available_themes) == ["mørk", "lys"]
    assert app.theme == "mørk"


@pytest.mark.parametrize("theme", [t.name for t in THEMES])
@pytest.mark.parametrize("screen", list(SCREENS))
async def test_every_screen_in_every_theme_passes(
    handbook: Handbook, theme: str, screen: str, private_config: object
) -> None:
    steps, selection = SCREENS[screen]
    svg = await screenshot(handbook, theme, steps)
    lowest, run = lowest_text(svg)
    marked = None
    if selection is not None:
        chosen, beside = (background_of(svg, text) for text in selection)
        marked = ratio(chosen, beside)
    TABLE[(theme, screen)] = (lowest, marked)
    shown = "–" if marked is None else f"{marked:.2f}"
    print(f"\nKONTRAST {theme:5} {screen:11} tekst {lowest:5.2f}  markering {shown}")
    assert lowest >= TEXT, (
        f"{theme} · {screen}: «{run.text.strip()}» {run.colour} on {run.background}"
    )
    if marked is not None:
        assert marked >= MARK, f"{theme} · {screen}: selection {marked:.2f}:1"


def test_the_measurement_catches_a_failing_theme(handbook: Handbook) -> None:
    """Textual's own default theme, measured the same way, fails: the test can fail."""
    assert ratio("#ffffff", "#000000") == pytest.approx(21.0)
    svg = (
        "<style>.terminal-r1 { fill: #777777 }</style>"
        '<rect fill="#888888" x="0" y="1.5" width="24.4" height="24.65" shape-rendering="c"/>'
        '<text class="terminal-r1" x="0" y="20" textLength="24.4">ab</text>'
    )
    assert lowest_text(svg)[0] < TEXT


@pytest.mark.tmux
@pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (apt-get install tmux)")
def test_no_color_draws_in_the_terminals_own_colours() -> None:
    """NO_COLOR: not one colour code (the terminal's own foreground and background, at
    whatever contrast the person chose), and the selection in reverse video."""
    with Tmux(paddehatten_command(), size=(100, 30), env={"NO_COLOR": "1"}) as term:
        term.wait_for("F1 Hjælp")
        drawn = term.screen_with_codes()
        codes = re.findall(r"\x1b\[([\d;]*)m", drawn)
        coloured = [c for c in codes if re.search(r"(^|;)(3[0-8]|4[0-8]|9[0-7]|10[0-7])(;|$)", c)]
        assert coloured == [], coloured[:5]
        reversed_rows = [row for row in drawn.splitlines() if re.search(r"\x1b\[[\d;]*\b7m", row)]
        # The highlighted row of the contents (the first: «Indledning»).
        assert any("Indledning" in row for row in reversed_rows), drawn
        term.send("C-q")
        assert term.exited()
