"""F1 or ?: the keys for where you are, and what this program is."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from paddehatten.tui.app.themes import DIALOGS_CSS

if TYPE_CHECKING:
    from paddehatten.tui.app.screen_reader import Point

#: Narrower screens than this (a phone) wrap the keys column of the help.
KEYS_WRAP_BELOW = 60


class HelpScreen(ModalScreen[None]):
    """Lists the keys that work where the user was, then what the program is."""

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,f1,question_mark,q", "dismiss", "Luk", id="help.close"),
    ]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll { width: 72; max-width: 100%; height: auto; max-height: 90%; }
    """

    def reader_point(self) -> Point:
        """Screen-reader mode: the dialog's first line (the keys follow, one a line)."""
        from paddehatten.tui.app.screen_reader import Point

        return Point(
            self.query_one("#help-first"),
            0,
            f"Hjælp. Taster – {self.place}. Pil ned læser videre, Esc lukker.",
        )

    def __init__(
        self, place: str, keys: list[tuple[str, str]], about: list[tuple[str, str]]
    ) -> None:
        super().__init__()
        self.place = place
        self.keys = keys
        self.about = about

    def compose(self) -> ComposeResult:
        table = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        # On a phone the keys wrap at their "eller", so the descriptions keep whole words.
        narrow = self.app.size.width < KEYS_WRAP_BELOW
        table.add_column(style="bold", no_wrap=not narrow, max_width=12 if narrow else None)
        table.add_column()
        for key, description in self.keys:
            table.add_row(Text(key), Text(description))
        about = Table(show_header=False, box=None, padding=(0, 2, 0, 0))
        about.add_column(style="bold", no_wrap=True)
        about.add_column()
        for name, value in self.about:
            # Text, never markup: the handbook's title may hold "[" (or "[@click=…]").
            about.add_row(Text(name), Text(value))
        with VerticalScroll(id="help-box") as box:
            box.border_title = "Hjælp"
            box.border_subtitle = "Esc lukker"
            yield Static(
                Text(f"Taster – {self.place}", style="bold"),
                id="help-first",
                classes="help-heading",
            )
            yield Static(table, id="help-keys")
            yield Static(Text("Om programmet", style="bold"), classes="help-heading")
            yield Static(about, id="help-about")
