"""/ or Ctrl+F: search the handbook as you type, then open a hit with its words marked.

The dialog returns the hit chosen (a :class:`SearchChoice`); the app opens it.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from textual import on, work
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.reactive import var
from textual.screen import ModalScreen
from textual.widgets import Input, OptionList, Static
from textual.worker import get_current_worker

from paddehatten.content.model import Handbook
from paddehatten.tui.app.keys import KeyHelp, Place
from paddehatten.tui.app.searching import IndexLoader
from paddehatten.tui.app.themes import DIALOGS_CSS
from paddehatten.tui.app.widgets.key_footer import KeyFooter
from paddehatten.tui.app.widgets.search_results import SearchResults
from paddehatten.tui.labels import (
    TREE_HIT,
    TREE_OFFER,
    TREE_OFFER_TEXT,
    WEAK_HIT,
    search_placeholder,
)

if TYPE_CHECKING:
    from paddehatten.index import Hit, SearchResult
    from paddehatten.tui.app.screen_reader import Point

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


class SearchScreen(Place, ModalScreen[SearchChoice | None]):
    """A search field over the hits; the field keeps the focus, ↑/↓ choose a hit."""

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS

    HELP_PLACE = "søgningen"
    HELP_KEYS = (KeyHelp("escape", "luk søgningen (ordene huskes, til programmet lukkes)"),)

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
            priority=True,
            group=Binding.Group("Vælg", compact=True),
        ),
        Binding(
            "down",
            "move(1)",
            "Næste hit",
            id="search.down",
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

    #: The answer shown: whether Enter, ↑/↓ and Tab (the suggestion) have anything to do.
    result: var[SearchResult | None] = var(None, bindings=True)

    def __init__(self, loader: IndexLoader, handbook: Handbook, query: str = "") -> None:
        super().__init__()
        self.loader = loader
        self.handbook = handbook
        self.initial = query
        self._sequence = itertools.count(1)
        self._shown = 0
        #: Whether ↑/↓ moved the highlight since the hits were shown (screen-reader
        #: mode: until then the cursor stands on the number of hits).
        self._moved = False

    def compose(self) -> ComposeResult:
        with Vertical(id="search-box") as box:
            box.border_title = "Søg i retningslinjen"
            yield Input(
                self.initial,
                placeholder=search_placeholder(self.handbook),
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
        labels = [self._label(hit) for hit in hits]
        if found is not None and found.tree_offer is not None:
            # The tree first, marked as the tree: it answers the question asked.
            offer = replace(found.tree_offer, snippet=((TREE_OFFER_TEXT, False),))
            hits, labels = (offer, *hits), [TREE_OFFER, *labels]
        results.show(hits, labels)
        suggestion = self.query_one("#search-suggestion", Static)
        suggestion.display = bool(found and found.suggestion)
        if found and found.suggestion:
            suggestion.update(f"Mente du «{found.suggestion}»? Tryk Tab for at søge efter det.")
        self._moved = False
        count = self._count_text(found)
        chosen = results.chosen
        if chosen is not None and getattr(self.app, "screen_reader", False):
            # The line the cursor goes to says the number and the hit chosen.
            count += f". Valgt: {self._heading(chosen)}. Pil ned og op vælger, Enter åbner."
        self._status(count)
        reader_changed = getattr(self.app, "reader_changed", None)
        if callable(reader_changed):
            reader_changed()

    def _heading(self, hit: Hit) -> str:
        """ "Råd 4 · Skift dit kodeord ofte", or "Beslutningstræ · …": no id."""
        label = self._label(hit)
        return f"{label} · {hit.title}" if label else hit.title

    def reader_point(self) -> Point | None:
        """Screen-reader mode: the number of hits (and the one chosen) when they come,
        the chosen hit once ↑/↓ moves; the field while there is nothing to show."""
        from paddehatten.tui.app.screen_reader import Point
        from paddehatten.tui.app.widgets.option_lines import option_line

        if self.result is None:
            return None
        count = self.query_one("#search-count", Static)
        results = self.query_one(SearchResults)
        hit = results.chosen
        text = str(count.render())
        if hit is None or not self._moved or results.highlighted is None:
            return Point(count, 0, text)
        index = results.highlighted
        snippet = "".join(part for part, _ in hit.snippet)
        return Point(
            results,
            option_line(results, index),
            f"Resultat {index + 1} af {len(results.hits)}: {self._heading(hit)}. {snippet}",
        )

    def _label(self, hit: Hit) -> str:
        section = self.handbook.get(hit.id) if hit.kind == "section" else None
        if section is None:
            label = TREE_HIT if hit.kind == "tree" else ""
        else:
            label = self.handbook.label(section)
            label = "" if label == section.title else label
        if hit.weak:
            label = f"{label} · {WEAK_HIT}" if label else WEAK_HIT
        return label

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
        self._moved = True
        self.query_one(SearchResults).move(step)
        reader_changed = getattr(self.app, "reader_changed", None)
        if callable(reader_changed):
            reader_changed()

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

    def focus_field(self) -> None:
        """Give the search field the focus back (the search key, pressed again)."""
        self.query_one("#search-input", Input).focus()


def typing_here(app: App[Any], character: str) -> bool:
    """Whether the focused widget takes ``character`` as text (a search field does)."""
    focused = app.focused
    return focused is not None and focused.check_consume_key(character, character)
