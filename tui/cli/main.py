"""The ``paddehatten`` command line.

Parses arguments and decides between the full-screen app and plain output. Never
imports Textual: when the person should get the full-screen app, :func:`run` returns an
:class:`OpenApp` and :mod:`paddehatten.tui.entry` starts it. So the plain commands start
fast and never hang without a terminal.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from collections.abc import Callable, Sequence
from functools import partial
from types import SimpleNamespace
from typing import TYPE_CHECKING, cast

from paddehatten.content import DEFAULT_CONTENT, ContentError, Handbook
from paddehatten.tui import startup
from paddehatten.tui.cli.encoding import prepare_streams, text_only_streams, write_json
from paddehatten.tui.cli.results import (
    EXIT_OK,
    EXIT_USAGE,
    OpenApp,
    UsageError,
)
from paddehatten.tui.cli.terminal import plain_reason

if TYPE_CHECKING:
    import argparse
    from pathlib import Path


def program_version() -> str:
    from paddehatten import __version__

    return __version__


def cmd_whats_new(args: argparse.Namespace, handbook: Handbook) -> int:
    """``paddehatten nyt``: «Hvad er nyt» as plain text (or JSON)."""
    from paddehatten.content.revisions import whats_new
    from paddehatten.content.safetext import safe_text

    news = whats_new(handbook)
    if args.json:
        write_json(
            {"heading": news.heading, "lines": list(news.lines), "has_previous": news.has_previous}
        )
        return EXIT_OK
    print(safe_text(news.heading, one_line=True))
    for line in news.lines:
        print(f"- {safe_text(line, one_line=True)}")
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    """The command line's parser (tui/cli/parser.py: argparse is imported only here,
    never on the app's plain start)."""
    from paddehatten.tui.cli.parser import build_parser as build

    handlers = {
        "list": cmd_list,
        "show": cmd_show,
        "search": cmd_search,
        "check": cmd_check,
        "nyt": cmd_whats_new,
    }
    return build(handlers)


class StartArgs(SimpleNamespace):
    """The parsed arguments of ``paddehatten`` alone, without argparse: a namespace
    that, like argparse's, answers ``"name" in args``."""

    def __contains__(self, key: str) -> bool:
        return key in self.__dict__


def start_args() -> argparse.Namespace:
    """What :func:`build_parser` makes of an empty command line (``paddehatten`` alone,
    the app's start), without importing argparse, building the parser and its eight
    sub-commands' parsers and importing their modules; tests/tui/test_cli.py checks it
    holds the same values and answers ``in`` as argparse's namespace does."""
    values = StartArgs(version=False, content=None, plain=False, screen_reader=False, command=None)
    return cast("argparse.Namespace", values)


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, read as :func:`build_parser` reads it."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        return start_args()
    return build_parser().parse_args(arguments)


def _root(args: argparse.Namespace) -> Path:
    """The handbook folder: ``--content``, or the shipped one."""
    root: Path = args.content if args.content is not None else DEFAULT_CONTENT
    return root


def load(args: argparse.Namespace) -> Handbook:
    """The handbook named by ``--content``, or the shipped one; ContentError if broken."""
    from paddehatten.content.loader import load_handbook

    return load_handbook(_root(args))


def cmd_check(args: argparse.Namespace, handbook: object = None) -> int:
    from paddehatten.tui.cli import check_cli  # not on the app's start

    return check_cli.cmd_check(args, handbook)


def _opens_the_app(args: argparse.Namespace) -> bool:
    """True for the command lines that may open the full-screen app."""
    return getattr(args, "handler", None) is None and not args.version and not args.plain


def _cached(args: argparse.Namespace) -> tuple[Handbook | None, str | None]:
    """The validated handbook from the cache, or None; and the cache key, taken before
    any loading (see cache.store)."""
    from paddehatten.content import cache

    key = cache.fingerprint(_root(args), program_version())
    return cache.load_cached(_root(args), program_version(), key), key


