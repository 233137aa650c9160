"""One question of a decision tree: where you are, the question, its hint, the answers."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.widgets import Static

from paddehatten.content.model import Handbook
from paddehatten.content.tree import Question, Walk
from paddehatten.tui.app.keys import Place
from paddehatten.tui.app.widgets.answer_list import AnswerList
from paddehatten.tui.labels import progress

HOW_TO_ANSWER = "Vælg med ↑/↓ og Enter, eller tast svarets nummer."


class QuestionView(Place, VerticalScroll):
    """Renders the question the walk stands at; the screen handles the answer."""

    HELP_PLACE = "spørgsmålet"

    DEFAULT_CSS = """
    QuestionView { height: 1fr; }
    QuestionView > Static { width: 1fr; }
    """

    def __init__(self, walk: Walk, handbook: Handbook) -> None:
        super().__init__(id="question")
        question = walk.current
        assert isinstance(question, Question)
        self.walk = walk
        self.question = question
        self.handbook = handbook

    def compose(self) -> ComposeResult:
        question = self.question
        yield Static(progress(self.walk), id="tree-progress", classes="tree-kicker", markup=False)
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
        if question.cites:
            labels = []
            for cite in question.cites:
                section = self.handbook.get(cite)
                if section is not None:
                    labels.append(f"{self.handbook.label(section)} ({section.title})")
            yield Static(
                "Spørgsmålet bygger på " + " og ".join(labels),
                classes="tree-cites",
                markup=False,
            )

    def on_mount(self) -> None:
        self.query_one(AnswerList).focus()
