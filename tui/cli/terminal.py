"""Can the full-screen app run here? Decided before anything imports Textual."""

from __future__ import annotations

import os
import shutil
from typing import TextIO

#: Smaller than this, the full-screen app is not usable: print plain text instead.
MIN_COLUMNS = 40
MIN_ROWS = 12


def plain_reason(
    stdin: TextIO, stdout: TextIO, environ: dict[str, str] | os._Environ[str]
) -> str | None:
    """Why the full-screen app cannot run here, or None when it can."""
    if environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver"):
        return None  # a browser tab of `paddehatten serve`: textual-serve is the terminal
    if not isatty(stdin):
        return "standardinput ikke er en terminal"
    if not isatty(stdout):
        return "standardoutput ikke er en terminal"
    term = environ.get("TERM", "")
    if not term:
        return "TERM ikke er sat"
    if term == "dumb":
        return "TERM=dumb"
    columns, rows = shutil.get_terminal_size((0, 0))
    if columns < MIN_COLUMNS or rows < MIN_ROWS:
        return f"terminalen er for lille ({columns}x{rows}; mindst {MIN_COLUMNS}x{MIN_ROWS})"
    return None


def isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
