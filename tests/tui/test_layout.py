"""Narrow and wide screens, driven by Pilot.

A 400-pixel phone showing the served page is about 44 columns; a split window or a
small terminal 40. Below ReaderScreen.NARROW_BELOW columns the text has the width to
itself and the table of contents comes with ``i`` (or a click in the Footer); on a
very wide screen the lines of text stop at a readable width.
"""

from __future__ import annotations

from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Footer

from paddehatten.content import Handbook
from paddehatten.tui.app.app import PaddehattenApp
from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen
from paddehatten.tui.app.screens.help import HelpScreen
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.app.widgets.toc import TableOfContents
from tests.conftest import opened

#: The most columns a line of text may take on a wide screen.
READABLE = 90


def reader(app: PaddehattenApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def text_parts(app: PaddehattenApp) -> list[Widget]:
    """The widgets the section's text is drawn in (its lines, notes, headings)."""
    view = app.screen.query_one(SectionView)
    return [w for w in view.children if w.display]


def footer_keys(app: PaddehattenApp) -> list[str]:
    return [b.binding.description for b in app.screen.active_bindings.values() if b.enabled]


async def settle(pilot: Pilot[None]) -> None:
    await pilot.pause()
    await pilot.pause(0.05)


async def test_a_phone_gives_the_introduction_the_whole_width(handbook: Handbook) -> None:
    async with opened(handbook, size=(44, 40)) as (app, pilot):
        await settle(pilot)
        screen = reader(app)
        assert screen.narrow and screen.has_class("-narrow")
        toc = screen.query_one(TableOfContents)
        assert not toc.display
        view = screen.query_one(SectionView)
        assert view.region.x == 0 and view.region.width == 44
        assert isinstance(app.focused, SectionView)  # the arrows scroll the text at once
        for part in text_parts(app):
            # One column of padding each side and the scrollbar's: the rest is text.
            assert part.region.x == 1, part
            assert part.region.width >= 41, part
        assert "Indhold" in footer_keys(app)


async def test_i_brings_the_contents_over_the_whole_width_and_a_choice_hides_it(
    handbook: Handbook,
) -> None:
    async with opened(handbook, size=(44, 40)) as (app, pilot):
        await settle(pilot)
        screen = reader(app)
        await pilot.press("i")
        await settle(pilot)
        toc = screen.query_one(TableOfContents)
        assert screen.toc_open and toc.display
        assert toc.region.x == 0 and toc.region.width == 44
        assert not screen.query_one(SectionView).display
        assert app.focused is toc
        # Indledning, the råd chapter, råd 1 … råd 4: titles are whole now.
        await pilot.press("down", "down", "down", "down", "down", "enter")
        await settle(pilot)
        assert screen.current == "raad-4"
        assert not screen.toc_open and not toc.display
        assert isinstance(app.focused, SectionView)
        # i twice: there and back, on the same section.
        await pilot.press("i")
        await settle(pilot)
        assert toc.display and toc.cursor_node is not None
        assert toc.cursor_node.data == "raad-4"
        await pilot.press("i")
        await settle(pilot)
        assert not toc.display and screen.current == "raad-4"


async def test_escape_backs_out_of_the_contents(handbook: Handbook) -> None:
    async with opened(handbook, size=(40, 12)) as (app, pilot):
        await settle(pilot)
        screen = reader(app)
        await pilot.press("i")
        await settle(pilot)
        assert screen.toc_open
        await pilot.press("escape")
        await settle(pilot)
        assert not screen.toc_open
        assert screen.current == "indledning"
        assert isinstance(app.focused, SectionView)


async def test_any_way_to_a_section_shows_its_text(handbook: Handbook) -> None:
    """A search hit, n, a link: with the contents open on a phone, the text comes back."""
    async with opened(handbook, size=(44, 40)) as (app, pilot):
        await settle(pilot)
        screen = reader(app)
        toc = screen.query_one(TableOfContents)
        view = screen.query_one(SectionView)
        await pilot.press("i")
        await settle(pilot)
        await screen.open_section("raad-4", highlight=["kodeord"])  # as a search hit does
        await settle(pilot)
        assert not toc.display and view.display and app.focused is view
        assert screen.current == "raad-4"
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("n")
        await settle(pilot)
        assert screen.current == "raad-5"
        assert not toc.display and view.display and app.focused is view
        await pilot.press("i")
        await settle(pilot)
        await pilot.press("backspace")
        await settle(pilot)
        assert screen.current == "raad-4"
        assert not toc.display and view.display


async def test_a_click_on_indhold_in_the_footer_opens_the_contents(handbook: Handbook) -> None:
    async with opened(handbook, size=(44, 40)) as (app, pilot):
        await settle(pilot)
        screen = reader(app)
        footer = screen.query_one(Footer)
        key = next(k for k in footer.query("FooterKey") if getattr(k, "action", "") == "toggle_toc")
        assert await pilot.click(key)
        await settle(pilot)
        assert screen.toc_open and screen.query_one(TableOfContents).display


async def test_help_on_a_phone_lists_the_contents_key(handbook: Handbook) -> None:
    async with opened(handbook, size=(44, 40)) as (app, pilot):
        await settle(pilot)
        keys = app.help_keys()
        assert ("i", "vis eller skjul indholdsfortegnelsen") in keys
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)


