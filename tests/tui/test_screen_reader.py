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
        app.action_toggle_screen_reader()
        await pilot.pause()
        assert not app.screen_reader and app.animation_level == "full"


async def test_the_cursor_goes_to_the_highlighted_row_and_answer(handbook: Handbook) -> None:
    app = make_app(handbook, screen_reader=True)
    async with opened(app, size=(80, 24)) as (app, pilot):
        toc = app.screen.query_one(TableOfContents)
        assert cursor_offset(toc) == Offset(0, 1)  # "Indledning", under the Header
        await pilot.press("down", "down")
        await pilot.pause()
        assert cursor_offset(toc) == Offset(2, 3)  # "1. Tænk over …", past its guide
        assert app.cursor_position == Offset(2, 3)
        assert spoken(toc).startswith("1. Tænk over hvad du lægger ud")
        assert "Tænk over" in str(app.screen.sub_title)
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
