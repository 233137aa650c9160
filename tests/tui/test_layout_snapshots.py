"""SVG snapshots of the reader on a phone and on wide screens."""

from __future__ import annotations

from typing import Any

import pytest

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.tui.app.app import make_app


def app() -> Any:
    return make_app(load_handbook(DEFAULT_CONTENT))


#: The smallest size, 40x12, is test_snapshots.py's test_reader_at_the_smallest_size_40x12.
SIZES = [(44, 40), (120, 40), (200, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_reader(snap_compare: Any, size: tuple[int, int]) -> None:
    """44x40 is a 400-pixel phone in the served page: the text alone, the whole width."""
    assert snap_compare(app(), terminal_size=size)


def test_contents_on_a_phone(snap_compare: Any) -> None:
    """i: the table of contents over the whole width, titles whole."""
    assert snap_compare(app(), terminal_size=(44, 40), press=["i"])


def test_a_point_on_a_phone(snap_compare: Any) -> None:
    """Chosen from the contents: råd 4 with the text the whole width again."""
    keys = ["i", "down", "down", "down", "down", "down", "enter"]
    assert snap_compare(app(), terminal_size=(44, 40), press=keys)


def test_help_on_a_phone(snap_compare: Any) -> None:
    """F1 at 44 columns: the keys wrap at «eller», the descriptions keep whole words."""
    assert snap_compare(app(), terminal_size=(44, 40), press=["f1"])
