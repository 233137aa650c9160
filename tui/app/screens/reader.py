"""The reader: table of contents beside the open section, with a reading history."""

from __future__ import annotations

from collections.abc import Collection

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.reactive import var
from textual.screen import Screen
from textual.widgets import Header, Static

from paddehatten.content.model import Handbook
from paddehatten.tui.app.history import History
from paddehatten.tui.app.keys import label_tree_key
from paddehatten.tui.app.widgets.key_footer import KeyFooter
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.app.widgets.toc import TableOfContents
from paddehatten.tui.labels import SCREEN_READER_HINT, SCREEN_READER_HINT_SHORT, section_heading

#: Fewer rows than this: the first screen's screen-reader line in its short form.
SHORT_HINT_BELOW = 20


class ReaderScreen(Screen[None]):
    """Opens on the first section (the introduction).

    The Footer shows the bindings in this order and cuts what does not fit: the
    ones a newcomer needs come first; F1 always lists them all.

    The navigation keys are never printable characters that a search field would
    need, except n/p/g/i, which text fields consume before the screen sees them.

    The reader moves within its own history (n, p, Back, Forward, Go to, the table of
    contents); a section opened from elsewhere (search, palette, a link) comes through
    the app, which calls :meth:`open_section`.

    Narrower than :data:`NARROW_BELOW` columns (a phone, a split window), and in
    screen-reader mode at any width, the screen has the class ``-one-column`` and the
    text gets the whole width: the table of contents comes back with ``i`` (or a click
    on «Indhold» in the Footer), takes the whole width itself (class ``-toc-open``),
    and goes again when a section is opened or with Escape. The look of both lives in the ``.tcss``.
    """

    #: Below this many columns the table of contents is hidden until asked for.
    NARROW_BELOW = 70
    #: Textual keeps -narrow/-wide in step with the width on every resize; :attr:`narrow`
    #: sets the same class at mount already, so the first frame is the right one.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (NARROW_BELOW, "-wide")]

    BINDINGS = [
        # Help first: it must stay visible in the Footer of the narrowest terminal.
        Binding("f1,question_mark", "app.help", "Hjælp", id="reader.help"),
        # Only on a narrow screen (check_action): there it must fit the Footer early.
        Binding(
            "i",
            "toggle_toc",
            "Indhold",
            tooltip="Vis eller skjul indholdsfortegnelsen",
            id="reader.toggle_toc",
        ),
        Binding("escape", "close_toc", "Luk indhold", id="reader.close_toc", show=False),
        # The app's own "/" binding (priority) does the work; this one places it here.
        Binding("slash", "app.search('/')", "Søg", tooltip="Søg i håndbogen", id="reader.search"),
        Binding(
            "t",
            "app.open_tree",
            "Beslutningstræ",  # named after the handbook's tree: keys.label_tree_key
            id="reader.open_tree",
        ),
        Binding("g", "go_to", "Gå til", tooltip="Gå til et afsnit efter nummer", id="reader.go_to"),
        Binding("q", "app.quit", "Afslut", id="reader.quit"),
        Binding(
            "c",
            "copy",
            "Kopiér",
            tooltip="Kopiér afsnittet som tekst, med håndbogens titel og revision",
            id="reader.copy",
        ),
        Binding("n", "next_section", "Næste", tooltip="Næste afsnit", id="reader.next"),
        Binding("p", "previous_section", "Forrige", tooltip="Forrige afsnit", id="reader.previous"),
        Binding(
            "alt+left,backspace",
            "back",
            "Tilbage",
            tooltip="Tilbage til det afsnit, du læste før",
            id="reader.back",
        ),
        Binding("alt+right", "forward", "Frem", tooltip="Frem igen", id="reader.forward"),
        # Ctrl+P (Kommandoer) is the app's: the Footer shows it at its right end.
    ]

    #: The sections read, back and forward; what Back, Forward, Next and Previous can do.
    history: var[History] = var(History(""), bindings=True)
    #: Narrower than NARROW_BELOW: the text alone, the contents on request.
    narrow = var(False, bindings=True)
    #: On a narrow screen: the table of contents is shown (instead of the text).
    toc_open = var(False, bindings=True)

    def __init__(self, handbook: Handbook, start: str | None = None) -> None:
        super().__init__()
        self.handbook = handbook
        label_tree_key(self, handbook)
        first = start if start and handbook.get(start) else handbook.sections[0].id
        self.set_reactive(ReaderScreen.history, History(first))
        #: Whether the screen has been shown once (see _on_screen_resume).
        self._resumed = False

    @property
    def current(self) -> str:
        return self.history.current

    def compose(self) -> ComposeResult:
        yield Header(show_clock=False)
        # The first screen says how a blind reader turns screen-reader mode on; it goes
        # at the first key (and is never there in that mode).
        # On a small screen (under 20 rows) in one line, so the text keeps its room.
        short = self.app.size.height < SHORT_HINT_BELOW
        said = SCREEN_READER_HINT_SHORT if short else SCREEN_READER_HINT
        hint = Static(said, id="screen-reader-hint", markup=False)
        hint.display = not getattr(self.app, "screen_reader", False)
        yield hint
        with Horizontal(id="reader"):
            yield TableOfContents(self.handbook, id="toc")
            yield SectionView(self.handbook, self.handbook.section(self.current), id="section")
        yield KeyFooter()

    def on_mount(self) -> None:
        toc = self.query_one(TableOfContents)
        toc.show_section(self.current)
        # Known before the first frame, so a phone never sees the wide layout flash.
        self.narrow = self.narrow_now(self.app.size.width)
        (self.query_one(SectionView) if self.narrow else toc).focus()

    def _on_screen_resume(self, event: events.ScreenResume) -> None:
        """The first time the screen shows, it keeps the styles its widgets were just
        given when they were mounted.

        Textual styles a screen's widgets anew each time the screen shows, for what may
        have changed while it was covered (a theme chosen in a dialog). When the reader
        first shows, nothing has been covered: every widget was styled a moment before,
        when it was mounted, with the app's whole CSS; doing it again cost about 4 ms of
        the first paint. Runs before Textual's own handler (subclass first); every later
        time the screen shows, Textual restyles it as usual.
        tests/tui/test_first_paint.py checks a full restyle then changes nothing.
        """
        if not self._resumed:
            self._resumed = True
            event.refresh_styles = False

    def hide_hint(self) -> None:
        """The first screen's line about screen-reader mode, gone for this session."""
        hints = self.query("#screen-reader-hint")
        if hints and hints.first().display:
            hints.first().display = False

    def on_resize(self, event: events.Resize) -> None:
        self.narrow = self.narrow_now(event.size.width)

    def narrow_now(self, width: int) -> bool:
        """The one-column layout: on a narrow screen, and in screen-reader mode at any
        width (its reading layout: the text alone, the contents on request)."""
        return width < self.NARROW_BELOW or getattr(self.app, "screen_reader", False) is True

    def watch_narrow(self, narrow: bool) -> None:
        self.set_class(narrow, "-one-column")
        if narrow:
            self.toc_open = False
        self._focus_what_shows()

    def watch_toc_open(self, toc_open: bool) -> None:
        self.set_class(toc_open, "-toc-open")
        self._focus_what_shows()

    def _focus_what_shows(self) -> None:
        """On a narrow screen only one of the two shows: it has the focus."""
        if not self.is_mounted or not self.narrow:
            return
        if self.toc_open:
            self.query_one(TableOfContents).focus()
        else:
            self.query_one(SectionView).focus()

    def action_toggle_toc(self) -> None:
        self.toc_open = not self.toc_open

    def action_close_toc(self) -> None:
        self.toc_open = False

    async def open_section(self, section_id: str, highlight: Collection[str] = ()) -> None:
        """Open a section as a new step in the history.

        ``highlight``: words to mark (from a search); the text then takes the focus,
        so F3/F2 move between them at once.
        """
        if self.handbook.get(section_id) is None:
            self.notify(f"Afsnittet '{section_id}' findes ikke.", severity="error", markup=False)
            return
        await self._show(self.history.visit(section_id), highlight)
        if highlight:
            self.query_one(SectionView).focus()

    async def _show(self, history: History, highlight: Collection[str] = ()) -> None:
        self.history = history
        self.toc_open = False  # on a narrow screen: whatever opened it, show the text
        self.query_one(TableOfContents).show_section(history.current)
        await self.query_one(SectionView).show(self.handbook.section(history.current), highlight)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Greys out, in the Footer, the moves that lead nowhere."""
        if action == "toggle_toc":
            return self.narrow
        if action == "close_toc":
            return self.narrow and self.toc_open
        if action == "back":
            return self.history.can_go_back or None
        if action == "forward":
            return self.history.can_go_forward or None
        if action == "next_section":
            return self.handbook.neighbour(self.current, 1) is not None or None
        if action == "previous_section":
            return self.handbook.neighbour(self.current, -1) is not None or None
        return True

    async def action_back(self) -> None:
        await self._show(self.history.back())

    async def action_forward(self) -> None:
        await self._show(self.history.forward())

    async def action_next_section(self) -> None:
        section = self.handbook.neighbour(self.current, 1)
        if section is not None:
            await self.open_section(section.id)

    async def action_previous_section(self) -> None:
        section = self.handbook.neighbour(self.current, -1)
        if section is not None:
            await self.open_section(section.id)

    def action_copy(self) -> None:
        """Put the open section on the clipboard as plain text, with the handbook's
        title and revision (through the terminal: Textual's copy_to_clipboard)."""
        from paddehatten.tui.plain import section_clipboard

        section = self.handbook.section(self.current)
        heading = section_heading(self.handbook, section)
        copy_text = getattr(self.app, "copy_text", None)
        if callable(copy_text):
            copy_text(
                section_clipboard(self.handbook, section),
                f"«{heading}» er kopieret som tekst.",
                f"paddehatten show {section.id}",
            )

    def action_go_to(self) -> None:
        from paddehatten.tui.app.screens.go_to import (
            GoTo,
        )  # not on the first-paint path: it needs Input

        self.app.push_screen(GoTo(self.handbook), self._go_to_chosen)

    async def _go_to_chosen(self, section_id: str | None) -> None:
        if section_id:
            await self.open_section(section_id)

    @on(TableOfContents.SectionChosen)
    async def _chosen(self, event: TableOfContents.SectionChosen) -> None:
        await self.open_section(event.section_id)
