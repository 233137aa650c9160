"""A section of the guideline opened over the decision tree; Escape goes back to the tree.

Links in the text go on to the app (:class:`SectionView.LinkFollowed`), which decides.
"""

from __future__ import annotations

from collections.abc import Collection

from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Header

from paddehatten.content.model import Handbook, Section
from paddehatten.tui.app.themes import DIALOGS_CSS
from paddehatten.tui.app.widgets.key_footer import KeyFooter
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.labels import section_heading


class CitedSectionScreen(Screen[None]):
    """The reader's section view over the decision tree, so the outcome stays put."""

    #: The look of the screens other than the reader, read when the first opens.
    CSS_PATH = DIALOGS_CSS

    BINDINGS = [
        Binding("escape,backspace", "close", "Tilbage", id="cited.back"),
        Binding(
            "c",
            "copy",
            "Kopiér",
            tooltip="Kopiér afsnittet som tekst, med håndbogens titel og revision",
            id="cited.copy",
        ),
    ]

    def __init__(
        self, handbook: Handbook, section: Section, highlight: Collection[str] = ()
    ) -> None:
        super().__init__()
        self.handbook = handbook
        self.section = section
        #: Words to mark, when the section was opened from a search.
        self.highlight = highlight
        self.title = handbook.title
        self.sub_title = handbook.revision

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        yield SectionView(self.handbook, self.section, id="section")
        yield KeyFooter()

    async def on_mount(self) -> None:
        view = self.query_one(SectionView)
        view.focus()
        if self.highlight:
            await view.show(self.section, self.highlight)

    def action_copy(self) -> None:
        """Put the open section on the clipboard as plain text, with the handbook's
        title and revision (through the terminal: Textual's copy_to_clipboard)."""
        from paddehatten.tui.plain import section_clipboard

        section = self.handbook.section(self.section.id)
        heading = section_heading(self.handbook, section)
        copy_text = getattr(self.app, "copy_text", None)
        if callable(copy_text):
            copy_text(
                section_clipboard(self.handbook, section),
                f"«{heading}» er kopieret som tekst.",
                f"paddehatten show {section.id}",
            )

    def action_close(self) -> None:
        self.dismiss(None)

    async def show_section(self, section: Section, highlight: Collection[str] = ()) -> None:
        """Show ``section`` here instead (the app opens sections here while the tree is
        open); Escape still goes straight back to the tree."""
        self.section = section
        self.highlight = highlight
        await self.query_one(SectionView).show(section, highlight)
