"""The web server behind ``paddehatten serve``: the pages, and with ``--terminal`` the
app in a browser (its page, its websocket, one app process per tab).

Run by the supervisor (:mod:`paddehatten.tui.web.supervisor`) as
``python -m paddehatten.tui.web.server --lifeline CONFIG_JSON``. It uses aiohttp and
textual-serve's browser files (xterm.js and its client script), never Textual itself:
each tab's app is a process of its own (:class:`AppSession`).

What it guards, that textual-serve alone does not:

- The Host header must name this machine (an IP address, its host name, ``localhost``
  or a name given with ``--public-url``/``--allow-origin``): a DNS-rebinding page that
  reaches us as ``evil.example`` gets 421.
- No request for a page starts a process: a tab's app starts when its websocket has
  come and the browser has said its size, at that size.
- The websocket's Origin must be the page's own (or one given with ``--allow-origin``):
  a page on another site gets 403 and no app.
- At most ``max_sessions`` app processes; the next person gets a Danish page, or, when
  the page was already open, a close code the page turns into the same message.
- A session nobody typed in for ``idle_seconds`` is closed; a browser that stops
  answering pings is closed; its app is stopped and waited for every time.
- Connections are bounded: at most :func:`connection_limit` at once, well below the
  file-descriptor limit (the oldest one not in the middle of a request gives way to a
  new one); a connection that has not sent a whole request within
  :data:`HEADER_TIMEOUT` is closed; a request (its body included) gets
  :data:`REQUEST_TIMEOUT`; paths are bounded in length and depth.
- Errors are logged in a bounded way (:class:`BoundedLog`): one line each, no
  traceback, each kind once and then only at 10, 100, 1000 … times; an exception by
  its name only, as its message may quote the request (whose address may carry
  answers in the decision tree).
- With ``--lifeline`` the server ends when its standard input closes: the supervisor
  holds the other end, so even ``kill -9`` of the supervisor ends the server and apps.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import ipaddress
import logging
import os
import signal
import socket
import sys
import threading
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from typing import Any, TextIO
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from paddehatten.content import ContentError
from paddehatten.tui.web.config import ConfigError, ServerConfig, normalize_origin
from paddehatten.tui.web.edition import SECURITY_HEADERS, TERMINAL_PATHS, Edition
from paddehatten.tui.web.session import AppSession, TokenBucket, asked_size, clamp_size

#: The websocket close codes the page knows (4000-4999 are the application's own).
CLOSE_FULL = 4001
CLOSE_IDLE = 4002
CLOSE_SHUTDOWN = 1001
#: Seconds between the server's pings; a browser that misses one's pong is gone.
HEARTBEAT = 20.0
#: The largest websocket message a browser may send; bigger closes the connection.
MAX_MESSAGE = 64 * 1024
#: How long the server waits for the browser to say its size before it starts the app
#: at the size in the websocket's address, and how many other messages may come first.
SIZE_WAIT = 5.0
MAX_BEFORE_SIZE = 20
#: A connection must have sent a whole request this many seconds after it opened or
#: after its last answer (aiohttp's keep-alive timeout, which counts from the start).
HEADER_TIMEOUT = 10.0
#: A request, its body included, must be answered within this many seconds.
REQUEST_TIMEOUT = 30.0
#: The longest path, and the most path segments, a request may have.
MAX_PATH = 2048
MAX_SEGMENTS = 32
#: The largest request body (no page of ours takes one larger).
MAX_BODY = 256 * 1024
#: How many connections the server wants at most, and what it keeps of the descriptor
#: limit for everything else: its own files, connections still closing, and the three
#: pipes of every app process.
MAX_CONNECTIONS = 4096
LISTEN_BACKLOG = 128
FD_RESERVE = 64 + LISTEN_BACKLOG
FDS_PER_SESSION = 4
#: Linux prctl option: the signal this process gets when the supervisor dies.
PR_SET_PDEATHSIG = 1
#: The longest line the log gets.
MAX_LOG_LINE = 300

PAGES = Path(__file__).resolve().parent
#: Where the terminal lives, and the browser files its page may load.
TERMINAL = "/terminal/"
TERMINAL_FILES = (
    "css/xterm.css",
    "js/textual.js",
    "fonts/RobotoMono-VariableFont_wght.ttf",
)


def _static_folder() -> Path:
    """textual-serve's browser files (xterm.js, textual.js, the font)."""
    return Path(str(files("textual_serve") / "static"))


