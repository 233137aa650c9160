"""One question of a decision tree: the answers so far, where you are, the question,
its hint, the answers, and the points it rests on."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.geometry import Region
from textual.widgets import OptionList, Static

from paddehatten.content.model import Handbook
from paddehatten.content.tree import Question, Walk
from paddehatten.tui.app.keys import Place
from paddehatten.tui.app.widgets.answer_list import AnswerList
from paddehatten.tui.app.widgets.answer_row import AnswerRow
from paddehatten.tui.app.widgets.cited_point import CitedPoint
from paddehatten.tui.labels import ANSWERS_SO_FAR, progress

HOW_TO_ANSWER = "Vælg med pil op og pil ned og Enter, eller tast svarets nummer."


class QuestionView(Place, VerticalScroll, can_focus=False):
    """Renders the question the walk stands at; the screen handles the answer.

    Never takes the focus itself (an empty frame would): the answers have it, and
    Tab goes on to the answers so far and the cited points, each opened with Enter.
    """

    HELP_PLACE = "spørgsmålet"

    DEFAULT_CSS = """
    QuestionView { height: 1fr; }
    QuestionView > Static { width: 1fr; }
    """

    def __init__(self, walk: Walk, handbook: Handbook, *, notice: str = "") -> None:
        super().__init__(id="question")
        question = walk.current
        assert isinstance(question, Question)
        self.walk = walk
        self.question = question
        self.handbook = handbook
        #: A line over the question (after "Start forfra": how to undo it).
        self.notice = notice

    def compose(self) -> ComposeResult:
        question = self.question
        if self.notice:
            yield Static(self.notice, id="tree-notice", classes="tree-notice", markup=False)
        if self.walk.answers:
            yield Static(ANSWERS_SO_FAR, classes="tree-so-far", markup=False)
            for number, step in enumerate(self.walk.answers, start=1):
                yield AnswerRow(number, step, compact=True)
        kicker = "tree-kicker -after-answers" if self.walk.answers else "tree-kicker"
        yield Static(progress(self.walk), id="tree-progress", classes=kicker, markup=False)
        yield Static(question.text, id="tree-question", classes="tree-title", markup=False)
        if question.hint:
            yield Static(
                " ".join(question.hint.split()), id="tree-hint", classes="tree-hint", markup=False
            )
        remembered = self.walk.remembered(question.id)
        position = next(
            (i for i, a in enumerate(question.answers) if a.id == remembered),
            None,
        )
        yield AnswerList(
            [a.label for a in question.answers],
            question_id=question.id,
            highlighted=position,
            id="answers",
        )
        yield Static(HOW_TO_ANSWER, classes="tree-help", markup=False)
        for index, cite in enumerate(question.cites):
            section = self.handbook.get(cite)
            if section is not None:
                lead = "Spørgsmålet bygger på" if index == 0 else "og på"
                yield CitedPoint(self.handbook, section, lead=lead).set_class(index == 0, "-first")

    def on_mount(self) -> None:
        self.query_one(AnswerList).focus(scroll_visible=False)
        if getattr(self.app, "screen_reader", False):
            self.call_after_refresh(self._show_highlighted)

    def on_resize(self) -> None:
        # The layout is known by now; once more after the next refresh, when a
        # scrollbar that came with it has narrowed the text and moved the answers.
        self._show_highlighted()
        self.call_after_refresh(self._show_highlighted)

    @on(OptionList.OptionHighlighted, "#answers")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        self._show_highlighted()

    def _show_highlighted(self) -> None:
        """Show the highlighted answer, and as much around it as the window holds.

        In this order: the question with every answer (from «Spørgsmål N» to the
        list's last line), when the window holds them; else the question down to the
        highlighted answer; else just the highlighted answer (the list's own line and
        its border below). Each time with the least scrolling: the answers so far
        above the question go first.
        """
        # Called after a refresh, too: by then the view may be on its way out (the
        # next question came first, its widgets already gone).
        found = self.query(AnswerList)
        kickers = self.query("#tree-progress")
        if not self.is_attached or not found or not kickers:
            return
        answers = found.first()
        if getattr(self.app, "screen_reader", False) and not answers.moved:
            # Screen-reader mode reads the question first: it stays in view (at the
            # top) until the person moves among the answers.
            self.scroll_home(animate=False, immediate=True)
            return
        room = self.scrollable_content_region.height
        start = kickers.first().virtual_region.y
        line = answers.virtual_region.y + answers.highlighted_line
        for wanted in (
            Region(0, start, 1, answers.virtual_region.bottom - start),
            Region(0, start, 1, line + 3 - start),
            Region(0, line, 1, 3),
        ):
            if wanted.height <= room or wanted.y == line:
                self.scroll_to_region(wanted, animate=False, immediate=True)
                return
