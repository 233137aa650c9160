"""The reader, driven by Pilot: table of contents, sections, keys, help."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from textual.widgets import Markdown, Static
from textual.widgets.tree import TreeNode

from paddehatten.content import Handbook, load_handbook
from paddehatten.tui.app.app import PaddehattenApp, make_app
from paddehatten.tui.app.screens.help import HelpScreen
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.app.widgets.toc import TableOfContents
from tests.conftest import opened


def shown_text(app: PaddehattenApp) -> str:
    view = app.screen.query_one(SectionView)
    parts = [str(w.render()) for w in view.query(Static) if w.display]
    parts.append(view.query_one(Markdown).source)
    return "\n".join(parts)


async def test_opens_on_the_introduction(handbook: Handbook) -> None:
    async with opened(handbook) as (app, _):
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.current == "indledning"
        assert "Vejle kommune har lavet nogle vejledninger" in shown_text(app)
        assert app.title == "Sociale medier i Paddehatten"
        assert app.sub_title == "Revideret i MED april 2018"
        assert isinstance(app.focused, TableOfContents)


async def test_arrows_and_enter_open_sections(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        # Indledning, the råd chapter, råd 1 … råd 4.
        await pilot.press("down", "down", "down", "down", "down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.current == "raad-4"
        text = shown_text(app)
        assert "Skift dit kodeord ofte – så minimere du risikoen for at blive hacket" in text
        assert "Råd 4 af 9" in text
        await pilot.press("up", "enter")
        await pilot.pause()
        assert screen.current == "raad-3"
        assert "Redaktionens note" in shown_text(app)


def nodes(node: TreeNode[str]) -> Iterator[TreeNode[str]]:
    """``node`` and everything under it, in reading order."""
    yield node
    for child in node.children:
        yield from nodes(child)


async def test_mouse_click_opens_a_section(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        toc = app.screen.query_one(TableOfContents)
        line = next(n.line for n in nodes(toc.root) if n.data == "husk-2")
        await pilot.click(TableOfContents, offset=(6, line))
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.current == "husk-2"
        assert "Du bliver tilgængelig 24/7" in shown_text(app)


async def test_tab_moves_between_panes(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("tab")
        assert isinstance(app.focused, SectionView)
        await pilot.press("shift+tab")
        assert isinstance(app.focused, TableOfContents)


async def test_f1_lists_the_keys_and_escape_closes(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        keys = dict((d, k) for k, d in app.screen.keys)
        assert "afslut" in keys and "hjælp" in keys and "åbn afsnittet" in keys
        assert ("Revision", "Revideret i MED april 2018") in app.screen.about
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen)


async def test_q_quits(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("q")
        await pilot.pause()
    assert app.return_code == 0
    assert not app.is_running


async def test_internal_links_open_sections_and_external_ask(handbook: Handbook) -> None:
    app = make_app(handbook)
    browsed: list[str] = []
    app.open_url = lambda url, **kw: browsed.append(url)  # type: ignore[method-assign]
    async with opened(app) as (app, pilot):
        view = app.screen.query_one(SectionView)
        markdown = view.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "#husk-3"))
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen) and app.screen.current == "husk-3"
        markdown.post_message(Markdown.LinkClicked(markdown, "https://www.vejle.dk"))
        await pilot.pause()
        assert browsed == []  # only on request
        await pilot.press("enter")
        await pilot.pause()
        assert browsed == ["https://www.vejle.dk"]


async def test_a_key_during_the_first_upgrade_still_shows_the_right_text(
    handbook: Handbook,
) -> None:
    async with opened(handbook, paint=False) as (app, pilot):
        await pilot.press("n", "n")  # before the Markdown widget has taken over
        await pilot.pause(0.2)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.current == "raad-2"
        body = app.screen.query_one(SectionView).query_one(Markdown)
        assert body.source == handbook.section("raad-2").body
        assert not app.screen.query("#body-preview")


async def test_the_caption_claims_the_wording_only_when_it_was_verified(
    handbook: Handbook, handbook_copy: Path
) -> None:
    async with opened(handbook) as (app, _):
        caption = str(app.screen.query_one("#caption", Static).render())
        assert caption == "Overskrift tilføjet i denne udgave – teksten er retningslinjens ordlyd."
    meta = handbook_copy / "handbook.yaml"
    rows = meta.read_text(encoding="utf-8").splitlines(keepends=True)
    meta.write_text("".join(r for r in rows if not r.startswith("adopted_text:")), encoding="utf-8")
    async with opened(load_handbook(handbook_copy)) as (app, _):
        text = shown_text(app)
        assert "retningslinjens ordlyd" not in text
        assert "ikke bekræftet som den vedtagne ordlyd" in text


async def test_the_note_shows_its_date_and_sources(handbook: Handbook) -> None:
    async with opened(handbook, size=(100, 40)) as (app, pilot):
        await app.screen.query_one(SectionView).show(handbook.section("husk-1"))
        await pilot.pause()
        note = str(app.screen.query_one("#note", Static).render())
        assert note.startswith("Redaktionens note – ikke en del af retningslinjen:\n")
        assert "barnets lov § 133" in note and "ikke kontrolleret af en person" in note
        assert "Kilder: Forvaltningsloven § 27" in note
