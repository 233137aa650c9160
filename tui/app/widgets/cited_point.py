"""A point of the guideline an outcome rests on: its label, title and full text."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from paddehatten.content.model import Handbook, Section
from paddehatten.tui.labels import NOTE_LABEL, note_text, section_heading, section_text


class CitedPoint(Static, can_focus=True):
    """Enter (or a click) opens the section; posts :class:`Open`."""

    DEFAULT_CSS = """
    CitedPoint { width: 1fr; height: auto; }
    """

    BINDINGS = [
        Binding("enter", "open", "Åbn afsnittet", id="tree.open-section"),
    ]

    @dataclass
    class Open(Message):
        section_id: str

    def __init__(self, handbook: Handbook, section: Section) -> None:
        self.section = section
        text = Text.assemble(
            (section_heading(handbook, section), "bold"),
            "\n",
            section_text(handbook, section),
        )
        if section.note:
            text.append(f"\n{NOTE_LABEL}: {note_text(section)}", style="italic")
        super().__init__(text, classes="cited-point")

    def action_open(self) -> None:
        self.post_message(self.Open(self.section.id))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_open()
