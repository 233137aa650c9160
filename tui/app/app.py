"""The full-screen Textual app."""

from __future__ import annotations

import os
from collections.abc import Callable, Collection, Iterable
from functools import partial
from typing import TYPE_CHECKING, ClassVar, cast
from weakref import WeakKeyDictionary

from textual import events, on
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.geometry import Offset
from textual.screen import ModalScreen, Screen
from textual.theme import Theme
from textual.widget import Widget

from paddehatten.content.files import printable
from paddehatten.content.model import Handbook
from paddehatten.content.tree.refs import tree_refs
from paddehatten.tui import startup
from paddehatten.tui.app.keys import OR, KeyHelp, Place, key_display, key_list, label_tree_key
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.searching import IndexLoader
from paddehatten.tui.app.textual_danish import translate_bindings
from paddehatten.tui.app.themes import DIALOGS_CSS, THEMES
from paddehatten.tui.app.widgets.section_view import SectionView
from paddehatten.tui.app.widgets.toc import TableOfContents
from paddehatten.tui.labels import SCREEN_READER_HELP
from paddehatten.tui.settings import load_settings, save_setting

if TYPE_CHECKING:
    from textual.command import Provider

    from paddehatten.content.tree import Walk
    from paddehatten.tui.app.screens.search import SearchChoice
    from paddehatten.tui.app.widgets.cited_point import CitedPoint

#: Textual's own palette commands, by (title, help), as Danish users read them.
SYSTEM_COMMANDS_DA = {
    ("Theme", "Change the current theme"): ("Tema", "Skift farvetema (huskes til næste gang)"),
    ("Quit", "Quit the application as soon as possible"): ("Afslut", "Luk programmet"),
    ("Keys", "Show help for the focused widget and a summary of available keys"): (
        "Tastepanel",
        "Vis et panel med tasterne for det felt, du er i",
    ),
    ("Keys", "Hide the keys and widget help panel"): ("Tastepanel", "Skjul tastepanelet"),
    ("Maximize", "Maximize the focused widget"): ("Maksimér", "Vis feltet i fuld skærm"),
    ("Minimize", "Minimize the widget and restore to normal size"): (
        "Normal størrelse",
        "Vis feltet i normal størrelse igen",
    ),
    ("Screenshot", "Save an SVG 'screenshot' of the current screen"): (
        "Skærmbillede",
        "Gem et billede af skærmen; der står bagefter, hvor det blev gemt",
    ),
}


def _handbook_commands() -> type[Provider]:
    """The palette's sections and commands, imported when the palette first opens."""
    from paddehatten.tui.app.commands import HandbookCommands

    return HandbookCommands


