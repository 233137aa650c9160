"""The full-screen Textual app."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from content.model import Handbook
from tui.screens.help import HelpScreen, key_name
from tui.screens.reader import ReaderScreen
from tui.screens.search import open_search, typing_here
from tui.searching import IndexLoader

#: What the help screen calls the place the keyboard is in.
PLACES = {
    "toc": "indholdsfortegnelsen",
    "section": "teksten",
}


class PaddehattenApp(App[None]):
    CSS_PATH = "paddehatten.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Afslut", id="app.quit"),
        Binding("f1,question_mark", "help", "Hjælp", id="app.help"),
        # Priority, so search opens over dialogs too (a text field still gets its "/").
        Binding("slash", "search('/')", "Søg", id="app.search", priority=True),
        Binding("ctrl+f", "search", "Søg", id="app.search_ctrl_f", show=False, priority=True),
    ]

    def __init__(self, handbook: Handbook, *, start: str | None = None, version: str = "") -> None:
        super().__init__()
        self.handbook = handbook
        self.start = start
        self.version = version
        self.title = handbook.title
        self.sub_title = handbook.revision
        self.search_index = IndexLoader(handbook)

    def on_mount(self) -> None:
        # The search index is built after the first paint, never on its path.
        self.call_after_refresh(self.search_index.start, self)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "search" and parameters:
            return not typing_here(self, str(parameters[0]))
        return True

    def action_search(self, key: str = "") -> None:
        open_search(self, self.search_index, self.handbook)

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(self.handbook, self.start)

    def place_name(self, widget: Widget | None) -> str:
        node = widget
        while node is not None:
            if node.id in PLACES:
                return PLACES[node.id]
            node = node.parent if isinstance(node.parent, Widget) else None
        return "her"

    def help_keys(self) -> list[tuple[str, str]]:
        """(keys, description) of every binding active where the focus is now."""
        seen: dict[str, list[str]] = {}
        for key, active in self.screen.active_bindings.items():
            binding = active.binding
            if not binding.description or not active.enabled:
                continue
            shown = binding.key_display or key_name(key)
            keys = seen.setdefault(binding.description, [])
            if shown not in keys:
                keys.append(shown)
        return [(" / ".join(keys), description) for description, keys in seen.items()]

    def action_help(self) -> None:
        if isinstance(self.screen, HelpScreen):
            return
        about = [
            ("Program", f"paddehatten {self.version}".strip()),
            ("Håndbog", self.handbook.title),
            ("Revision", self.handbook.revision),
            ("Indhold", str(self.handbook.root)),
        ]
        self.push_screen(HelpScreen(self.place_name(self.focused), self.help_keys(), about))


def make_app(handbook: Handbook, *, start: str | None = None) -> PaddehattenApp:
    """The app as the command line and the tests build it."""
    from tui.cli import program_version

    return PaddehattenApp(handbook, start=start, version=program_version())


__all__ = ["PaddehattenApp", "make_app"]
