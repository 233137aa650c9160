"""Where an option of an option list begins, in lines: for the screen-reader cursor.

Its own module so the widgets and the screen-reader mode can both use it without
importing each other.
"""

from __future__ import annotations

from textual.widget import Widget


def option_line(widget: Widget, index: int | None) -> int:
    """The line, within an option list, where option ``index`` begins (0 if none).

    The attribute is Textual's own (tests/tui/test_screen_reader.py fails should it
    change)."""
    if index is None:
        return 0
    lines: dict[int, int] = getattr(widget, "_index_to_line", {})
    return lines.get(index, 0)
