"""Keys are spelled one way (App.get_key_display) in the Footer and in help; help for a
place lives on its widget; Textual's own palette commands are translated, all of them."""

from __future__ import annotations

import inspect
import pkgutil
from importlib import import_module

import pytest
from textual.app import App
from textual.binding import Binding
from textual.dom import DOMNode
from textual.widget import Widget

from paddehatten.content import Handbook
from paddehatten.tui import app as app_package
from paddehatten.tui.app.app import SYSTEM_COMMANDS_DA, make_app
from paddehatten.tui.app.keys import OR, Place, key_display
from paddehatten.tui.app.screens.help import HelpScreen
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.app.widgets.toc import TableOfContents
from tests.conftest import opened


def our_classes() -> list[type]:
    """Every class defined in the app's modules (screens, widgets, the app)."""
    found: list[type] = []
    for info in pkgutil.walk_packages(app_package.__path__, app_package.__name__ + "."):
        module = import_module(info.name)
        found += [
            c for _, c in inspect.getmembers(module, inspect.isclass) if c.__module__ == info.name
        ]
    return found


@pytest.mark.parametrize(
    ("key", "shown"),
    [
        ("f1", "F1"),
        ("escape", "Esc"),
        ("ctrl+p", "Ctrl+P"),
        ("alt+left", "Alt+←"),
        ("shift+tab", "Shift+Tab"),
        ("question_mark", "?"),
        ("slash", "/"),
        ("enter", "Enter"),
        ("space", "Mellemrum"),
        ("n", "n"),
    ],
)
def test_key_names_as_people_read_them(handbook: Handbook, key: str, shown: str) -> None:
    assert key_display(key) == shown
    assert make_app(handbook).get_key_display(Binding(key, "noop")) == shown


def test_no_binding_of_ours_spells_its_own_key() -> None:
    """Key names come from App.get_key_display, never from a binding's key_display."""
    spelled = [
        (cls.__name__, binding.key)
        for cls in our_classes()
        if issubclass(cls, DOMNode)
        for binding in cls.BINDINGS
        if isinstance(binding, Binding) and binding.key_display is not None
    ]
    assert spelled == []


def test_every_place_names_itself() -> None:
    places = [c for c in our_classes() if issubclass(c, Place) and issubclass(c, Widget)]
    names = {c.__name__: c.HELP_PLACE for c in places}
    assert names == {
        "TableOfContents": "indholdsfortegnelsen",
        "SectionView": "teksten",
        "QuestionView": "spørgsmålet",
        "OutcomeView": "resultatet",
        "SearchScreen": "søgningen",
        "GoTo": "gå til afsnit",
        "Palette": "kommandoerne",
    }


async def test_the_footer_and_help_spell_the_keys_alike(handbook: Handbook) -> None:
    async with opened(handbook, size=(200, 30)) as (app, pilot):  # the whole Footer shows
        # The Footer fills itself when the bindings are first announced, which may come
        # a few frames after the first paint on a busy machine.
        for _ in range(100):
            if app.screen.query("FooterKey"):
                break
            await pilot.pause(0.05)
        footer = [str(w.render()).split() for w in app.screen.query("FooterKey")]
        # What a newcomer needs first: help, search, the tree, go to a number (issue 12).
        assert [words[0] for words in footer][:4] == ["F1", "/", "t", "g"]
        assert ["Alt+←", "Tilbage"] in footer and ["Alt+→", "Frem"] in footer
        in_help = {name for keys, _ in app.help_keys() for name in keys.split(OR)}
        assert {words[0] for words in footer} <= in_help


async def test_help_reads_the_place_from_the_focused_widget(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        assert isinstance(app.focused, TableOfContents)
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        first = [(keys, text) for keys, text in help_screen.keys][:3]
        assert first == [
            ("↑ eller ↓", "flyt markøren"),
            ("Enter eller klik", "åbn afsnittet"),
            ("Mellemrum", "fold kapitlet ud eller sammen"),
        ]
        await pilot.press("escape")
        app.screen.query_one(SectionView).focus()
        await pilot.press("f1")
        help_screen = app.screen
        assert isinstance(help_screen, HelpScreen)
        assert help_screen.place == SectionView.HELP_PLACE
        assert help_screen.keys[1] == ("PgUp eller PgDn", "rul en side")
        # The keys every screen has come last, spelled by the same function (Ctrl+P
        # is the app's own binding now, listed with the others: issue 12).
        assert ("Ctrl+P", "kommandoer: afsnit, søgning, temaer") in help_screen.keys
        assert help_screen.keys[-1] == ("Esc", "luk hjælp og dialoger")


async def test_every_danish_system_command_is_one_textual_has(handbook: Handbook) -> None:
    """SYSTEM_COMMANDS_DA translates Textual's own palette commands by their English
    (title, help): when Textual renames one, the translation would silently stop
    applying and English would show. Textual's commands are gathered in every state
    that changes them (the key panel shown or not, a widget maximized or not)."""
    app = make_app(handbook)
    textuals: set[tuple[str, str]] = set()
    danish: set[tuple[str, str]] = set()

    def gather() -> None:
        textuals.update((c.title, c.help) for c in App.get_system_commands(app, app.screen))
        danish.update((c.title, c.help) for c in app.get_system_commands(app.screen))

    async with opened(app) as (app, pilot):
        gather()
        app.action_show_help_panel()
        await pilot.pause()
        gather()
        app.action_hide_help_panel()
        app.screen.action_maximize()
        await pilot.pause()
        assert app.screen.maximized is not None
        gather()
    stale = set(SYSTEM_COMMANDS_DA) - textuals
    assert not stale, f"no longer one of Textual's commands: {stale}"
    untranslated = textuals - set(SYSTEM_COMMANDS_DA)
    assert not untranslated, f"Textual's commands without Danish words: {untranslated}"
    assert danish == set(SYSTEM_COMMANDS_DA.values())
