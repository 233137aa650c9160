"""SVG snapshots of the screens people look at (plain def tests: snap_compare runs its own loop)."""

from __future__ import annotations

from typing import Any

from content import DEFAULT_CONTENT, load_handbook
from tui.app import make_app


def app() -> Any:
    return make_app(load_handbook(DEFAULT_CONTENT))


def test_reader_100x30(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=(100, 30))


def test_reader_on_a_numbered_point_80x24(snap_compare: Any) -> None:
    assert snap_compare(app(), terminal_size=(80, 24), press=["down", "down", "down", "enter"])
