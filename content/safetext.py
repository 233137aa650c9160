"""Text is text: the one function that makes any text safe to show, and its finder.

A terminal takes some characters as orders, not letters: ESC starts a sequence that
moves the cursor, recolours, sets the window's title or (in some terminals) writes
files; BEL rings; C1 characters (U+0080–U+009F) are ESC sequences in one character;
a carriage return overwrites the line. Bidirectional overrides and isolates
(U+202A–U+202E, U+2066–U+2069) make a line read in another order than it is written
(the "Trojan Source" trick), and none of the guideline's Danish needs them.

:func:`safe_text` removes all of these (tab and newline stay; CR LF and a lone CR
become a newline); every text the program shows passes through it:

- the command line's ``sys.stdout`` and ``sys.stderr`` are wrapped by
  :class:`paddehatten.tui.cli.encoding.TextOnly`, so no call site can forget;
- content files are decoded by :func:`paddehatten.content.files.decode`, so the
  handbook, the trees and the cache the app, the search index and the web edition are
  given hold none (the app never sees one);
- file names in messages go through :func:`paddehatten.content.files.printable`.

:func:`control_characters` finds them, for ``check`` to report with file and line.
Never imports Textual; every layer may use it.
"""

from __future__ import annotations

import re
import unicodedata

#: Removed wherever text is shown: C0 but tab, newline and carriage return; DEL; C1;
#: the bidirectional embeddings, overrides and isolates; lone surrogates.
_REMOVED = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\ud800-\udfff"
_UNSAFE = re.compile(f"[{_REMOVED}]")
_LINE_BREAKS = re.compile("\r\n?")
_ONE_LINE = re.compile("[\t\n]")


def safe_text(text: str, *, one_line: bool = False) -> str:
    """``text`` without any character a terminal would obey (see the module).

    ``one_line``: tabs and newlines become spaces too (a title, a file name).
    Linear in the length of ``text``.
    """
    if "\r" in text:
        text = _LINE_BREAKS.sub("\n", text)
    text = _UNSAFE.sub("", text)
    if one_line:
        text = _ONE_LINE.sub(" ", text)
    return text


def has_control(text: str) -> bool:
    """Whether :func:`safe_text` would remove anything from ``text`` but line ends."""
    return _UNSAFE.search(text) is not None


def name_of(char: str) -> str:
    """``U+001B`` and its Unicode name, as ``check`` says which character it found."""
    code = f"U+{ord(char):04X}"
    name = unicodedata.name(char, "")
    if not name:
        name = {
            "\x1b": "ESCAPE",
            "\x07": "BELL",
            "\r": "CARRIAGE RETURN",
            "\x7f": "DELETE",
            "\x08": "BACKSPACE",
        }.get(char, "kontroltegn")
    return f"{code} {name}"


def control_characters(text: str) -> list[tuple[int, str]]:
    """(line, character) of the first character :func:`safe_text` would remove on
    each line of ``text``. A carriage return is not one: it ends a line (CR LF, or CR
    alone as old Macs wrote), in YAML and Markdown as on a terminal."""
    if "\r" in text:
        text = _LINE_BREAKS.sub("\n", text)
    found: list[tuple[int, str]] = []
    line = 1
    position = 0
    last_line = 0
    for match in _UNSAFE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        if line != last_line:
            found.append((line, match.group()))
            last_line = line
    return found
