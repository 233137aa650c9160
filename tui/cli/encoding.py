"""Output for any encoding: what a stream cannot hold is written in letters it can.

A Windows pipe may be cp1252, a cron job's output ASCII. Every command writes through
``sys.stdout`` and ``sys.stderr``; :func:`prepare_streams` (run once, before anything is
printed) keeps each stream's own encoding, so a UTF-8 stream gets UTF-8, and gives it
an error handler that writes what the encoding lacks readably instead of raising:
"→" as "->", «» as '"', and, only where the encoding has no æøå, "æ" as "ae", "ø" as
"oe" and "å" as "aa" (as Danes write them without the letters). A character with no
spelling of its own loses its accents, and else becomes "?".

Text is text: :func:`text_only_streams` wraps stdout and stderr in :class:`TextOnly`,
which passes everything written through
:func:`paddehatten.content.safetext.safe_text`, so no control character from content,
a file name, a query or a message reaches the terminal, whichever call site wrote it.
The program's own codes (bold and underlined matches in ``search``) are written with
:func:`write_code`, which lets through only the codes it knows.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import json
import sys
import unicodedata
from collections.abc import Iterator
from typing import Any, TextIO

from paddehatten.content.safetext import safe_text

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


#: The only terminal codes the program writes itself (bold + underline, and off).
OWN_CODES = frozenset({"\x1b[1;4m", "\x1b[22;24m"})


class TextOnly:
    """A text stream that writes only text: what is written passes through
    :func:`~paddehatten.content.safetext.safe_text`; everything else (encoding,
    ``isatty``, ``fileno``, ``flush``, ``buffer``) is the wrapped stream's."""

    def __init__(self, stream: TextIO) -> None:
        self.wrapped = stream

    def write(self, text: str) -> int:
        self.wrapped.write(safe_text(text))
        return len(text)

    def writelines(self, lines: Any) -> None:
        for line in lines:
            self.write(line)

    def write_code(self, code: str) -> None:
        """One of the program's own :data:`OWN_CODES`; anything else is dropped."""
        if code in OWN_CODES:
            self.wrapped.write(code)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.wrapped, name)


def write_code(stream: TextIO, code: str) -> None:
    """Write the program's own terminal ``code`` (one of :data:`OWN_CODES`) to
    ``stream``, past :class:`TextOnly` when that is what it is."""
    if code not in OWN_CODES:
        return
    if isinstance(stream, TextOnly):
        stream.write_code(code)
    else:
        stream.write(code)


@contextlib.contextmanager
def text_only_streams() -> Iterator[None]:
    """Wrap ``sys.stdout`` and ``sys.stderr`` in :class:`TextOnly` for the block."""
    saved = sys.stdout, sys.stderr
    if not isinstance(sys.stdout, TextOnly):
        sys.stdout = TextOnly(sys.stdout)
    if not isinstance(sys.stderr, TextOnly):
        sys.stderr = TextOnly(sys.stderr)
    try:
        yield
    finally:
        sys.stdout, sys.stderr = saved
