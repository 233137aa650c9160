"""SVG snapshots of the decision tree at 80x24 and 120x40 (plain ``def`` tests:
snap_compare runs its own event loop). Update with ``pytest --snapshot-update`` after a
deliberate change, and look at the pictures."""

from __future__ import annotations

from typing import Any

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.tui.app.app import make_app

SMALL = (80, 24)
LARGE = (120, 40)


def tree_app() -> Any:
    return make_app(load_handbook(DEFAULT_CONTENT), tree="venneanmodning", screen_reader=False)


def test_question_at_80x24(snap_compare: Any) -> None:
    # A parent sent the request: question 2, the answer so far, the point it rests on.
    assert snap_compare(tree_app(), terminal_size=SMALL, press=["1", "_"])


def test_question_3_with_the_answers_so_far_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(tree_app(), terminal_size=SMALL, press=["1", "1", "_"])


def test_question_3_with_the_answers_so_far_at_120x40(snap_compare: Any) -> None:
    assert snap_compare(tree_app(), terminal_size=LARGE, press=["1", "1", "_"])


def test_started_over_can_be_undone_at_80x24(snap_compare: Any) -> None:
    assert snap_compare(tree_app(), terminal_size=SMALL, press=["1", "1", "r", "_"])


def test_outcome_at_80x24(snap_compare: Any) -> None:
    # Parent, knows why, ready for tavshedspligt, fine with messages: "you can say yes".
    assert snap_compare(tree_app(), terminal_size=SMALL, press=["1", "1", "1", "1", "_"])


def test_outcome_at_120x40(snap_compare: Any) -> None:
    assert snap_compare(tree_app(), terminal_size=LARGE, press=["1", "1", "1", "1", "_"])


def test_gap_outcome_at_80x24(snap_compare: Any) -> None:
    # A child or young person known through work: the guideline says nothing.
    assert snap_compare(tree_app(), terminal_size=SMALL, press=["5", "_"])