def load_for_reading(args: argparse.Namespace) -> Handbook:
    """For reading as plain text: the validated handbook from the cache, else the loader."""
    cached, _ = _cached(args)
    return cached if cached is not None else load(args)


def open_app(args: argparse.Namespace) -> OpenApp:
    """The app's start: the handbook from the cache, or on a miss its loading started on
    the other core (content/prefetch.py) while the app's toolkit imports; the entry
    stored in the cache after the first frame (:func:`finish_loading`)."""
    cached, key = _cached(args)
    screen_reader = True if args.screen_reader else None
    if cached is not None:
        return OpenApp(cached, screen_reader=screen_reader)
    from paddehatten.content import prefetch

    root = _root(args)
    loading = prefetch.start(root, key) if key is not None else prefetch.Loading(root)
    return OpenApp(loading, screen_reader=screen_reader)


def finish_loading(opened: OpenApp) -> OpenApp | int:
    """``opened`` with its handbook loaded (waiting for the child loading it, if one
    does), and the cache entry to store after the first frame; the exit status, after
    the problems in Danish, when the handbook is broken."""
    if isinstance(opened.handbook, Handbook):
        return opened
    loading = opened.handbook
    try:
        handbook = loading.result()
    except ContentError as error:
        _report_content_error(error, loading.root)
        return EXIT_USAGE
    key = loading.key
    store = partial(_store_in_cache, handbook, key) if key is not None else None
    return opened._replace(handbook=handbook, after_first_frame=store)


def cmd_list(args: argparse.Namespace, handbook: Handbook) -> int:
    from paddehatten.tui import plain
    from paddehatten.tui.cli import json_output

    if args.json:
        _print_json(json_output.list_json(handbook))
    else:
        # One row a section, never wrapped: scripts read it row by row.
        sys.stdout.write(plain.render_list(handbook))
    return EXIT_OK


def cmd_show(args: argparse.Namespace, handbook: Handbook) -> int:
    import difflib

    from paddehatten.tui import plain
    from paddehatten.tui.cli import json_output

    # Like the app's «Gå til»: an id, a number (3 = Råd 3), a label (h2, «HUSK 2»).
    found = {i: handbook.find(i) for i in args.ids}
    unknown = [i for i, section in found.items() if section is None]
    if unknown:
        lines = []
        for ident in unknown:
            close = difflib.get_close_matches(ident, handbook.ids, n=3, cutoff=0.5)
            hint = f" Mente du: {', '.join(close)}?" if close else ""
            lines.append(f"ukendt afsnit '{ident}'.{hint}")
        lines.append("Skriv et id, et nummer (3 = Råd 3) eller fx h2 (HUSK 2).")
        lines.append("Se alle id'er med: paddehatten list")
        raise UsageError("\n".join(lines))
    sections = [s for s in found.values() if s is not None] if args.ids else list(handbook.sections)
    if args.json:
        _print_json([json_output.section_json(handbook, s) for s in sections])
    elif not args.ids:
        plain.write(plain.render_handbook(handbook))
    else:
        plain.write(plain.render_sections(handbook, sections))
    return EXIT_OK


def cmd_search(args: argparse.Namespace, handbook: Handbook) -> int:
    from paddehatten.tui.cli import search_plain

    if not " ".join(args.query).strip():
        raise UsageError("skriv, hvad du søger efter, fx: paddehatten search kodeord")
    if args.limit < 1:
        raise UsageError("--limit skal være mindst 1")
    return search_plain.run(
        handbook, " ".join(args.query), args.limit, as_json=args.json, ids=args.ids
    )


