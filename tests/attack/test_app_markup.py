"""Issue 13, item 2 (markup) and item 4 (10 columns): the app shows content as text.

A section title "[/x] …" crashed the palette; "[@click=app.quit]" in a title became a
live action. Every text from the handbook reaches Textual as Content/Text.
"""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.command import CommandList
from textual.content import Content
from textual.widgets import OptionList, Static

from paddehatten.content import DEFAULT_CONTENT, Handbook, load_handbook
from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen
from tests.conftest import opened

HOSTILE_TITLES = ("[/x] Tænk over hvad du lægger ud", "[@click=app.quit]Klik[/] her [b]")


def _retitled(handbook: Handbook, title: str) -> Handbook:
    """The shipped handbook with the first section's title (and the handbook's) hostile."""
    first = replace(handbook.sections[0], title=title)
    return replace(handbook, title=title, revision=title, sections=(first, *handbook.sections[1:]))


async def test_palette_shows_a_hostile_title_as_text_and_runs_nothing(
    handbook: Handbook,
) -> None:
    for title, typed in zip(HOSTILE_TITLES, ("tænk", "klik"), strict=True):
        async with opened(_retitled(handbook, title)) as (app, pilot):
            await pilot.press("ctrl+p", *typed)
            await pilot.pause(0.3)
            options = app.screen.query_one(CommandList)
            prompts = [options.get_option_at_index(i).prompt for i in range(options.option_count)]
            shown = [p.plain for p in prompts if isinstance(p, Content)]
            assert any(title in line for line in shown), prompts
            # Clicking the row and its text runs no action hidden in it.
            await pilot.click(CommandList)
            await pilot.pause()
            assert app.is_running and app.return_code is None


async def test_help_shows_a_hostile_title_as_text(handbook: Handbook) -> None:
    title = HOSTILE_TITLES[0]
    async with opened(_retitled(handbook, title)) as (app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        about = app.screen.query_one("#help-about", Static).content
        assert isinstance(about, Table)
        cells = [cell for column in about.columns for cell in column.cells]
        assert any(isinstance(c, Text) and c.plain == title for c in cells)
        assert app.is_running


async def test_a_tree_problem_with_markup_is_notified_as_text(tmp_path: Path) -> None:
    root = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, root)
    tree = root / "trees" / "venneanmodning.yaml"
    text = tree.read_text(encoding="utf-8")
    tree.write_text(text.replace("next: kollega-ja", "next: '[@click=app.quit]x'", 1))
    async with opened(load_handbook(root)) as (app, pilot):
        shown: list[tuple[str, object]] = []
        notify = app.notify

        def recording(message: str, **options: Any) -> None:
            shown.append((message, options.get("markup", True)))
            notify(message, **options)

        app.notify = recording  # type: ignore[method-assign]
        await pilot.press("t")
        await pilot.pause(0.2)
        # The problem names the bad id as written, and Textual is told it is no markup.
        assert [m for m, markup in shown if "'[@click=app.quit]x'" in m and markup is False]
        assert app.is_running and app.return_code is None


async def test_the_walk_survives_ten_columns(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        assert isinstance(app.screen, DecisionTreeScreen)
        await pilot.press("1")
        await pilot.pause()
        walked = app.screen.walk
        for width in (10, 9, 5, 1, 40):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, DecisionTreeScreen)
        assert app.screen.walk == walked
        assert app.screen.query(OptionList)


async def test_search_survives_ten_columns(handbook: Handbook) -> None:
    async with opened(handbook, size=(10, 20)) as (app, pilot):
        await pilot.press("slash", *"kodeord")
        await pilot.pause(0.5)
        for width in (10, 4, 1, 30):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
        assert app.is_running
