"""Search, go-to, the palette and help as a person expects them; copying; screenshots."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from textual.command import CommandPalette
from textual.pilot import Pilot
from textual.widgets import Input, Static

from paddehatten.content import Handbook
from paddehatten.tui.app.app import PaddehattenApp
from paddehatten.tui.app.screens.go_to import GoTo
from paddehatten.tui.app.screens.help import HelpScreen
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.screens.search import SearchScreen
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.app.widgets.toc import TableOfContents
from tests.conftest import opened, record_notifications

SIZE = (100, 30)


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def help_text(app: PaddehattenApp) -> str:
    screen = app.screen
    assert isinstance(screen, HelpScreen)
    return "\n".join(f"{k} {d}" for k, d in screen.keys) + f"\n{screen.place}"


@pytest.mark.parametrize("opener", ["slash", "g", "ctrl+p"])
async def test_f1_works_inside_the_dialogs(handbook: Handbook, opener: str) -> None:
    async with opened(handbook, size=SIZE) as (app, pilot):
        await settle(pilot)
        await pilot.press(opener)
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, (SearchScreen, GoTo, CommandPalette))
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        place = {"slash": "søgningen", "g": "gå til afsnit", "ctrl+p": "kommandoerne"}
        assert app.screen.place == place[opener]
        assert "Esc" in help_text(app)
        await pilot.press("f1")  # F1 again closes help: back in the dialog
        await pilot.pause()
        back: object = app.screen
        assert back is dialog


async def test_the_search_opens_again_with_the_last_words(handbook: Handbook) -> None:
    async with opened(handbook, size=SIZE) as (app, pilot):
        await settle(pilot)
        await pilot.press("slash", *"kodeord")
        await settle(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        await pilot.press("slash")
        await settle(pilot)
        field = app.screen.query_one("#search-input", Input)
        assert field.value == "kodeord"
        assert field.selected_text == "kodeord"  # typing replaces it
        await pilot.press(*"billeder")
        await settle(pilot)
        assert field.value == "billeder"


async def test_escape_clears_the_search_marks(handbook: Handbook) -> None:
    async with opened(handbook, size=SIZE) as (app, pilot):
        await settle(pilot)
        await pilot.press("slash", *"kodeord")
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        view = app.screen.query_one(SectionView)
        assert len(view.highlights) > 0
        matches = view.query_one("#matches", Static)
        assert matches.display and "Esc fjerner" in str(matches.render())
        await pilot.press("escape")
        await pilot.pause()
        assert len(view.highlights) == 0
        assert not matches.display
        assert isinstance(app.screen, ReaderScreen)  # nothing else closed
        assert view.section.id == "raad-4"


async def test_an_empty_go_to_says_what_to_type(handbook: Handbook) -> None:
    async with opened(handbook, size=SIZE) as (app, pilot):
        await settle(pilot)
        await pilot.press("g", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#goto-error", Static).render())
        assert error.startswith("Skriv et nummer først, fx 4 eller h2")
        assert "«»" not in error
        await pilot.press("h", "2", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.current == "husk-2"


def fake_clipboard_tool(folder: Path) -> Path:
    """An «xclip» that keeps what it is given in a file: the system's clipboard tool."""
    kept = folder / "clipboard.txt"
    tool = folder / "xclip"
    tool.write_text(
        f"#!{sys.executable}\nimport sys\n"
        f"open({str(kept)!r}, 'wb').write(sys.stdin.buffer.read())\n",
        encoding="utf-8",
    )
    tool.chmod(0o755)
    return kept


@pytest.mark.slow  # the clipboard tool is a real process (a stand-in xclip)
async def test_c_copies_the_open_section_and_says_kopieret_when_it_is_there(
    handbook: Handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    kept = fake_clipboard_tool(tmp_path)
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setenv("DISPLAY", ":0")
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    async with opened(handbook, start="raad-4", size=SIZE) as (app, pilot):
        await settle(pilot)
        notes = record_notifications(app)
        await pilot.press("c")
        await pilot.pause()
        section = handbook.section("raad-4")
        expected = (
            f"Råd 4 · {section.title}\n4. {' '.join(section.body.split())}\n\n"
            f"{handbook.title} – {handbook.revision}\n"
        )
        assert app.clipboard == expected
        assert kept.read_text(encoding="utf-8") == expected  # really on the clipboard
        assert notes == [f"«Råd 4 · {section.title}» er kopieret som tekst."]


async def test_without_a_clipboard_tool_it_never_claims_kopieret_and_says_how(
    handbook: Handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # no tool at all
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    async with opened(handbook, start="raad-4", size=SIZE) as (app, pilot):
        await settle(pilot)
        notes = record_notifications(app)
        await pilot.press("c")
        await pilot.pause()
        assert app.clipboard.startswith("Råd 4 · ")  # sent to the terminal all the same
        assert len(notes) == 1 and "kopieret" not in notes[0]
        assert "ikke alle terminaler tager imod den" in notes[0]
        assert "«paddehatten show raad-4»" in notes[0]


async def test_a_cut_title_in_the_contents_has_its_whole_title_as_tooltip(
    handbook: Handbook,
) -> None:
    async with opened(handbook, size=(80, 24)) as (app, pilot):
        await settle(pilot)
        toc = app.screen.query_one(TableOfContents)
        node = toc.get_node_at_line(2)
        assert node is not None
        label = toc.render_label(node, toc.rich_style, toc.rich_style)
        assert label.plain.endswith("…")
        await pilot.hover(toc, offset=(4, 2))
        await pilot.pause()
        assert toc.tooltip == f"1. {handbook.section('raad-1').title}"
        assert len(str(toc.tooltip)) > len(label.plain)


async def test_a_screenshot_without_downloads_goes_home_and_says_so(
    handbook: Handbook, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "hjem"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_DOWNLOAD_DIR", str(home / "Downloads"))  # not there
    async with opened(handbook, size=SIZE) as (app, pilot):
        await settle(pilot)
        notes = record_notifications(app)
        app.action_screenshot()
        await pilot.pause()
        saved = list(home.glob("*.svg"))
        assert len(saved) == 1 and not (home / "Downloads").exists()
        assert notes == [f"Gemt i {saved[0]}"]
