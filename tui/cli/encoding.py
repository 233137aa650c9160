"""Output for any encoding: what a stream cannot hold is written in letters it can.

A Windows pipe may be cp1252, a cron job's output ASCII. Every command writes through
``sys.stdout`` and ``sys.stderr``; :func:`prepare_streams` (run once, before anything is
printed) keeps each stream's own encoding, so a UTF-8 stream gets UTF-8, and gives it
an error handler that writes what the encoding lacks readably instead of raising:
"→" as "->", «» as '"', and, only where the encoding has no æøå, "æ" as "ae", "ø" as
"oe" and "å" as "aa" (as Danes write them without the letters). A character with no
spelling of its own loses its accents, and else becomes "?".
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import sys
import unicodedata
from typing import TextIO

#: The name of the error handler, registered with :mod:`codecs`.
HANDLER = "paddehatten-spell-out"

#: Spellings for characters the guideline, the labels and the tree use.
SPELLED: dict[str, str] = {
    "→": "->",
    "←": "<-",
    "↑": "^",
    "↓": "v",
    "↔": "<->",
    "«": '"',
    "»": '"',
    "„": '"',
    "“": '"',
    "”": '"',
    "‘": "'",
    "’": "'",
    "‚": "'",
    "–": "-",
    "—": "-",
    "‑": "-",
    "…": "...",
    "·": "-",
    "•": "*",
    "×": "x",
    "æ": "ae",
    "ø": "oe",
    "å": "aa",
    "Æ": "Ae",
    "Ø": "Oe",
    "Å": "Aa",
    "é": "e",
    "\u00a0": " ",
    "\u202f": " ",
    "├": "|",
    "└": "`",
    "│": "|",
    "─": "-",
}


def spell(char: str, encoding: str) -> str:
    """``char`` in characters that ``encoding`` holds."""
    for candidate in (SPELLED.get(char), _without_accents(char)):
        if candidate and _fits(candidate, encoding):
            return candidate
    return "?"


def _without_accents(char: str) -> str:
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _fits(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def _spell_out(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    bad = error.object[error.start : error.end]
    return "".join(spell(c, error.encoding) for c in bad), error.end


codecs.register_error(HANDLER, _spell_out)


def is_utf(encoding: str | None) -> bool:
    """Whether a stream of ``encoding`` holds every character (UTF-8, UTF-16, …)."""
    if not encoding:
        return False
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith("utf")


def prepare_streams() -> None:
    """Give stdout and stderr the spelling error handler; stdin replaces what it cannot
    decode (an answer typed in another encoding is then just not a valid answer)."""
    for stream in (sys.stdout, sys.stderr):
        _reconfigure(stream, errors=HANDLER)
    _reconfigure(sys.stdin, errors="replace")


def _reconfigure(stream: object, *, errors: str) -> None:
    if not isinstance(stream, io.TextIOWrapper):
        return  # replaced by a caller (a test, an embedding program): theirs to manage
    with contextlib.suppress(ValueError, OSError):  # a closed stream: nothing to write
        stream.reconfigure(errors=errors)


def write_json(data: object, stream: TextIO | None = None) -> None:
    """``data`` as indented JSON: as written where the stream holds every character,
    else with ``\\u`` escapes, so the JSON stays exact in any encoding."""
    out = stream if stream is not None else sys.stdout
    json.dump(data, out, ensure_ascii=not is_utf(getattr(out, "encoding", None)), indent=2)
    out.write("\n")
