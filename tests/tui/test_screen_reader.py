"""Screen-reader mode: the flag and the setting, no animation, and where the cursor goes
(tests/tui/test_tmux_issue12.py follows the real cursor in a terminal)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from textual.geometry import Offset

from paddehatten.content import Handbook
from paddehatten.tui.app.app import make_app
from paddehatten.tui.app.screen_reader import cursor_offset, spoken
from paddehatten.tui.app.widgets.answer_list import AnswerList
from paddehatten.tui.app.widgets.toc import TableOfContents
from paddehatten.tui.cli import main as cli
from paddehatten.tui.cli.results import OpenApp
from tests.conftest import opened


def test_the_flag_asks_the_app_for_screen_reader_mode(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(cli, "plain_reason", lambda *args: None)  # as in a terminal
    monkeypatch.setattr("paddehatten.tui.cli.tree_cli.plain_reason", lambda *args: None)
    for argv, tree in (
        (["--screen-reader"], None),
        (["--screen-reader", "tree"], "venneanmodning"),
    ):
        result = cli.run(argv)
        assert isinstance(result, OpenApp)
        assert result.screen_reader is True and result.tree == tree
        ready = cli.finish_loading(result)  # a first start may be loading it in a child
        assert isinstance(ready, OpenApp) and ready.loaded().title == handbook.title
    plain = cli.run(["tree"])
    assert isinstance(plain, OpenApp) and plain.screen_reader is None


def test_the_setting_turns_it_on(handbook: Handbook, private_config: Path) -> None:
    assert make_app(handbook).screen_reader is False
    private_config.mkdir(parents=True, exist_ok=True)
    (private_config / "paddehatten").mkdir(exist_ok=True)
    (private_config / "paddehatten" / "settings.json").write_text(
        json.dumps({"screen_reader": True}), encoding="utf-8"
    )
    app = make_app(handbook)
    assert app.screen_reader is True and app.animation_level == "none"
    assert make_app(handbook, screen_reader=False).screen_reader is False


async def test_the_palette_toggles_it_and_remembers(
    handbook: Handbook, private_config: Path
) -> None:
    async with opened(handbook) as (app, pilot):
        app.action_toggle_screen_reader()
        await pilot.pause()
        assert app.screen_reader and app.has_class("-screen-reader")
        saved = json.loads((private_config / "paddehatten" / "settings.json").read_text())
        assert saved == {"screen_reader": True}
        assert str(app.screen.title).startswith("Sociale medier i Paddehatten: Indledning")
        assert app.screen.has_class("-one-column")  # the reading layout, at any width
        app.action_toggle_screen_reader()
        await pilot.pause()
        assert not app.screen_reader and app.animation_level == "full"
        # The Header's own title and the two columns come back.
        assert app.screen.title is None and not app.screen.has_class("-one-column")


async def test_the_cursor_goes_to_the_highlighted_row_and_answer(handbook: Handbook) -> None:
    app = make_app(handbook, screen_reader=True)
    async with opened(app, size=(80, 24)) as (app, pilot):
        toc = app.screen.query_one(TableOfContents)
        assert not toc.display  # the reading layout: the text alone, contents on i
        await pilot.press("i")
        await pilot.pause()
        assert cursor_offset(toc) == Offset(0, 1)  # "Indledning", under the Header
        await pilot.press("down", "down")
        await pilot.pause()
        assert cursor_offset(toc) == Offset(2, 3)  # "1. Tænk over …", past its guide
        assert app.cursor_position == Offset(2, 3)
        assert spoken(toc).startswith("1. Tænk over hvad du lægger ud")
        assert "Tænk over" in str(app.screen.title)
        await pilot.press("t")
        await pilot.pause()
        answers = app.screen.query_one(AnswerList)
        first = cursor_offset(answers)
        assert first is not None
        await pilot.press("down")
        await pilot.pause()
        assert cursor_offset(answers) == Offset(first.x, first.y + 1)
        assert app.cursor_position == Offset(first.x, first.y + 1)
        assert spoken(answers) == "Svar 2 af 9: En forælder, hvis barn har gået i Paddehatten."


async def test_the_status_says_what_matters_now_on_every_screen(handbook: Handbook) -> None:
    """The one-line status (the Header's line; ``app.reader_status``) and the cursor: the
    number of hits and the hit chosen, the question before its answers, the outcome's
    title; never a Python repr, and set in the same frame as the move."""
    app = make_app(handbook, screen_reader=True)
    async with opened(app, size=(80, 24)) as (app, pilot):
        assert app.reader_status.startswith("Sociale medier i Paddehatten: Indledning")
        await pilot.press("slash", *"kodeord")
        for _ in range(100):
            await pilot.pause(0.05)
            if app.reader_status.startswith("1 afsnit"):
                break
        assert app.reader_status.startswith("1 afsnit. Valgt: Råd 4 · Skift dit kodeord ofte")
        count = app.screen.query_one("#search-count")
        assert app.cursor_position.y == count.content_region.y
        await pilot.press("down")
        await pilot.pause()
        assert app.reader_status.startswith("Resultat 1 af 1: Råd 4 · Skift dit kodeord ofte")
        assert "raad-4" not in app.reader_status
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        await pilot.pause(0.3)
        assert app.reader_status.startswith("Spørgsmål 1: Hvem har sendt dig venneanmodningen?")
        assert str(app.screen.title) == app.reader_status  # the Header, same frame
        # Row 4: the Header, a blank line, «Spørgsmål 1», a blank line, the question
        # (tests/tui/test_tmux_screen_reader.py reads the text under it in a terminal).
        assert app.cursor_position == Offset(2, 4)
        question = app.screen.query_one("#tree-question")
        assert question.content_region.y == 4  # in view, not scrolled away for the answers
        await pilot.press("3")
        # The status changes with the key, before the new question is drawn.
        assert app.reader_status.startswith("Spørgsmål 2: Ved du, hvorfor du vil sige ja?")
        await pilot.pause()
        await pilot.press("1")
        assert app.reader_status.startswith("Resultat ud fra dine svar: Retningslinjen siger")
        await pilot.pause()
        await pilot.pause()
        title = app.screen.query_one("#tree-outcome-title")
        assert app.cursor_position == title.content_region.offset
        assert "object at 0x" not in app.reader_status
        assert "object at 0x" not in str(app.screen.title)
