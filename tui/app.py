"""The full-screen Textual app."""

from __future__ import annotations

from textual import on
from textual.app import App
from textual.binding import Binding
from textual.screen import Screen
from textual.widget import Widget

from content.model import Handbook
from tui.screens.help import HelpScreen, key_name
from tui.screens.reader import ReaderScreen
from tui.widgets.toc import TableOfContents

#: What the help screen calls the place the keyboard is in.
PLACES = {
    "toc": "indholdsfortegnelsen",
    "section": "teksten",
    "question": "spørgsmålet",
    "outcome": "resultatet",
}


class PaddehattenApp(App[None]):
    CSS_PATH = "paddehatten.tcss"
    ENABLE_COMMAND_PALETTE = True

    BINDINGS = [
        Binding("q", "quit", "Afslut", id="app.quit"),
        Binding("f1,question_mark", "help", "Hjælp", id="app.help"),
        Binding("t", "open_tree", "Venneanmodning?", id="app.open_tree"),
    ]

    def __init__(
        self,
        handbook: Handbook,
        *,
        start: str | None = None,
        version: str = "",
        tree: str | None = None,
    ) -> None:
        super().__init__()
        self.handbook = handbook
        self.start = start
        self.version = version
        self.title = handbook.title
        self.sub_title = handbook.revision
        #: A decision tree to open over the reader at start (`paddehatten tree`).
        self.start_tree = tree

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(self.handbook, self.start)

    def on_mount(self) -> None:
        if self.start_tree is not None:
            self.action_open_tree(self.start_tree)

    # -- The decision tree (issue 4) ----------------------------------------------

    def action_open_tree(self, tree_id: str | None = None) -> None:
        """Open a decision tree (default: venneanmodning) over the reader.

        The tree's YAML is read here, when it is opened, never on the first paint.
        """
        from content.model import ContentError
        from content.tree import load_tree
        from tui.screens.decision_tree import DecisionTreeScreen

        for screen in self.screen_stack:
            if isinstance(screen, DecisionTreeScreen):  # already open: go back to it
                while self.screen is not screen:
                    self.pop_screen()
                return
        try:
            tree = load_tree(self.handbook, tree_id)
        except ContentError as error:
            self.notify(
                "\n".join(str(p) for p in error.problems[:3]),
                title="Beslutningstræet kan ikke åbnes",
                severity="error",
            )
            return
        self.push_screen(DecisionTreeScreen(self.handbook, tree))

    @on(TableOfContents.TreeChosen)
    def _tree_chosen(self, event: TableOfContents.TreeChosen) -> None:
        self.action_open_tree(event.tree_id)

    def _fatal_error(self) -> None:
        """Crash output without local variables: they could hold a person's answers."""
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    # ----------------------------------------------------------------------------

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


def make_app(
    handbook: Handbook, *, start: str | None = None, tree: str | None = None
) -> PaddehattenApp:
    """The app as the command line and the tests build it."""
    from tui.cli import program_version

    return PaddehattenApp(handbook, start=start, version=program_version(), tree=tree)


__all__ = ["PaddehattenApp", "make_app"]
