"""Asks before q ends the program while a decision tree holds answers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from paddehatten.tui.app.themes import DIALOGS_CSS

if TYPE_CHECKING:
    from paddehatten.tui.app.screen_reader import Point

QUESTION = "Afslutte programmet? Dine svar i beslutningstræet bliver ikke gemt nogen steder."


class ConfirmQuit(ModalScreen[bool]):
    """Returns True to quit, False to stay."""

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("enter,j,q", "quit", "Afslut", id="quit.yes"),
        Binding("escape,n", "stay", "Bliv", id="quit.no"),
    ]

    DEFAULT_CSS = """
    ConfirmQuit { align: center middle; }
    ConfirmQuit > Vertical { width: 64; max-width: 100%; height: auto; }
    """

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = "Afslut"
            yield Static(QUESTION, id="quit-lead", markup=False)
            yield Static("Enter eller q: afslut   Esc: bliv ved dine svar", markup=False)

    def reader_point(self) -> Point:
        """Screen-reader mode: the question and the keys."""
        from paddehatten.tui.app.screen_reader import Point

        return Point(
            self.query_one("#quit-lead"),
            0,
            f"{QUESTION} Enter eller q afslutter, Esc bliver.",
        )

    def action_quit(self) -> None:
        self.dismiss(True)

    def action_stay(self) -> None:
        self.dismiss(False)
