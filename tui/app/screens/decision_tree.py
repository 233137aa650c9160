"""A decision tree, one question at a time, ending in advice grounded in the guideline.

Modelled on GOV.UK's smart answers: one question per screen with the answers so
far above it, each with a way to change it; Back and Start again always there (and
Start again can be undone); the outcome says why, cites the points it rests on and
lists the answers given.

The answers live only in memory: in this screen's :class:`Walk`, and, when the
person leaves the tree, in the app (so that coming back resumes the walk) until the
program ends. Nothing is written to disk, to a log or to the reader's history.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Button, Header

from paddehatten.content.model import Handbook
from paddehatten.content.tree import DecisionTree, Question, Walk, WalkError
from paddehatten.tui.app.themes import DIALOGS_CSS
from paddehatten.tui.app.widgets.answer_list import AnswerList
from paddehatten.tui.app.widgets.answer_row import AnswerRow
from paddehatten.tui.app.widgets.key_footer import KeyFooter
from paddehatten.tui.app.widgets.outcome_view import OutcomeView
from paddehatten.tui.app.widgets.tree_body import TreeBody
from paddehatten.tui.labels import NOT_A_DECISION, RESULT_HEADING, progress
from paddehatten.tui.plain import outcome_clipboard

if TYPE_CHECKING:
    from paddehatten.tui.app.screen_reader import Point

#: The Header shows only the tree's title: at 80 columns there is no room for more.
SUB_TITLE = ""

#: Over the first question after "Start forfra", while it can be undone.
RESTARTED = "Du startede forfra. Tryk u for at få dine svar tilbage."


class DecisionTreeScreen(Screen[Walk]):
    """Walks one tree. Escape at the first question goes back to the handbook.

    A cited point chosen (:class:`CitedPoint.Open`) goes on to the app, which shows
    the section over this screen. Dismissed with the walk as it is, so the app can
    resume it when the tree is opened again.
    """

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS
    #: The question and the outcome give the focus themselves, without scrolling
    #: (QuestionView, OutcomeView): Textual's own first focus scrolled the answer list
    #: to the middle of the window, which at 80×24 pushed the question itself out of
    #: view above it.
    AUTO_FOCUS = ""  # not None: None means the app's "*"

    BINDINGS = [
        Binding("escape,backspace", "back", "Tilbage", id="tree.back"),
        # Here, not only on the app, so the Footer shows it before the rest.
        Binding("f1,question_mark", "app.help", "Hjælp", id="tree.help"),
        # One key from anywhere in the tree, in the Footer: change the last answer
        # (the later ones are remembered, as with the «Skift svar» buttons).
        Binding(
            "s",
            "change_last",
            "Skift svar",
            tooltip="Skift dit sidste svar",
            id="tree.change-last",
        ),
        Binding(
            "r",
            "restart",
            "Start forfra",
            tooltip="Start forfra (u fortryder)",
            id="tree.restart",
        ),
        Binding(
            "u",
            "undo_restart",
            "Fortryd",
            tooltip="Fortryd «Start forfra»: få dine svar tilbage",
            id="tree.undo",
        ),
        Binding(
            "c",
            "copy",
            "Kopiér",
            tooltip="Kopiér resultatet og det, det bygger på (uden dine svar)",
            id="tree.copy",
        ),
        Binding(
            "C",
            "copy(True)",
            "Kopiér med svar",
            tooltip="Kopiér resultatet med dine svar",
            id="tree.copy-answers",
            show=False,
        ),
        Binding(
            "t",
            "close",
            "Håndbogen",
            tooltip="Gå til håndbogen – dine svar huskes, til du lukker programmet",
            id="tree.close",
        ),
    ]

    #: Where the person stands; setting it draws the body anew. Given in ``__init__``.
    walk: var[Walk] = var(cast("Walk", None), always_update=True, bindings=True)
    #: The walk before "Start forfra", while that can be undone.
    undo_walk: var[Walk | None] = var(None, bindings=True)

    def __init__(self, handbook: Handbook, tree: DecisionTree, walk: Walk | None = None) -> None:
        super().__init__(classes="decision-tree")
        self.handbook = handbook
        self.decision_tree = tree
        self.set_reactive(DecisionTreeScreen.walk, walk if walk is not None else Walk(tree))
        #: The walk as it was before "Skift svar", so that Back returns to it,
        #: and the walk "Skift svar" made (Back restores only from that one).
        self._before_change: Walk | None = None
        self._changed: Walk | None = None
        self.title = tree.title
        self.sub_title = SUB_TITLE

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield TreeBody(self.walk, self.handbook, id="tree-body")
        yield KeyFooter()

    def watch_walk(self, walk: Walk) -> None:
        self.query_one(TreeBody).walk = walk
        reader_changed = getattr(self.app, "reader_changed", None)
        if callable(reader_changed):
            reader_changed()

    def reader_point(self) -> Point | None:
        """Screen-reader mode: a new question is read before its answers (the cursor
        on it until ↑/↓ moves), an outcome from its title (while the result has the
        focus and is scrolled to the top); then the focus leads."""
        from paddehatten.tui.app.screen_reader import Point

        walk = self.walk
        current = walk.current
        if isinstance(current, Question):
            answers = self.query(AnswerList)
            question = self.query("#tree-question")
            if answers and answers.first().moved:
                return None
            if not question or not answers or answers.first().question_id != current.id:
                return Point(None, 0, f"{progress(walk)}: {current.text}")
            listed = answers.first() if answers else None
            chosen = ""
            if listed is not None and listed.highlighted is not None:
                chosen = f" {listed.spoken}"
            count = len(current.answers)
            shown = question.first()
            view = shown.parent
            if isinstance(view, Widget) and shown.region.y < view.content_region.y:
                # Scrolled up out of sight (to show the answers): the question first.
                view.scroll_home(animate=False, immediate=True)
            return Point(
                shown,
                0,
                f"{progress(walk)}: {current.text} {count} svar.{chosen}",
            )
        said = f"{RESULT_HEADING}: {current.title}. {NOT_A_DECISION}"
        outcome = self.query(OutcomeView)
        title = self.query("#tree-outcome-title")
        if not outcome or not title:
            return Point(None, 0, said)  # drawn in a moment: the status already says it
        view = outcome.first()
        if self.focused is not view or round(view.scroll_offset.y) > 0:
            return None
        return Point(title.first(), 0, said)

    def show(self, walk: Walk, *, notice: str = "") -> None:
        """Make ``walk`` the walk on screen, with ``notice`` over its question."""
        self.query_one(TreeBody).notice = notice
        self.walk = walk

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "undo_restart":
            return self.undo_walk is not None
        if action == "copy":
            return self.walk.finished
        if action in ("restart", "change_last"):
            return not self.walk.at_start or None
        return True

    @on(AnswerList.Chosen)
    def _answered(self, event: AnswerList.Chosen) -> None:
        event.stop()
        question = self.walk.current
        if not isinstance(question, Question) or question.id != event.question_id:
            return  # a late key press, meant for a question no longer shown
        if 0 <= event.index < len(question.answers):
            self._before_change = self._changed = None
            self.undo_walk = None
            self.show(self.walk.answer(question.answers[event.index].id))

    @on(AnswerRow.Change)
    def _change(self, event: AnswerRow.Change) -> None:
        event.stop()
        self._change_answer(event.question_id)

    def _change_answer(self, question_id: str) -> None:
        try:
            changed = self.walk.change(question_id)
        except WalkError:
            return  # a late key press: that answer is no longer on this walk
        self._before_change = self.walk
        self._changed = changed
        self.undo_walk = None
        self.show(changed)

    @on(Button.Pressed, "#tree-restart")
    def _restart_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_restart()

    def action_change_last(self) -> None:
        """Go back to the last question answered, to change its answer."""
        if self.walk.at_start:
            return
        self._change_answer(self.walk.answers[-1].question.id)

    def action_back(self) -> None:
        if self._before_change is not None and self.walk is self._changed:
            # Back after "Skift svar", before answering: to where the person was.
            before = self._before_change
            self._before_change = self._changed = None
            self.show(before)
        elif self.walk.at_start:
            self.action_close()
        else:
            self.show(self.walk.back())

    def action_restart(self) -> None:
        if self.walk.at_start:
            return
        self._before_change = self._changed = None
        self.undo_walk = self.walk
        self.show(self.walk.restart(), notice=RESTARTED)

    def action_undo_restart(self) -> None:
        if self.undo_walk is None:
            return
        walk, self.undo_walk = self.undo_walk, None
        self.show(walk)
        self.notify("Dine svar er tilbage.", timeout=3)

    def action_copy(self, with_answers: bool = False) -> None:
        """Copy the outcome and what it rests on, as plain text; the person's own
        answers only with Shift+C."""
        if not self.walk.finished:
            return
        replies = ",".join(step.answer.id for step in self.walk.answers)
        command = f"paddehatten tree {self.decision_tree.id} --answers {replies}"
        if with_answers:
            copied = "Resultatet er kopieret med dine svar."
        else:
            copied = (
                "Resultatet og det, det bygger på, er kopieret – uden dine svar. "
                "Shift+C kopierer med dine svar."
            )
        copy_text = getattr(self.app, "copy_text", None)
        if callable(copy_text):
            copy_text(
                outcome_clipboard(self.handbook, self.walk, answers=with_answers),
                copied,
                command,
                timeout=6,
            )

    def action_close(self) -> None:
        """Leave the tree; the app keeps the walk in memory to resume it."""
        self.dismiss(self.walk)
