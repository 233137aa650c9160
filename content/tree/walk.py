"""A walk through a decision tree: the answers given so far, as an immutable value.

The full-screen app and the plain mode only render walks; every move makes a new
``Walk`` and leaves the old one as it was. A walk holds a person's answers, which
are private: its ``repr`` and its error messages never show them, and nothing here
writes anywhere.
"""

from __future__ import annotations

from collections.abc import Sequence
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
    #: After ``change``: the answers that came after the changed one, to keep those
    #: that still apply once it is answered again (GOV.UK's "change" link).
    _pending: tuple[tuple[str, str], ...] = ()

    @classmethod
    def from_answers(cls, tree: DecisionTree, replies: Sequence[str]) -> Walk:
        """The walk after answering in turn with ``replies``: each an answer's id or
        its number (1 for the first answer). WalkError names the reply by position."""
        walk = cls(tree)
        for position, reply in enumerate(replies, start=1):
            question = walk.current
            if not isinstance(question, Question):
                raise WalkError(
                    f"svar nr. {position} kommer efter resultatet: "
                    f"de første {position - 1} svar fører allerede frem til et resultat"
                )
            answer = walk.find_answer(reply)
            if answer is None:
                choices = ", ".join(a.id for a in question.answers)
                raise WalkError(
                    f"svar nr. {position} passer ikke til spørgsmålet «{question.text}». "
                    f"Svarene er 1-{len(question.answers)} eller {choices}"
                )
            walk = walk.answer(answer.id)
        return walk

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

    @property
    def changing(self) -> bool:
        """True after ``change`` while answers set aside may still be taken up again."""
        return bool(self._pending)

    def find_answer(self, reply: str) -> Answer | None:
        """The current question's answer that ``reply`` names: its number or its id."""
        question = self.current
        if not isinstance(question, Question):
            return None
        text = reply.strip().lower()
        # Only the digits 0-9: "²" and "٣" are digits to str.isdigit, not to int().
        if text.isascii() and text.isdigit():
            number = int(text)
            return question.answers[number - 1] if 1 <= number <= len(question.answers) else None
        return question.answer(text)

    def answer(self, answer_id: str) -> Walk:
        """The walk after answering the current question with ``answer_id``.

        After ``change``, the later answers that still apply are kept: the walk
        goes on with them for as long as the new path asks questions answered
        before, and stops at the first question new to this path (where the rest
        stay set aside, to apply after it) or at the outcome."""
        question = self.current
        if not isinstance(question, Question):
            raise WalkError("vejen er allerede nået frem til et resultat")
        if question.answer(answer_id) is None:
            raise WalkError(f"spørgsmålet '{question.id}' har ikke det svar")
        steps = (*self._steps, (question.id, answer_id))
        remembered = tuple(r for r in self._remembered if r[0] != question.id)
        walk = Walk(self.tree, steps, remembered)
        kept = dict(self._pending)
        while kept:
            node = walk.current
            if not isinstance(node, Question) or node.id not in kept:
                break
            steps = (*steps, (node.id, kept.pop(node.id)))
            remembered = tuple(r for r in remembered if r[0] != node.id)
            walk = Walk(self.tree, steps, remembered)
        if kept and not walk.finished:
            # Stopped at a question new to this path: the rest may apply after it.
            walk = Walk(self.tree, steps, remembered, tuple(kept.items()))
        return walk

    def back(self) -> Walk:
        """The walk one question earlier (the same walk at the first question)."""
        if not self._steps:
            return Walk(self.tree, (), self._remembered)
        return Walk(self.tree, self._steps[:-1], self._remember(self._steps[-1:]))

    def change(self, question_id: str) -> Walk:
        """The walk back at ``question_id``, to answer it again and walk on from there.

        The answers after it are set aside: once it is answered again, those that
        still apply on the new path are kept (see ``answer``); the others are only
        remembered, to pre-select them should the person come to them again.
        """
        for index, (asked, _) in enumerate(self._steps):
            if asked == question_id:
                later = self._steps[index + 1 :]
                return Walk(
                    self.tree,
                    self._steps[:index],
                    self._remember(self._steps[index:]),
                    later,
                )
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
