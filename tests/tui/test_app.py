"""The app as people meet it: navigation, go-to, palette, themes, help."""

from __future__ import annotations

import json
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import Input, OptionList

from paddehatten.content import Handbook
from paddehatten.tui.app.app import make_app
from paddehatten.tui.app.screens.go_to import GoTo
from paddehatten.tui.app.screens.help import HelpScreen
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.widgets.section_view import SectionView
from tests.conftest import opened, record_notifications


def reader(app: object) -> ReaderScreen:
    screen = app.screen  # type: ignore[attr-defined]
    assert isinstance(screen, ReaderScreen)
    return screen


async def test_next_previous_back_and_forward(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        assert not reader(app).history.can_go_back
        await pilot.press("n", "n", "n")
        assert reader(app).current == "raad-3"
        await pilot.press("p")
        assert reader(app).current == "raad-2"
        await pilot.press("alt+left")
        assert reader(app).current == "raad-3"
        await pilot.press("alt+left", "alt+left")
        assert reader(app).current == "raad-1"
        await pilot.press("alt+right")
        assert reader(app).current == "raad-2"
        await pilot.press("backspace")
        assert reader(app).current == "raad-1"
        assert app.screen.query_one(SectionView).section.id == "raad-1"


async def test_moves_that_lead_nowhere_are_disabled(handbook: Handbook) -> None:
    async with opened(handbook) as (app, _):
        screen = reader(app)
        assert not screen.check_action("previous_section", ())
        assert not screen.check_action("back", ())
        await screen.open_section("husk-5")
        assert not screen.check_action("next_section", ())
        assert screen.check_action("back", ())


async def test_go_to_by_number(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("g")
        assert isinstance(app.screen, GoTo)
        await pilot.press("h", "9", "enter")
        assert isinstance(app.screen, GoTo)  # no HUSK 9: the dialog stays and says so
        assert "Intet afsnit hedder «h9»" in str(app.screen.query_one("#goto-error").render())
        app.screen.query_one(Input).value = ""
        await pilot.press("h", "3", "enter")
        await pilot.pause()
        assert reader(app).current == "husk-3"
        await pilot.press("g", "escape")
        assert reader(app).current == "husk-3"


async def test_typing_in_a_text_field_never_triggers_navigation(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("g")
        await pilot.press(*"npgq")
        assert isinstance(app.screen, GoTo)
        assert app.screen.query_one(Input).value == "npgq"
        await pilot.press("backspace")
        assert app.screen.query_one(Input).value == "npg"


async def test_palette_opens_a_section(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"kodeord")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert reader(app).current == "raad-4"


async def test_palette_keeps_textuals_own_commands(handbook: Handbook) -> None:
    app = make_app(handbook)
    from textual.app import App

    assert App.COMMANDS <= app.COMMANDS
    async with opened(app) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.press(*"tema")
        await pilot.pause(0.3)
        palette = app.screen
        assert isinstance(palette, CommandPalette)
        options = palette.query_one("CommandList", OptionList)
        texts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        assert any("tema" in t.lower() for t in texts), texts


async def test_theme_is_remembered_between_runs(handbook: Handbook, private_config: Path) -> None:
    first = make_app(handbook)
    async with opened(first) as (_, pilot):
        assert first.theme != "lys"
        first.theme = "lys"
        await pilot.pause()
    stored = json.loads((private_config / "paddehatten" / "settings.json").read_text())
    assert stored == {"theme": "lys"}
    second = make_app(handbook)
    async with opened(second) as (_, pilot):
        assert second.theme == "lys"


async def test_a_broken_settings_file_means_defaults(
    handbook: Handbook, private_config: Path
) -> None:
    folder = private_config / "paddehatten"
    folder.mkdir(parents=True)
    (folder / "settings.json").write_text("{not json", encoding="utf-8")
    async with opened(handbook) as (app, _):
        assert app.theme == "mørk"


async def test_an_unwritable_config_dir_warns_and_goes_on(
    handbook: Handbook, private_config: Path
) -> None:
    private_config.mkdir(parents=True)
    (private_config / "paddehatten").write_text("a file where the folder should be")
    async with opened(handbook) as (app, pilot):
        notes = record_notifications(app)
        app.theme = "lys"
        await pilot.pause()
        assert app.theme == "lys"
        assert any("Temaet kunne ikke gemmes" in m for m in notes)


async def test_starting_does_not_write_settings(handbook: Handbook, private_config: Path) -> None:
    async with opened(handbook) as (_, pilot):
        await pilot.press("n", "p")
    assert not private_config.exists()


async def test_help_lists_the_keys_of_the_focused_place(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.place == "indholdsfortegnelsen"
        toc_keys = dict((d, k) for k, d in help_screen.keys)
        assert toc_keys["fold kapitlet ud eller sammen"] == "Mellemrum"
        assert toc_keys["tilbage til det afsnit, du læste før"] == "Alt+← eller Backspace"
        assert toc_keys["næste afsnit"] == "n"
        assert ("Indhold", str(handbook.root)) in help_screen.about
        await pilot.press("escape", "tab", "question_mark")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.place == "teksten"
        text_keys = dict((d, k) for k, d in help_screen.keys)
        assert text_keys["rul en side"] == "PgUp eller PgDn"
        assert "fold kapitlet ud eller sammen" not in text_keys
