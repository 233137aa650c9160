"""``paddehatten search``: ranked hits as plain text or JSON. Never imports Textual.

Matched words are marked «like this», or in bold and underlined on a terminal that reads
ANSI (see :func:`paddehatten.tui.cli.terminal.wants_ansi`). Text from the content and the
query is printed as text: control characters never reach the terminal.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import TextIO

from paddehatten.content.model import Handbook
from paddehatten.index import open_index
from paddehatten.index.highlight import ANSI_OFF, ANSI_ON, Spans, marked
from paddehatten.index.tree_documents import tree_documents
from paddehatten.index.words import clean
from paddehatten.tui import plain
from paddehatten.tui.cli.encoding import write_code, write_json
from paddehatten.tui.cli.terminal import wants_ansi

#: Longest echo of the query in messages.
ECHO_CHARS = 60


def use_ansi(stream: TextIO) -> bool:
    """Whether to mark matches with ANSI (a terminal that wants it) or with «»."""
    return wants_ansi(stream, os.environ)


def echo(query: str) -> str:
    """The query as it may be shown: cleaned, on one line, not too long."""
    shown = " ".join(clean(query).split())
    return shown if len(shown) <= ECHO_CHARS else shown[: ECHO_CHARS - 1] + "…"


def run(
    handbook: Handbook, query: str, limit: int, *, as_json: bool = False, ids: bool = False
) -> int:
    """Search ``handbook`` and print the answer; the exit status (0 also for no hits)."""
    try:
        found = open_index(handbook, extra=tree_documents(handbook)).search(query, limit)
    except Exception as error:  # the index is ours; still, never a traceback
        print(f"paddehatten: søgningen kunne ikke gennemføres: {error}", file=sys.stderr)
        return 2
    out = sys.stdout
    if as_json:
        write_json(found.to_json(), out)
        return 0
    styled = use_ansi(out)
    mark: Callable[[Spans], str] = plain.sentinel_marks if styled else marked

    def on_mark(starts: bool) -> None:
        # The program's own codes, past the stream that keeps content to text.
        write_code(out, ANSI_ON if starts else ANSI_OFF)

    text = plain.render_hits(handbook, found, echo(query), mark, ids=ids)
    plain.write(text, out, on_mark=on_mark if styled else None)
    return 0
