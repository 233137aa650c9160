"""One section of the guideline: where it stands, its short title, the adopted text."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, Static

from content.loader import section_link_target
from content.model import Handbook, Section
from tui.highlighting import Highlights

EDITORIAL_CAPTION = "Overskrift tilføjet i denne udgave – teksten er retningslinjens ordlyd."


class SectionView(VerticalScroll, can_focus=True):
    """Shows one section; links inside it are handled by the app, never opened blindly."""

    # Search marks. F-keys never clash with typing; F2 (back) sits left of F3 (on).
    # Not Shift+F3: terminals send it as ESC[1;2R, which reads as a cursor report.
    BINDINGS = [
        Binding(
            "f2",
            "previous_match",
            "Forrige fund",
            id="section.previous_match",
            key_display="F2",
            group=Binding.Group("Fund"),
        ),
        Binding(
            "f3",
            "next_match",
            "Næste fund",
            id="section.next_match",
            key_display="F3",
            group=Binding.Group("Fund"),
        ),
    ]
    COMPONENT_CLASSES = {"section-view--match", "section-view--match-current"}

    DEFAULT_CSS = """
    SectionView { height: 1fr; }
    SectionView > #matches { display: none; }
    SectionView > Static { width: 1fr; }
    SectionView > Markdown { height: auto; }
    """

    @dataclass
    class LinkFollowed(Message):
        """A link in the text was clicked: a section id, or an external address."""

        section_id: str | None
        href: str

    def __init__(self, handbook: Handbook, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.handbook = handbook
        self.section: Section | None = None
        self.highlights = Highlights()

    def compose(self) -> ComposeResult:
        yield Static(id="matches", classes="matches", markup=False)
        yield Static(id="where", classes="where", markup=False)
        yield Static(id="heading", classes="heading", markup=False)
        yield Static(EDITORIAL_CAPTION, id="caption", classes="caption", markup=False)
        yield Markdown(id="body", open_links=False)
        yield Static(id="note", classes="note", markup=False)
        yield Static(self.handbook.revision, id="revision", classes="revision", markup=False)

    async def show(self, section: Section, highlight: Collection[str] = ()) -> None:
        """Show ``section``, marking the words in ``highlight`` (from a search hit)."""
        self.highlights.clear()
        self.section = section
        handbook = self.handbook
        chapter = handbook.chapter(section.chapter)
        siblings = handbook.in_chapter(chapter.id)
        where = chapter.title if chapter.title != section.title else handbook.title
        if len(siblings) > 1 and section.number is not None:
            where = f"{chapter.title} · {handbook.label(section)} af {len(siblings)}"
        self.query_one("#where", Static).update(where)
        self.query_one("#heading", Static).update(section.title)
        note = self.query_one("#note", Static)
        note.update(
            f"Redaktionens note – ikke en del af retningslinjen:\n{section.note}"
            if section.note
            else ""
        )
        note.display = section.note is not None
        await self.query_one("#body", Markdown).update(section.body)
        self.scroll_home(animate=False)
        self._mark(highlight)

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        target = section_link_target(event.href)
        self.post_message(self.LinkFollowed(target, event.href))

    # Search marks ----------------------------------------------------------------------

    def _mark(self, terms: Collection[str]) -> None:
        from textual.widgets.markdown import MarkdownBlock, MarkdownFence

        blocks = [
            b
            for b in self.query_one("#body", Markdown).query(MarkdownBlock)
            if not isinstance(b, MarkdownFence) and b.content
        ]
        texts = [self.query_one("#heading", Static), *blocks, self.query_one("#note", Static)]
        self.highlights.apply(
            texts,
            terms,
            self.get_visual_style("section-view--match"),
            self.get_visual_style("section-view--match-current"),
        )
        self._show_current()
        self.refresh_bindings()

    def _show_current(self) -> None:
        matches = self.query_one("#matches", Static)
        match = self.highlights.current_match
        matches.display = match is not None
        if match is None:
            return
        number, count = self.highlights.current + 1, len(self.highlights)
        matches.update(f"Søgeord markeret: {number} af {count} · F3 næste, F2 forrige")
        self.scroll_to_widget(match.widget, animate=False, center=True)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("next_match", "previous_match"):
            return len(self.highlights) > 0
        return True

    def action_next_match(self) -> None:
        self.highlights.step(1)
        self._show_current()

    def action_previous_match(self) -> None:
        self.highlights.step(-1)
        self._show_current()
