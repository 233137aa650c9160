"""The web server behind ``paddehatten serve``: the page, its websocket, the app processes.

Run by the supervisor (:mod:`paddehatten.tui.cli.serve`) as
``python -m paddehatten.tui.web.server --lifeline CONFIG_JSON``. It uses aiohttp and
textual-serve's browser files (xterm.js and its client script), never Textual itself:
each tab's app is a process of its own (:class:`AppSession`).

What it guards, that textual-serve alone does not:

- The Host header must name this machine (an IP address, its host name, ``localhost``
  or a name given with ``--public-url``/``--allow-origin``): a DNS-rebinding page that
  reaches us as ``evil.example`` gets 421.
- The websocket's Origin must be the page's own (or one given with ``--allow-origin``):
  a page on another site gets 403 and no app.
- At most ``max_sessions`` app processes; the next person gets a Danish page, or, when
  the page was already open, a close code the page turns into the same message.
- A session nobody typed in for ``idle_seconds`` is closed; a browser that stops
  answering pings is closed; its app is stopped and waited for every time.
- With ``--lifeline`` the server ends when its standard input closes: the supervisor
  holds the other end, so even ``kill -9`` of the supervisor ends the server and apps.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import html
import ipaddress
import json
import os
import secrets
import signal
import socket
import sys
import threading
from collections.abc import Awaitable, Callable, Sequence
from importlib.metadata import version
from importlib.resources import files
from pathlib import Path
from urllib.parse import urlsplit

from aiohttp import WSMsgType, web

from paddehatten.content import ContentError
from paddehatten.tui.web.config import ConfigError, ServerConfig, normalize_origin
from paddehatten.tui.web.edition import Edition
from paddehatten.tui.web.session import AppSession

#: The websocket close codes the page knows (4000-4999 are the application's own).
CLOSE_FULL = 4001
CLOSE_IDLE = 4002
CLOSE_SHUTDOWN = 1001
#: Seconds between the server's pings; a browser that misses one's pong is gone.
HEARTBEAT = 20.0
#: The largest websocket message a browser may send; bigger closes the connection.
MAX_MESSAGE = 64 * 1024
#: The size such an app starts at, before the browser says its own.
HEAD_START_SIZE = (120, 40)
#: Linux prctl option: the signal this process gets when the supervisor dies.
PR_SET_PDEATHSIG = 1

PAGES = Path(__file__).resolve().parent


def _static_folder() -> Path:
    """textual-serve's browser files (xterm.js, textual.js, the font)."""
    return Path(str(files("textual_serve") / "static"))


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

    def host_ok(self, host: str | None) -> bool:
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
    """The environment of every app process: Textual's web driver on stdin/stdout."""
    environment = {key: value for key, value in os.environ.items() if not key.startswith("TEXTUAL")}
    environment.update(
        TEXTUAL_DRIVER="textual.drivers.web_driver:WebDriver",
        TEXTUAL_FPS="60",
        TEXTUAL_COLOR_SYSTEM="truecolor",
        TERM_PROGRAM="textual",
        TERM_PROGRAM_VERSION=version("textual-serve"),
        PYTHONUNBUFFERED="1",
    )
    return environment


