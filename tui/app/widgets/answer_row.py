"""One line of "Dine svar": the question, the answer given, and a way to change it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from paddehatten.content.tree import Step

#: What Enter on an answer row does, as the row says it.
CHANGE = "Skift svar"


class AnswerRow(Static, can_focus=True):
    """Enter (or a click) asks the question again; posts :class:`Change`.

    On the outcome the question and the answer stand on lines of their own; over a
    question (``compact``) they share one, to leave the room for the question."""

    DEFAULT_CSS = """
    AnswerRow { width: 1fr; height: auto; }
    """

    BINDINGS = [
        Binding("enter", "change", CHANGE, id="tree.change-answer"),
    ]

    @dataclass
    class Change(Message):
        """Names the question only, never the answer."""

        question_id: str

    def __init__(self, number: int, step: Step, *, compact: bool = False) -> None:
        self.question_id = step.question.id
        between = " " if compact else "\n   "
        text = Text.assemble(
            (f"{number}. {step.question.text}", "dim"),
            between,
            (step.answer.label, "bold"),
            "  ",
            (CHANGE, "underline"),
        )
        #: The row's words in reading order, for the screen-reader line.
        self.spoken = f"{number}. {step.question.text} {step.answer.label}. Enter: {CHANGE}."
        super().__init__(text, classes="answer-row -compact" if compact else "answer-row")

    def action_change(self) -> None:
        self.post_message(self.Change(self.question_id))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_change()