async def test_wider_again_shows_both_and_hides_the_key(handbook: Handbook) -> None:
    async with opened(handbook, size=(44, 40)) as (app, pilot):
        await settle(pilot)
        screen = reader(app)
        await pilot.press("i")
        await settle(pilot)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert not screen.narrow and not screen.has_class("-narrow")
        toc = screen.query_one(TableOfContents)
        view = screen.query_one(SectionView)
        assert toc.display and view.display
        assert toc.region.x == 0 and view.region.x == toc.region.right
        assert "Indhold" not in footer_keys(app)
        assert ("i", "vis eller skjul indholdsfortegnelsen") not in app.help_keys()
        await pilot.press("i")  # does nothing here
        await settle(pilot)
        assert toc.display and view.display
        await pilot.resize_terminal(60, 40)
        await settle(pilot)
        assert screen.narrow and not toc.display and view.display
        assert not screen.toc_open  # narrowing starts with the text, not the contents


async def test_the_threshold(handbook: Handbook) -> None:
    for width, narrow in (
        (ReaderScreen.NARROW_BELOW - 1, True),
        (ReaderScreen.NARROW_BELOW, False),
    ):
        async with opened(handbook, size=(width, 30)) as (app, pilot):
            await settle(pilot)
            assert reader(app).narrow is narrow, width
            assert app.screen.query_one(TableOfContents).display is not narrow


async def test_a_wide_screen_stops_lines_at_a_readable_width(handbook: Handbook) -> None:
    async with opened(handbook, size=(200, 50)) as (app, pilot):
        await settle(pilot)
        screen = reader(app)
        toc = screen.query_one(TableOfContents)
        assert toc.display and toc.region.width == 54
        for section in ("indledning", "raad-3", "husk-1"):
            await screen.open_section(section)
            await settle(pilot)
            parts = text_parts(app)
            assert parts
            for part in parts:
                assert part.region.width <= READABLE, (section, part)
            # The text itself reaches that width: it is not squeezed either.
            assert max(p.region.width for p in parts) == READABLE


async def test_a_normal_screen_uses_its_width(handbook: Handbook) -> None:
    async with opened(handbook, size=(120, 40)) as (app, pilot):
        await settle(pilot)
        view = app.screen.query_one(SectionView)
        widest = max(p.region.width for p in text_parts(app))
        assert widest == view.scrollable_content_region.width
        assert widest < READABLE


async def test_the_decision_tree_fits_a_phone(handbook: Handbook) -> None:
    async with opened(handbook, size=(44, 40), tree="venneanmodning") as (app, pilot):
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DecisionTreeScreen)
        footer = screen.query_one(Footer)
        for answer in range(6):
            # The Footer is Textual's: it scrolls its keys sideways by design.
            shown = [
                w
                for w in screen.query("*")
                if w.display and w is not footer and footer not in w.ancestors
            ]
            for widget in shown:
                if widget.region.width:
                    assert widget.region.right <= 44, widget
            scrollers = [w for w in shown if w.allow_horizontal_scroll and w.max_scroll_x > 0]
            assert not scrollers, "nothing on a phone scrolls sideways"
            if answer < 5:
                await pilot.press("1")
                await settle(pilot)


async def test_the_decision_tree_keeps_a_readable_width_when_wide(handbook: Handbook) -> None:
    async with opened(handbook, size=(200, 50), tree="venneanmodning") as (app, pilot):
        await settle(pilot)
        for answer in range(6):
            view = app.screen.query_one("#question, #outcome")
            parts = [w for w in view.children if w.display]
            assert parts
            assert max(p.region.width for p in parts) == READABLE, view
            if answer < 5:
                await pilot.press("1")
                await settle(pilot)
        assert view.id == "outcome"


