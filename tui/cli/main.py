"""The ``paddehatten`` command line.

Parses arguments and decides between the full-screen app and plain output. Never
imports Textual: when the person should get the full-screen app, :func:`run` returns an
:class:`OpenApp` and :mod:`paddehatten.tui.entry` starts it. So the plain commands start
fast and never hang without a terminal.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import replace
from functools import partial
from pathlib import Path
from typing import Any, NoReturn

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


def program_version() -> str:
    from paddehatten import __version__

    return __version__


#: argparse's own texts (Python 3.10-3.14), in Danish. Any not listed stays as it is;
#: tests/tui/test_danish.py runs every help text and usage error the parser can show.
DANISH_ARGPARSE = {
    "usage: ": "brug: ",
    "positional arguments": "argumenter",
    "options": "tilvalg",
    "optional arguments": "tilvalg",
    "show this help message and exit": "vis denne hjælp og afslut",
    "subcommands": "kommandoer",
    "%(prog)s: error: %(message)s\n": "%(prog)s: fejl: %(message)s\n",
    "argument %(argument_name)s: %(message)s": "%(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "ukendt valg %(value)r (vælg mellem %(choices)s)"
    ),
    "invalid choice: %(value)r, maybe you meant %(closest)r? (choose from %(choices)s)": (
        "ukendt valg %(value)r – mente du %(closest)r? (vælg mellem %(choices)s)"
    ),
    "invalid %(type)s value: %(value)r": "ugyldig værdi: %(value)r",
    "the following arguments are required: %s": "mangler: %s",
    "unrecognized arguments: %s": "ukendte argumenter: %s",
    "not allowed with argument %s": "kan ikke bruges sammen med %s",
    "ignored explicit argument %r": "argumentet %r bruges ikke",
    "one of the arguments %s is required": "et af disse skal med: %s",
    "expected one argument": "skal have en værdi",
    "expected at most one argument": "kan højst have én værdi",
    "expected at least one argument": "skal have mindst én værdi",
    "expected %s argument": "skal have %s værdi",
    "expected %s arguments": "skal have %s værdier",
    "ambiguous option: %(option)s could match %(matches)s": (
        "tvetydigt tilvalg: %(option)s kan være %(matches)s"
    ),
    "unexpected option string: %s": "uventet tilvalg: %s",
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "ukendt kommando %(parser_name)r (vælg mellem %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "kan ikke åbne '%(filename)s': %(error)s",
}


def _danish(text: str | None) -> str | None:
    return DANISH_ARGPARSE.get(text, text) if text else text


def _danish_plural(singular: str, plural: str, count: int) -> str:
    text = singular if count == 1 else plural
    return DANISH_ARGPARSE.get(text, text)


@contextmanager
def _argparse_in_danish() -> Iterator[None]:
    """argparse looks its texts up through its module's ``_`` and ``ngettext`` when it
    uses them: swap those for the Danish table while our parser works, and only then
    (pytest and anything else in the process keep their argparse)."""
    module: Any = argparse  # `_` and `ngettext` are not in argparse's public names
    saved = module._, module.ngettext
    module._, module.ngettext = _danish, _danish_plural
    try:
        yield
    finally:
        module._, module.ngettext = saved


class DanishArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser that writes its help, usage and errors in Danish.

    Subcommand parsers are of the same class (argparse makes them with
    ``type(self)``)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        with _argparse_in_danish():
            super().__init__(*args, **kwargs)

    def parse_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> argparse.Namespace:
        with _argparse_in_danish():
            parsed: argparse.Namespace = super().parse_args(args, namespace)
        return parsed

    def parse_known_args(  # type: ignore[override]
        self, args: Sequence[str] | None = None, namespace: Any = None
    ) -> tuple[argparse.Namespace, list[str]]:
        with _argparse_in_danish():
            return super().parse_known_args(args, namespace)

    def format_usage(self) -> str:
        with _argparse_in_danish():
            return super().format_usage()

    def format_help(self) -> str:
        with _argparse_in_danish():
            return super().format_help()

    def error(self, message: str) -> NoReturn:
        with _argparse_in_danish():
            super().error(message)


def whole_number(text: str) -> int:
    """An argument that must be a whole number, with a Danish message if it is not."""
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"«{text}» er ikke et helt tal") from None


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
    parser = DanishArgumentParser(
        prog="paddehatten",
        description=(
            "Retningslinjen «Sociale medier i Paddehatten»: læs, søg og få vejledning. "
            "«paddehatten» alene åbner håndbogen i fuld skærm (med indhold, søgning og "
            "beslutningstræ); uden en terminal, eller med --plain, skrives hele håndbogen "
            "som ren tekst."
        ),
    )
    parser.add_argument("--version", action="store_true", help="vis version og revision")
    parser.add_argument(
        "--content",
        metavar="MAPPE",
        type=Path,
        help="læs en anden håndbog i samme format (standard: den medfølgende)",
    )
    parser.add_argument(
        "--plain", action="store_true", help="skriv ren tekst i stedet for fuldskærm"
    )
    parser.add_argument(
        "--screen-reader",
        action="store_true",
        help=(
            "skærmlæser-tilstand: terminalens markør står på det valgte, ingen animationer "
            "(kan også slås til i kommandoerne, Ctrl+P, og huskes så)"
        ),
    )
    commands = parser.add_subparsers(dest="command", metavar="KOMMANDO")

    p = commands.add_parser("list", help="alle afsnit: id, nummer, titel, kapitel")
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.set_defaults(handler=cmd_list)

    p = commands.add_parser("show", help="vis afsnit som tekst (uden id: hele håndbogen)")
    p.add_argument(
        "ids", nargs="*", metavar="ID", help="afsnittet: id, nummer eller mærke, fx raad-4, 4, h2"
    )
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.set_defaults(handler=cmd_show)

    p = commands.add_parser("search", help="søg i håndbogen (rangerede afsnit med uddrag)")
    p.add_argument("query", nargs="*", metavar="ORD", help="det du søger efter, fx kodeord")
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.add_argument(
        "--ids", action="store_true", help="vis afsnittenes id'er (til show) ved hvert fund"
    )
    p.add_argument(
        "--limit", type=whole_number, default=10, metavar="N", help="højst N afsnit (standard: 10)"
    )
    p.set_defaults(handler=cmd_search)

    p = commands.add_parser(
        "check",
        help="kontrollér en håndbogsmappe: afsnit, ordlyd, noter og beslutningstræer",
        description=(
            "Kontrollerer håndbogen: afsnittene, at ordlyden er den vedtagne tekst ord for "
            "ord, redaktionens noter og beslutningstræerne. Uden MAPPE: --content, ellers "
            "content/paddehatten i den checkout af projektet, du står i, ellers den "
            "installerede håndbog."
        ),
    )
    p.add_argument(
        "dir",
        nargs="?",
        type=Path,
        metavar="MAPPE",
        help="håndbogsmappen (standard: se ovenfor)",
    )
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument(
        "--mark-reviewed",
        action="store_true",
        help=(
            "skriv i træerne, at de spørgsmål og resultater, check nævner, er gennemgået "
            "mod den nuværende tekst (kræver --by)"
        ),
    )
    p.add_argument(
        "--by",
        metavar="NAVN",
        help="hvem der har gennemgået træerne: en person eller fx MED (med --mark-reviewed)",
    )
    p.set_defaults(handler=cmd_check, needs_handbook=False)

    p = commands.add_parser(
        "nyt", help="hvad er nyt: ændringerne siden den forrige vedtagne tekst (revisioner/)"
    )
    p.add_argument("--json", action="store_true", help="skriv ændringerne som JSON")
    p.set_defaults(handler=cmd_whats_new)

    # Imported here, not at the top: the app's plain start never builds the parser.
    from paddehatten.tui.cli import serve, tree_cli

    tree_cli.add_tree_command(commands)
    serve.add_serve_command(commands)
    return parser


def start_args() -> argparse.Namespace:
    """What :func:`build_parser` makes of an empty command line (``paddehatten`` alone,
    the app's start), without building the parser and its eight sub-commands' parsers
    and importing their modules; tests/tui/test_cli.py checks it is the same."""
    return argparse.Namespace(
        version=False, content=None, plain=False, screen_reader=False, command=None
    )


def parse(argv: Sequence[str] | None) -> argparse.Namespace:
    """The command line, read as :func:`build_parser` reads it."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    if not arguments:
        return start_args()
    return build_parser().parse_args(arguments)


def load(args: argparse.Namespace) -> Handbook:
    """The handbook named by ``--content``, or the shipped one; ContentError if broken."""
    from paddehatten.content.loader import load_handbook

    return load_handbook(args.content if args.content is not None else DEFAULT_CONTENT)


def cmd_check(args: argparse.Namespace, handbook: object = None) -> int:
    from paddehatten.tui.cli import check_cli  # not on the app's start

    return check_cli.cmd_check(args, handbook)


def _opens_the_app(args: argparse.Namespace) -> bool:
    """True for the command lines that may open the full-screen app."""
    return getattr(args, "handler", None) is None and not args.version and not args.plain


def load_for_reading(args: argparse.Namespace) -> Handbook:
    """For the app's start: the validated handbook from the cache, else the loader."""
    from paddehatten.content import cache

    root = args.content if args.content is not None else DEFAULT_CONTENT
    key = cache.fingerprint(root, program_version())  # before loading: see cache.store
    cached = cache.load_cached(root, program_version(), key)
    if cached is not None:
        return cached
    handbook = load(args)
    args.cache_key = key  # stored after the first frame (cmd_read), only on a miss
    return handbook


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


def cmd_read(args: argparse.Namespace, handbook: Handbook) -> int | OpenApp:
    """No subcommand: the full-screen reader, or the whole handbook as plain text."""
    reason = "--plain" if args.plain else plain_reason(sys.stdin, sys.stdout, os.environ)
    if reason is not None:
        startup.resume()  # no app opens
        from paddehatten.tui import plain

        plain.write(plain.render_handbook(handbook))
        if not args.plain:
            # After the text, not before: 60 lines of it would push the reason off screen.
            sys.stdout.flush()
            print(f"paddehatten: viste håndbogen som ren tekst, fordi {reason}.", file=sys.stderr)
        return EXIT_OK
    key = getattr(args, "cache_key", None)
    store = partial(_store_in_cache, handbook, key) if key is not None else None
    return OpenApp(handbook, after_first_frame=store)


def _store_in_cache(handbook: Handbook, key: str) -> None:
    """Remember the validated handbook for the next start (run after the first frame)."""
    from paddehatten.content import cache

    cache.store(handbook, program_version(), key)


def _print_json(data: object) -> None:
    write_json(data)


def _report_content_error(error: ContentError, args: argparse.Namespace) -> None:
    root = args.content if args.content is not None else DEFAULT_CONTENT
    print(f"paddehatten: håndbogen i '{root}' kan ikke læses:", file=sys.stderr)
    for problem in error.problems:
        print(f"  {problem.located(root)}", file=sys.stderr)


def run(argv: Sequence[str] | None = None) -> int | OpenApp:
    args = parse(argv)
    if not _opens_the_app(args):
        startup.resume()  # paused only for the app's start (tui/startup.py)
    try:
        if not getattr(args, "needs_handbook", True):
            return int(args.handler(args, None))
        handbook = load_for_reading(args) if _opens_the_app(args) else load(args)
        if args.version:
            print(f"paddehatten {program_version()}")
            print(f"{handbook.title} – {handbook.revision}")
            return EXIT_OK
        handler = getattr(args, "handler", cmd_read)
        result = handler(args, handbook)
        if isinstance(result, OpenApp):
            return replace(result, screen_reader=True) if args.screen_reader else result
        return int(result)
    except ContentError as error:
        _report_content_error(error, args)
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
