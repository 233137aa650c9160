"""Command palette (Ctrl+P): every section by number and title, and the app's commands.

Added to Textual's own commands (``App.COMMANDS | {…}``), which keep the themes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from textual.command import DiscoveryHit, Hit, Hits, Provider

if TYPE_CHECKING:
    from tui.app import PaddehattenApp


class HandbookCommands(Provider):
    """Sections first (as «Råd 4 · Skift dit kodeord ofte»), then the app's commands."""

    def _commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        app: PaddehattenApp = self.app  # type: ignore[assignment]
        handbook = app.handbook
        rows: list[tuple[str, str, Callable[[], object]]] = []
        for section in handbook.sections:
            label = handbook.label(section)
            text = section.title if label == section.title else f"{label} · {section.title}"
            rows.append((text, "Åbn afsnittet", partial(app.open_section, section.id)))
        rows += app.palette_commands()
        return rows

    async def discover(self) -> Hits:
        for text, help_text, callback in self._commands():
            yield DiscoveryHit(text, callback, help=help_text)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for text, help_text, callback in self._commands():
            score = matcher.match(f"{text} {help_text}")
            if score > 0:
                yield Hit(score, matcher.highlight(text), callback, help=help_text)
