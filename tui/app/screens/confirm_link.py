"""Asks before an address outside the handbook is opened in a browser."""

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


class ConfirmLink(ModalScreen[str | None]):
    """Returns the address to open, or None."""

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("enter,j", "open", "Åbn i browseren", id="link.open"),
        Binding("escape,n", "cancel", "Annullér", id="link.cancel"),
    ]

    DEFAULT_CSS = """
    ConfirmLink { align: center middle; }
    ConfirmLink > Vertical { width: 64; max-width: 100%; height: auto; }
    """

    def __init__(self, href: str) -> None:
        super().__init__()
        self.href = href

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box") as box:
            box.border_title = "Link uden for håndbogen"
            yield Static("Åbne denne adresse i din browser?", id="confirm-lead")
            yield Static(self.href, id="confirm-href", markup=False)
            yield Static("Enter: åbn   Esc: annullér")

    def reader_point(self) -> Point:
        """Screen-reader mode: the question, with the address and the keys."""
        from paddehatten.tui.app.screen_reader import Point

        return Point(
            self.query_one("#confirm-lead"),
            0,
            f"Åbne denne adresse i din browser? {self.href}. Enter: åbn. Esc: annullér.",
        )

    def action_open(self) -> None:
        self.dismiss(self.href)

    def action_cancel(self) -> None:
        self.dismiss(None)
