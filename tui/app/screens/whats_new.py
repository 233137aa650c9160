"""«Hvad er nyt»: what changed in the guideline since the previous adopted text."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from paddehatten.content.revisions import WhatsNew
from paddehatten.content.safetext import safe_text
from paddehatten.tui.app.themes import DIALOGS_CSS


class WhatsNewScreen(ModalScreen[None]):
    """The changes in plain Danish, one a paragraph; Esc closes."""

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS

    BINDINGS = [Binding("escape,q", "dismiss", "Luk", id="whats-new.close")]

    DEFAULT_CSS = """
    WhatsNewScreen { align: center middle; }
    WhatsNewScreen > VerticalScroll {
        width: 80; max-width: 100%; height: auto; max-height: 90%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    WhatsNewScreen .whats-new-line { margin-top: 1; }
    """

    def __init__(self, news: WhatsNew) -> None:
        super().__init__()
        self.news = news

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="whats-new-box", can_focus=True) as box:
            box.border_title = "Hvad er nyt"
            box.border_subtitle = "Esc lukker"
            # Text, never markup: the guideline's sentences are shown as written.
            heading = safe_text(self.news.heading, one_line=True)
            yield Static(Text(heading, style="bold"), id="whats-new-heading")
            for line in self.news.lines:
                yield Static(Text(safe_text(line, one_line=True)), classes="whats-new-line")
