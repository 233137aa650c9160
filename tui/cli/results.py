"""What a command gives back: an exit status, or the app to open; and bad input."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from paddehatten.content import Handbook

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the user: printed as one message, exit status 2."""


@dataclass(frozen=True)
class OpenApp:
    """What the command line asks of the full-screen app: which handbook, which tree
    (or the reader), and what to do once the first frame is on screen."""

    handbook: Handbook
    tree: str | None = None
    after_first_frame: Callable[[], None] | None = None
    #: ``--screen-reader``: True; otherwise None (the person's setting decides).
    screen_reader: bool | None = None
