"""What opens where is decided by the app: sections, search hits, links, addresses."""

from __future__ import annotations

from textual.widgets import Markdown

from paddehatten.content import Handbook
from paddehatten.tui.app.app import PaddehattenApp, make_app
from paddehatten.tui.app.screens.cited_section import CitedSectionScreen
from paddehatten.tui.app.screens.confirm_link import ConfirmLink
from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen
from paddehatten.tui.app.screens.help import HelpScreen
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.screens.search import SearchChoice
from paddehatten.tui.app.widgets.section_view import SectionView
from tests.conftest import opened, record_notifications


def click_link(app: PaddehattenApp, href: str) -> None:
    markdown = app.screen.query_one(SectionView).query_one(Markdown)
    markdown.post_message(Markdown.LinkClicked(markdown, href))


def shown(app: PaddehattenApp) -> str:
    return app.screen.query_one(SectionView).section.id


async def test_a_section_opens_in_the_reader_closing_dialogs(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("f1")
        assert isinstance(app.screen, HelpScreen)
        await app.open_section("husk-2", ["døgnet"])
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.current == "husk-2" and app.screen.history.past == ("indledning",)
        assert app.screen.query_one(SectionView).match_count == 1


async def test_over_the_tree_sections_share_one_screen(handbook: Handbook) -> None:
    """While the tree is open, a section shows over it; another section (palette, search,
    a link) replaces it there, so Escape always goes straight back to the walk."""
    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        await pilot.press("1")
        await pilot.pause()
        tree = app.screen
        assert isinstance(tree, DecisionTreeScreen)
        walk = tree.walk
        await app.open_section("raad-4")
        await pilot.pause()
        cited = app.screen
        assert isinstance(cited, CitedSectionScreen) and shown(app) == "raad-4"
        await app.open_hit(SearchChoice("husk-2", "section", ("døgnet",), "døgnet"))
        await pilot.pause()
        assert cited.section.id == "husk-2" and shown(app) == "husk-2"
        assert app.screen is cited
        assert cited.query_one(SectionView).match_count == 1
        click_link(app, "#raad-1")
        await pilot.pause()
        assert app.screen is cited and shown(app) == "raad-1"
        assert len(app.screen_stack) == 3
        await pilot.press("escape")
        await pilot.pause()
        assert tree.walk == walk
        assert app.screen is tree


async def test_an_address_outside_opens_only_when_confirmed(handbook: Handbook) -> None:
    app = make_app(handbook, tree="venneanmodning")
    in_browser: list[str] = []
    app.open_url = lambda url, **kw: in_browser.append(url)  # type: ignore[method-assign]
    async with opened(app) as (app, pilot):
        await app.open_section("raad-4")
        await pilot.pause()
        click_link(app, "https://www.vejle.dk")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmLink)
        await pilot.press("escape")
        await pilot.pause()
        assert in_browser == [] and isinstance(app.screen, CitedSectionScreen)
        click_link(app, "https://www.vejle.dk")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert in_browser == ["https://www.vejle.dk"]
        assert isinstance(app.screen, CitedSectionScreen) and shown(app) == "raad-4"


async def test_what_cannot_be_opened_is_said(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        messages = record_notifications(app)
        await app.open_section("raad-99")
        await app.open_hit(SearchChoice("raad-99", "section", (), "x"))
        await pilot.pause()
        assert "Afsnittet 'raad-99' findes ikke." in messages
        assert "«raad-99» kan ikke åbnes herfra." in messages
        assert isinstance(app.screen, ReaderScreen) and app.screen.current == "indledning"
