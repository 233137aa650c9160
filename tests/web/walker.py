"""A generic walker through the web edition's decision tree: it reads each page's form
the way a browser would (its action, method, hidden fields, radio buttons and submit
button), picks an answer, sends the form, and follows redirects, until the page's
``<body data-page="resultat">``. It knows no question, answer or address in advance,
and checks that the answers it sends travel as positions (``svar=2``), not words."""

from __future__ import annotations

import random
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import urlencode, urljoin

#: One fetched response: its final address, status, body and the headers asked for.
Fetch = Callable[[str], Awaitable[tuple[int, dict[str, str], str]]]
MAX_STEPS = 40
MAX_REDIRECTS = 5


@dataclass
class Form:
    action: str = ""
    method: str = "get"
    hidden: list[tuple[str, str]] = field(default_factory=list)
    radios: dict[str, list[str]] = field(default_factory=dict)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class PageReader(HTMLParser):
    """The body's data-page, its links and its forms."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page: str | None = None
        self.links: list[str] = []
        self.forms: list[Form] = []
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {name: value or "" for name, value in attrs}
        if tag == "body":
            self.page = a.get("data-page")
        elif tag == "a" and "href" in a:
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(action=a.get("action", ""), method=a.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is not None and tag == "input" and "name" in a:
            kind = a.get("type", "text").lower()
            if kind == "hidden":
                self._form.hidden.append((a["name"], a.get("value", "")))
            elif kind == "radio":
                self._form.radios.setdefault(a["name"], []).append(a.get("value", "on"))
            elif kind == "submit":
                self._form.buttons.append((a["name"], a.get("value", "")))
        elif (
            self._form is not None
            and tag == "button"
            and "name" in a
            and a.get("type", "submit").lower() == "submit"
        ):
            self._form.buttons.append((a["name"], a.get("value", "")))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def read(body: str) -> PageReader:
    reader = PageReader()
    reader.feed(body)
    reader.close()
    return reader


@dataclass
class Step:
    url: str
    status: int
    page: str | None
    headers: dict[str, str]


@dataclass
class Walker:
    fetch: Fetch
    choose: random.Random = field(default_factory=lambda: random.Random(17))
    steps: list[Step] = field(default_factory=list)

    async def get(self, url: str) -> tuple[str, PageReader]:
        """Fetch ``url``, following redirects; every response is one step."""
        for _ in range(MAX_REDIRECTS + 1):
            status, headers, body = await self.fetch(url)
            reader = read(body) if status < 300 or status >= 400 else PageReader()
            self.steps.append(Step(url, status, reader.page, headers))
            if status in (301, 302, 303, 307, 308):
                url = urljoin(url, headers["location"])
                continue
            if status != 200:
                raise AssertionError(f"{url} answered {status}")
            return url, reader
        raise AssertionError(f"more than {MAX_REDIRECTS} redirects from {url}")

    async def find_tree(self, front: str) -> tuple[str, PageReader]:
        """The first page linked from ``front`` that is a question page."""
        url, page = await self.get(front)
        for href in page.links:
            target = urljoin(url, href)
            if not target.startswith(urljoin(url, "/")) or "#" in href:
                continue
            found, reader = await self.get(target)
            if reader.page == "spoergsmaal":
                return found, reader
        raise AssertionError(f"no link on {front} leads to a question page")

    async def walk(self, front: str) -> tuple[str, PageReader]:
        """From the front page to an outcome; returns its address and page."""
        url, page = await self.find_tree(front)
        for _ in range(MAX_STEPS):
            if page.page == "resultat":
                return url, page
            assert page.page == "spoergsmaal", (url, page.page)
            (form,) = [form for form in page.forms if form.radios]
            assert form.method == "get", "the tree's forms are sent in the address"
            fields = list(form.hidden)
            for name, values in form.radios.items():
                fields.append((name, self.choose.choice(values)))
            fields.extend(form.buttons[:1])
            # The address keeps answers as their positions, never an answer's words
            # (the browser's history on a shared PC).
            carried = [value for name, value in fields if name in ("svar", "nyt", "skift")]
            assert all(value.isascii() and value.isdigit() for value in carried), carried
            action = urljoin(url, form.action or url)
            url, page = await self.get(f"{action.split('?')[0]}?{urlencode(fields)}")
        raise AssertionError(f"no outcome after {MAX_STEPS} questions")
