"""«Gå til afsnit»: jump to a section by its number."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from paddehatten.content.model import Handbook
from paddehatten.tui.app.keys import KeyHelp, Place
from paddehatten.tui.app.themes import DIALOGS_CSS

if TYPE_CHECKING:
    from paddehatten.tui.app.screen_reader import Point


class GoTo(Place, ModalScreen[str | None]):
    """Asks for a number such as "4" (Råd 4) or "h2" (HUSK 2); returns a section id."""

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS

    HELP_PLACE = "gå til afsnit"
    HELP_KEYS = (KeyHelp("enter", "gå til afsnittet: 4 = Råd 4, h2 = HUSK 2"),)

    BINDINGS = [
        Binding("escape", "cancel", "Annullér", id="goto.cancel"),
        # A dialog: the app's F1 does not reach in here.
        Binding("f1", "app.help", "Hjælp", id="goto.help"),
    ]

    DEFAULT_CSS = """
    GoTo { align: center middle; }
    GoTo > Vertical { width: 60; max-width: 100%; height: auto; }
    """

    def __init__(self, handbook: Handbook) -> None:
        super().__init__()
        self.handbook = handbook

    def compose(self) -> ComposeResult:
        labels = [c for c in self.handbook.chapters if c.label]
        examples = ", ".join(
            f"{c.label[0].lower()}2 = {c.label} 2" for c in labels if c.style != "numbered"
        )
        with Vertical(id="goto-box") as box:
            box.border_title = "Gå til afsnit"
            box.border_subtitle = "Enter: gå til · Esc: annullér"
            yield Static(
                f"Skriv et nummer: 4 = Råd 4{', ' + examples if examples else ''}.",
                id="goto-lead",
                markup=False,
            )
            yield Input(placeholder="fx 4 eller h2", id="goto-input")
            yield Static("", id="goto-error", classes="error", markup=False)

    def reader_point(self) -> Point | None:
        """Screen-reader mode: the dialog's first line when it opens, a problem when
        Enter found one; the field while the person types."""
        from paddehatten.tui.app.screen_reader import Point

        if self._error:
            return Point(self.query_one("#goto-error"), 0, self._error)
        if not self.query_one("#goto-input", Input).value:
            lead = self.query_one("#goto-lead", Static)
            return Point(lead, 0, f"Gå til afsnit. {lead.render()}")
        return None

    #: The problem shown under the field, until the person types again.
    _error = ""

    def _show_error(self, text: str) -> None:
        self._error = text
        self.query_one("#goto-error", Static).update(text)
        reader_changed = getattr(self.app, "reader_changed", None)
        if callable(reader_changed):
            reader_changed()

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        self._error = ""

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        if not event.value.strip():
            self._show_error("Skriv et nummer først, fx 4 eller h2 – eller Esc for at annullere.")
            return
        section = self.handbook.find(event.value)
        if section is None:
            self._show_error(f"Intet afsnit hedder «{event.value.strip()}». Prøv fx 4 eller h2.")
            return
        self.dismiss(section.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