class BoundedLog:
    """The server's error log on stderr, bounded whatever happens: one line per error
    with no traceback, cut to MAX_LOG_LINE; an error of a kind seen before is only
    counted, and said again at 10, 100, 1000 … times; and at most ``burst`` lines at
    once, ``rate`` a second after that (what is held back is counted and said)."""

    def __init__(self, stream: TextIO | None = None, *, rate: float = 0.5, burst: int = 30):
        self.stream = stream
        self.seen: dict[str, int] = {}
        self.budget = TokenBucket(rate=rate, burst=burst)
        self.held_back = 0

    def error(self, kind: str, text: str) -> None:
        if kind not in self.seen and len(self.seen) >= 1000:
            kind = "?"
        count = self.seen[kind] = self.seen.get(kind, 0) + 1
        if count == 1:
            line = text
        elif _power_of_ten(count):
            line = f"{text} (sket {count} gange)"
        else:
            return
        if not self.budget.take(1):
            self.held_back += 1
            return
        if self.held_back:
            line += f" ({self.held_back} andre fejlbeskeder holdt tilbage)"
            self.held_back = 0
        line = " ".join(line.split())
        if len(line) > MAX_LOG_LINE:
            line = line[: MAX_LOG_LINE - 1] + "…"
        stream = self.stream if self.stream is not None else sys.stderr
        with contextlib.suppress(OSError, ValueError):
            print(f"paddehatten serve: {line}", file=stream, flush=True)

    def loop_exception(self, loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
        """asyncio's exception handler: errors no one awaited, failed accepts, …"""
        error = context.get("exception")
        message = str(context.get("message", "fejl"))
        kind = f"loop:{message}:{type(error).__name__}"
        self.error(kind, f"{message} ({type(error).__name__})" if error is not None else message)

    def handler(self) -> logging.Handler:
        """A logging handler for aiohttp's and asyncio's loggers."""
        log = self

        class Bounded(logging.Handler):
            def emit(self, record: logging.LogRecord) -> None:
                try:
                    text = record.getMessage()
                except (TypeError, ValueError):
                    text = str(record.msg)
                if record.exc_info and record.exc_info[1] is not None:
                    # Its name only: a message may quote the request (and its answers).
                    text = f"{text} ({type(record.exc_info[1]).__name__})"
                log.error(f"{record.name}:{record.msg}", text)

        return Bounded(logging.WARNING)

    def install(self, loop: asyncio.AbstractEventLoop) -> None:
        loop.set_exception_handler(self.loop_exception)
        for name in ("aiohttp", "asyncio"):
            logger = logging.getLogger(name)
            logger.handlers[:] = [self.handler()]
            logger.setLevel(logging.WARNING)
            logger.propagate = False


def _power_of_ten(number: int) -> bool:
    while number % 10 == 0:
        number //= 10
    return number == 1


def connection_limit(max_sessions: int) -> int:
    """How many connections may be open at once: MAX_CONNECTIONS, or fewer when the
    file-descriptor limit (RLIMIT_NOFILE, raised to its hard limit as far as needed)
    leaves less after FD_RESERVE and every app's pipes. At least 16."""
    reserve = FD_RESERVE + FDS_PER_SESSION * max_sessions
    try:
        import resource
    except ImportError:  # Windows: no descriptor limit of this kind
        return MAX_CONNECTIONS
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = MAX_CONNECTIONS + reserve
    if soft != resource.RLIM_INFINITY and soft < wanted:
        raised = wanted if hard == resource.RLIM_INFINITY else min(hard, wanted)
        with contextlib.suppress(OSError, ValueError):
            resource.setrlimit(resource.RLIMIT_NOFILE, (raised, hard))
            soft = raised
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(16, min(MAX_CONNECTIONS, soft - reserve))


class Refused(asyncio.Protocol):
    """A connection beyond the limit when every open one is in the middle of a request:
    told so and closed."""

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        if isinstance(transport, asyncio.WriteTransport):
            transport.write(
                b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\n"
                b"Retry-After: 5\r\nConnection: close\r\n\r\n"
            )
        transport.close()


class ConnectionGuard:
    """The protocol factory the listening sockets use: aiohttp's, with at most ``limit``
    connections. When full, the oldest connection not in the middle of a request (one
    that is idle, or still sending its headers) is closed to make room; when every one
    is busy, the new one is refused with 503."""

    def __init__(self, limit: int, log: BoundedLog) -> None:
        self.limit = limit
        self.log = log
        self.server: web.Server | None = None
        #: The connections in the middle of a request (a websocket is, all its life).
        self.busy: dict[object, int] = {}
        self.evicted = 0

    def __call__(self) -> asyncio.BaseProtocol:
        assert self.server is not None
        connections = self.server.connections  # oldest first
        if len(connections) >= self.limit:
            for handler in connections:
                if handler not in self.busy and handler.transport is not None:
                    handler.force_close()
                    self.evicted += 1
                    self.log.error(
                        "evicted",
                        f"{self.limit} forbindelser er grænsen: den ældste, der ikke var "
                        "midt i en forespørgsel, blev lukket",
                    )
                    break
            else:
                self.log.error(
                    "refused", f"{self.limit} forbindelser, alle i gang: en ny blev afvist"
                )
                return Refused()
        return self.server()


class HostPolicy:
    """Which Host headers name this server, and which page origins may open the app."""

    def __init__(self, config: ServerConfig) -> None:
        names = {"localhost"}
        with contextlib.suppress(OSError):
            hostname = socket.gethostname().lower()
            names |= {hostname, f"{hostname}.local", socket.getfqdn().lower()}
        for host in config.hosts:
            if not _is_ip(host):
                names.add(host.lower())
        self.origins: set[str] = set()
        for origin in ([config.public_url] if config.public_url else []) + list(
            config.allowed_origins
        ):
            normal = normalize_origin(origin)
            self.origins.add(normal)
            names.add(str(urlsplit(normal).hostname))
        self.names = frozenset(names)
        self._known: dict[str, bool] = {}

    def host_ok(self, host: str | None) -> bool:
        """Whether ``host`` names this server (remembered for the last few hundred
        names asked about: the same few come with every request)."""
        if host is None:
            return False
        known = self._known.get(host)
        if known is None:
            known = self._host_ok(host)
            if len(self._known) >= 256:
                self._known.clear()
            self._known[host] = known
        return known

    def _host_ok(self, host: str) -> bool:
        hostname = _hostname(host)
        if hostname is None:
            return False
        return _is_ip(hostname) or hostname in self.names

    def origin_ok(self, origin: str | None, host: str | None) -> bool:
        """The page's own origin (scheme aside: behind a TLS proxy the server sees
        http), or one of the configured origins."""
        if not origin or not host or not self.host_ok(host):
            return False
        try:
            normal = normalize_origin(origin)
            scheme = urlsplit(normal).scheme
            own = normalize_origin(f"{scheme}://{host}")
        except ConfigError:
            return False
        return normal == own or normal in self.origins


def _hostname(host: str | None) -> str | None:
    if not host:
        return None
    try:
        parts = urlsplit(f"//{host}")
        parts.port  # noqa: B018 (raises on a port that is not a number)
    except ValueError:
        return None
    return parts.hostname.lower() if parts.hostname else None


def _is_ip(text: str) -> bool:
    try:
        ipaddress.ip_address(text.strip("[]"))
    except ValueError:
        return False
    return True


def app_environment() -> dict[str, str]:
    """The environment of every app process: Textual's web driver on stdin/stdout, and
    settings kept in memory only (what one tab chooses is no one else's setting)."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    environment.update(
        TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
        TEXTUAL_FPS="60",
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",
        TERM_PROGRAM_VERSION=version("textual-serve"),
        PYTHONUNBUFFERED="1",
        PADDEHATTEN_SETTINGS="memory",
    )
    return environment


class WebServer:
    def __init__(
        self,
        config: ServerConfig,
        edition: Edition | None = None,
        log: BoundedLog | None = None,
    ) -> None:
        self.config = config
        #: The web edition at "/": pages from the handbook, no process per reader.
        self.edition = edition if edition is not None else Edition.load(config.content)
        self.policy = HostPolicy(config)
        self.log = log or BoundedLog()
        #: Its limit is set by :func:`run` (which may raise the descriptor limit).
        self.guard = ConnectionGuard(MAX_CONNECTIONS, self.log)
        self.environment = app_environment()
        self.sessions: dict[AppSession, web.WebSocketResponse] = {}
        self.closing = False
        self._page = (PAGES / "app_index.html").read_text(encoding="utf-8")
        self._full = (PAGES / "full.html").read_text(encoding="utf-8")
        static = _static_folder()
        self._files = {name: static / name for name in TERMINAL_FILES}

    def make_app(self) -> web.Application:
        app = web.Application(
            middlewares=[self.check_request, self.edition.middleware], client_max_size=MAX_BODY
        )
        self.edition.add_routes(app)
        if self.config.terminal:
            app.add_routes(self.terminal_routes())
        return app

    def terminal_routes(self) -> list[web.RouteDef]:
        """``serve --terminal``: the app in a browser, under TERMINAL."""
        return [
            web.get(TERMINAL.rstrip("/"), self.handle_terminal_folder),
            web.get(TERMINAL, self.handle_index),
            web.get(TERMINAL + "ws", self.handle_websocket),
            web.get(TERMINAL + "static/{name:.+}", self.handle_static),
        ]

    @web.middleware
    async def check_request(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        if not self.policy.host_ok(request.headers.get("Host")):
            return web.Response(
                status=421,
                text="Serveren kender ikke det navn, den blev nået med.\n",
                charset="utf-8",
            )
        if len(request.raw_path) > MAX_PATH:
            if request.path.startswith(TERMINAL_PATHS):
                return web.Response(status=414, text="Adressen er for lang.\n", charset="utf-8")
            # The edition's own page, with its navigation, never the words asked for.
            too_long = self.edition.error_page(request, 414)
            too_long.headers.update(SECURITY_HEADERS)
            return too_long
        if request.rel_url.raw_path.count("/") > MAX_SEGMENTS:
            return web.Response(status=404, text="Siden findes ikke.\n", charset="utf-8")
        busy = self.guard.busy
        protocol = request.protocol
        busy[protocol] = busy.get(protocol, 0) + 1
        try:
            if request.headers.get("Upgrade", "").lower() == "websocket":
                response = await handler(request)  # it lives as long as its tab
            else:
                try:
                    async with asyncio.timeout(REQUEST_TIMEOUT):
                        response = await handler(request)
                except TimeoutError:
                    return web.Response(
                        status=408, text="Forespørgslen tog for lang tid.\n", charset="utf-8"
                    )
        finally:
            left = busy.pop(protocol, 1) - 1
            if left > 0:
                busy[protocol] = left
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @property
    def full(self) -> bool:
        return self.closing or len(self.sessions) >= self.config.max_sessions

    async def handle_terminal_folder(self, request: web.Request) -> web.Response:
        raise web.HTTPPermanentRedirect(TERMINAL.strip("/") + "/")

    async def handle_static(self, request: web.Request) -> web.StreamResponse:
        path = self._files.get(request.match_info["name"])
        if path is None:
            raise web.HTTPNotFound(text="Filen findes ikke.\n")
        return web.FileResponse(path, headers={"Cache-Control": "max-age=3600"})

    async def handle_index(self, request: web.Request) -> web.Response:
        """The terminal's page. Starts nothing: the app starts when its websocket comes."""
        title = html.escape(self.config.title)
        if self.full:
            body = self._full.replace("$title", title).replace(
                "$max", str(self.config.max_sessions)
            )
            return web.Response(
                status=503,
                text=body,
                content_type="text/html",
                charset="utf-8",
                headers={"Retry-After": "30", "Cache-Control": "no-store"},
            )
        try:
            font_size = min(max(int(request.query.get("fontsize", "16")), 8), 40)
        except ValueError:
            font_size = 16
        body = (
            self._page.replace("$title", title)
            .replace("$font_size", str(font_size))
            .replace("$max", str(self.config.max_sessions))
            .replace("$idle", f"{self.config.idle_seconds / 60:g}")
        )
        return web.Response(
            text=body,
            content_type="text/html",
            charset="utf-8",
            headers={"Cache-Control": "no-store"},
        )

    def new_session(self) -> AppSession:
        async def nowhere(data: object) -> None:
            return None

        return AppSession(
            self.config.command,
            environment=self.environment,
            memory_bytes=self.config.memory_bytes,
            send_bytes=nowhere,
            send_text=nowhere,
        )

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.policy.origin_ok(request.headers.get("Origin"), request.headers.get("Host")):
            return web.Response(status=403, text="Siden kommer fra en anden adresse.\n")
        websocket = web.WebSocketResponse(
            heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE, compress=False
        )
        await websocket.prepare(request)
        if self.full:  # checked and taken with no await between: the cap holds
            await websocket.close(code=CLOSE_FULL, message=b"full")
            return websocket
        session = self.new_session()
        self.sessions[session] = websocket
        tasks: list[asyncio.Task[None]] = []
        try:
            size = await self._browser_size(request, websocket)
            if size is None:  # gone before it said its size: no app was started
                return websocket
            session.send_bytes = websocket.send_bytes
            session.send_text = websocket.send_str
            session.last_input = asyncio.get_running_loop().time()
            await session.start(*size)
            tasks.append(asyncio.create_task(self._carry(session, websocket)))
            tasks.append(asyncio.create_task(self._watch_idle(session, websocket)))
            async for message in websocket:
                if message.type == WSMsgType.TEXT:
                    await session.handle(message.data)
        except Exception as error:  # one broken session must not end the server
            self.log.error(
                f"session:{type(error).__name__}", f"en session fejlede ({type(error).__name__})"
            )
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.shield(self._end(session, websocket))
        return websocket

    async def _browser_size(
        self, request: web.Request, websocket: web.WebSocketResponse
    ) -> tuple[int, int] | None:
        """The size the browser says in its first resize message; None if it goes away
        first. After SIZE_WAIT (or MAX_BEFORE_SIZE other messages), the size in the
        websocket's address."""
        fallback = clamp_size(
            _int(request.query.get("width"), 80), _int(request.query.get("height"), 24)
        )
        with contextlib.suppress(TimeoutError):
            async with asyncio.timeout(SIZE_WAIT):
                for _ in range(MAX_BEFORE_SIZE):
                    message = await websocket.receive()
                    if message.type in (
                        WSMsgType.CLOSE,
                        WSMsgType.CLOSING,
                        WSMsgType.CLOSED,
                        WSMsgType.ERROR,
                    ):
                        return None
                    if message.type == WSMsgType.TEXT:
                        size = asked_size(message.data)
                        if size is not None:
                            return size
        return None if websocket.closed else fallback

    async def _carry(self, session: AppSession, websocket: web.WebSocketResponse) -> None:
        with contextlib.suppress(ConnectionError):
            await session.pump()
        await websocket.close()  # the app ended: so does the tab's connection

    async def _watch_idle(self, session: AppSession, websocket: web.WebSocketResponse) -> None:
        limit = self.config.idle_seconds
        loop = asyncio.get_running_loop()
        while True:
            left = session.last_input + limit - loop.time()
            if left <= 0:
                await websocket.close(code=CLOSE_IDLE, message=b"idle")
                return
            await asyncio.sleep(min(left + 0.05, 60.0))

    async def _end(self, session: AppSession, websocket: web.WebSocketResponse | None) -> None:
        try:
            await session.stop()
        finally:
            self.sessions.pop(session, None)
            if websocket is not None:
                with contextlib.suppress(Exception):
                    await websocket.close()

    async def close_all(self) -> None:
        """Stop every app (at once) and close every tab."""
        self.closing = True
        pairs = list(self.sessions.items())
        await asyncio.gather(
            *(ws.close(code=CLOSE_SHUTDOWN, message=b"bye") for _, ws in pairs),
            *(session.stop() for session, _ in pairs),
            return_exceptions=True,
        )


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def die_with_parent() -> None:
    """Linux: get SIGTERM when the supervisor dies (the lifeline covers the rest)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, int(signal.SIGTERM), 0, 0, 0)


def watch_lifeline(loop: asyncio.AbstractEventLoop, stop: asyncio.Event) -> None:
    """End the server when standard input closes (the supervisor is gone)."""

    def wait() -> None:
        with contextlib.suppress(OSError, ValueError):
            while sys.stdin.buffer.read(1024):
                pass
        loop.call_soon_threadsafe(stop.set)

    threading.Thread(target=wait, name="lifeline", daemon=True).start()


async def run(config: ServerConfig, *, lifeline: bool) -> None:
    loop = asyncio.get_running_loop()
    log = BoundedLog()
    log.install(loop)
    try:
        server = WebServer(config, log=log)
    except ContentError as error:
        print(f"paddehatten serve: håndbogen kan ikke vises:\n{error}", file=sys.stderr)
        raise SystemExit(2) from None
    runner = web.AppRunner(
        server.make_app(),
        access_log=None,  # addresses carry answers in the decision tree: never logged
        shutdown_timeout=3.0,
        keepalive_timeout=HEADER_TIMEOUT,
        handler_cancellation=True,
    )
    await runner.setup()
    server.guard.server = runner.server
    server.guard.limit = connection_limit(config.max_sessions)
    listening = [
        await loop.create_server(
            server.guard, host, config.port, backlog=LISTEN_BACKLOG, reuse_address=True
        )
        for host in config.hosts
    ]
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows
            loop.add_signal_handler(sig, stop.set)
    if lifeline:
        watch_lifeline(loop, stop)
    try:
        await stop.wait()
    finally:
        for sockets in listening:
            sockets.close()
        await server.close_all()
        await runner.cleanup()


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="paddehatten-web")
    parser.add_argument("--lifeline", action="store_true", help="stop when stdin closes")
    parser.add_argument("config", help="ServerConfig as JSON")
    args = parser.parse_args(argv)
    config = ServerConfig.from_json(args.config)
    if args.lifeline:
        die_with_parent()
    asyncio.run(run(config, lifeline=args.lifeline))


if __name__ == "__main__":
    main()
