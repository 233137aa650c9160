"""Asks before an address outside the handbook is opened in a browser."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static


class ConfirmLink(ModalScreen[str | None]):
    """Returns the address to open, or None."""

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
            yield Static("Åbne denne adresse i din browser?")
            yield Static(self.href, id="confirm-href", markup=False)
            yield Static("Enter: åbn   Esc: annullér")

    def action_open(self) -> None:
        self.dismiss(self.href)

    def action_cancel(self) -> None:
        self.dismiss(None)
