"""Can the full-screen app run here? Decided before anything imports Textual.

What counts is what the platform offers, not one variable:

- Linux, macOS and the BSDs: a terminal is a TTY with ``TERM`` set (Terminal.app,
  iTerm2, xterm, GNOME's terminal, tmux, ssh all set it); ``TERM=dumb`` is a terminal
  that cannot move the cursor (Emacs' shell, some CI logs).
- Windows: the console sets no ``TERM`` at all. Windows Terminal (which sets
  ``WT_SESSION``), PowerShell's and cmd's console window are all consoles where
  Textual's Windows driver runs, so a console is enough there. A ``TERM`` that is set
  (Git Bash, MSYS2, Cygwin) counts as it does elsewhere, ``dumb`` included.
- Everywhere: a redirected stdin or stdout (a pipe, a file) means plain text, and so
  does a redirected stderr outside Windows (Textual draws there; on Windows it draws
  on stdout), and an output whose encoding cannot hold what the app draws (anything
  but UTF-8).

``NO_COLOR`` does not make the reader plain: the app draws in monochrome then, and the
plain commands write no colour codes (:func:`wants_ansi`).
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping
from typing import TextIO

from paddehatten.tui.cli.encoding import is_utf

#: Smaller than this, the full-screen app is not usable: print plain text instead.
MIN_COLUMNS = 40
MIN_ROWS = 12


def on_windows() -> bool:
    """Whether this is Windows (read each time, so tests can simulate it)."""
    return sys.platform == "win32" or os.name == "nt"


def plain_reason(
    stdin: TextIO,
    stdout: TextIO,
    environ: Mapping[str, str],
    stderr: TextIO | None = None,
) -> str | None:
    """Why the full-screen app cannot run here, or None when it can.

    ``stderr`` (default: ``sys.stderr``) counts outside Windows: Textual draws there,
    so ``paddehatten 2>log`` would draw the app into the file and leave the screen blank.
    """
    if environ.get("TEXTUAL_DRIVER", "").endswith(":WebDriver"):
        return None  # a browser tab of `paddehatten serve`: textual-serve is the terminal
    if not isatty(stdin):
        return "standardinput ikke er en terminal"
    if not isatty(stdout):
        return "standardoutput ikke er en terminal"
    term = environ.get("TERM", "")
    if term == "dumb":
        return "TERM=dumb"
    if not term and not on_windows():
        return "TERM ikke er sat"
    drawn_on = stdout if on_windows() else (stderr if stderr is not None else sys.stderr)
    if not isatty(drawn_on):
        return "standardfejl (stderr), som appen tegner på, ikke er en terminal"
    encoding = getattr(drawn_on, "encoding", None)
    if not is_utf(encoding):
        return f"terminalens tegnsæt er {encoding or 'ukendt'}, ikke UTF-8"
    columns, rows = shutil.get_terminal_size((0, 0))
    if columns < MIN_COLUMNS or rows < MIN_ROWS:
        return f"terminalen er for lille ({columns}x{rows}; mindst {MIN_COLUMNS}x{MIN_ROWS})"
    return None


def wants_ansi(stream: TextIO, environ: Mapping[str, str]) -> bool:
    """Whether plain output to ``stream`` may use ANSI bold and underline.

    Not with ``NO_COLOR``, not into a pipe or a file, not with ``TERM=dumb``. Without
    ``TERM``: on Windows only in Windows Terminal (``WT_SESSION``), which always reads
    ANSI; an old console window would print the codes as text.
    """
    if environ.get("NO_COLOR") or not isatty(stream):
        return False
    term = environ.get("TERM", "")
    if term:
        return term != "dumb"
    return on_windows() and bool(environ.get("WT_SESSION"))


def isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False
