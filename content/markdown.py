"""The one Markdown dialect of a handbook: CommonMark, parsed by markdown-it.

The loader, plain text, search, the wording check and the app's reader all parse with
:func:`parser`, so a section means the same everywhere (what the app shows as a table,
plain text does not flatten into something else). Front matter is split off by the
loader (:func:`split_front_matter`) before the body is parsed, once.
markdown-it is imported only when a text must be parsed, never on the first paint of a
cached handbook.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@lru_cache(maxsize=1)
def parser() -> MarkdownIt:
    """The handbook's Markdown parser (CommonMark). Built once: setting one up costs
    about half a millisecond."""
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


class FrontMatter(NamedTuple):
    """A section file's front matter: its YAML text and the line the body starts after
    (the closing ``---``, counted from 1)."""

    yaml: str
    end_line: int


def split_front_matter(text: str) -> FrontMatter | None:
    """The front matter opening ``text``: a line of three or more ``-``, the YAML, and a
    line of as many ``-`` or more. None when the text does not open with one."""
    rows = text.split("\n")
    opening = rows[0].rstrip()
    if len(opening) < 3 or opening.strip("-"):
        return None
    for number in range(1, len(rows)):
        row = rows[number].rstrip()
        if len(row) >= len(opening) and not row.strip("-"):
            return FrontMatter("\n".join(rows[1:number]), number + 1)
    return None
