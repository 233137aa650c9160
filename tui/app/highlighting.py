"""Marking the words a search found in an opened section, and moving between them.

The section is already rendered (Markdown blocks, a heading); the marks are styles laid
over the rendered text, so nothing is re-parsed and markup in the text stays text. The
words come from the search hit (:attr:`index.Hit.terms`): the words of this section that
matched, however they matched (folding, stem, compound, prefix, typo).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from paddehatten.index.words import word_key, words


@dataclass(frozen=True)
class Match:
    """One marked word: the widget showing it and where it stands in its text."""

    widget: Static
    start: int
    end: int


def find(text: str, terms: Collection[str]) -> list[tuple[int, int]]:
    """(start, end) of every whole word of ``text`` that is one of ``terms``."""
    if not terms:
        return []
    wanted = {word_key(t) for t in terms}
    return [(m.start(), m.end()) for m in words(text) if word_key(m.group(0)) in wanted]


def _content(widget: Static) -> Content:
    visual = widget.content
    if isinstance(visual, Content):
        return visual
    return Content(str(visual))  # plain text: never parsed as markup


class Highlights:
    """The marks in one section: where they are, and which one is current."""

    def __init__(self) -> None:
        self.matches: list[Match] = []
        self.current = -1
        self._originals: dict[Static, Content] = {}
        self._style = Style()
        self._current_style = Style()

    def __len__(self) -> int:
        return len(self.matches)

    def apply(
        self,
        widgets: Iterable[Static],
        terms: Collection[str],
        style: Style,
        current_style: Style,
    ) -> int:
        """Mark ``terms`` in ``widgets`` (in reading order); the number of marks."""
        self.clear()
        self._style, self._current_style = style, current_style
        for widget in widgets:
            content = _content(widget)
            found = find(content.plain, terms)
            if found:
                self._originals[widget] = content
                self.matches += [Match(widget, start, end) for start, end in found]
        if self.matches:
            self.current = 0
        for widget in self._originals:
            self._render(widget)
        return len(self.matches)

    def clear(self) -> None:
        """Remove every mark, restoring the text as it was."""
        originals, self._originals = self._originals, {}
        for widget, content in originals.items():
            _set(widget, content)
        self.matches = []
        self.current = -1

    def step(self, delta: int) -> Match | None:
        """Make the mark ``delta`` places on (wrapping round) current; returns it."""
        if not self.matches:
            return None
        before = self.matches[self.current].widget
        self.current = (self.current + delta) % len(self.matches)
        after = self.matches[self.current].widget
        self._render(before)
        if after is not before:
            self._render(after)
        return self.matches[self.current]

    def marked_words(self) -> list[str]:
        """The words marked, in reading order, spelled as the text has them."""
        return [self._originals[m.widget].plain[m.start : m.end] for m in self.matches]

    @property
    def current_match(self) -> Match | None:
        return self.matches[self.current] if self.matches else None

    def row_of(self, match: Match, width: int) -> int:
        """The row of its widget's text, drawn ``width`` columns wide, where ``match``
        starts: the text's own lines, each wrapped where Textual wraps it (rich's
        divide_line, which Content uses)."""
        from rich._wrap import divide_line

        text = self._originals[match.widget].plain if match.widget in self._originals else ""
        row = start = 0
        for line in text.split("\n"):
            end = start + len(line)
            breaks = divide_line(line, width) if width > 0 else []
            if match.start <= end:
                return row + sum(1 for offset in breaks if offset <= match.start - start)
            row += len(breaks) + 1
            start = end + 1
        return row

    def _render(self, widget: Static) -> None:
        content = self._originals.get(widget)
        if content is None:
            return
        for number, match in enumerate(self.matches):
            if match.widget is widget:
                style = self._current_style if number == self.current else self._style
                content = content.stylize(style, match.start, match.end)
        _set(widget, content)


def _set(widget: Static, content: Content) -> None:
    # Imported here: the Markdown widget's module stays off the first-paint path.
    from textual.widgets.markdown import MarkdownBlock

    if isinstance(widget, MarkdownBlock):
        widget.set_content(content)
    else:
        widget.update(content)
