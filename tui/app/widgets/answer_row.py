"""One line of "Dine svar": the question, the answer given, and a way to change it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from paddehatten.content.tree import Step


class AnswerRow(Static, can_focus=True):
    """Enter (or a click) asks the question again; posts :class:`Change`."""

    DEFAULT_CSS = """
    AnswerRow { width: 1fr; height: auto; }
    """

    BINDINGS = [
        Binding("enter", "change", "Skift svar", id="tree.change-answer"),
    ]

    @dataclass
    class Change(Message):
        """Names the question only, never the answer."""

        question_id: str

    def __init__(self, number: int, step: Step) -> None:
        self.question_id = step.question.id
        text = Text.assemble(
            (f"{number}. {step.question.text}\n", "dim"),
            ("   ", ""),
            (step.answer.label, "bold"),
            ("   ", ""),
            ("Skift svar", "underline"),
        )
        super().__init__(text, classes="answer-row")

    def action_change(self) -> None:
        self.post_message(self.Change(self.question_id))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_change()
