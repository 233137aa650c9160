"""Screen-reader mode: the terminal's own cursor stands on what has the focus.

Textual hides the terminal cursor and draws its own highlight, so a screen reader
or a braille display, which follow the real cursor, cannot tell where the focus is
(Textual issue 2348). In this mode the app shows the cursor and, after every move
of the focus or of a highlight, puts it on the focused row, answer or link.

Textual ends every screen update by moving the (hidden) cursor to
``App.cursor_position``; this module computes that position for the focused widget
and the text of the focused item in reading order.

A screen may say what matters *now* on it better than its focus can (a question
before its answers, the number of hits before the hits): it then has a method
``reader_point()`` returning a :class:`Point` (or None to follow the focus). The
point's text is also the one-line status the Header shows (the line a screen reader
can always go back to and read).
"""

from __future__ import annotations

from typing import NamedTuple

from textual.geometry import Offset
from textual.widget import Widget
from textual.widgets import Input, Tree

from paddehatten.tui.app.widgets.answer_list import AnswerList

#: The terminal's "show cursor" (DECTCEM).
SHOW_CURSOR = "\x1b[?25h"


def move_to(offset: Offset) -> str:
    """The escape sequence that moves the terminal cursor to ``offset`` (0-based)."""
    return f"\x1b[{offset.y + 1};{offset.x + 1}H"


def cursor_offset(widget: Widget | None) -> Offset | None:
    """Where on the screen the cursor belongs for ``widget``: the start of its
    highlighted row (table of contents, answers), else its first line of content.
    None when the widget places the cursor itself (a text field) or is not shown."""
    if widget is None or isinstance(widget, Input):
        return None
    region = widget.content_region
    if not region.width or not region.height:
        return None
    x, y = region.x, region.y
    if isinstance(widget, Tree) and widget.cursor_node is not None:
        line = widget.cursor_line
        y = region.y + line - round(widget.scroll_offset.y)
        depth = _depth(widget.cursor_node)
        x = region.x + widget.guide_depth * depth
    elif isinstance(widget, AnswerList) and widget.highlighted is not None:
        y = region.y + widget.highlighted_line - round(widget.scroll_offset.y)
    # Never outside what the widget shows of itself on the screen.
    visible = widget.screen.find_widget(widget).clip.intersection(region)
    if not visible.height:
        return None
    y = min(max(y, visible.y), visible.bottom - 1)
    x = min(max(x, visible.x), visible.right - 1)
    return Offset(x, y)


class Point(NamedTuple):
    """Where the cursor belongs on a screen, and what to say about it."""

    #: The widget the cursor goes into (None: not shown yet, the status alone) ...
    widget: Widget | None
    #: ... on this line of its content (0: its first line).
    line: int
    #: The one-line status: what is there, in reading order.
    status: str


def point_offset(point: Point) -> Offset | None:
    """The screen position of ``point``'s line, if it is shown."""
    widget = point.widget
    if widget is None or not widget.is_attached:
        return None
    region = widget.content_region
    if not region.width or not region.height:
        return None
    y = region.y + point.line - round(widget.scroll_offset.y)
    try:
        visible = widget.screen.find_widget(widget).clip.intersection(region)
    except Exception:  # not laid out yet: the next move places it
        return None
    if not visible.height:
        return None
    y = min(max(y, visible.y), visible.bottom - 1)
    return Offset(max(region.x, visible.x), y)


def one_line(text: str) -> str:
    """``text`` on one line, as the status shows it."""
    return " ".join(text.split())


def _depth(node: object) -> int:
    depth = -1
    parent = getattr(node, "parent", None)
    while parent is not None:
        depth += 1
        parent = getattr(parent, "parent", None)
    return max(depth, 0)


def spoken(widget: Widget | None) -> str:
    """The focused item's text in reading order, as a screen reader should say it."""
    if widget is None:
        return ""
    said = getattr(widget, "spoken", None)
    if isinstance(said, str):
        return said
    if isinstance(widget, Tree) and widget.cursor_node is not None:
        node = widget.cursor_node
        label = node.label if isinstance(node.label, str) else node.label.plain
        if node.allow_expand:
            state = "foldet ud" if node.is_expanded else "foldet sammen"
            return f"Kapitel: {label}, {state}."
        return f"{label}."
    if isinstance(widget, Input):
        return f"Tekstfelt: {widget.value or widget.placeholder}"
    rendered = widget.render()
    if isinstance(rendered, str):
        return rendered
    plain = getattr(rendered, "plain", None)
    # Never a Python repr (a Blank, a Table): nothing is better than that.
    return plain if isinstance(plain, str) else ""
