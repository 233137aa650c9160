"""``paddehatten serve``: the same app in a browser, for this machine or a whole network.

This module is the command: its options, checked into a
:class:`~paddehatten.tui.web.config.ServerConfig`. The supervisor that runs the web
server and stops it with every app is :mod:`paddehatten.tui.web.supervisor`, the
server itself :mod:`paddehatten.tui.web.server`; both are imported only when
``serve`` runs, since the parser is built on every start of the program. Never imports
Textual.
"""

from __future__ import annotations

import argparse
from typing import Any

from paddehatten.content import Handbook
from paddehatten.tui.cli.results import UsageError
from paddehatten.tui.web.config import (
    DEFAULT_IDLE_MINUTES,
    DEFAULT_MAX_SESSIONS,
    ConfigError,
    ServerConfig,
    normalize_origin,
)


def add_serve_command(commands: Any) -> None:
    """Add ``serve`` to the subcommands of the ``paddehatten`` parser."""
    p = commands.add_parser(
        "serve",
        help="vis håndbogen i en browser, på denne maskine eller på netværket",
        description=(
            "Viser håndbogen som sider i en browser. Med --terminal også programmet selv "
            "på /terminal/ (hver fane får sit eget program). "
            "Med --host 0.0.0.0 kan andre på netværket åbne den."
        ),
    )
    p.add_argument(
        "--terminal",
        action="store_true",
        help="vis også programmet i browseren på /terminal/ (hver fane kører sit eget "
        "program; uden --terminal startes der aldrig et program)",
    )
    p.add_argument(
        "--host",
        default="127.0.0.1",
        help="adresse at lytte på (standard: 127.0.0.1, kun denne maskine; "
        "0.0.0.0 eller :: for hele netværket)",
    )
    p.add_argument("--port", type=int, default=8000, help="port (standard: 8000)")
    p.add_argument(
        "--public-url",
        metavar="URL",
        help="adressen folk bruger, når en reverse proxy står foran, "
        "fx https://haandbog.paddehatten.dk/",
    )
    p.add_argument(
        "--allow-origin",
        action="append",
        default=[],
        metavar="URL",
        help="endnu en sideadresse, hvis forbindelse godtages (kan gives flere gange)",
    )
    p.add_argument(
        "--max-sessions",
        type=int,
        default=DEFAULT_MAX_SESSIONS,
        metavar="N",
        help=f"med --terminal: højst N åbne faner ad gangen (standard: {DEFAULT_MAX_SESSIONS})",
    )
    p.add_argument(
        "--idle-minutes",
        type=float,
        default=DEFAULT_IDLE_MINUTES,
        metavar="MIN",
        help="med --terminal: luk en fane, ingen har brugt i MIN minutter "
        f"(standard: {DEFAULT_IDLE_MINUTES:g})",
    )
    p.set_defaults(handler=cmd_serve)


def cmd_serve(args: argparse.Namespace, handbook: Handbook) -> int:
    from paddehatten.tui.web.supervisor import ServeError, app_command, listen_hosts, serve

    content = str(args.content.resolve()) if args.content is not None else None
    try:
        config = build_config(
            args, app_command(content), listen_hosts(args.host), handbook.title, content=content
        )
        return serve(config)
    except (ServeError, ConfigError) as error:
        raise UsageError(str(error)) from None


def build_config(
    args: argparse.Namespace,
    command: list[str],
    hosts: list[str],
    title: str,
    *,
    content: str | None = None,
) -> ServerConfig:
    """The options as the server's configuration; ConfigError (Danish) if one cannot work."""
    if not 1 <= args.max_sessions <= 1000:
        raise ConfigError(
            f"--max-sessions skal være et tal fra 1 til 1000, ikke {args.max_sessions}"
        )
    if not 0 < args.idle_minutes <= 7 * 24 * 60:
        raise ConfigError(
            f"--idle-minutes skal være over 0 og højst en uge, ikke {args.idle_minutes:g}"
        )
    public_url = args.public_url.strip() if args.public_url else None
    if public_url is not None:
        normalize_origin(public_url)  # ConfigError with a Danish sentence
    for origin in args.allow_origin:
        normalize_origin(origin)
    return ServerConfig(
        command=command,
        hosts=hosts,
        port=args.port,
        title=title,
        public_url=public_url,
        allowed_origins=list(args.allow_origin),
        max_sessions=args.max_sessions,
        idle_seconds=args.idle_minutes * 60,
        terminal=args.terminal,
        content=content,
    )
