"""A walk through a decision tree: the answers given so far, as an immutable value.

The full-screen app and the plain mode only render walks; every move makes a new
``Walk`` and leaves the old one as it was. A walk holds a person's answers, which
are private: its ``repr`` and its error messages never show them, and nothing here
writes anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass

from paddehatten.content.tree.model import Answer, DecisionTree, Node, Outcome, Question


class WalkError(ValueError):
    """A move that the walk cannot make (told without naming any answer)."""


@dataclass(frozen=True, repr=False)
class Step:
    """A question and the answer given to it."""

    question: Question
    answer: Answer

    def __repr__(self) -> str:
        return f"Step(question={self.question.id!r})"


@dataclass(frozen=True, repr=False)
class Walk:
    """Where a person is in a tree, and how they got there.

    ``Walk(tree)`` stands at the first question. ``answer``, ``back``, ``change``
    and ``restart`` return new walks.
    """

    tree: DecisionTree
    #: (question id, answer id) for every question answered, in order.
    _steps: tuple[tuple[str, str], ...] = ()
    #: Answers dropped by ``back`` or ``change``, kept only to pre-select them when
    #: the person comes to the same question again on the same walk.
    _remembered: tuple[tuple[str, str], ...] = ()

    def __repr__(self) -> str:
        return f"Walk(tree={self.tree.id!r}, answered={len(self._steps)})"

    __str__ = __repr__

    @property
    def answers(self) -> tuple[Step, ...]:
        """The questions answered so far, each with its answer, in order."""
        steps: list[Step] = []
        for question_id, answer_id in self._steps:
            question = self.tree.question(question_id)
            answer = question.answer(answer_id)
            if answer is None:  # pragma: no cover - answer() never stores one
                raise WalkError(f"spørgsmålet '{question_id}' har ikke det gemte svar")
            steps.append(Step(question, answer))
        return tuple(steps)

    @property
    def current(self) -> Node:
        """The question to answer now, or the outcome the walk has reached."""
        if not self._steps:
            return self.tree.node(self.tree.start)
        question_id, answer_id = self._steps[-1]
        answer = self.tree.question(question_id).answer(answer_id)
        assert answer is not None
        return self.tree.node(answer.next)

    @property
    def finished(self) -> bool:
        """True when the walk has reached an outcome."""
        return isinstance(self.current, Outcome)

    @property
    def at_start(self) -> bool:
        return not self._steps

    @property
    def question_number(self) -> int:
        """The number of the current question (1 for the first)."""
        return len(self._steps) + 1

    @property
    def at_most(self) -> int:
        """The most questions this walk can ask in all, given the answers so far."""
        return len(self._steps) + self.tree.longest_from(self.current.id)

    def answer(self, answer_id: str) -> Walk:
        """The walk after answering the current question with ``answer_id``."""
        question = self.current
        if not isinstance(question, Question):
            raise WalkError("vejen er allerede nået frem til et resultat")
        if question.answer(answer_id) is None:
            raise WalkError(f"spørgsmålet '{question.id}' har ikke det svar")
        remembered = tuple(r for r in self._remembered if r[0] != question.id)
        return Walk(self.tree, (*self._steps, (question.id, answer_id)), remembered)

    def back(self) -> Walk:
        """The walk one question earlier (the same walk at the first question)."""
        if not self._steps:
            return self
        return Walk(self.tree, self._steps[:-1], self._remember(self._steps[-1:]))

    def change(self, question_id: str) -> Walk:
        """The walk back at ``question_id``, to answer it again and walk on from there.

        The answers after it are dropped: a new answer may lead elsewhere.
        """
        for index, (asked, _) in enumerate(self._steps):
            if asked == question_id:
                return Walk(self.tree, self._steps[:index], self._remember(self._steps[index:]))
        raise WalkError(f"spørgsmålet '{question_id}' er ikke besvaret på denne vej")

    def restart(self) -> Walk:
        """A fresh walk at the first question, remembering nothing."""
        return Walk(self.tree)

    def remembered(self, question_id: str) -> str | None:
        """The answer given to ``question_id`` before going back over it, if any."""
        for asked, answer_id in self._remembered:
            if asked == question_id:
                return answer_id
        return None

    def _remember(self, dropped: tuple[tuple[str, str], ...]) -> tuple[tuple[str, str], ...]:
        dropped_ids = {q for q, _ in dropped}
        return (*dropped, *(r for r in self._remembered if r[0] not in dropped_ids))
