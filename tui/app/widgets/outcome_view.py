"""The end of a walk: the advice, the points it rests on, the answers given."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.widgets import Button, Markdown, Static

from paddehatten.content.markdown import parser
from paddehatten.content.model import Handbook
from paddehatten.content.tree import Outcome, Walk
from paddehatten.tui.app.keys import Place
from paddehatten.tui.app.widgets.answer_row import AnswerRow
from paddehatten.tui.app.widgets.cited_point import CitedPoint
from paddehatten.tui.labels import (
    ANSWERS_HEADING,
    GAP_LINE,
    GROUNDS_HEADING,
    NOT_A_DECISION,
    NOT_A_DECISION_TAG,
    NOTE_LABEL,
    RESULT_HEADING,
    SUGGESTION_LABEL,
    review_line,
)
from paddehatten.tui.plain import quotes_to_show


class OutcomeView(Place, VerticalScroll, can_focus=True, inherit_bindings=False):
    """Scrolls with ↑/↓; Tab moves between the cited points, the answers and the button.

    Its own bindings, not VerticalScroll's, so that help lists them in Danish.
    """

    HELP_PLACE = "resultatet"

    DEFAULT_CSS = """
    OutcomeView { height: 1fr; }
    OutcomeView > Static { width: 1fr; }
    OutcomeView > Markdown { height: auto; }
    """

    BINDINGS = [
        Binding("up", "scroll_up", "Rul op", show=False, id="tree.scroll-up"),
        Binding("down", "scroll_down", "Rul ned", show=False, id="tree.scroll-down"),
        Binding("pageup", "page_up", "Side op", show=False, id="tree.page-up"),
        Binding("pagedown", "page_down", "Side ned", show=False, id="tree.page-down"),
        Binding("home", "scroll_home", "Til toppen", show=False, id="tree.top"),
        Binding("end", "scroll_end", "Til bunden", show=False, id="tree.bottom"),
        # Enter, like Tab, goes to the first point: everything focusable does something.
        Binding("enter", "app.focus_next", "Gå til punkterne", show=False, id="tree.to-points"),
        # Shown on the screen instead ("Tab: gå til et punkt"): the Footer is full.
        Binding("tab", "app.focus_next", "Næste punkt", show=False, id="tree.next-item"),
        Binding("shift+tab", "app.focus_previous", "Forrige punkt", show=False, id="tree.prev"),
    ]

    def __init__(self, walk: Walk, handbook: Handbook) -> None:
        super().__init__(id="outcome")
        outcome = walk.current
        assert isinstance(outcome, Outcome)
        self.walk = walk
        self.outcome = outcome
        self.handbook = handbook

    def compose(self) -> ComposeResult:
        outcome, handbook = self.outcome, self.handbook
        yield Static(
            f"{RESULT_HEADING} · {NOT_A_DECISION_TAG}",
            classes="tree-kicker",
            markup=False,
        )
        yield Static(outcome.title, id="tree-outcome-title", classes="tree-title", markup=False)
        if outcome.gap:
            yield Static(GAP_LINE, classes="tree-gap", markup=False)
        yield Markdown(outcome.body, id="tree-advice", open_links=False, parser_factory=parser)
        # Each quotation once: not again when the advice gives it already.
        for quote, section in quotes_to_show(handbook, outcome):
            where = f" – {handbook.label(section)}" if section is not None else ""
            yield Static(f"«{quote}»{where}", classes="tree-quote", markup=False)
        if outcome.suggestion:
            yield Static(
                f"{SUGGESTION_LABEL}:\n{outcome.suggestion}",
                classes="tree-suggestion",
                markup=False,
            )
        if outcome.note:
            yield Static(f"{NOTE_LABEL}:\n{outcome.note}", classes="tree-note", markup=False)
        yield Static(GROUNDS_HEADING, classes="tree-heading", markup=False)
        yield Static(
            "Tab eller Enter: gå til et punkt · Enter: åbn det i håndbogen",
            classes="tree-help",
            markup=False,
        )
        for cite in outcome.cites:
            section = handbook.get(cite)
            if section is not None:
                yield CitedPoint(handbook, section)
        yield Static(ANSWERS_HEADING, classes="tree-heading", markup=False)
        for number, step in enumerate(self.walk.answers, start=1):
            yield AnswerRow(number, step)
        yield Button("Start forfra", id="tree-restart", compact=True)
        yield Static(
            f"{review_line(handbook, outcome)}\n{handbook.title} · {handbook.revision}\n"
            f"{NOT_A_DECISION}",
            classes="tree-revision",
            markup=False,
        )

    def on_mount(self) -> None:
        self.focus()
        self.scroll_home(animate=False)
