"""One section of the guideline: where it stands, its short title, the adopted text."""

from __future__ import annotations

import asyncio
from collections.abc import Collection
from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.message import Message
from textual.reactive import var
from textual.widgets import Static

from paddehatten.content.links import section_link_target
from paddehatten.content.model import Handbook, Section
from paddehatten.content.text import plain_text
from paddehatten.tui.app.keys import KeyHelp, Place
from paddehatten.tui.labels import NOTE_LABEL, editorial_caption, note_text

if TYPE_CHECKING:
    from textual.widgets import Markdown

    from paddehatten.tui.app.highlighting import Highlights


class SectionView(Place, VerticalScroll, can_focus=True):
    """Shows one section; links inside it are handled by the app, never opened blindly."""

    HELP_PLACE = "teksten"
    HELP_KEYS = (
        KeyHelp("up,down", "rul en linje"),
        KeyHelp("pageup,pagedown", "rul en side"),
        KeyHelp("home,end", "til toppen / bunden"),
    )

    # Search marks. F-keys never clash with typing; F2 (back) sits left of F3 (on).
    # Not Shift+F3: terminals send it as ESC[1;2R, which reads as a cursor report.
    BINDINGS = [
        Binding("f2", "previous_match", "Forrige fund", id="section.previous_match"),
        Binding("f3", "next_match", "Næste fund", id="section.next_match"),
        # Only while there are marks; otherwise Esc does what the screen says.
        Binding("escape", "clear_marks", "Fjern markeringer", id="section.clear_marks"),
    ]
    COMPONENT_CLASSES = {"section-view--match", "section-view--match-current"}

    #: How many search words are marked: F2/F3 work only when there are some.
    match_count: var[int] = var(0, bindings=True)

    DEFAULT_CSS = """
    SectionView { height: 1fr; }
    SectionView > #matches { display: none; dock: top; }
    SectionView > Static { width: 1fr; }
    SectionView > Markdown { height: auto; }
    SectionView > .body-preview { margin-bottom: 1; }
    SectionView > .-hidden { display: none; }
    """

    class LinkFollowed(Message):
        """A link in the text was clicked: a section id, or an external address.

        Its own __init__, not @dataclass: see TableOfContents.SectionChosen."""

        def __init__(self, section_id: str | None, href: str) -> None:
            super().__init__()
            self.section_id = section_id
            self.href = href

    def __init__(self, handbook: Handbook, section: Section, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.handbook = handbook
        self.section = section
        self._body: Markdown | None = None
        self._highlights: Highlights | None = None
        # One body update at a time: a key pressed during the upgrade must win.
        self._updating = asyncio.Lock()

    def compose(self) -> ComposeResult:
        # The first section is composed in place, so the first frame already shows it.
        where, heading, note = self._texts(self.section)
        yield Static(id="matches", classes="matches", markup=False)
        yield Static(where, id="where", classes="where", markup=False)
        yield Static(heading, id="heading", classes="heading", markup=False)
        if self.handbook.editorial_titles:
            caption = editorial_caption(self.handbook)
            yield Static(caption, id="caption", classes="caption", markup=False)
        # The first frame shows the text as plain paragraphs; the Markdown widget (and
        # the ~20 ms of imports behind it) takes over right after. See _upgrade.
        yield Static(
            plain_text(self.section.body), id="body-preview", classes="body-preview", markup=False
        )
        yield Static(note, id="note", classes="note", markup=False).set_class(not note, "-hidden")
        yield Static(self.handbook.revision, id="revision", classes="revision", markup=False)

    @property
    def highlights(self) -> Highlights:
        """The search words marked in the text (made, and imported, on first use)."""
        if self._highlights is None:
            from paddehatten.tui.app.highlighting import Highlights

            self._highlights = Highlights()
        return self._highlights

    @property
    def spoken(self) -> str:
        """Where the text stands and its heading, for screen-reader mode's Header."""
        where, heading, _ = self._texts(self.section)
        return f"{where}: {heading}."

    def _texts(self, section: Section) -> tuple[str, str, str]:
        """(where it stands, its heading, the editor's note or "") for ``section``."""
        handbook = self.handbook
        chapter = handbook.chapter(section.chapter)
        siblings = handbook.in_chapter(chapter.id)
        where = chapter.title if chapter.title != section.title else handbook.title
        if len(siblings) > 1 and section.number is not None:
            position = f"{handbook.label(section)} af {len(siblings)}"
            where = position if chapter.title == chapter.label else f"{chapter.title} · {position}"
        note = f"{NOTE_LABEL}:\n{note_text(section)}" if section.note else ""
        return where, section.title, note

    def on_mount(self) -> None:
        self.call_after_refresh(self._upgrade)

    async def body(self) -> Markdown:
        """The Markdown widget that shows the section's text (made on first use)."""
        if self._body is None:
            await self._upgrade()
        assert self._body is not None
        return self._body

    async def _upgrade(self) -> None:
        """Swap the first frame's plain preview for the Markdown widget, invisibly."""
        # Not attached: the app was closed before the swap (Ctrl+Q at the first frame);
        # mounting then raised MountError and the program ended with a traceback.
        if self._body is not None or not self.is_attached:
            return
        from textual.widgets import Markdown

        from paddehatten.content.markdown import parser

        preview = self.query_one("#body-preview", Static)
        body = Markdown(id="body", open_links=False, parser_factory=parser)
        body.display = False
        async with self._updating:
            if self._body is not None or not self.is_attached:
                return
            self._body = body
            await self.mount(body, after=preview)
            await body.update(self.section.body)
            with self.app.batch_update():
                body.display = True
                await preview.remove()

    async def show(self, section: Section, highlight: Collection[str] = ()) -> None:
        """Show ``section``, marking the words in ``highlight`` (from a search hit)."""
        self.highlights.clear()
        self.match_count = 0
        self.section = section
        where, heading, note = self._texts(section)
        self.query_one("#where", Static).update(where)
        self.query_one("#heading", Static).update(heading)
        note_widget = self.query_one("#note", Static)
        note_widget.update(note)
        note_widget.set_class(not note, "-hidden")
        body = await self.body()
        async with self._updating:
            await body.update(section.body)
        self.scroll_home(animate=False)
        self._mark(highlight)

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        target = section_link_target(event.href)
        self.post_message(self.LinkFollowed(target, event.href))

    # Search marks ----------------------------------------------------------------------

    def _mark(self, terms: Collection[str]) -> None:
        from textual.widgets.markdown import MarkdownBlock, MarkdownFence

        blocks = [
            b
            for b in self.query_one("#body").query(MarkdownBlock)
            if not isinstance(b, MarkdownFence) and b.content
        ]
        texts = [self.query_one("#heading", Static), *blocks, self.query_one("#note", Static)]
        self.highlights.apply(
            texts,
            terms,
            self.get_visual_style("section-view--match"),
            self.get_visual_style("section-view--match-current"),
        )
        self.match_count = len(self.highlights)
        self._show_current()

    def _show_current(self) -> None:
        matches = self.query_one("#matches", Static)
        match = self.highlights.current_match
        matches.display = match is not None
        if match is None:
            return
        number, count = self.highlights.current + 1, len(self.highlights)
        matches.update(f"Søgeord markeret: {number} af {count} · F3 næste, F2 forrige, Esc fjerner")
        self.call_after_refresh(self._scroll_to_mark)

    def _scroll_to_mark(self) -> None:
        """Bring the current mark's line into view, as a browser's find does: a line
        already in view stays where it is (so, on a section's first screen, where it
        stands, «HUSK 1 af 5», and its heading stay too); another is centred. The
        line, not its paragraph: a paragraph taller than the window, centred, could
        leave the mark itself out of view."""
        match = self.highlights.current_match
        bars = self.query("#matches")  # after a refresh: the view may be going
        if match is None or not match.widget.is_attached or not bars:
            return
        widget = match.widget
        row = widget.content_region.y + self.highlights.row_of(match, widget.content_region.width)
        bar = bars.first()
        shown_from = bar.region.bottom if bar.display else self.content_region.y
        if shown_from <= row < self.content_region.bottom:
            return
        line = Region(0, row - self.content_region.y + round(self.scroll_y), 1, 1)
        self.scroll_to_region(line, center=True, animate=False, immediate=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match", "clear_marks"):
            return self.match_count > 0
        return True

    def action_clear_marks(self) -> None:
        """Esc: the search words are no longer marked, the text stays where it is."""
        self.clear_marks()

    def clear_marks(self) -> None:
        self.highlights.clear()
        self.match_count = 0
        self._show_current()

    def action_next_match(self) -> None:
        self.highlights.step(1)
        self._show_current()

    def action_previous_match(self) -> None:
        self.highlights.step(-1)
        self._show_current()
