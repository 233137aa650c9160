"""Item 2 (markup) and the 10-column tree of issue 13: the app shows content as text."""

from __future__ import annotations

import shutil
from dataclasses import replace
from pathlib import Path

from rich.table import Table
from rich.text import Text
from textual.widgets import OptionList, Static

from paddehatten.content import DEFAULT_CONTENT, Handbook, load_handbook
from paddehatten.tui.app.app import make_app
from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

HOSTILE_TITLES = ("[/x] Tænk over hvad du lægger ud", "[@click=app.quit]Klik[/] her [b]")


def _retitled(handbook: Handbook, title: str) -> Handbook:
    """The shipped handbook with the first section's title (and the handbook's) hostile."""
    first = replace(handbook.sections[0], title=title)
    return replace(handbook, title=title, revision=title, sections=(first, *handbook.sections[1:]))


async def test_palette_shows_a_hostile_title_as_text_and_runs_nothing(
    handbook: Handbook,
) -> None:
    for title in HOSTILE_TITLES:
        app = make_app(_retitled(handbook, title))
        async with app.run_test(size=(100, 30)) as pilot:
            await pilot.pause()
            await pilot.press("ctrl+p")
            await pilot.pause()
            await pilot.press(*"tænk" if title.startswith("[/x]") else "klik")
            await pilot.pause(0.3)
            from textual.command import CommandList

            options = app.screen.query_one(CommandList)
            prompts = [
                str(options.get_option_at_index(i).prompt) for i in range(options.option_count)
            ]
            assert any(title in prompt for prompt in prompts), prompts
            # Hovering or clicking the text runs no action: the app is still running.
            await pilot.click(CommandList)
            await pilot.pause()
            assert app.is_running
            assert app.return_code is None


async def test_help_shows_a_hostile_title_as_text(handbook: Handbook) -> None:
    title = HOSTILE_TITLES[0]
    app = make_app(_retitled(handbook, title))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
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
    tree.write_text(tree.read_text(encoding="utf-8").replace("next: kollega-ja", "next: '[/x]'"))
    app = make_app(load_handbook(root))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause(0.2)
        messages = [n.message for n in app._notifications]
        assert any("'[/x]'" in m for m in messages), messages
        assert app.is_running


async def test_the_walk_survives_ten_columns(handbook: Handbook) -> None:
    app = make_app(handbook, tree="venneanmodning")
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
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
    app = make_app(handbook)
    async with app.run_test(size=(10, 20)) as pilot:
        await pilot.pause()
        await pilot.press("slash", *"kodeord")
        await pilot.pause(0.5)
        for width in (10, 4, 1, 30):
            await pilot.resize_terminal(width, 20)
            await pilot.pause()
        assert app.is_running
