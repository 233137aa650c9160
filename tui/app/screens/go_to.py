"""«Gå til afsnit»: jump to a section by its number."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Static

from paddehatten.content.model import Handbook
from paddehatten.tui.app.keys import KeyHelp, Place


class GoTo(Place, ModalScreen[str | None]):
    """Asks for a number such as "4" (Råd 4) or "h2" (HUSK 2); returns a section id."""

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
            yield Static(f"Skriv et nummer: 4 = Råd 4{', ' + examples if examples else ''}.")
            yield Input(placeholder="fx 4 eller h2", id="goto-input")
            yield Static("", id="goto-error", classes="error", markup=False)

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        error = self.query_one("#goto-error", Static)
        if not event.value.strip():
            error.update("Skriv et nummer først, fx 4 eller h2 – eller Esc for at annullere.")
            return
        section = self.handbook.find(event.value)
        if section is None:
            error.update(f"Intet afsnit hedder «{event.value.strip()}». Prøv fx 4 eller h2.")
            return
        self.dismiss(section.id)

    def action_cancel(self) -> None:
        self.dismiss(None)
