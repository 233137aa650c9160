"""Command palette (Ctrl+P): every section by number and title, and the app's commands.

Added to Textual's own commands (``App.COMMANDS | {…}``), which keep the themes.
Every text reaches the palette as :class:`Content`, never as markup: a section title
"[/x] …" or "[@click=app.quit]" is shown as it is written, and does nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Protocol

from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.content import Content
from textual.fuzzy import Matcher

from paddehatten.content.model import Handbook
from paddehatten.tui.labels import section_heading

#: A palette row: its text, its help line, and what choosing it does.
Row = tuple[str, str, Callable[[], object]]


class PaletteApp(Protocol):
    """What the provider needs of the app (so this module never imports the app)."""

    handbook: Handbook

    def open_section(self, section_id: str) -> object: ...

    def palette_commands(self) -> list[Row]: ...


class HandbookCommands(Provider):
    """Sections first (as «Råd 4 · Skift dit kodeord ofte»), then the app's commands."""

    def _commands(self) -> list[Row]:
        app: PaletteApp = self.app  # type: ignore[assignment]
        handbook = app.handbook
        rows: list[Row] = [
            (section_heading(handbook, s), "Åbn afsnittet", partial(app.open_section, s.id))
            for s in handbook.sections
        ]
        rows += app.palette_commands()
        return rows

    async def discover(self) -> Hits:
        for text, help_text, callback in self._commands():
            yield DiscoveryHit(Content(text), callback, text=text, help=_escaped(help_text))

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._commands():
            score = matcher.match(f"{text} {help_text}")
            if score > 0:
                yield Hit(
                    score, highlight(matcher, text), callback, text=text, help=_escaped(help_text)
                )


def highlight(matcher: Matcher, text: str) -> Content:
    """``text`` with the letters the query matched marked; never parsed as markup
    (Textual's own ``Matcher.highlight`` parses it)."""
    content = Content(text)
    score, offsets = matcher.fuzzy_search.match(matcher.query, text)
    if not score:
        return content
    for offset in offsets:
        if not text[offset].isspace():
            content = content.stylize(matcher.match_style, offset, offset + 1)
    return content


def _escaped(text: str) -> str:
    """The palette parses a help text as markup: make any text stand as written."""
    return Content(text).markup
