"""SVG snapshots of the decision tree at 80x24 (plain ``def`` tests: snap_compare runs its
own event loop). Update with ``pytest --snapshot-update`` after a deliberate change."""

from __future__ import annotations

from typing import Any

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.tui.app.app import make_app

SIZE = (80, 24)


def tree_app() -> Any:
    return make_app(load_handbook(DEFAULT_CONTENT), tree="venneanmodning")


def test_question_at_80x24(snap_compare: Any) -> None:
    # A parent sent the request: question 2 with its hint and the point it rests on.
    assert snap_compare(tree_app(), terminal_size=SIZE, press=["1", "_"])


def test_outcome_at_80x24(snap_compare: Any) -> None:
    # Parent, knows why, ready for tavshedspligt, fine with messages: "you can say yes".
    assert snap_compare(tree_app(), terminal_size=SIZE, press=["1", "1", "1", "1", "_"])


def test_gap_outcome_at_80x24(snap_compare: Any) -> None:
    # A child or young person known through work: the guideline says nothing.
    assert snap_compare(tree_app(), terminal_size=SIZE, press=["5", "_"])
