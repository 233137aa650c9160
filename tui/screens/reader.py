"""The reader: table of contents beside the open section."""

from __future__ import annotations

from collections.abc import Collection

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer, Header

from content.model import Handbook
from tui.screens.confirm_link import ConfirmLink
from tui.widgets.section_view import SectionView
from tui.widgets.toc import TableOfContents


class ReaderScreen(Screen[None]):
    """Opens on the first section (the introduction)."""

    BINDINGS = [
        Binding("tab", "app.focus_next", "Skift felt", id="reader.next_pane", show=False),
    ]

    def __init__(self, handbook: Handbook, start: str | None = None) -> None:
        super().__init__()
        self.handbook = handbook
        self.start = start or handbook.sections[0].id
        self.current: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False, icon="📖")
        with Horizontal(id="reader"):
            yield TableOfContents(self.handbook, id="toc")
            yield SectionView(self.handbook, id="section")
        yield Footer()

    async def on_mount(self) -> None:
        await self.open_section(self.start)
        self.query_one(TableOfContents).focus()

    async def open_section(self, section_id: str, highlight: Collection[str] = ()) -> None:
        """Open a section; ``highlight``: words to mark (from a search), focused in the text."""
        section = self.handbook.get(section_id)
        if section is None:
            self.notify(f"Afsnittet '{section_id}' findes ikke.", severity="error")
            return
        self.current = section_id
        self.query_one(TableOfContents).show_section(section_id)
        await self.query_one(SectionView).show(section, highlight)
        if highlight:
            self.query_one(SectionView).focus()

    @on(TableOfContents.SectionChosen)
    async def _chosen(self, event: TableOfContents.SectionChosen) -> None:
        await self.open_section(event.section_id)

    @on(SectionView.LinkFollowed)
    async def _link(self, event: SectionView.LinkFollowed) -> None:
        if event.section_id is not None:
            await self.open_section(event.section_id)
        else:
            self.app.push_screen(ConfirmLink(event.href), self._open_external)

    def _open_external(self, href: str | None) -> None:
        if href:
            self.app.open_url(href)
