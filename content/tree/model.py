"""A decision tree as immutable data.

A tree is questions and outcomes joined by answers: every answer names the node
it leads to (``next``). The loader (:mod:`content.tree.loader`) only ever builds
trees that passed validation, so everything here may assume a tree without
dangling references or cycles, where every path ends in an outcome after at most
:data:`MAX_QUESTIONS` questions.
"""

from __future__ import annotations

from dataclasses import dataclass, field

#: No path through a tree may ask more questions than this.
MAX_QUESTIONS = 5


@dataclass(frozen=True)
class Review:
    """A review a named person or body made of a question or outcome.

    Written by ``paddehatten check --mark-reviewed --by NAVN``: who, on which day,
    against which revision of the guideline, and the fingerprint of the cited
    sections' text they reviewed it against.
    """

    by: str
    #: ISO date, "2026-12-03".
    date: str
    #: The handbook's revision line at the time ("Revideret i MED april 2018").
    revision: str
    #: The fingerprint of the cited sections' text (see :mod:`content.check.review`).
    text: str


@dataclass(frozen=True)
class Answer:
    """One answer to a question, and the question or outcome it leads to."""

    id: str
    label: str
    next: str
    #: Where the answer starts in the tree file (1-based; 0 when unknown).
    line: int = 0


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    answers: tuple[Answer, ...]
    hint: str | None = None
    #: Ids of the sections of the guideline the question leans on.
    cites: tuple[str, ...] = ()
    line: int = 0
    #: The fingerprint of the cited sections' text when the question was last
    #: marked (see :mod:`content.check.review`); a mark alone names no reviewer.
    reviewed: str | None = None
    #: The review a named person or body made, if any.
    review: Review | None = None

    def answer(self, answer_id: str) -> Answer | None:
        for answer in self.answers:
            if answer.id == answer_id:
                return answer
        return None


@dataclass(frozen=True)
class Outcome:
    """The advice at the end of a path: never a yes or a no, always with its grounds."""

    id: str
    title: str
    #: The advice, in Markdown.
    body: str
    #: Ids of the sections the advice rests on (at least one).
    cites: tuple[str, ...]
    #: Sentences quoted word for word from the cited sections.
    quotes: tuple[str, ...] = ()
    #: An editor's note: the edition's words, never the guideline's.
    note: str | None = None
    #: A suggestion that does not come from the guideline (e.g. talk to your leader).
    suggestion: str | None = None
    #: True when the guideline does not cover the situation (a gap in it).
    gap: bool = False
    line: int = 0
    #: The fingerprint of the cited sections' text when the outcome was last
    #: marked (see :mod:`content.check.review`); a mark alone names no reviewer.
    reviewed: str | None = None
    #: The review a named person or body made, if any.
    review: Review | None = None


Node = Question | Outcome


@dataclass(frozen=True)
class DecisionTree:
    id: str
    title: str
    #: The id of the first question.
    start: str
    questions: tuple[Question, ...]
    outcomes: tuple[Outcome, ...]
    #: The tree's file, relative to the handbook directory.
    source: str = ""
    _nodes: dict[str, Node] = field(default_factory=dict, init=False, compare=False, repr=False)
    _longest: dict[str, int] = field(default_factory=dict, init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        self._nodes.update({q.id: q for q in self.questions})
        self._nodes.update({o.id: o for o in self.outcomes})

    @property
    def nodes(self) -> tuple[Node, ...]:
        """The questions, then the outcomes, in file order."""
        questions: tuple[Node, ...] = self.questions
        return questions + self.outcomes

    def node(self, node_id: str) -> Node:
        return self._nodes[node_id]

    def get(self, node_id: str) -> Node | None:
        return self._nodes.get(node_id)

    def question(self, question_id: str) -> Question:
        node = self._nodes[question_id]
        if not isinstance(node, Question):
            raise KeyError(question_id)
        return node

    def outcome(self, outcome_id: str) -> Outcome:
        node = self._nodes[outcome_id]
        if not isinstance(node, Outcome):
            raise KeyError(outcome_id)
        return node

    def longest_from(self, node_id: str) -> int:
        """How many questions the longest path from ``node_id`` to an outcome asks."""
        if node_id not in self._longest:
            node = self._nodes[node_id]
            if isinstance(node, Outcome):
                self._longest[node_id] = 0
            else:
                self._longest[node_id] = 1 + max(self.longest_from(a.next) for a in node.answers)
        return self._longest[node_id]

    @property
    def depth(self) -> int:
        """The most questions any path asks."""
        return self.longest_from(self.start)

    def path_count(self) -> int:
        """How many paths lead from the first question to an outcome (without listing
        them: a tree of five levels of 16 answers has a million)."""
        counts: dict[str, int] = {}

        def count(node_id: str) -> int:
            if node_id not in counts:
                node = self._nodes[node_id]
                if isinstance(node, Outcome):
                    counts[node_id] = 1
                else:
                    counts[node_id] = sum(count(a.next) for a in node.answers)
            return counts[node_id]

        return count(self.start)

    def paths(self) -> tuple[TreePath, ...]:
        """Every path from the first question to an outcome, in the file's answer order."""
        found: list[TreePath] = []

        def follow(node_id: str, steps: tuple[tuple[Question, Answer], ...]) -> None:
            node = self._nodes[node_id]
            if isinstance(node, Outcome):
                found.append(TreePath(steps, node))
                return
            for answer in node.answers:
                follow(answer.next, (*steps, (node, answer)))

        follow(self.start, ())
        return tuple(found)


@dataclass(frozen=True)
class TreePath:
    """One complete path: the questions with the answer taken, and the outcome."""

    steps: tuple[tuple[Question, Answer], ...]
    outcome: Outcome
