"""/ or Ctrl+F: search the handbook as you type, then open a hit with its words marked."""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from paddehatten.content.model import Handbook
from paddehatten.tui.app.searching import IndexLoader
from paddehatten.tui.app.widgets.key_footer import KeyFooter
from paddehatten.tui.app.widgets.search_results import SearchResults
from paddehatten.tui.labels import TREE_HIT

if TYPE_CHECKING:
    from paddehatten.index import Hit, SearchResult

#: Hits shown at most.
LIMIT = 30


@dataclass(frozen=True)
class SearchChoice:
    """The hit chosen: what to open, and the words to mark in it."""

    id: str
    kind: str
    terms: tuple[str, ...]
    query: str
    title: str = ""


class SearchScreen(ModalScreen[SearchChoice | None]):
    """A search field over the hits; the field keeps the focus, ↑/↓ choose a hit."""

    # Enter and ↑/↓ take priority over the search field, which keeps the focus.
    BINDINGS = [
        Binding("escape", "close", "Luk", id="search.close"),
        # A dialog: the app's F1 does not reach in here.
        Binding("f1", "app.help", "Hjælp", id="search.help"),
        Binding("enter", "open", "Åbn", id="search.open", priority=True),
        Binding(
            "up",
            "move(-1)",
            "Forrige hit",
            id="search.up",
            key_display="↑",
            priority=True,
            group=Binding.Group("Vælg", compact=True),
        ),
        Binding(
            "down",
            "move(1)",
            "Næste hit",
            id="search.down",
            key_display="↓",
            priority=True,
            group=Binding.Group("Vælg", compact=True),
        ),
        Binding("tab", "take_suggestion", "Brug forslaget", id="search.suggestion"),
    ]

    DEFAULT_CSS = """
    SearchScreen { align: center top; }
    SearchScreen > #search-box { width: 100; max-width: 100%; height: 1fr; margin: 1 2 0 2; }
    SearchScreen #search-results { height: 1fr; }
    """

    def __init__(self, loader: IndexLoader, handbook: Handbook, query: str = "") -> None:
        super().__init__()
        self.loader = loader
        self.handbook = handbook
        self.initial = query
        self.result: SearchResult | None = None
        self._sequence = itertools.count(1)
        self._shown = 0

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Søg i retningslinjen"
            yield Input(
                self.initial,
                placeholder="Skriv et ord, fx kodeord, billeder, forældre …",
                id="search-input",
            )
            yield Static("", id="search-count", markup=False)
            yield Static("", id="search-suggestion", markup=False)
            yield SearchResults(id="search-results")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.loader.start(self.app)
        self.query_one("#search-suggestion", Static).display = False
        self._request(self.initial)

    @on(Input.Changed, "#search-input")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        self.loader.last_query = event.value  # for the next time the search opens
        self._request(event.value)

    @on(Input.Submitted, "#search-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_open()

    @on(OptionList.OptionSelected, "#search-results")
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.action_open()

    def _request(self, text: str) -> None:
        number = next(self._sequence)
        if not text.strip():
            self._show(number, None)
            return
        self.search(number, text)

    @work(exclusive=True, thread=True, group="search")
    def search(self, number: int, text: str) -> None:
        """Search in a thread, so typing never waits; only the newest answer is shown."""
        worker = get_current_worker()
        if not self.loader.ready:
            self.app.call_from_thread(self._status, "Bygger søgeindekset …")
        try:
            while True:
                try:
                    index = self.loader.wait(timeout=0.1)
                    break
                except TimeoutError:
                    if worker.is_cancelled:
                        return  # a newer search, or the app is closing
            found = index.search(text, LIMIT)
        except Exception as error:
            self.app.call_from_thread(self._status, f"Søgningen virker ikke: {error}")
            return
        if not worker.is_cancelled:
            self.app.call_from_thread(self._show, number, found)

    def _status(self, text: str) -> None:
        if not self.is_attached:
            return  # the dialog closed while the search thread was working
        self.query_one("#search-count", Static).update(text)

    def _show(self, number: int, found: SearchResult | None) -> None:
        if number < self._shown or not self.is_attached:
            return  # an older search finished after a newer one, or the dialog closed
        self._shown = number
        self.result = found
        results = self.query_one(SearchResults)
        hits: tuple[Hit, ...] = found.hits if found else ()
        results.show(hits, [self._label(hit) for hit in hits])
        suggestion = self.query_one("#search-suggestion", Static)
        suggestion.display = bool(found and found.suggestion)
        if found and found.suggestion:
            suggestion.update(f"Mente du «{found.suggestion}»? Tryk Tab for at søge efter det.")
        self._status(self._count_text(found))
        self.refresh_bindings()

    def _label(self, hit: Hit) -> str:
        section = self.handbook.get(hit.id) if hit.kind == "section" else None
        if section is None:
            return TREE_HIT if hit.kind == "tree" else ""
        label = self.handbook.label(section)
        return "" if label == section.title else label

    @staticmethod
    def _count_text(found: SearchResult | None) -> str:
        if found is None:
            return "Skriv for at søge. Enter åbner, Esc lukker."
        if not found.hits:
            return "Ingen afsnit fundet."
        from paddehatten.tui.labels import count_text

        count = count_text(found)
        if found.total > len(found.hits):
            count += f" (de {len(found.hits)} bedste vises)"
        return count

    # Actions -------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "take_suggestion":
            return bool(self.result and self.result.suggestion)
        if action in ("open", "move"):
            return bool(self.result and self.result.hits)
        return True

    def action_move(self, step: int) -> None:
        self.query_one(SearchResults).move(step)

    def action_open(self) -> None:
        hit = self.query_one(SearchResults).chosen
        if hit is None:
            return
        query = self.query_one("#search-input", Input).value
        self.dismiss(SearchChoice(hit.id, hit.kind, hit.terms, query, hit.title))

    def action_take_suggestion(self) -> None:
        if self.result and self.result.suggestion:
            field = self.query_one("#search-input", Input)
            field.value = self.result.suggestion
            field.cursor_position = len(field.value)

    def action_close(self) -> None:
        self.dismiss(None)


def typing_here(app: App[Any], character: str) -> bool:
    """Whether the focused widget takes ``character`` as text (a search field does)."""
    focused = app.focused
    return focused is not None and focused.check_consume_key(character, character)


def open_search(
    app: App[Any], loader: IndexLoader, handbook: Handbook, query: str | None = None
) -> None:
    """Open the search over whatever is showing; a chosen section opens in the reader.

    Without ``query`` it opens with the words searched for last (all selected, so
    typing replaces them); they are kept in memory only, while the app runs."""
    if isinstance(app.screen, SearchScreen):
        app.screen.query_one("#search-input", Input).focus()
        return
    words = loader.last_query if query is None else query
    app.push_screen(SearchScreen(loader, handbook, words), partial(_open_choice, app))


async def _open_choice(app: App[Any], choice: SearchChoice | None) -> None:
    from paddehatten.tui.app.screens.reader import ReaderScreen

    if choice is None:
        return
    # Dialogs opened over the reader (help, say) close, so the hit can be seen.
    while isinstance(app.screen, ModalScreen) and len(app.screen_stack) > 1:
        await app.pop_screen()
    from paddehatten.index.tree_documents import tree_of
    from paddehatten.tui.app.screens.cited_section import CitedSectionScreen

    below = app.screen
    section = handbook_of(app).get(choice.id) if choice.kind == "section" else None
    tree_id = tree_of(choice.id)
    if section is not None and isinstance(below, ReaderScreen):
        await below.open_section(section.id, choice.terms)
    elif section is not None:
        # Over the decision tree: show the section on top, so the walk is kept (Esc).
        await app.push_screen(CitedSectionScreen(handbook_of(app), section, choice.terms))
    elif tree_id is not None and hasattr(app, "action_open_tree"):
        app.action_open_tree(tree_id)
        app.notify(
            f"«{choice.title}» står i beslutningstræet. Svar på spørgsmålene for at komme dertil.",
            title="Beslutningstræet",
        )
    else:
        app.notify(f"«{choice.id}» kan ikke åbnes herfra.", severity="warning")


def handbook_of(app: App[Any]) -> Handbook:
    handbook = getattr(app, "handbook", None)
    assert isinstance(handbook, Handbook)
    return handbook
