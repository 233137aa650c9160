"""Every text a person meets is Danish: help, usage errors, and (below) the app's screens."""

from __future__ import annotations

from typing import Any

import pytest

from paddehatten.tui.cli.main import build_parser
from paddehatten.tui.cli.parser import DANISH_ARGPARSE
from tests.conftest import run_cli
from tests.english import english_in

COMMANDS = ["list", "show", "search", "check", "serve", "tree"]


def test_the_word_list_finds_english() -> None:
    found = english_in("usage: paddehatten [-h]\n\noptions:\n  show this help message and exit")
    assert {"usage", "options", "show this help", "and exit"} <= set(found)
    assert english_in("brug: paddehatten search kodeord; tilvalg; vis denne hjælp") == []


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_danish(command: str | None) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("brug: paddehatten")
    assert "tilvalg:" in result.stdout
    assert "vis denne hjælp og afslut" in result.stdout
    assert english_in(result.stdout + result.stderr) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["findes-ikke"], "paddehatten: fejl: KOMMANDO: ukendt valg 'findes-ikke' (vælg mellem"),
        (["search"], "paddehatten: skriv, hvad du søger efter, fx: paddehatten search kodeord"),
        (["search", "   "], "paddehatten: skriv, hvad du søger efter"),
        (["search", "x", "--limit", "mange"], "--limit: «mange» er ikke et helt tal"),
        (["search", "x", "--limit"], "--limit: skal have en værdi"),
        (["show", "--bogus"], "paddehatten: fejl: ukendte argumenter: --bogus"),
        (["tree", "--plain", "--json"], "--json: kan ikke bruges sammen med --plain"),
        (["serve", "--port", "otte"], "--port: ugyldig værdi: 'otte'"),
        (["--content"], "--content: skal have en værdi"),
    ],
)
def test_usage_errors_are_danish(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert english_in(result.stdout + result.stderr) == []


def test_the_parser_leaves_argparse_as_it_was() -> None:
    """The Danish texts are argparse's only while our parser works: pytest's own
    argparse, in the same process, still speaks English."""
    import argparse

    build_parser().format_help()
    other = argparse.ArgumentParser(prog="x").format_help()
    assert other.startswith("usage: x")
    assert "show this help message and exit" in other
    assert set(DANISH_ARGPARSE) >= {"usage: ", "options", "show this help message and exit"}


def screen_text(app: object) -> str:
    """The words on the app's screen, from its SVG picture."""
    import html
    import re

    svg: str = app.export_screenshot()  # type: ignore[attr-defined]
    svg = re.sub(r"<style.*?</style>|<defs>.*?</defs>", " ", svg, flags=re.DOTALL)
    return html.unescape(re.sub(r"<[^>]+>", "", svg)).replace("\xa0", " ")


def notifications(app: Any) -> list[str]:
    """Every notification's title and message from now on (as record_notifications in
    tests/conftest.py, with the title, which a person reads too)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        shown.append(f"{options.get('title', '')}\n{message}")
        notify(message, **options)

    app.notify = recording
    return shown


#: What a person does to meet each screen, from the reader.
SCREENS = {
    "the reader": [],
    "help": ["f1"],
    "search": ["slash", *"kodeord"],
    "go to": ["g", "enter"],
    "the palette": ["ctrl+p"],
    "the theme picker": ["ctrl+p", *"Tema", "enter"],
    "Ctrl+C": ["ctrl+c"],
    "a copied section": ["c"],
    "a question": ["t", "1"],
    "help on a question": ["t", "1", "f1"],
    "an outcome": ["t", "1", "1", "1", "1"],
    "a copied outcome": ["t", "1", "1", "1", "1", "c"],
    "a cited section": ["t", "1", "2", "tab", "enter"],
    "start again": ["t", "1", "r"],
    "the keys panel": ["ctrl+p", *"tastepanel", "enter"],
    "the keys panel in search": ["slash", "ctrl+p", *"tastepanel", "enter"],
    "the keys panel on a question": ["t", "ctrl+p", *"tastepanel", "enter"],
    "the keys panel on an outcome": ["t", "3", "1", "ctrl+p", *"tastepanel", "enter"],
}


#: Words that show the screen was really reached (and read).
EXPECTED = {
    "help": "Taster",
    "the palette": "Søg efter afsnit og kommandoer",
    "Ctrl+C": "Vil du afslutte?",
    "a copied section": "Sendt til terminalen",
    "a question": "Dine svar indtil nu",
    "an outcome": "Resultat ud fra dine svar",
    "a copied outcome": "Sendt til terminalen",
    "a cited section": "HUSK 5",
    "start again": "Du startede forfra",
    "go to": "Skriv et nummer først",
    "search": "Skift dit kodeord ofte",
    "the theme picker": "mørk",
    "the keys panel": "Rul",
    "the keys panel in search": "Markér til",
    "the keys panel on a question": "Næste svar",
    "the keys panel on an outcome": "Rul",
}


@pytest.mark.parametrize("name", list(SCREENS))
async def test_the_screens_people_use_show_no_english(
    name: str, handbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # No clipboard tool: copying says how to copy, the longer text to check.
    monkeypatch.delenv("DISPLAY", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    from tests.conftest import opened

    async with opened(handbook, size=(100, 30)) as (app, pilot):
        notes = notifications(app)
        await app.workers.wait_for_complete()
        for key in SCREENS[name]:
            await pilot.press(key)
            await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.pause(0.2)
        # Notifications are drawn over the screen a moment later: read them as well.
        text = "\n".join([screen_text(app), *notes])
        assert EXPECTED.get(name, "F1") in text, text
        assert english_in(text) == [], text


async def test_after_the_first_frame_every_binding_is_in_danish(
    handbook: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Textual's own key texts are made Danish right after the first frame (none shows
    on it): then in the widgets made for it, and in the widget classes that every later
    widget copies its bindings from (here: the search field, never opened before)."""
    from textual.binding import BindingsMap
    from textual.dom import DOMNode
    from textual.widgets import Input

    from paddehatten.tui.app.textual_danish import DESCRIPTIONS, _subclasses
    from tests.conftest import opened

    def english_in_map(bindings: BindingsMap) -> list[str]:
        return [
            binding.description
            for listed in bindings.key_to_bindings.values()
            for binding in listed
            if binding.description in DESCRIPTIONS
        ]

    # Textual's classes as they come, in English: an earlier test in this process
    # (the keys panel) may have made them Danish already. Put back afterwards.
    classes: list[type[DOMNode]] = [DOMNode, *_subclasses(DOMNode)]
    for cls in classes:
        if isinstance(cls.__dict__.get("_merged_bindings"), BindingsMap):
            monkeypatch.setattr(cls, "_merged_bindings", cls._merge_bindings())
    assert Input._merged_bindings is not None
    assert english_in_map(Input._merged_bindings), "the classes were not made English again"

    def english(node: DOMNode) -> list[str]:
        return english_in_map(node._bindings)

    async with opened(handbook, size=(100, 30)) as (app, pilot):
        await pilot.pause()
        nodes = [app, *app.screen_stack, *app.screen.walk_children()]
        assert len(nodes) > 10
        assert [(node, english(node)) for node in nodes if english(node)] == []
        await pilot.press("slash")
        await pilot.pause()
        field = app.screen.query_one(Input)
        assert english(field) == []
        assert any(
            b.description == "Markér alt"
            for listed in field._bindings.key_to_bindings.values()
            for b in listed
        )
