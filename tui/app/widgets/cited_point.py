"""A point of the guideline a question or an outcome rests on; Enter opens it."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events
from textual.binding import Binding
from textual.message import Message
from textual.widgets import Static

from paddehatten.content.model import Handbook, Section
from paddehatten.tui.labels import NOTE_LABEL, note_text, section_heading, section_text

#: What Enter on a cited point does.
OPEN = "Åbn afsnittet"


class CitedPoint(Static, can_focus=True):
    """Enter (or a click) opens the section; posts :class:`Open`.

    Under an outcome it shows the point's full text; under a question (``lead``
    given) one line: "Spørgsmålet bygger på HUSK 5 (Tag stilling …)"."""

    DEFAULT_CSS = """
    CitedPoint { width: 1fr; height: auto; }
    """

    BINDINGS = [
        Binding("enter", "open", OPEN, id="tree.open-section"),
    ]

    @dataclass
    class Open(Message):
        section_id: str

    def __init__(self, handbook: Handbook, section: Section, *, lead: str | None = None) -> None:
        self.section = section
        if lead is not None:
            label = handbook.label(section)
            text = Text.assemble(
                f"{lead} ",
                (label, "bold underline"),
                f" ({section.title})" if label != section.title else "",
            )
            self.spoken = f"{text.plain}. Enter: {OPEN}."
            super().__init__(text, classes="cited-link")
            return
        text = Text.assemble(
            (section_heading(handbook, section), "bold"),
            "\n",
            section_text(handbook, section),
        )
        if section.note:
            text.append(f"\n{NOTE_LABEL}: {note_text(section)}", style="italic")
        self.spoken = f"{text.plain} Enter: {OPEN}."
        super().__init__(text, classes="cited-point")

    def action_open(self) -> None:
        self.post_message(self.Open(self.section.id))

    def on_click(self, event: events.Click) -> None:
        event.stop()
        self.action_open()