class WebServer:
    def __init__(self, config: ServerConfig, edition: Edition | None = None) -> None:
        self.config = config
        #: The web edition at "/": pages from the handbook, no process per reader.
        self.edition = edition if edition is not None else Edition.load(config.content)
        self.policy = HostPolicy(config)
        self.environment = app_environment()
        self.sessions: dict[AppSession, web.WebSocketResponse | None] = {}
        #: Apps started with their page, by the ticket the page's websocket brings.
        self.waiting: dict[str, tuple[AppSession, asyncio.TimerHandle]] = {}
        self.closing = False
        self._tasks: set[asyncio.Future[None]] = set()
        self._page = (PAGES / "app_index.html").read_text(encoding="utf-8")
        self._full = (PAGES / "full.html").read_text(encoding="utf-8")

    def make_app(self) -> web.Application:
        app = web.Application(middlewares=[self.check_host, self.edition.middleware])
        self.edition.add_routes(app)
        app.add_routes(
            [
                # The terminal app in the browser, beside the edition.
                web.get("/terminal/", self.handle_index),
                web.get("/terminal/ws", self.handle_websocket),
                web.get("/terminal/ws/{ticket}", self.handle_websocket),
                web.static("/terminal/static", _static_folder()),
                web.get("/ws", self.handle_websocket),
                web.get("/ws/{ticket}", self.handle_websocket),
                web.static("/static", _static_folder()),
            ]
        )
        return app

    @web.middleware
    async def check_host(
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
        response = await handler(request)
        response.headers["X-Frame-Options"] = "DENY"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Referrer-Policy"] = "no-referrer"
        return response

    @property
    def full(self) -> bool:
        return self.closing or len(self.sessions) >= self.config.max_sessions

    async def handle_index(self, request: web.Request) -> web.Response:
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
        ticket = await self.head_start()
        body = (
            self._page.replace("$title", title)
            .replace("$ticket", ticket)
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

    async def head_start(self) -> str:
        """Start the app for a page being served: it starts while the browser loads the
        page's scripts. Returns the ticket its websocket will bring ("" if none)."""
        session = self.new_session()
        self.sessions[session] = None
        try:
            await session.start(*HEAD_START_SIZE)
        except OSError as error:
            print(f"paddehatten serve: kunne ikke starte appen ({error})", file=sys.stderr)
            await session.stop()
            self.sessions.pop(session, None)
            return ""
        ticket = secrets.token_urlsafe(16)
        loop = asyncio.get_running_loop()
        timer = loop.call_later(
            self.config.head_start_seconds, lambda: self._background(self._expire(ticket))
        )
        self.waiting[ticket] = (session, timer)
        return ticket

    def _background(self, work: Awaitable[None]) -> None:
        task = asyncio.ensure_future(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _expire(self, ticket: str) -> None:
        entry = self.waiting.pop(ticket, None)
        if entry is not None:
            try:
                await entry[0].stop()
            finally:
                self.sessions.pop(entry[0], None)

    async def handle_websocket(self, request: web.Request) -> web.StreamResponse:
        if not self.policy.origin_ok(request.headers.get("Origin"), request.headers.get("Host")):
            return web.Response(status=403, text="Siden kommer fra en anden adresse.\n")
        websocket = web.WebSocketResponse(
            heartbeat=HEARTBEAT, max_msg_size=MAX_MESSAGE, compress=False
        )
        await websocket.prepare(request)
        width = _int(request.query.get("width"), 80)
        height = _int(request.query.get("height"), 24)
        waiting = self.waiting.pop(request.match_info.get("ticket", ""), None)
        if waiting is not None:
            session, timer = waiting
            timer.cancel()
        elif self.full:  # checked and taken with no await between: the cap holds
            await websocket.close(code=CLOSE_FULL, message=b"full")
            return websocket
        else:
            session = self.new_session()
        session.send_bytes = websocket.send_bytes
        session.send_text = websocket.send_str
        session.last_input = asyncio.get_running_loop().time()
        self.sessions[session] = websocket
        tasks: list[asyncio.Task[None]] = []
        try:
            if waiting is not None:
                await session.handle(json.dumps(["resize", {"width": width, "height": height}]))
            else:
                await session.start(width, height)
            tasks.append(asyncio.create_task(self._carry(session, websocket)))
            tasks.append(asyncio.create_task(self._watch_idle(session, websocket)))
            async for message in websocket:
                if message.type == WSMsgType.TEXT:
                    await session.handle(message.data)
        except Exception as error:  # one broken session must not end the server
            print(f"paddehatten serve: en session fejlede ({error!r})", file=sys.stderr)
        finally:
            for task in tasks:
                task.cancel()
            await asyncio.shield(self._end(session, websocket))
        return websocket

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
        for _, timer in self.waiting.values():
            timer.cancel()
        self.waiting.clear()
        pairs = list(self.sessions.items())
        await asyncio.gather(
            *(ws.close(code=CLOSE_SHUTDOWN, message=b"bye") for _, ws in pairs if ws is not None),
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
    try:
        server = WebServer(config)
    except ContentError as error:
        print(f"paddehatten serve: håndbogen kan ikke vises:\n{error}", file=sys.stderr)
        raise SystemExit(2) from None
    # No access log: the decision tree's answers travel in the page address.
    runner = web.AppRunner(server.make_app(), access_log=None, shutdown_timeout=3.0)
    await runner.setup()
    for host in config.hosts:
        await web.TCPSite(runner, host, config.port).start()
    loop = asyncio.get_running_loop()
    stop = asyncio.Event()
    for sig in (signal.SIGINT, signal.SIGTERM):
        with contextlib.suppress(NotImplementedError, RuntimeError):  # Windows
            loop.add_signal_handler(sig, stop.set)
    if lifeline:
        watch_lifeline(loop, stop)
    try:
        await stop.wait()
    finally:
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
