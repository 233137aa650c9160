"""What a command gives back: an exit status, or the app to open; and bad input."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, NamedTuple

from paddehatten.content import Handbook

if TYPE_CHECKING:
    from paddehatten.content.prefetch import Loading

EXIT_OK = 0
EXIT_PROBLEMS = 1
EXIT_USAGE = 2


class UsageError(Exception):
    """Bad input from the user: printed as one message, exit status 2."""


class OpenApp(NamedTuple):
    """What the command line asks of the full-screen app: which handbook, which tree
    (or the reader), and what to do once the first frame is on screen.

    The handbook may still be loading (a first start, content/prefetch.py) while the
    app's toolkit imports: :func:`paddehatten.tui.cli.main.finish_loading` then waits
    for it."""

    handbook: Handbook | Loading
    tree: str | None = None
    after_first_frame: Callable[[], None] | None = None
    #: ``--screen-reader``: True; otherwise None (the person's setting decides).
    screen_reader: bool | None = None

    def loaded(self) -> Handbook:
        """The handbook, once :func:`paddehatten.tui.cli.main.finish_loading` has it."""
        if not isinstance(self.handbook, Handbook):
            raise RuntimeError("the handbook is still loading: finish_loading() comes first")
        return self.handbook
