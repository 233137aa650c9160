"""The web edition served as ``paddehatten serve`` serves it: the real aiohttp app
(host check, edition, terminal routes), in process for the HTTP tests and on a
loopback port in a thread for Chromium."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import AsyncIterator, Iterator
from html.parser import HTMLParser
from urllib.parse import urlencode

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.content.tree import load_tree
from paddehatten.tui.web.config import ServerConfig
from paddehatten.tui.web.edition import Edition
from paddehatten.tui.web.server import WebServer

TREE = "/beslutning/venneanmodning"
_SHIPPED_TREE = load_tree(load_handbook(DEFAULT_CONTENT), "venneanmodning")


def positions(*answer_ids: str) -> list[str]:
    """The positions (1 for a question's first answer) of the answers ``answer_ids``,
    given in turn from the tree's start: what the address carries instead of words."""
    node, out = _SHIPPED_TREE.start, []
    for answer_id in answer_ids:
        question = _SHIPPED_TREE.question(node)
        ids = [a.id for a in question.answers]
        out.append(str(ids.index(answer_id) + 1))
        node = question.answers[ids.index(answer_id)].next
    return out


def walk_of(*answer_ids: str) -> str:
    """``/beslutning/venneanmodning?svar=1&svar=2`` for the answers ``answer_ids``."""
    return TREE + "?" + urlencode([("svar", n) for n in positions(*answer_ids)])


def server_config(port: int = 0) -> ServerConfig:
    # The terminal command is never run by these tests: no page of the edition starts one.
    return ServerConfig(command=["false"], hosts=["127.0.0.1"], port=port, title="Paddehatten")


def edition_app(edition: Edition) -> web.Application:
    """The application ``serve`` runs, around ``edition``."""
    return WebServer(server_config(), edition).make_app()


@pytest.fixture(scope="session")
def edition() -> Edition:
    return Edition.load()


@pytest.fixture
async def client(edition: Edition) -> AsyncIterator[TestClient[web.Request, web.Application]]:
    async with TestClient(TestServer(edition_app(edition), host="127.0.0.1")) as test_client:
        yield test_client


class LiveServer:
    """The edition on 127.0.0.1 at a free port, in a thread with its own event loop."""

    def __init__(self, edition: Edition) -> None:
        self.edition = edition
        self.port = 0
        self._ready = threading.Event()
        self._loop = asyncio.new_event_loop()
        self._stop: asyncio.Event | None = None
        self._thread = threading.Thread(target=self._run, name="web-edition", daemon=True)

    def start(self) -> None:
        self._thread.start()
        if not self._ready.wait(30):
            raise RuntimeError("the web edition did not start")

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        self._loop.run_until_complete(self._serve())
        self._loop.close()

    async def _serve(self) -> None:
        runner = web.AppRunner(edition_app(self.edition), access_log=None)
        await runner.setup()
        site = web.TCPSite(runner, "127.0.0.1", 0)
        await site.start()
        server = site._server
        assert server is not None and server.sockets  # type: ignore[attr-defined]
        self.port = server.sockets[0].getsockname()[1]  # type: ignore[attr-defined]
        self._stop = asyncio.Event()
        self._ready.set()
        try:
            await self._stop.wait()
        finally:
            await runner.cleanup()

    def url(self, path: str = "/") -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def stop(self) -> None:
        if self._stop is not None:
            self._loop.call_soon_threadsafe(self._stop.set)
        self._thread.join(30)


@pytest.fixture(scope="session")
def live(edition: Edition) -> Iterator[LiveServer]:
    server = LiveServer(edition)
    server.start()
    try:
        yield server
    finally:
        server.stop()


class Outline(HTMLParser):
    """What the tests read from a page: body's data-page, the h1s, forms' fields,
    links, inline script and style."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.data_page: str | None = None
        self.lang: str | None = None
        self.h1 = 0
        self.inline_scripts = 0
        self.style_attributes = 0
        self.style_elements = 0
        self.links: list[str] = []
        self.hidden: list[tuple[str, str]] = []
        self.radios: list[tuple[str, str, bool]] = []
        self.button: tuple[str, str] | None = None
        self.texts: dict[str, str] = {}
        self._in: list[tuple[str, str]] = []
        self._text: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "body":
            self.data_page = found.get("data-page")
        if tag == "html":
            self.lang = found.get("lang")
        if tag == "h1":
            self.h1 += 1
        if tag == "script" and "src" not in found:
            self.inline_scripts += 1
        if tag == "style":
            self.style_elements += 1
        if "style" in found:
            self.style_attributes += 1
        if tag == "a" and "href" in found:
            self.links.append(found["href"])
        if tag == "input" and found.get("type") == "hidden":
            self.hidden.append((found["name"], found["value"]))
        if tag == "input" and found.get("type") == "radio":
            self.radios.append((found["name"], found["value"], "checked" in found))
        if tag == "button" and "name" in found:
            self.button = (found["name"], found["value"])

    def handle_data(self, data: str) -> None:
        self._text.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self._text).split())
