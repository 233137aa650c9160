"""The body of the decision-tree screen: the question the walk stands at, or its outcome."""

from __future__ import annotations

from typing import cast

from textual.app import ComposeResult
from textual.containers import Container
from textual.reactive import reactive

from paddehatten.content.model import Handbook
from paddehatten.content.tree import Walk
from paddehatten.tui.app.widgets.outcome_view import OutcomeView
from paddehatten.tui.app.widgets.question_view import QuestionView


class TreeBody(Container):
    """Composed anew whenever :attr:`walk` is set, even to an equal walk (Start again at
    the first question draws the question afresh, as a new page would)."""

    #: The walk shown; given when the body is made.
    walk: reactive[Walk] = reactive(cast("Walk", None), recompose=True, always_update=True)

    def __init__(self, walk: Walk, handbook: Handbook, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.handbook = handbook
        #: A line over the next question drawn (after "Start forfra": how to undo it).
        self.notice = ""
        self.set_reactive(TreeBody.walk, walk)

    def compose(self) -> ComposeResult:
        walk, handbook = self.walk, self.handbook
        if walk.finished:
            yield OutcomeView(walk, handbook)
        else:
            yield QuestionView(walk, handbook, notice=self.notice)