class PaddehattenApp(App[None]):
    """The handbook app. What opens where is decided here, once:

    - :meth:`open_section` (the palette, search hits, links, cited points),
    - :meth:`open_hit` (what the search dialog returns),
    - :meth:`open_external` (an address outside the handbook, asked first),
    - :meth:`action_open_tree` (a decision tree).

    Screens and widgets post messages for these (``SectionView.LinkFollowed``,
    ``CitedPoint.Open``, ``TableOfContents.TreeChosen``), handled below.
    """

    CSS_PATH = "paddehatten.tcss"
    ENABLE_COMMAND_PALETTE = True
    COMMANDS = App.COMMANDS | {_handbook_commands}

    BINDINGS = [
        Binding("q", "quit", "Afslut", id="app.quit"),
        # Ctrl+Q quits at once, always; q asks first while the tree holds answers.
        Binding("ctrl+q", "quit_now", "Afslut", id="app.quit_ctrl", show=False, priority=True),
        # Dialogs (search, go-to, the palette) block these: each binds F1 itself.
        Binding("f1,question_mark", "help", "Hjælp", id="app.help"),
        # Ours, so Textual adds none of its own (labelled "palette" in English).
        Binding(
            "ctrl+p",
            "command_palette",
            "Kommandoer",
            tooltip="Kommandoer: afsnit, søgning, temaer",
            id="app.palette",
            show=False,
            priority=True,
        ),
        # Priority, so search opens over dialogs too (a text field still gets its "/").
        Binding("slash", "search('/')", "Søg", id="app.search", priority=True),
        Binding("ctrl+f", "search", "Søg", id="app.search_ctrl_f", show=False, priority=True),
        Binding(
            "t",
            "open_tree",
            "Beslutningstræ",  # named after the handbook's tree: keys.label_tree_key
            id="app.open_tree",
        ),
    ]

    #: Keys every screen has: listed last in help.
    GLOBAL_KEYS: ClassVar[tuple[KeyHelp, ...]] = (
        KeyHelp("tab,shift+tab", "skift mellem felterne"),
        KeyHelp("ctrl+p", "kommandoer: afsnit, søgning, temaer"),
        KeyHelp("escape", "luk hjælp og dialoger"),
        KeyHelp("q,ctrl+q", "afslut"),
    )

    def __init__(
        self,
        handbook: Handbook,
        *,
        start: str | None = None,
        version: str = "",
        tree: str | None = None,
        screen_reader: bool = False,
    ) -> None:
        # NO_COLOR: the terminal's own default colours (Textual's NoColor filter, which
        # it uses when asked for the terminal's ANSI colours), not Textual's greys.
        no_color = "NO_COLOR" in os.environ
        super().__init__(ansi_color=True if no_color else None)
        # The themes offered are the measured ones (tui/app/themes.py), in Danish.
        for name in list(self.available_themes):
            self.unregister_theme(name)
        for offered in THEMES:
            self.register_theme(offered)
        saved = load_settings().get("theme")
        self._start_theme(
            saved if isinstance(saved, str) and saved in self.available_themes else THEMES[0].name
        )
        #: Screen-reader mode: the real cursor follows the focus; no animation.
        self.screen_reader = screen_reader
        #: The screens' own (title, sub_title) while the mode's status stands there.
        self._own_titles: WeakKeyDictionary[Screen[object], tuple[str | None, str | None]] = (
            WeakKeyDictionary()
        )
        if screen_reader:
            self.animation_level = "none"
        self.handbook = handbook
        label_tree_key(self, handbook)
        self._has_trees: bool | None = None
        self.start = start
        self.version = version
        self.title = handbook.title
        self.sub_title = handbook.revision
        #: A decision tree to open over the reader at start (`paddehatten tree`).
        self.start_tree = tree
        if tree is not None:  # its look is read with the app's, not parsed twice
            self.css_path = [*self.css_path, DIALOGS_CSS]
        #: The search index: built in the background when the search first opens.
        self.search_index = IndexLoader(handbook)
        #: Work that must not delay the first frame (run in a thread right after it).
        self.after_first_frame: list[Callable[[], object]] = []
        #: The walk through each decision tree the person left, by tree id, so that
        #: opening the tree again resumes it. In memory only: gone when the app ends.
        self.tree_walks: dict[str, Walk] = {}

    def _start_theme(self, name: str) -> None:
        """The theme the app starts in, set before it runs.

        Not ``self.theme = name``: Textual's watcher would then parse all the CSS a
        second time and lay the screen out again just before the first frame (about
        10 ms), to apply a theme the CSS is first parsed with anyway. What else the
        watcher does is done here: the theme's classes, the ANSI colour mapping and
        the CSS variables.
        Changing the theme later (the palette's «Tema») goes through Textual as usual.
        """
        self.set_reactive(App.theme, name)
        dark = self.current_theme.dark
        classes = {c: False for c in self.classes if c.startswith("-theme-")}
        classes |= {f"-theme-{name}": True, "-dark-mode": dark, "-light-mode": not dark}
        self.update_classes(classes, update=False)
        self._refresh_truecolor_filter(self.ansi_theme)
        self.stylesheet.set_variables(self.get_css_variables())  # nothing is parsed yet

    def on_mount(self) -> None:
        # Subscribed after start-up, so only a theme the person picks is written.
        self.theme_changed_signal.subscribe(self, self._remember_theme)
        self.call_after_refresh(self._run_after_first_frame)
        if self.start_tree is not None:
            self.action_open_tree(self.start_tree)
        if self.screen_reader:
            self.add_class("-screen-reader")
            self.call_after_refresh(self.place_cursor)
            # Layout can move the focused row without a key (a screen scrolls it into
            # view, the window is resized): follow it.
            self.set_interval(0.25, self._follow_layout)

    async def on_event(self, event: events.Event) -> None:
        # The first key (any key, also those bound with priority) ends the first
        # screen's line about screen-reader mode.
        if isinstance(event, events.Key) and not self._hint_gone:
            self._hint_gone = True
            if self.screen_stack and isinstance(self.screen_stack[0], ReaderScreen):
                self.screen_stack[0].hide_hint()
        await super().on_event(event)

    #: Whether a key was pressed (the first screen's hint is gone then).
    _hint_gone = False

    def on_unmount(self) -> None:
        # No thread of the app outlives it: a search index still building stops.
        self.search_index.stop()

    # -- Screen-reader mode ----------------------------------------------------------

    def reader_point(self) -> tuple[Offset | None, str]:
        """Where the cursor belongs now and the one-line status: the screen's own
        point (``reader_point()``) when it has one, else the focused item."""
        from paddehatten.tui.app.screen_reader import (
            Point,
            cursor_offset,
            one_line,
            point_offset,
            spoken,
        )

        screen = self.screen
        own = getattr(screen, "reader_point", None)
        point = own() if callable(own) else None
        try:
            if isinstance(point, Point):
                return point_offset(point), one_line(point.status)
            focused = self.focused
            return cursor_offset(focused), one_line(spoken(focused))
        except Exception:  # a widget between layouts: the next move places it
            return None, ""

    #: What the screen-reader status says now (also shown in the Header).
    reader_status = ""

    def _say(self, status: str) -> bool:
        """Show ``status`` in the Header of the screen under any dialogs; True when the
        Header did not say it yet (a screen may have set its own title since)."""
        self.reader_status = status
        if not status:
            return False
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, ModalScreen):
                # The status first, alone: on a narrow screen the title would push it
                # out of the line. The screen's own titles come back when the mode ends.
                self._own_titles.setdefault(screen, (screen.title, screen.sub_title))
                changed = bool(screen.title != status or screen.sub_title != "")
                screen.title = status
                screen.sub_title = ""
                return changed
        return False

    def place_cursor(self) -> None:
        """Show the terminal's cursor on what matters now (the focused row, the
        question, the number of hits) and say what it is in the Header
        (screen-reader mode only)."""
        if not self.screen_reader:
            return
        offset, status = self.reader_point()
        said = self._say(status)
        if offset is not None:
            self.cursor_position = offset
        if said:
            # The Header is drawn with the next frame: the cursor moves after it, so
            # what the status says is never behind where the cursor stands.
            self.call_after_refresh(self._show_cursor)
        else:
            self._show_cursor()

    def _restore_titles(self) -> None:
        """The screens' own titles, back after screen-reader mode is turned off."""
        self.reader_status = ""
        for screen, (title, sub_title) in list(self._own_titles.items()):
            screen.title, screen.sub_title = title, sub_title
        self._own_titles.clear()

    def _show_cursor(self) -> None:
        from paddehatten.tui.app.screen_reader import SHOW_CURSOR, move_to

        driver = self._driver
        if driver is not None and not self.is_headless and self.screen_reader:
            driver.write(SHOW_CURSOR + move_to(self.cursor_position))
            driver.flush()

    def _follow_layout(self) -> None:
        offset, status = self.reader_point()
        if (
            (offset is not None and offset != self.cursor_position)
            or (status and status != self.reader_status)
            or (status and status != self._header_title())
        ):
            self.place_cursor()

    def _header_title(self) -> str:
        """The title the Header of the screen under any dialogs shows now."""
        for screen in reversed(self.screen_stack):
            if not isinstance(screen, ModalScreen):
                return str(screen.title)
        return ""

    def reader_changed(self) -> None:
        """Something that matters moved (focus, a highlight, new hits, a new question):
        the status now, in the same frame; the cursor once the layout is known."""
        if not self.screen_reader:
            return
        _, status = self.reader_point()
        self._say(status)
        self.call_after_refresh(self.place_cursor)

    def _cursor_moved(self) -> None:
        self.reader_changed()

    # By name, not @on(...): no widget module is imported for them on the first paint.
    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        self._cursor_moved()

    def on_tree_node_highlighted(self, event: object) -> None:
        self._cursor_moved()

    def on_option_list_option_highlighted(self, event: object) -> None:
        self._cursor_moved()

    def on_resize(self) -> None:
        self._cursor_moved()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "open_tree" and not parameters:
            return self.has_trees
        if action == "search" and parameters:
            from paddehatten.tui.app.screens.search import typing_here

            return not typing_here(self, str(parameters[0]))
        return True

    def action_search(self, key: str = "") -> None:
        """Open the search over whatever is showing (or go back to its field)."""
        from paddehatten.tui.app.screens.search import SearchScreen

        if isinstance(self.screen, SearchScreen):
            self.screen.focus_field()
            return
        # It opens with the words searched for last (all selected: typing replaces them).
        query = self.search_index.last_query
        self.push_screen(SearchScreen(self.search_index, self.handbook, query), self.open_hit)

    def _run_after_first_frame(self) -> None:
        startup.resume()  # the cycle collector, paused for the start (tui/startup.py)
        # Textual's own key texts in Danish: in every widget class (the bindings each
        # new widget copies) and in the widgets made for the first frame, none of which
        # shows one of those texts (about 1 ms less before the first frame).
        nodes = [self, *(node for screen in self.screen_stack for node in screen.walk_children())]
        translate_bindings([*nodes, *self.screen_stack])
        for task in self.after_first_frame:
            self.run_worker(task, thread=True, group="after-first-frame")

    def _remember_theme(self, theme: Theme) -> None:
        problem = save_setting("theme", theme.name)
        if problem:
            self.notify(f"Temaet kunne ikke gemmes ({problem}).", severity="warning", markup=False)

    @property
    def reader(self) -> ReaderScreen:
        """The reader: always the bottom screen."""
        screen = self.screen_stack[0]
        assert isinstance(screen, ReaderScreen)
        return screen

    def tree_is_open(self) -> bool:
        """True while a decision tree is anywhere on the screen stack."""
        from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

        return any(isinstance(s, DecisionTreeScreen) for s in self.screen_stack)

    # -- Routing: what opens where ---------------------------------------------------

    async def close_dialogs(self) -> None:
        """Close the dialogs (help, search, …) over the screen below them."""
        while isinstance(self.screen, ModalScreen) and len(self.screen_stack) > 1:
            await self.pop_screen()

    async def open_section(self, section_id: str, highlight: Collection[str] = ()) -> None:
        """Show a section, with the words in ``highlight`` marked (from a search).

        Dialogs close first, so that it can be seen. While a decision tree is open the
        section is shown over the tree, so the walk is kept and Escape goes back to it:
        in the section screen already on top, or a new one. Otherwise it opens in the
        reader, as a new step of its history."""
        from paddehatten.tui.app.screens.cited_section import CitedSectionScreen

        section = self.handbook.get(section_id)
        if section is None:
            self.notify(f"Afsnittet '{section_id}' findes ikke.", severity="error", markup=False)
            return
        await self.close_dialogs()
        if self.tree_is_open():
            if isinstance(self.screen, CitedSectionScreen):
                await self.screen.show_section(section, highlight)
            else:
                await self.push_screen(CitedSectionScreen(self.handbook, section, highlight))
            return
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        await self.reader.open_section(section_id, highlight)

    async def open_hit(self, choice: SearchChoice | None) -> None:
        """Open what the search dialog returned: a section with its words marked, or the
        decision tree a hit stands in."""
        from paddehatten.index.tree_documents import is_tree_itself, tree_of

        if choice is None:
            return
        section = self.handbook.get(choice.id) if choice.kind == "section" else None
        tree_id = tree_of(choice.id)
        if section is not None:
            await self.open_section(section.id, choice.terms)
        elif tree_id is not None:
            await self.close_dialogs()
            self.action_open_tree(tree_id)
            if is_tree_itself(choice.id):
                return  # the tree offered first: it starts at its first question
            self.notify(
                f"«{choice.title}» står i beslutningstræet. "
                "Svar på spørgsmålene for at komme dertil.",
                title="Beslutningstræet",
                markup=False,
            )
        else:
            await self.close_dialogs()
            self.notify(f"«{choice.id}» kan ikke åbnes herfra.", severity="warning", markup=False)

    def open_external(self, href: str) -> None:
        """An address outside the handbook: opened in the browser only if the person says
        yes."""
        from paddehatten.tui.app.screens.confirm_link import ConfirmLink

        self.push_screen(ConfirmLink(href), self._open_confirmed)

    def _open_confirmed(self, href: str | None) -> None:
        if href:
            self.open_url(href)

    @on(SectionView.LinkFollowed)
    async def _link_followed(self, event: SectionView.LinkFollowed) -> None:
        if event.section_id is None:
            self.open_external(event.href)
        else:
            await self.open_section(event.section_id)

    # By name, not @on(CitedPoint.Open): the widget is not imported for the first paint.
    async def on_cited_point_open(self, event: CitedPoint.Open) -> None:
        await self.open_section(event.section_id)

    def palette_commands(self) -> list[tuple[str, str, Callable[[], object]]]:
        """The app's own commands in the palette: (text, help, callback)."""
        return [
            ("Søg i håndbogen", "Søg, mens du skriver (/ eller Ctrl+F)", self.action_search),
            ("Hjælp: tasterne", "Vis tasterne, der hvor du er", self.action_help),
            *(
                (
                    f"Beslutningstræ: {ref.title}",
                    "Vejledning trin for trin, ét spørgsmål ad gangen",
                    partial(self.action_open_tree, ref.id),
                )
                for ref in tree_refs(self.handbook.root)
            ),
            (
                "Hvad er nyt",
                "Hvad der er ændret i retningslinjen siden den forrige vedtagne tekst",
                self.action_whats_new,
            ),
            (
                "Skærmlæser-tilstand: " + ("slå fra" if self.screen_reader else "slå til"),
                "Terminalens markør følger det valgte; ingen animationer (huskes)",
                self.action_toggle_screen_reader,
            ),
        ]

    def answers_held(self) -> bool:
        """Whether a decision tree holds answers (open, or left to be resumed)."""
        from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

        open_walks = [s.walk for s in self.screen_stack if isinstance(s, DecisionTreeScreen)]
        return any(not walk.at_start for walk in [*open_walks, *self.tree_walks.values()])

    async def action_quit(self) -> None:
        """q: quit, but ask first when the answers in a decision tree would be lost."""
        from paddehatten.tui.app.screens.confirm_quit import ConfirmQuit

        if isinstance(self.screen, ConfirmQuit) or not self.answers_held():
            self.exit()
            return
        self.push_screen(ConfirmQuit(), self._quit_answered)

    def _quit_answered(self, quit: bool | None) -> None:
        if quit:
            self.exit()

    def action_quit_now(self) -> None:
        """Ctrl+Q: quit at once (the answers were never written anywhere)."""
        self.exit()

    def action_whats_new(self) -> None:
        """«Hvad er nyt»: the changes since the previous adopted text, in plain Danish."""
        from paddehatten.content.revisions import whats_new
        from paddehatten.tui.app.screens.whats_new import WhatsNewScreen

        self.push_screen(WhatsNewScreen(whats_new(self.handbook)))

    def action_toggle_screen_reader(self) -> None:
        """Turn screen-reader mode on or off, and remember the choice."""
        self.screen_reader = not self.screen_reader
        self.animation_level = "none" if self.screen_reader else "full"
        self.set_class(self.screen_reader, "-screen-reader")
        self.reader.hide_hint()
        self.reader.narrow = self.reader.narrow_now(self.size.width)
        problem = save_setting("screen_reader", self.screen_reader)
        state = "slået til" if self.screen_reader else "slået fra"
        self.notify(f"Skærmlæser-tilstand er {state}.", markup=False)
        if problem:
            self.notify(f"Valget kunne ikke gemmes ({problem}).", severity="warning")
        if self.screen_reader:
            self.call_after_refresh(self.place_cursor)
        else:
            self._restore_titles()
        if not self.screen_reader and self._driver is not None and not self.is_headless:
            self._driver.write("\x1b[?25l")  # hidden again, as Textual keeps it
            self._driver.flush()

    # -- The decision tree -----------------------------------------------------------

    @property
    def has_trees(self) -> bool:
        """True when the handbook has a decision tree (``t`` is hidden without one);
        looked at once, from the file names."""
        if self._has_trees is None:
            from paddehatten.content.tree.refs import tree_files

            self._has_trees = bool(tree_files(self.handbook.root))
        return self._has_trees

    def action_open_tree(self, tree_id: str | None = None) -> None:
        """Open a decision tree (default: the handbook's ``default_tree:``) over the reader.

        The tree's YAML is read here, when it is opened, never on the first paint.
        """
        from paddehatten.content.model import ContentError
        from paddehatten.content.tree import load_tree
        from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

        for screen in self.screen_stack:
            if isinstance(screen, DecisionTreeScreen):  # already open: go back to it
                while self.screen is not screen:
                    self.pop_screen()
                return
        try:
            tree = load_tree(self.handbook, tree_id)
        except ContentError as error:
            self.notify(
                "\n".join(str(p) for p in error.problems[:3]),
                title="Beslutningstræet kan ikke åbnes",
                severity="error",
                markup=False,
            )
            return
        self.push_screen(
            DecisionTreeScreen(self.handbook, tree, self.tree_walks.get(tree.id)),
            partial(self._tree_left, tree.id),
        )

    def _tree_left(self, tree_id: str, walk: Walk | None) -> None:
        """Keep the walk the person left (in memory), to resume it next time."""
        if walk is None or walk.at_start:
            self.tree_walks.pop(tree_id, None)
        else:
            self.tree_walks[tree_id] = walk

    @on(TableOfContents.TreeChosen)
    def _tree_chosen(self, event: TableOfContents.TreeChosen) -> None:
        self.action_open_tree(event.tree_id)

    def _fatal_error(self) -> None:
        """Crash output without local variables: they could hold a person's answers.

        Overrides a private Textual method (checked by tests/tree/test_tree_privacy.py).
        """
        import rich
        from rich.segment import Segments
        from rich.traceback import Traceback

        self.bell()
        traceback = Traceback(show_locals=False, width=None, suppress=[rich])
        self._exit_renderables.append(
            Segments(self.console.render(traceback, self.console.options))
        )
        self._close_messages_no_wait()

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, in Danish, less the screenshot while a decision tree
        is open (even under a dialog): a saved picture would write a person's answers
        to disk."""
        tree_open = self.tree_is_open()
        for command in super().get_system_commands(screen):
            if tree_open and command.title == "Screenshot":
                continue
            title, help_text = SYSTEM_COMMANDS_DA.get(
                (command.title, command.help), (command.title, command.help)
            )
            yield SystemCommand(title, help_text, command.callback, command.discover)

    def action_command_palette(self) -> None:
        from textual.command import CommandPalette

        from paddehatten.tui.app.screens.palette import Palette

        if self.use_command_palette and not CommandPalette.is_open(cast("App[object]", self)):
            placeholder = "Søg efter afsnit og kommandoer …"
            self.push_screen(Palette(placeholder=placeholder, id="--command-palette"))

    def action_screenshot(self, filename: str | None = None, path: str | None = None) -> None:
        """Save the screen as SVG where it can be saved, and say where, in Danish."""
        if self.tree_is_open():
            self.notify("Der tages ikke skærmbilleder, mens beslutningstræet er åbent.")
            return
        if self.is_web:  # in a browser tab: the browser downloads it
            super().action_screenshot(filename, path)
            return
        from paddehatten.tui.app.screenshots import save_svg

        saved, problem = save_svg(self.export_screenshot(), self.title, filename, path)
        if saved is not None:
            self.notify(f"Gemt i {saved}", title="Skærmbillede", markup=False)
        else:
            self.notify(
                f"Skærmbilledet kunne ikke gemmes: {problem}",
                title="Skærmbillede",
                severity="error",
                markup=False,
            )

    @on(events.DeliveryComplete)
    def _delivered(self, event: events.DeliveryComplete) -> None:
        """A screenshot downloaded by the browser (serve): Textual's notice, in Danish."""
        if event.name == "screenshot":
            event.prevent_default()
            where = f" i {event.path}" if event.path is not None else ""
            self.notify(f"Skærmbilledet er gemt{where}.", title="Skærmbillede", markup=False)

    @on(events.DeliveryFailed)
    def _not_delivered(self, event: events.DeliveryFailed) -> None:
        if event.name == "screenshot":
            event.prevent_default()
            self.notify("Skærmbilledet kunne ikke gemmes.", title="Skærmbillede", severity="error")

    def copy_text(self, text: str, copied: str, command: str, *, timeout: float = 5) -> bool:
        """Copy ``text`` (through the terminal, and with the system's tool when there is
        one) and say what happened: ``copied`` («… er kopieret») only when a tool took
        it; otherwise that it was sent to the terminal, and how to copy with
        ``command`` (a plain command that prints the same text)."""
        from paddehatten.tui.app.clipboard import SENT_HOW, SENT_TITLE, system_copy

        self.copy_to_clipboard(text)  # OSC 52: reaches terminals that take it, also over ssh
        if system_copy(text) is not None:
            self.notify(copied, title="Kopieret", timeout=timeout, markup=False)
            return True
        self.notify(SENT_HOW.format(command=command), title=SENT_TITLE, timeout=10, markup=False)
        return False

    def action_show_help_panel(self) -> None:
        """The keys panel (the palette's «Tastepanel»), with Textual's descriptions in
        Danish, also for the widgets loaded since the app started."""
        nodes = [self, *(node for screen in self.screen_stack for node in screen.walk_children())]
        translate_bindings([*nodes, *self.screen_stack])
        super().action_show_help_panel()

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit a Textual app: say, in Danish, what does."""
        self.notify(
            "Tryk q eller Ctrl+Q for at afslutte programmet.",
            title="Vil du afslutte?",
            markup=False,
        )

    def search_themes(self) -> None:
        """The theme picker (the palette's «Tema»), with a Danish placeholder."""
        from textual.command import CommandPalette
        from textual.theme import ThemeProvider

        self.push_screen(
            CommandPalette(providers=[ThemeProvider], placeholder="Søg efter et tema …")
        )

    def get_default_screen(self) -> Screen[None]:
        return ReaderScreen(self.handbook, self.start)

    # -- Keys and help --------------------------------------------------------------

    def get_key_display(self, binding: Binding) -> str:
        """Every key the Footer, the key panel and help show, spelled one way."""
        return binding.key_display or key_display(binding.key)

    def _key_text(self, key: str) -> str:
        return self.get_key_display(Binding(key, ""))

    def place_of(self, widget: Widget | None) -> Place | None:
        """The place (the table of contents, the text, …) that holds ``widget``."""
        node = widget
        while node is not None:
            if isinstance(node, Place):
                return node
            node = node.parent if isinstance(node.parent, Widget) else None
        return None

    def help_keys(self) -> list[tuple[str, str]]:
        """(keys, what they do) where the focus is now: the place's own keys first,
        then every binding of ours (they carry ids) active there, then the global ones.

        Moves that lead nowhere right now (Tilbage on the first page) are listed too:
        help tells what the keys are, not only what they do this instant."""
        place = self.place_of(self.focused)
        own = place.HELP_KEYS if place is not None else ()
        rows = [(keys.keys_text(self._key_text), keys.description) for keys in own]
        grouped: dict[str, list[str]] = {}
        for active in self.screen.active_bindings.values():
            binding = active.binding
            if binding.id is None or not binding.description:
                continue
            text = binding.tooltip or binding.description
            names = grouped.setdefault(text[0].lower() + text[1:], [])
            name = self.get_key_display(binding)
            if name not in names:
                names.append(name)
        listed = {name for keys, _ in rows for name in keys.split(OR)}
        for description, names in grouped.items():
            fresh = [n for n in names if n not in listed]
            if fresh:
                rows.append((key_list(fresh), description))
                listed.update(fresh)
        for keys in self.GLOBAL_KEYS:
            text = keys.keys_text(self._key_text)
            if not set(text.split(OR)) & listed:
                rows.append((text, keys.description))
        return rows

    def action_help(self) -> None:
        from paddehatten.tui.app.screens.help import HelpScreen

        if isinstance(self.screen, HelpScreen):  # F1 again closes it
            self.screen.dismiss(None)
            return
        about = [
            ("Program", f"paddehatten {self.version}".strip()),
            ("Håndbog", self.handbook.title),
            ("Revision", self.handbook.revision),
            ("Indhold", printable(str(self.handbook.root))),
            ("Skærmlæser", SCREEN_READER_HELP),
        ]
        place = self.place_of(self.focused)
        name = place.HELP_PLACE if place is not None else "her"
        self.push_screen(HelpScreen(name, self.help_keys(), about))


def make_app(
    handbook: Handbook,
    *,
    start: str | None = None,
    tree: str | None = None,
    screen_reader: bool | None = None,
) -> PaddehattenApp:
    """The app as the command line and the tests build it. ``screen_reader`` None:
    as the person's setting says (``"screen_reader": true`` in settings.json)."""
    from paddehatten import __version__

    if screen_reader is None:
        screen_reader = load_settings().get("screen_reader") is True
    return PaddehattenApp(
        handbook, start=start, version=__version__, tree=tree, screen_reader=screen_reader
    )


__all__ = ["PaddehattenApp", "make_app"]
