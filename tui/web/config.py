"""What the supervisor tells the web server: one JSON document on its command line.

Both processes import this module, so it stays small: no aiohttp, no Textual.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from urllib.parse import urlsplit

#: One institution's staff on one small machine.
DEFAULT_MAX_SESSIONS = 20
#: A tab nobody has typed in for this long is closed (its app ends).
DEFAULT_IDLE_MINUTES = 30.0
#: Address space one app process may take (RLIMIT_AS, POSIX). An app uses far less;
#: the limit only stops a runaway one from taking the machine.
DEFAULT_MEMORY_BYTES = 1536 * 1024 * 1024
#: The largest screen a browser may ask for, in cells. A 4K screen at the smallest
#: font readable is about 480 x 135.
MAX_COLUMNS = 500
MAX_ROWS = 200
MIN_COLUMNS = 20
MIN_ROWS = 5


class ConfigError(ValueError):
    """An option value that cannot work, in one Danish sentence."""


@dataclass(frozen=True)
class ServerConfig:
    """Everything the web server child needs (see :mod:`paddehatten.tui.web.server`)."""

    #: The program each browser tab runs, as an argument list (never through a shell).
    command: list[str]
    #: The addresses to listen on (``::`` also listens on ``0.0.0.0``).
    hosts: list[str]
    port: int
    title: str
    #: The address people use when a reverse proxy sits in front (``https://...``).
    public_url: str | None = None
    #: Further page origins whose websocket is accepted, as ``scheme://host[:port]``.
    allowed_origins: list[str] = field(default_factory=list)
    max_sessions: int = DEFAULT_MAX_SESSIONS
    idle_seconds: float = DEFAULT_IDLE_MINUTES * 60
    memory_bytes: int = DEFAULT_MEMORY_BYTES
    #: Serve the terminal app at ``/terminal/`` (``serve --terminal``). Without it no
    #: app process is ever started and there is no websocket.
    terminal: bool = False
    #: The handbook folder the web edition shows (None: the one shipped).
    content: str | None = None

    def to_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> ServerConfig:
        return cls(**json.loads(text))


def normalize_origin(text: str) -> str:
    """``scheme://host[:port]`` in lower case with the scheme's default port left out;
    ConfigError unless ``text`` is an http(s) origin (or a URL, whose path is dropped)."""
    try:
        parts = urlsplit(text.strip())
        port = parts.port
    except ValueError:
        raise ConfigError(f"'{text}' er ikke en gyldig adresse") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ConfigError(f"'{text}' skal begynde med http:// eller https:// og have et værtsnavn")
    host = parts.hostname.lower()
    if ":" in host:
        host = f"[{host}]"
    default = 80 if parts.scheme == "http" else 443
    shown = f":{port}" if port is not None and port != default else ""
    return f"{parts.scheme}://{host}{shown}"
