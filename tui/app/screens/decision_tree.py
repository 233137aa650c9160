"""A decision tree, one question at a time, ending in advice grounded in the guideline.

Modelled on GOV.UK's smart answers: one question per screen; Back and Start again
always there; the outcome says why, cites the points it rests on and lists the
answers given, each of which can be changed.

The answers live only in this screen's :class:`Walk`: nothing is written to disk,
to a log or to the reader's history, and the walk is gone when the screen closes.
"""

from __future__ import annotations

from typing import cast

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Button, Footer, Header

from paddehatten.content.model import Handbook
from paddehatten.content.tree import DecisionTree, Question, Walk, WalkError
from paddehatten.tui.app.widgets.answer_list import AnswerList
from paddehatten.tui.app.widgets.answer_row import AnswerRow
from paddehatten.tui.app.widgets.tree_body import TreeBody

#: The Header shows only the tree's title: at 80 columns there is no room for more.
SUB_TITLE = ""


class DecisionTreeScreen(Screen[None]):
    """Walks one tree. Escape at the first question goes back to the handbook.

    A cited point chosen in an outcome (:class:`CitedPoint.Open`) goes on to the app,
    which shows the section over this screen.
    """

    BINDINGS = [
        Binding("escape,backspace", "back", "Tilbage", id="tree.back"),
        Binding(
            "r",
            "restart",
            "Start forfra",
            tooltip="Start forfra – dine svar glemmes",
            id="tree.restart",
        ),
        Binding(
            "t",
            "close",
            "Håndbogen",
            tooltip="Luk træet og gå til håndbogen – dine svar glemmes",
            id="tree.close",
        ),
    ]

    #: Where the person stands; setting it draws the body anew. Given in ``__init__``.
    walk: var[Walk] = var(cast("Walk", None), always_update=True, bindings=True)

    def __init__(self, handbook: Handbook, tree: DecisionTree) -> None:
        super().__init__(classes="decision-tree")
        self.handbook = handbook
        self.decision_tree = tree
        self.set_reactive(DecisionTreeScreen.walk, Walk(tree))
        #: The walk as it was before "Skift svar", so that Back returns to it.
        self._before_change: Walk | None = None
        self.title = tree.title
        self.sub_title = SUB_TITLE

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield TreeBody(self.walk, self.handbook, id="tree-body")
        yield Footer(compact=True)

    def watch_walk(self, walk: Walk) -> None:
        self.query_one(TreeBody).walk = walk

    @on(AnswerList.Chosen)
    def _answered(self, event: AnswerList.Chosen) -> None:
        event.stop()
        question = self.walk.current
        if not isinstance(question, Question) or question.id != event.question_id:
            return  # a late key press, meant for a question no longer shown
        if 0 <= event.index < len(question.answers):
            self._before_change = None
            self.walk = self.walk.answer(question.answers[event.index].id)

    @on(AnswerRow.Change)
    def _change(self, event: AnswerRow.Change) -> None:
        event.stop()
        try:
            changed = self.walk.change(event.question_id)
        except WalkError:
            return  # a late key press: that answer is no longer on this walk
        self._before_change = self.walk
        self.walk = changed

    @on(Button.Pressed, "#tree-restart")
    def _restart_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_restart()

    def action_back(self) -> None:
        if self._before_change is not None and self.walk.at_start:
            # Back after "Skift svar" on the first question: to where the person was.
            before, self._before_change = self._before_change, None
            self.walk = before
        elif self.walk.at_start:
            self.action_close()
        else:
            self.walk = self.walk.back()

    def action_restart(self) -> None:
        self._before_change = None
        self.walk = self.walk.restart()

    def action_close(self) -> None:
        """Leave the tree; the walk, and with it every answer, is dropped."""
        self.dismiss(None)
