"""One section of the guideline: where it stands, its short title, the adopted text."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.message import Message
from textual.widgets import Markdown, Static

from content.loader import section_link_target
from content.model import Handbook, Section

EDITORIAL_CAPTION = "Overskrift tilføjet i denne udgave – teksten er retningslinjens ordlyd."


class SectionView(VerticalScroll, can_focus=True):
    """Shows one section; links inside it are handled by the app, never opened blindly."""

    DEFAULT_CSS = """
    SectionView { height: 1fr; }
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

    def compose(self) -> ComposeResult:
        yield Static(id="where", classes="where", markup=False)
        yield Static(id="heading", classes="heading", markup=False)
        yield Static(EDITORIAL_CAPTION, id="caption", classes="caption", markup=False)
        yield Markdown(id="body", open_links=False)
        yield Static(id="note", classes="note", markup=False)
        yield Static(self.handbook.revision, id="revision", classes="revision", markup=False)

    async def show(self, section: Section) -> None:
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

    @on(Markdown.LinkClicked)
    def _link(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        target = section_link_target(event.href)
        self.post_message(self.LinkFollowed(target, event.href))
