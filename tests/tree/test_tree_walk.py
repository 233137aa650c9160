"""The shipped tree walked path by path, and the Walk as an immutable state machine."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paddehatten.content import DEFAULT_CONTENT, Handbook, load_handbook
from paddehatten.content.tree import (
    MAX_QUESTIONS,
    DecisionTree,
    Outcome,
    Question,
    TreePath,
    Walk,
    WalkError,
    load_tree,
)

# Generated from the tree itself, not a hand list: a new answer is a new test.
PATHS = load_tree(load_handbook(DEFAULT_CONTENT)).paths()


def _path_id(path: TreePath) -> str:
    return "/".join(answer.id for _, answer in path.steps) + "=" + path.outcome.id


@pytest.mark.parametrize("path", PATHS, ids=[_path_id(p) for p in PATHS])
def test_every_path_walks_to_its_outcome(path: TreePath, handbook: Handbook) -> None:
    walk = Walk(load_tree(handbook))
    for number, (question, answer) in enumerate(path.steps, start=1):
        assert walk.current == question
        assert walk.question_number == number
        assert number <= walk.at_most <= MAX_QUESTIONS
        walk = walk.answer(answer.id)
    assert walk.finished
    assert walk.current == path.outcome
    assert [(s.question, s.answer) for s in walk.answers] == list(path.steps)
    assert len(path.steps) <= MAX_QUESTIONS
    assert path.outcome.cites, "an outcome must rest on at least one section"
    for cite in path.outcome.cites:
        assert handbook.get(cite) is not None, cite


def test_every_outcome_and_question_is_on_some_path(tree: DecisionTree) -> None:
    reached = {p.outcome.id for p in tree.paths()}
    asked = {q.id for p in tree.paths() for q, _ in p.steps}
    assert reached == {o.id for o in tree.outcomes}
    assert asked == {q.id for q in tree.questions}
    assert tree.depth <= MAX_QUESTIONS


def test_a_new_walk_stands_at_the_first_question(tree: DecisionTree) -> None:
    walk = Walk(tree)
    assert walk.at_start
    assert walk.current.id == tree.start
    assert walk.answers == ()
    assert (walk.question_number, walk.at_most) == (1, tree.depth)
    assert not walk.finished


def test_answer_returns_a_new_walk_and_leaves_the_old_one(tree: DecisionTree) -> None:
    first = Walk(tree)
    second = first.answer("foraelder")
    assert first.at_start and first.current.id == "hvem"
    assert second.current.id == "hvorfor"
    assert [(s.question.id, s.answer.id) for s in second.answers] == [("hvem", "foraelder")]
    with pytest.raises(dataclasses.FrozenInstanceError):
        second.tree = tree  # type: ignore[misc]


def test_at_most_counts_only_the_paths_still_open(tree: DecisionTree) -> None:
    walk = Walk(tree).answer("kollega")
    assert (walk.question_number, walk.at_most) == (2, 2)
    walk = Walk(tree).answer("tidligere-foraelder")
    assert (walk.question_number, walk.at_most) == (2, 5)


def test_back_goes_one_question_back_and_remembers_the_answer(tree: DecisionTree) -> None:
    walk = Walk(tree).answer("foraelder").answer("ved")
    back = walk.back()
    assert back.current.id == "hvorfor"
    assert back.remembered("hvorfor") == "ved"
    assert back.back().current.id == "hvem"
    assert back.back().remembered("hvem") == "foraelder"
    start = Walk(tree)
    assert start.back() == start


def test_back_from_an_outcome_returns_to_the_last_question(tree: DecisionTree) -> None:
    walk = Walk(tree).answer("ukendt")
    assert walk.finished
    assert walk.back().current.id == "hvem"


def test_change_rewalks_from_the_question_and_drops_later_answers(tree: DecisionTree) -> None:
    walk = Walk(tree).answer("foraelder").answer("ved").answer("klar").answer("i-orden")
    assert walk.current.id == "kan-sige-ja"
    changed = walk.change("hvorfor")
    assert changed.current.id == "hvorfor"
    assert [s.question.id for s in changed.answers] == ["hvem"]
    assert changed.remembered("hvorfor") == "ved"
    assert changed.remembered("tilgaengelig") == "i-orden"
    assert changed.answer("ved-ikke").current.id == "vent"
    # The first question can be changed too, and the new answer leads elsewhere.
    assert walk.change("hvem").answer("kollega").current.id == "hvorfor-kollega"


def test_change_keeps_the_later_answers_that_still_apply(tree: DecisionTree) -> None:
    """GOV.UK's change link: answer one question again, keep what still fits."""
    walk = Walk(tree).answer("foraelder").answer("ved").answer("klar").answer("i-orden")
    # The same answer again: every later answer still applies, back at the outcome.
    same = walk.change("hvem")
    assert same.changing
    again = same.answer("foraelder")
    assert again.current.id == "kan-sige-ja" and not again.changing
    assert [s.answer.id for s in again.answers] == ["foraelder", "ved", "klar", "i-orden"]
    # A former parent: one new question first, then the old answers take over again.
    other = walk.change("hvem").answer("tidligere-foraelder")
    assert other.current.id == "stadig-barn"
    assert [s.answer.id for s in other.answers] == ["tidligere-foraelder"]
    on = other.answer("ja")
    assert on.current.id == "kan-sige-ja"
    assert [s.question.id for s in on.answers] == [
        "hvem",
        "stadig-barn",
        "hvorfor",
        "tavshedspligt",
        "tilgaengelig",
    ]
    # A new answer that ends the walk: the later answers are not on it any more.
    ended = walk.change("tavshedspligt").answer("ikke-klar")
    assert ended.finished and ended.current.id == "tavshedspligt-foerst"
    assert "tilgaengelig" not in [s.question.id for s in ended.answers]
    # Back instead of answering: nothing is replayed later.
    assert walk.change("tavshedspligt").back().answer("ved").current.id == "tavshedspligt"


