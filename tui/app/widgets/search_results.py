"""The hits of a search: each a title and a snippet, matched words marked."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from textual.content import Content
from textual.style import Style
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paddehatten.tui.labels import found_as_text

if TYPE_CHECKING:
    from paddehatten.index import Hit
    from paddehatten.index.highlight import Spans


class SearchResults(OptionList, can_focus=False):
    """A list of hits; the option ids are the documents' ids.

    It never takes the focus: the search field keeps it, and ↑/↓ move the highlight
    here. Text is always text: a title or snippet holding ``[red]`` shows ``[red]``.
    """

    COMPONENT_CLASSES = {
        "search-results--label",
        "search-results--snippet",
        "search-results--match",
        "search-results--found-as",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.hits: tuple[Hit, ...] = ()

    def show(self, hits: Sequence[Hit], labels: Sequence[str]) -> None:
        """Show ``hits``; ``labels`` name where each stands ("Råd 4"), or are empty."""
        self.hits = tuple(hits)
        self.clear_options()
        options: list[Option | None] = []
        for hit, label in zip(self.hits, labels, strict=True):
            if options:
                options.append(None)  # a dividing line between hits
            options.append(Option(self._prompt(hit, label), id=hit.id))
        self.add_options(options)
        if self.hits:
            self.highlighted = 0

    def _prompt(self, hit: Hit, label: str) -> Content:
        # Styles without colours: the chosen hit is drawn in the cursor's colours, and a
        # colour of a hit's own would stand on it at whatever contrast it happens to have
        # (tests/tui/test_contrast.py). Label, title and matches differ by style.
        match = MATCH
        parts: list[Content] = []
        if label:
            parts.append(Content.styled(f"{label} · ", LABEL))
        parts.append(_spans(hit.title_spans or ((hit.title, False),), match).stylize("bold"))
        parts.append(Content("\n"))
        parts.append(_spans(hit.snippet, match))
        if hit.found_as:
            parts.append(Content("\n"))
            parts.append(Content.styled(f"({found_as_text(hit.found_as)})", LABEL))
        return Content("").join(parts)

    def move(self, step: int) -> None:
        """Move the highlight ``step`` hits, stopping at the ends."""
        if not self.hits:
            return
        current = self.highlighted if self.highlighted is not None else -step
        self.highlighted = max(0, min(len(self.hits) - 1, current + step))

    @property
    def chosen(self) -> Hit | None:
        """The highlighted hit."""
        if self.highlighted is None or not 0 <= self.highlighted < len(self.hits):
            return None
        return self.hits[self.highlighted]


#: A matched word: bold and underlined, never a colour alone.
MATCH = Style(bold=True, underline=True)
#: Where a hit stands ("Råd 4 · "), and what it was found as.
LABEL = Style(italic=True)


def _spans(spans: Spans, match: Style) -> Content:
    """Content from (text, is_match) spans; never parsed as markup."""
    return Content.assemble(*((text, match) if hit else text for text, hit in spans))
