"""The ``paddehatten`` command line's parser, in Danish.

Kept apart from :mod:`paddehatten.tui.cli.main` so that ``paddehatten`` alone (the
app's start) never imports argparse: :func:`main.parse` builds it only for a command
line with arguments.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any, NoReturn

#: A command's handler: the parsed arguments and the handbook (None for ``check``,
#: which loads its own) to an exit status, or the app to open.
Handler = Callable[..., object]

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


def build_parser(handlers: Mapping[str, Handler]) -> argparse.ArgumentParser:
    """The whole command line; ``handlers`` are the plain commands' handlers by name
    (list, show, search, check, nyt), which live in :mod:`paddehatten.tui.cli.main`."""
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
    p.set_defaults(handler=handlers["list"])

    p = commands.add_parser("show", help="vis afsnit som tekst (uden id: hele håndbogen)")
    p.add_argument(
        "ids", nargs="*", metavar="ID", help="afsnittet: id, nummer eller mærke, fx raad-4, 4, h2"
    )
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.set_defaults(handler=handlers["show"])

    p = commands.add_parser("search", help="søg i håndbogen (rangerede afsnit med uddrag)")
    p.add_argument("query", nargs="*", metavar="ORD", help="det du søger efter, fx kodeord")
    p.add_argument("--json", action="store_true", help="skriv JSON")
    p.add_argument(
        "--ids", action="store_true", help="vis afsnittenes id'er (til show) ved hvert fund"
    )
    p.add_argument(
        "--limit", type=whole_number, default=10, metavar="N", help="højst N afsnit (standard: 10)"
    )
    p.set_defaults(handler=handlers["search"])

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
    p.set_defaults(handler=handlers["check"], needs_handbook=False)

    p = commands.add_parser(
        "nyt", help="hvad er nyt: ændringerne siden den forrige vedtagne tekst (revisioner/)"
    )
    p.add_argument("--json", action="store_true", help="skriv ændringerne som JSON")
    p.set_defaults(handler=handlers["nyt"])

    # Imported here, not at the top: the app's plain start never builds the parser.
    from paddehatten.tui.cli import serve, tree_cli

    tree_cli.add_tree_command(commands)
    serve.add_serve_command(commands)
    return parser