def test_from_answers_takes_numbers_and_ids(tree: DecisionTree) -> None:
    walk = Walk.from_answers(tree, ["1", "ved", "1", "I-ORDEN "])
    assert walk.current.id == "kan-sige-ja"
    assert walk == Walk(tree).answer("foraelder").answer("ved").answer("klar").answer("i-orden")
    assert Walk.from_answers(tree, []) == Walk(tree)


def test_from_answers_says_which_reply_does_not_fit(tree: DecisionTree) -> None:
    with pytest.raises(WalkError) as wrong:
        Walk.from_answers(tree, ["1", "hemmeligt-svar"])
    message = str(wrong.value)
    assert message.startswith("svar nr. 2 passer ikke til spørgsmålet «Ved du, hvorfor")
    assert "ved, ved-ikke, forpligtet, ikke-lyst" in message
    assert "hemmeligt-svar" not in message
    with pytest.raises(WalkError, match=r"svar nr\. 2 kommer efter resultatet"):
        Walk.from_answers(tree, ["ukendt", "1"])
    with pytest.raises(WalkError, match=r"svar nr\. 1 passer ikke"):
        Walk.from_answers(tree, ["10"])


def test_answering_again_forgets_the_remembered_answer(tree: DecisionTree) -> None:
    walk = Walk(tree).answer("foraelder").back().answer("kollega")
    assert walk.remembered("hvem") is None


def test_restart_forgets_everything(tree: DecisionTree) -> None:
    walk = Walk(tree).answer("foraelder").answer("ved").back()
    assert walk.restart() == Walk(tree)
    assert walk.restart().remembered("hvorfor") is None


def test_bad_moves_raise_without_naming_the_answer(tree: DecisionTree) -> None:
    with pytest.raises(WalkError) as unknown:
        Walk(tree).answer("hemmeligt-svar")
    assert "hemmeligt-svar" not in str(unknown.value)
    with pytest.raises(WalkError):
        Walk(tree).answer("ukendt").answer("ja")
    with pytest.raises(WalkError):
        Walk(tree).answer("foraelder").change("tavshedspligt")


def test_the_repr_of_a_walk_shows_no_answers(tree: DecisionTree) -> None:
    walk = Walk(tree).answer("foraelder").answer("forpligtet")
    shown = repr(walk) + str(walk) + repr(walk.answers) + repr(walk.back())
    assert shown.count("venneanmodning") == 3
    for secret in ("foraelder", "forpligtet", "forælder", "forpligtet til"):
        assert secret not in shown


@settings(max_examples=150, deadline=None)
@given(moves=st.lists(st.tuples(st.sampled_from(["answer", "back", "change"]), st.integers(0, 8))))
def test_any_sequence_of_moves_keeps_the_walk_consistent(
    moves: list[tuple[str, int]],
) -> None:
    tree = _TREE
    walk = Walk(tree)
    for move, pick in moves:
        current = walk.current
        if move == "answer" and isinstance(current, Question):
            walk = walk.answer(current.answers[pick % len(current.answers)].id)
        elif move == "back":
            walk = walk.back()
        elif move == "change" and walk.answers:
            asked = walk.answers[pick % len(walk.answers)].question.id
            walk = walk.change(asked)
            assert walk.current.id == asked
        # Every step's answer leads to the next step's question, then to current.
        node_id = tree.start
        for step in walk.answers:
            assert step.question.id == node_id
            node_id = step.answer.next
        assert walk.current.id == node_id
        assert len(walk.answers) <= MAX_QUESTIONS
        assert walk.finished == isinstance(walk.current, Outcome)


_TREE = load_tree(load_handbook(DEFAULT_CONTENT))
