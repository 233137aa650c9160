"""The ``paddehatten`` command: the one module that joins the two rooms of ``tui``.

The command line (:mod:`paddehatten.tui.cli`) does the work or says which app to
open; only then is the Textual app (:mod:`paddehatten.tui.app`) imported and run.

The cycle collector waits from the program's start to the app's first frame
(:mod:`paddehatten.tui.startup`); the command line starts it again at once for a
plain command, and it runs again when :func:`run` returns in any case.
"""

from __future__ import annotations

from collections.abc import Sequence

from paddehatten.tui import startup


def run(argv: Sequence[str] | None = None) -> int:
    """The whole program: plain output, or the full-screen app; returns the exit status."""
    startup.pause()
    try:
        from paddehatten.tui.cli import main as cli
        from paddehatten.tui.cli.results import EXIT_OK, OpenApp

        result = cli.run(argv)
        if not isinstance(result, OpenApp):
            return result
        try:
            # Textual's imports; on a first start the handbook loads meanwhile on the
            # other core (content/prefetch.py).
            from paddehatten.tui.app.app import make_app

            opened = cli.finish_loading(result)
        finally:
            cli.give_up_loading(result)  # if the import failed: no child left behind
        if not isinstance(opened, OpenApp):
            return opened
        app = make_app(opened.loaded(), tree=opened.tree, screen_reader=opened.screen_reader)
        if opened.after_first_frame is not None:
            app.after_first_frame.append(opened.after_first_frame)
        app.run()
        return app.return_code or EXIT_OK
    finally:
        startup.resume()


def main(argv: Sequence[str] | None = None) -> None:
    """The console script ``paddehatten`` and ``python -m paddehatten``."""
    startup.pause()  # before the command line's imports too
    try:
        from paddehatten.tui.cli import main as cli

        cli.guarded(lambda: run(argv))
    finally:
        startup.resume()
