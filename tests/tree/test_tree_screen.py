"""The decision tree in the full-screen app, driven with Pilot."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Button, Static

from paddehatten.content import Handbook, load_handbook
from paddehatten.content.tree import Outcome, Question
from paddehatten.tui.app.app import PaddehattenApp
from paddehatten.tui.app.screens.cited_section import CitedSectionScreen
from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.widgets.answer_list import AnswerList
from paddehatten.tui.app.widgets.answer_row import AnswerRow
from paddehatten.tui.app.widgets.cited_point import CitedPoint
from paddehatten.tui.app.widgets.outcome_view import OutcomeView
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.app.widgets.toc import TableOfContents
from tests.conftest import opened, record_notifications

SIZE = (80, 24)


def tree_screen(app: PaddehattenApp) -> DecisionTreeScreen:
    screen = app.screen
    assert isinstance(screen, DecisionTreeScreen)
    return screen


def current(app: PaddehattenApp) -> Question | Outcome:
    return tree_screen(app).walk.current


def text_of(app: PaddehattenApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).render())


async def answer(pilot: Pilot[None], *keys: str) -> None:
    for key in keys:
        await pilot.press(key)
        await pilot.pause()


async def test_paddehatten_tree_opens_on_the_first_question(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, _):
        assert current(app).id == "hvem"
        assert text_of(app, "#tree-progress") == "Spørgsmål 1"
        assert "Hvem har sendt" in text_of(app, "#tree-question")
        assert isinstance(app.focused, AnswerList)
        # The reader is underneath: leaving the tree goes back to the handbook.
        assert isinstance(app.screen_stack[0], ReaderScreen)


async def test_parent_walks_to_an_outcome_with_its_grounds(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "1")  # a parent
        assert current(app).id == "hvorfor"
        assert text_of(app, "#tree-progress") == "Spørgsmål 2"
        await answer(pilot, "enter")  # the highlighted first answer: I know why
        assert current(app).id == "tavshedspligt"
        await answer(pilot, "1")  # ready for tavshedspligt
        assert current(app).id == "tilgaengelig"
        await answer(pilot, "down", "enter")  # no: keep work and free time apart
        outcome = current(app)
        assert isinstance(outcome, Outcome) and outcome.id == "adskil"

        view = app.screen.query_one(OutcomeView)
        texts = [str(s.render()) for s in view.query(Static)]
        assert texts[0].startswith("Resultat ud fra dine svar")
        assert "ikke en afgørelse" in texts[0]
        assert outcome.title in texts
        labels = [handbook.label(p.section) for p in view.query(CitedPoint)]
        assert labels == ["HUSK 2", "HUSK 4", "HUSK 3"]
        husk_2 = str(view.query(CitedPoint).first().render())
        assert "Tilgængelig døgnet rundt" in husk_2
        assert "Skal børnene egentlig på tur i morgen?" in husk_2  # the full text
        rows = list(view.query(AnswerRow))
        assert [r.question_id for r in rows] == ["hvem", "hvorfor", "tavshedspligt", "tilgaengelig"]
        assert "Skift svar" in str(rows[0].render())
        assert any(handbook.revision in t for t in texts)
        # No person has reviewed the shipped tree, and the screen says so.
        assert any(
            "Gennemgang: rådet er ikke gennemgået af en person mod retningslinjen." in t
            for t in texts
        )
        assert view.query_one("#tree-restart", Button)


async def test_back_returns_to_the_previous_question_with_its_answer(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "3")  # a colleague
        assert current(app).id == "hvorfor-kollega"
        await answer(pilot, "escape")
        assert current(app).id == "hvem"
        # The answer given before is highlighted again.
        assert app.screen.query_one(AnswerList).highlighted == 2
        await answer(pilot, "enter", "3")  # colleague again, then "keep apart"
        assert current(app).id == "kollega-nej"
        await answer(pilot, "backspace")
        assert current(app).id == "hvorfor-kollega"
        assert app.screen.query_one(AnswerList).highlighted == 2
        await answer(pilot, "escape", "escape")  # Escape at the first question
        assert isinstance(app.screen, ReaderScreen)


async def test_changing_an_earlier_answer_rewalks_from_there(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "1", "1", "1", "1")
        assert current(app).id == "kan-sige-ja"
        row = next(r for r in app.screen.query(AnswerRow) if r.question_id == "hvorfor")
        row.focus()
        await answer(pilot, "enter")
        assert current(app).id == "hvorfor"
        assert app.screen.query_one(AnswerList).highlighted == 0
        assert [s.question.id for s in tree_screen(app).walk.answers] == ["hvem"]
        await answer(pilot, "3")  # "I feel obliged to say yes"
        assert current(app).id == "du-maa-sige-nej"
        rows = [r.question_id for r in app.screen.query(AnswerRow)]
        assert rows == ["hvem", "hvorfor"]


async def test_changing_the_first_answer_can_lead_elsewhere(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "6", "2")  # a private friend without a child here
        assert current(app).id == "privat"
        rows = list(app.screen.query(AnswerRow))
        app.screen.query_one(OutcomeView).scroll_to_widget(rows[0], animate=False)
        await pilot.pause()
        await pilot.click(rows[0])
        await pilot.pause()
        assert current(app).id == "hvem"
        await answer(pilot, "5")  # a child or young person: a gap
        assert current(app).id == "barn-eller-ung"
        texts = [str(s.render()) for s in app.screen.query(Static)]
        assert any("hul i retningslinjen" in t for t in texts)
        assert any(t.startswith("Forslag – ikke fra retningslinjen") for t in texts)


async def test_start_again_from_a_question_and_from_the_outcome(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "2", "1")
        assert current(app).id == "hvorfor"
        await answer(pilot, "r")
        assert current(app).id == "hvem"
        assert tree_screen(app).walk.answers == ()
        assert tree_screen(app).walk.remembered("hvem") is None
        await answer(pilot, "7")
        assert current(app).id == "ukendt"
        app.screen.query_one("#tree-restart", Button).focus()
        await answer(pilot, "enter")
        assert current(app).id == "hvem"
        assert tree_screen(app).walk.at_start


async def test_a_cited_section_opens_and_escape_comes_back(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "1", "2")  # a parent; has not thought about why yet
        assert current(app).id == "vent"
        assert isinstance(app.focused, OutcomeView)
        await answer(pilot, "tab")
        assert isinstance(app.focused, CitedPoint)
        assert app.focused.section.id == "husk-5"
        await answer(pilot, "enter")
        assert isinstance(app.screen, CitedSectionScreen)
        view = app.screen.query_one(SectionView)
        assert view.section is not None and view.section.id == "husk-5"
        await answer(pilot, "escape")
        assert current(app).id == "vent"  # the outcome and the answers are still there
        assert len(tree_screen(app).walk.answers) == 2
        assert isinstance(app.focused, CitedPoint)  # focus is back where it was
        await answer(pilot, "enter")
        assert isinstance(app.screen, CitedSectionScreen)
        await answer(pilot, "t")  # the tree is already open: back to it, not a second one
        assert current(app).id == "vent"
        assert len(app.screen_stack) == 2


async def test_digits_beyond_the_answers_do_nothing(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "6")
        assert current(app).id == "privat-barn"
        await answer(pilot, "9", "3")
        assert current(app).id == "privat-barn"


async def test_t_opens_the_tree_from_the_reader_and_closes_it(handbook: Handbook) -> None:
    async with opened(handbook, size=SIZE) as (app, pilot):
        assert isinstance(app.screen, ReaderScreen)
        await answer(pilot, "t")
        assert current(app).id == "hvem"
        await answer(pilot, "1", "1")
        await answer(pilot, "t")  # back to the handbook; the walk is kept in memory
        assert isinstance(app.screen, ReaderScreen)
        await answer(pilot, "t")  # and resumed: question 3, with the two answers
        assert current(app).id == "tavshedspligt"
        assert text_of(app, "#tree-progress") == "Spørgsmål 3"
        rows = [r.question_id for r in app.screen.query(AnswerRow)]
        assert rows == ["hvem", "hvorfor"]
        assert isinstance(app.focused, AnswerList)
        # Escape back to the first question and out: an empty walk is not kept.
        await answer(pilot, "escape", "escape", "escape")
        assert isinstance(app.screen, ReaderScreen)
        assert app.tree_walks == {}
        await answer(pilot, "t")
        assert tree_screen(app).walk.at_start


async def test_the_table_of_contents_opens_the_tree(handbook: Handbook) -> None:
    async with opened(handbook, size=SIZE) as (app, pilot):
        toc = app.screen.query_one(TableOfContents)
        toc.focus()
        await answer(pilot, "end")
        assert toc.cursor_node is not None
        assert "venneanmodning" in str(toc.cursor_node.label)
        await answer(pilot, "enter")
        assert current(app).id == "hvem"


async def test_the_app_action_opens_the_tree(handbook: Handbook) -> None:
    # For the command palette: app.action_open_tree() is the one way in.
    async with opened(handbook, size=SIZE) as (app, pilot):
        app.action_open_tree()
        await pilot.pause()
        assert current(app).id == "hvem"
        app.action_open_tree()  # already open: nothing happens
        await pilot.pause()
        assert len(app.screen_stack) == 2


async def test_the_footer_and_help_show_back_and_start_again(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, _):
        keys = dict((d, k) for k, d in app.help_keys())
        assert keys["tilbage"] == "Esc eller Backspace"
        assert keys["start forfra (u fortryder)"] == "r"
        shown = {b.binding.id for b in app.screen.active_bindings.values() if b.binding.show}
        assert {"tree.back", "tree.restart", "tree.close"} <= shown


async def test_the_tree_is_not_loaded_on_the_first_paint(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paddehatten.content import yaml_io

    calls: list[str] = []
    compose = yaml_io.compose

    def counting(text: str) -> object:
        # Loading a tree parses its YAML; the contents list reads titles from the lines.
        calls.append(text[:20])
        return compose(text)

    monkeypatch.setattr(yaml_io, "compose", counting)
    # The search index reads the trees too, but only once the search opens (and an
    # app's build never outlives it, so no other test's build counts here).
    async with opened(handbook, size=SIZE) as (_, pilot):
        assert calls == []
        await answer(pilot, "t")
        assert len(calls) == 1


async def test_a_broken_tree_is_reported_and_the_reader_stays(
    content_copy: Callable[[str], Path],
) -> None:
    root = content_copy("id: venneanmodning\ntitle: Brudt\nstart: hvem\n")
    async with opened(load_handbook(root), size=SIZE) as (app, pilot):
        messages = record_notifications(app)
        await answer(pilot, "t")
        assert isinstance(app.screen, ReaderScreen)
        assert any("trees/venneanmodning.yaml" in m for m in messages)


async def test_a_key_pressed_twice_answers_only_the_question_shown(handbook: Handbook) -> None:
    """A bounce or double-click must not answer the next question, nor crash."""
    from paddehatten.tui.app.widgets.answer_list import AnswerList

    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        answers = app.screen.query_one(AnswerList)
        # Two "3"s in one burst: both messages come from the first question's list.
        answers.post_message(AnswerList.Chosen(2, "hvem"))
        answers.post_message(AnswerList.Chosen(2, "hvem"))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecisionTreeScreen)
        assert len(screen.walk.answers) == 1
        assert current(app).id == "hvorfor-kollega"
        await answer(pilot, "escape")  # back to the first question
        assert current(app).id == "hvem"
        await pilot.press("7", "7")  # the unknown sender: an outcome, then nothing
        await pilot.pause()
        assert screen.walk.finished
        assert current(app).id == "ukendt"
        assert len(screen.walk.answers) == 1


async def test_change_pressed_twice_does_not_crash_and_back_returns(handbook: Handbook) -> None:
    from paddehatten.tui.app.widgets.answer_row import AnswerRow

    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, DecisionTreeScreen)
        await pilot.press("1")
        await pilot.pause()
        await pilot.press("2")  # "Nej, det har jeg ikke tænkt over endnu" → vent
        await pilot.pause()
        assert screen.walk.finished
        finished = screen.walk
        row = screen.query(AnswerRow).first()
        row.post_message(AnswerRow.Change("hvem"))
        row.post_message(AnswerRow.Change("hvorfor"))  # no longer on the walk: ignored
        await pilot.pause()
        assert screen.walk.at_start
        # Back after "Skift svar" on the first question: to the result, not out.
        await pilot.press("escape")
        await pilot.pause()
        assert screen.walk == finished
        assert app.screen is screen


async def test_help_names_the_answer_digits_as_a_range(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, _):
        keys = [k for k, _ in app.help_keys()]
        assert "1–9" in keys
        assert not any(" / / " in k for k in keys)
        assert "/ eller Ctrl+F" in keys


async def test_every_question_shows_the_answers_so_far_each_with_a_change(
    handbook: Handbook,
) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        assert list(app.screen.query(AnswerRow)) == []  # nothing answered yet
        await answer(pilot, "1", "1")
        assert current(app).id == "tavshedspligt"
        rows = list(app.screen.query(AnswerRow))
        assert [r.question_id for r in rows] == ["hvem", "hvorfor"]
        first = str(rows[0].render())
        assert "Hvem har sendt dig venneanmodningen?" in first
        assert "En forælder til et barn i Paddehatten" in first and "Skift svar" in first
        # On screen at 80x24, above the question.
        for row in rows:
            assert row.region.height > 0 and row.region.y < app.screen.size.height
        # Shift+Tab from the answers reaches the last answer so far; Enter changes it.
        await answer(pilot, "shift+tab")
        assert app.focused is not None and app.focused.id is None
        assert isinstance(app.focused, (AnswerRow, CitedPoint))
        rows[0].focus()
        await answer(pilot, "enter")
        assert current(app).id == "hvem"
        # The same answer again: the later answer still applies, so question 3 again.
        await answer(pilot, "enter")
        assert current(app).id == "tavshedspligt"
        assert [s.answer.id for s in tree_screen(app).walk.answers] == ["foraelder", "ved"]


async def test_a_changed_answer_keeps_the_later_ones_that_still_apply(
    handbook: Handbook,
) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "1", "1", "1", "1")  # parent … "you can say yes"
        assert current(app).id == "kan-sige-ja"
        row = next(r for r in app.screen.query(AnswerRow) if r.question_id == "hvem")
        row.focus()
        await answer(pilot, "enter", "2")  # a former parent: one new question …
        assert current(app).id == "stadig-barn"
        await answer(pilot, "1")  # … then the old answers apply again: the outcome
        assert current(app).id == "kan-sige-ja"
        ids = [s.question.id for s in tree_screen(app).walk.answers]
        assert ids == ["hvem", "stadig-barn", "hvorfor", "tavshedspligt", "tilgaengelig"]


async def test_tab_then_down_and_enter_answers(handbook: Handbook) -> None:
    """Tab never leaves the focus on something invisible: from the answers it goes to
    the points the question rests on (shown, and Enter opens them), and back with
    Shift+Tab, where ↓ and Enter answer."""
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "tab")
        focused = app.focused
        assert isinstance(focused, CitedPoint) and focused.section.id == "husk-1"
        await answer(pilot, "shift+tab")
        assert isinstance(app.focused, AnswerList)
        await answer(pilot, "down", "enter")
        assert current(app).id == "stadig-barn"  # the second answer: a former parent


async def test_the_cited_point_of_a_question_opens_with_enter(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "1")
        assert current(app).id == "hvorfor"
        await answer(pilot, "tab")
        focused = app.focused
        assert isinstance(focused, CitedPoint) and focused.section.id == "husk-5"
        assert str(focused.render()).startswith("Spørgsmålet bygger på HUSK 5")
        await answer(pilot, "enter")
        assert isinstance(app.screen, CitedSectionScreen)
        assert app.screen.section.id == "husk-5"
        await answer(pilot, "escape")
        assert current(app).id == "hvorfor" and app.focused is focused


async def test_every_focusable_thing_does_something_with_enter(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        for keys in (("1", "1"), ("1", "1")):  # question 3, then its outcome
            await answer(pilot, *keys)
            screen = app.screen
            for widget in screen.focus_chain:
                assert widget.region.height > 0, widget  # visible
                keys_here = set(widget._bindings.key_to_bindings)
                assert "enter" in keys_here or isinstance(widget, Button), widget


async def test_start_again_can_be_undone(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        screen = tree_screen(app)
        shown = {b.binding.id for b in screen.active_bindings.values()}
        assert "tree.undo" not in shown
        await answer(pilot, "1", "1")
        walked = screen.walk
        await answer(pilot, "r")
        assert screen.walk.at_start
        assert "u for at få dine svar tilbage" in text_of(app, "#tree-notice")
        assert "tree.undo" in {b.binding.id for b in screen.active_bindings.values()}
        await answer(pilot, "u")
        assert screen.walk == walked and current(app).id == "tavshedspligt"
        # Once the first question is answered anew, there is nothing to undo.
        await answer(pilot, "r", "3")
        assert screen.undo_walk is None
        await answer(pilot, "u")
        assert current(app).id == "hvorfor-kollega"


async def test_copy_takes_the_outcome_without_the_answers_unless_asked(
    handbook: Handbook,
) -> None:
    async with opened(handbook, tree="venneanmodning", size=SIZE) as (app, pilot):
        await answer(pilot, "c")  # on a question: nothing to copy
        assert app.clipboard == ""
        await answer(pilot, "1", "1", "1", "2")
        assert current(app).id == "adskil"
        await answer(pilot, "c")
        copied = app.clipboard
        assert copied.startswith("Resultat ud fra dine svar")
        assert "Du må gerne sige nej og holde arbejdsliv og privatliv adskilt" in copied
        assert "HUSK 2 · Tilgængelig døgnet rundt" in copied
        assert copied.rstrip().endswith(
            f"{handbook.title} – {handbook.revision}\nVejledning – ikke en afgørelse.".rstrip()
        )
        assert "Dine svar" not in copied and "Ja, det er jeg klar til" not in copied
        await answer(pilot, "C")
        assert "Dine svar" in app.clipboard and "Ja, det er jeg klar til" in app.clipboard


async def test_q_asks_before_the_answers_are_lost_and_esc_keeps_them(handbook: Handbook) -> None:
    from paddehatten.tui.app.screens.confirm_quit import ConfirmQuit
    from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        await pilot.pause()
        await pilot.press("3")
        await pilot.pause()
        tree = app.screen
        assert isinstance(tree, DecisionTreeScreen) and not tree.walk.at_start
        await pilot.press("q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmQuit)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, DecisionTreeScreen)
        assert len(app.screen.walk.answers) == 1  # nothing lost
        await pilot.press("q")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.return_code is not None or not app.is_running


async def test_q_quits_at_once_when_nothing_is_answered(handbook: Handbook) -> None:
    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        await pilot.pause()
        await pilot.press("q")
        await pilot.pause()
        assert not app.is_running


async def test_s_changes_the_last_answer_from_an_outcome_and_the_footer_says_so(
    handbook: Handbook,
) -> None:
    from paddehatten.content.tree import Question
    from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

    async with opened(handbook, tree="venneanmodning", size=(80, 24)) as (app, pilot):
        await pilot.pause()
        await pilot.press("3", "1")
        await pilot.pause()
        tree = app.screen
        assert isinstance(tree, DecisionTreeScreen) and tree.walk.finished
        footer = " ".join(str(k.render()) for k in tree.query("FooterKey"))
        assert "Skift svar" in footer
        await pilot.press("s")
        await pilot.pause()
        question = tree.walk.current
        assert isinstance(question, Question) and question.id == "hvorfor-kollega"
        await pilot.press("escape")  # back to where the person was
        await pilot.pause()
        assert tree.walk.finished


def test_no_outcome_offers_a_quote_its_advice_already_gives(handbook: Handbook) -> None:
    """The one rule the app, the web edition and plain text share: a quotation the
    advice gives is not set out again below it."""
    from paddehatten.content.text import plain_text
    from paddehatten.content.tree import load_tree
    from paddehatten.tui.plain import quotes_to_show

    tree = load_tree(handbook, None)
    repeated = 0
    for outcome in tree.outcomes:
        advice = " ".join(plain_text(outcome.body).lower().split())
        shown = [quote for quote, _ in quotes_to_show(handbook, outcome)]
        assert all(" ".join(q.lower().split()).strip(" .") not in advice for q in shown)
        assert set(shown) <= set(outcome.quotes)
        repeated += len(outcome.quotes) - len(shown)
    assert repeated > 0  # the shipped tree has quotes its advice gives: the rule is used


async def test_the_outcome_sets_out_only_the_quotes_the_advice_does_not_give(
    handbook: Handbook,
) -> None:
    """«Opdel evt i familie, venner kollegaer.» stood three times on a colleague's
    outcome: in the advice, as a quote below it, and in Råd 8 under «Det bygger på»."""
    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        await pilot.press("3", "1")  # a colleague; «I know why»
        await pilot.pause()
        view = app.screen.query_one(OutcomeView)
        quotes = [str(w.render()) for w in view.query(".tree-quote").results(Static)]
        advice = " ".join(view.outcome.body.split())
        assert "Opdel evt i familie, venner kollegaer." in advice
        assert not any("Opdel evt i familie" in quote for quote in quotes), quotes


def test_a_quote_whose_words_the_advice_uses_unquoted_is_still_set_out(
    handbook: Handbook,
) -> None:
    """Only a «quotation» in the advice counts as the quote given: words that merely
    stand in it unquoted leave the quote, and its source, to be set out below."""
    import dataclasses

    from paddehatten.content.tree import load_tree
    from paddehatten.tui.plain import quotes_to_show

    tree = load_tree(handbook, None)
    outcome = next(
        o for o in tree.outcomes if o.quotes and len(quotes_to_show(handbook, o)) < len(o.quotes)
    )
    unquoted = outcome.body.replace("«", "").replace("»", "")
    bare = dataclasses.replace(outcome, body=unquoted)
    assert [q for q, _ in quotes_to_show(handbook, bare)] == list(outcome.quotes)