def cmd_read(args: argparse.Namespace, handbook: Handbook) -> int:
    """No subcommand and no app (``--plain``, or no terminal): the whole handbook as
    plain text, and, unless asked for with ``--plain``, why."""
    from paddehatten.tui import plain

    plain.write(plain.render_handbook(handbook))
    reason = None if args.plain else plain_reason(sys.stdin, sys.stdout, os.environ)
    if reason is not None:
        # After the text, not before: 60 lines of it would push the reason off screen.
        sys.stdout.flush()
        print(f"paddehatten: viste håndbogen som ren tekst, fordi {reason}.", file=sys.stderr)
    return EXIT_OK


def give_up_loading(opened: OpenApp) -> None:
    """End a first start's loading child that :func:`finish_loading` did not collect
    (the program failed before it): no process or open pipe is left behind."""
    if not isinstance(opened.handbook, Handbook):
        opened.handbook.close()


def _store_in_cache(handbook: Handbook, key: str) -> None:
    """Remember the validated handbook for the next start (run after the first frame)."""
    from paddehatten.content import cache

    cache.store(handbook, program_version(), key)


def _print_json(data: object) -> None:
    write_json(data)


def _report_content_error(error: ContentError, root: Path) -> None:
    print(f"paddehatten: håndbogen i '{root}' kan ikke læses:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem.located(root)}", file=sys.stderr)


def run(argv: Sequence[str] | None = None) -> int | OpenApp:
    args = parse(argv)
    opens = _opens_the_app(args)
    if opens and plain_reason(sys.stdin, sys.stdout, os.environ) is None:
        return open_app(args)  # its handbook is checked in finish_loading
    startup.resume()  # paused only for the app's start (tui/startup.py)
    try:
        if not getattr(args, "needs_handbook", True):
            return int(args.handler(args, None))
        handbook = load_for_reading(args) if opens else load(args)
        if args.version:
            print(f"paddehatten {program_version()}")
            print(f"{handbook.title} – {handbook.revision}")
            return EXIT_OK
        handler = getattr(args, "handler", cmd_read)
        result = handler(args, handbook)
        if isinstance(result, OpenApp):  # `paddehatten tree`
            return result._replace(screen_reader=True) if args.screen_reader else result
        return int(result)
    except ContentError as error:
        _report_content_error(error, _root(args))
        return EXIT_USAGE
    except UsageError as error:
        print(f"paddehatten: {error}", file=sys.stderr)
        return EXIT_USAGE


#: Errors writing the output, in Danish.
_WRITE_ERRORS = {
    errno.EBADF: "standard-output er lukket",
    errno.ENOSPC: "disken er fuld",
    errno.EIO: "skrivningen mislykkedes (I/O-fejl)",
    errno.EDQUOT: "din diskkvote er brugt op",
}


def guarded(command: Callable[[], int]) -> None:
    """Run ``command`` as the program: Ctrl+C, a closed pipe, an output that cannot
    hold æøå, a closed or full output are one Danish sentence and an exit status, never
    a traceback."""
    if sys.stderr is None:  # started with 2>&-
        sys.stderr = open(os.devnull, "w", encoding="utf-8")  # noqa: SIM115
    if sys.stdin is None:  # started with <&-: reading gives the end of input
        sys.stdin = open(os.devnull, encoding="utf-8")  # noqa: SIM115
    if sys.stdout is None:  # started with >&-
        print("paddehatten: kan ikke skrive: standard-output er lukket.", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)
    prepare_streams()
    try:
        with text_only_streams():
            status = command()
        sys.stdout.flush()
    except KeyboardInterrupt:
        status = 130
    except BrokenPipeError:
        # The reader of a pipe went away (`paddehatten show | head`): not an error.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        status = EXIT_OK
    except OSError as error:
        if error.errno not in _WRITE_ERRORS:
            raise
        print(f"paddehatten: kan ikke skrive: {_WRITE_ERRORS[error.errno]}.", file=sys.stderr)
        with contextlib.suppress(OSError):  # what is still buffered cannot go anywhere
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        status = EXIT_USAGE
    raise SystemExit(status)
