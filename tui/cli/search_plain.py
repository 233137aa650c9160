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
from paddehatten.tui.cli.encoding import write_code, write_json
from paddehatten.tui.cli.terminal import wants_ansi
from paddehatten.tui.labels import (
    TREE_HIT,
    TREE_OFFER,
    TREE_OFFER_TEXT,
    WEAK_HIT,
    count_text,
    found_as_text,
    section_heading,
)

#: Longest echo of the query in messages.
ECHO_CHARS = 60


def use_ansi(stream: TextIO) -> bool:
    """Whether to mark matches with ANSI (a terminal that wants it) or with «»."""
    return wants_ansi(stream, os.environ)


def echo(query: str) -> str:
    """The query as it may be shown: cleaned, on one line, not too long."""
    shown = " ".join(clean(query).split())
    return shown if len(shown) <= ECHO_CHARS else shown[: ECHO_CHARS - 1] + "…"


def write_styled(out: TextIO, spans: Spans) -> None:
    """The snippet with matched words bold and underlined: the codes are the
    program's own (:func:`~paddehatten.tui.cli.encoding.write_code`), the words pass as
    text, so a code in the content never gets through with them."""
    for piece, hit in spans:
        if hit:
            write_code(out, ANSI_ON)
        out.write(piece)
        if hit:
            write_code(out, ANSI_OFF)


def run(handbook: Handbook, query: str, limit: int, *, as_json: bool = False) -> int:
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
    mark: Callable[[Spans], str] = marked
    styled = use_ansi(out)
    shown = echo(query)
    if not found.hits:
        out.write(f"Intet fundet for «{shown}».\n")
        if found.suggestion:
            out.write(f"Mente du: {found.suggestion}?\n")
            out.write(f"Prøv: paddehatten search {found.suggestion}\n")
        return 0
    more = f" (de {len(found.hits)} bedste vises)" if found.total > len(found.hits) else ""
    out.write(f"{count_text(found)} om «{shown}»{more}:\n")
    if found.tree_offer is not None:
        out.write(f"\n{TREE_OFFER} · {found.tree_offer.title}  (paddehatten tree)\n")
        out.write(f"  {TREE_OFFER_TEXT}\n")
    for hit in found.hits:
        section = handbook.get(hit.id) if hit.kind == "section" else None
        if section is not None:
            heading = f"{section_heading(handbook, section)}  ({hit.id})"
        else:
            heading = f"{TREE_HIT} · {hit.title}  (paddehatten tree)"
        if hit.weak:
            heading += f"  – {WEAK_HIT}"
        out.write(f"\n{heading}\n  ")
        if styled:
            write_styled(out, hit.snippet)
        else:
            out.write(mark(hit.snippet))
        out.write("\n")
        if hit.found_as:
            out.write(f"  ({found_as_text(hit.found_as)})\n")
    return 0