async def test_the_footer_keeps_a_way_back_at_44_columns_after_a_search(
    handbook: Handbook,
) -> None:
    from paddehatten.tui.app.widgets.key_footer import KeyFooter

    async with opened(handbook, size=(44, 40)) as (app, pilot):
        await app.open_section("raad-4", ("kodeord",))  # as a search hit opens it
        await pilot.pause()
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        from textual.widgets._footer import FooterKey

        shown = [key.description for key in footer.query(FooterKey)]
        assert {"Hjælp", "Indhold", "Søg"} <= set(shown), shown


async def test_the_footer_is_built_anew_only_when_its_keys_change(handbook: Handbook) -> None:
    """From the second question to the third the keys stay the same: so do the
    Footer's key widgets (Textual's Footer builds them again whenever the bindings might
    have changed, three times per answer). An outcome brings «Kopiér»: the Footer shows
    it."""
    from textual.widgets._footer import FooterKey

    from paddehatten.tui.app.widgets.key_footer import KeyFooter

    async def answer(key: str) -> str:
        await pilot.press(key)
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecisionTreeScreen)
        walk = screen.walk
        return "resultat" if walk.finished else walk.current.id

    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        footer = app.screen.query_one(KeyFooter)
        assert await answer("1") == "hvorfor"  # a parent
        before = list(footer.query(FooterKey))
        assert "Kopiér" not in [key.description for key in before]
        await pilot.press("down", "up")
        assert await answer("1") == "tavshedspligt"  # «I know why»
        assert list(footer.query(FooterKey)) == before
        assert await answer("1") == "tilgaengelig"
        assert await answer("1") == "resultat"
        shown = [key.description for key in footer.query(FooterKey)]
        assert "Kopiér" in shown, shown


def _in_view(widget: Widget, line: int = 0) -> bool:
    """Whether line ``line`` of ``widget`` shows in its scrolling parent's window."""
    parent = widget.parent
    assert isinstance(parent, Widget)
    y = widget.region.y + line
    return parent.content_region.y <= y < parent.content_region.bottom


async def _still(pilot: Pilot[None]) -> None:
    """Settled, with any scrolling animation over."""
    await settle(pilot)
    await pilot.wait_for_scheduled_animations()
    await settle(pilot)


async def test_at_80x24_each_question_shows_itself_and_the_answer_under_the_cursor(
    handbook: Handbook,
) -> None:
    """The smallest common terminal: each question shows «Spørgsmål N», the question
    and, when the window holds them, every answer (Textual's first focus once
    scrolled the question out of view; then question 3 showed only its first
    answer); a highlighted answer far down is scrolled to, and Home brings the
    question back."""
    from paddehatten.tui.app.widgets.answer_list import AnswerList

    async with opened(handbook, size=(80, 24), tree="venneanmodning") as (app, pilot):
        for _ in range(3):
            await _still(pilot)
            view = app.screen.query_one("#question", Widget)
            kicker = view.query_one("#tree-progress")
            question = view.query_one("#tree-question")
            answers = view.query_one(AnswerList)
            assert _in_view(kicker) and _in_view(question), "the question is out of view"
            assert _in_view(answers, answers.highlighted_line), "the first answer is hidden"
            if answers.region.bottom - kicker.region.y <= view.content_region.height:
                assert answers.region.bottom <= view.content_region.bottom, (
                    "an answer is hidden though the window holds them all"
                )
            await pilot.press("end")
            await _still(pilot)
            assert _in_view(answers, answers.highlighted_line), "the last answer is hidden"
            await pilot.press("home")
            await _still(pilot)
            assert _in_view(answers, answers.highlighted_line)
            assert _in_view(kicker) and _in_view(question), "Home left the question away"
            await pilot.press("enter")  # on to the next question


async def test_a_question_on_its_way_out_is_not_scrolled(handbook: Handbook) -> None:
    """The question view scrolls once more after a refresh; by then the next question
    may have come and this view's widgets be gone. It then does nothing (it once ended
    the program with NoMatches when answers came fast, as in a tmux run)."""
    async with opened(handbook, size=(80, 24), tree="venneanmodning") as (app, pilot):
        await _still(pilot)
        view = app.screen.query_one("#question", Widget)
        await view.remove_children()
        view._show_highlighted()  # type: ignore[attr-defined]
        await pilot.press("1")
        await _still(pilot)
        assert app.is_running
