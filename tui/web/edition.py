"""The web edition: the handbook as server-rendered pages, at ``/`` of ``paddehatten serve``.

Every page is made from the same content, index and tree code as the terminal: the
sections' words (:mod:`paddehatten.content`), the Danish search
(:mod:`paddehatten.index`) and the decision tree's :class:`~paddehatten.content.tree.Walk`.
Nothing is kept on the server between requests: a walk through the tree lives in the
page's address (``?svar=1&svar=3``: each answer's position, never its words, so the
browser's history holds numbers and neutral page titles) and its forms, and is rebuilt
from them on every request. Answers are never stored and never written anywhere (the
server keeps no access log).

Pages (every ``<body>`` has ``data-page`` and one ``<h1>``)::

    /                                  forside
    /afsnit/<id>                       afsnit
    /soeg?q=…                          soeg
    /beslutning/<træ>?svar=1&svar=3    spoergsmaal, or resultat once the walk ends
    /udskriv                           udskriv

Links are relative, so the edition also works below a path of a reverse proxy
(``https://intra.example/haandbog/``). Never imports Textual.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Awaitable, Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources import files
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import web
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from paddehatten.content import DEFAULT_CONTENT, ContentError, Handbook, Section
from paddehatten.content.links import section_link_target
from paddehatten.content.revisions import whats_new
from paddehatten.content.safetext import safe_text
from paddehatten.content.tree import DecisionTree, Outcome, Question, Walk, WalkError
from paddehatten.index import SearchIndex, open_index
from paddehatten.index.search import Hit, SearchResult
from paddehatten.index.tree_documents import tree_documents, tree_of
from paddehatten.tui import labels

HERE = Path(__file__).resolve().parent
#: The longest search text read; more is cut off (a search box never needs more).
MAX_QUERY = 200
#: The most answers an address may carry (a walk asks at most 5 questions).
MAX_ANSWERS = 20
#: The most texts of the decision tree a search lists (they are a hint, not the rules).
MAX_TREE_HITS = 3
#: The files below ``/filer/``, and their types: nothing else is served from there.
STATIC_FILES = {
    "stil.css": "text/css",
    "soeg.js": "text/javascript",
}
#: Every page of the edition: no script but our own file, no style but our own sheet,
#: nothing from another site, never inside another site's frame.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = {
    "Content-Security-Policy": CONTENT_SECURITY_POLICY,
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
#: The paths of the terminal in the browser (``serve --terminal``): not the edition's.
TERMINAL_PATHS = ("/terminal", "/ws", "/static/")

#: Words on the pages, in one place.
ERROR_TITLE_PREFIX = "Fejl: "
ERROR_SUMMARY = "Der er et problem"
CHOOSE_ONE = "Vælg det svar, der passer bedst"
WRONG_ANSWERS = "Svarene i adressen passer ikke til spørgsmålene. Start forfra på beslutningstræet."


@dataclass(frozen=True)
class Page:
    """A page to render: its template, ``data-page``, and what the template needs."""

    template: str
    kind: str
    values: Mapping[str, Any]
    status: int = 200


class Edition:
    """The pages of one handbook. Holds only what never changes while serving: the
    handbook, its trees, the search index and the templates."""

    def __init__(self, handbook: Handbook, trees: Sequence[DecisionTree], index: SearchIndex):
        self.handbook = handbook
        self.trees = {tree.id: tree for tree in trees}
        self.index = index
        # «Hvad er nyt»: the changes since the previous adopted text, read once.
        self.news = whats_new(handbook)
        self.templates = Environment(
            loader=FileSystemLoader(HERE / "templates"),
            autoescape=select_autoescape(["html"], default=True),
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
        )
        self.templates.globals.update(
            handbook=handbook,
            labels=labels,
            edition_note=labels.edition_note(handbook),
            source_line=labels.source_line(handbook),
            first_tree=next(iter(self.trees.values()), None),
            titles_line=labels.EDITORIAL_TITLES_LINE if handbook.editorial_titles else None,
        )
        self.templates.filters.update(heading=self.heading, label=handbook.label)
        # Rendered once, for pages one folder down (/afsnit/…) and for the root (/udskriv).
        self._sections = {s.id: markdown_html(s.body, "../") for s in handbook.sections}
        self._printed = {s.id: markdown_html(s.body, "./") for s in handbook.sections}
        self._outcomes = {
            (tree.id, o.id): link_notes(markdown_html(o.body, "../"), handbook, "../")
            for tree in trees
            for o in tree.outcomes
        }

    @classmethod
    def load(cls, content: str | Path | None = None) -> Edition:
        """The edition of the handbook in ``content`` (default: the one shipped);
        ContentError when it cannot be read."""
        from paddehatten.content import load_handbook
        from paddehatten.content.tree import load_tree
        from paddehatten.content.tree.refs import tree_refs

        handbook = load_handbook(content if content is not None else DEFAULT_CONTENT)
        trees = []
        for ref in tree_refs(handbook.root):
            with contextlib.suppress(ContentError):  # a broken tree is left out, as in search
                trees.append(load_tree(handbook, ref.id))
        index = open_index(handbook, extra=tree_documents(handbook), cache=False)
        return cls(handbook, trees, index)

    # -- serving -------------------------------------------------------------------

    def add_routes(self, app: web.Application) -> None:
        app.add_routes(
            [
                web.get("/", self.front),
                web.get("/afsnit/{id}", self.section),
                web.get("/soeg", self.search),
                web.get("/beslutning/{tree}", self.tree),
                web.get("/udskriv", self.print_all),
                web.get("/filer/{name}", self.static),
            ]
        )

    @web.middleware
    async def middleware(
        self,
        request: web.Request,
        handler: Callable[[web.Request], Awaitable[web.StreamResponse]],
    ) -> web.StreamResponse:
        """Danish pages for unknown addresses and faults (never a traceback), and the
        edition's security headers on every page of it."""
        if request.path.startswith(TERMINAL_PATHS):
            return await handler(request)
        try:
            response = await handler(request)
        except web.HTTPNotFound:
            response = self.error_page(request, 404)
        except web.HTTPMethodNotAllowed:
            response = self.error_page(request, 405)
        except web.HTTPException:
            raise
        except Exception:  # one broken page must not show a traceback
            response = self.error_page(request, 500)
        response.headers.update(SECURITY_HEADERS)
        return response

    def render(self, request: web.Request, page: Page) -> web.Response:
        template = self.templates.get_template(page.template)
        body = template.render(page=page.kind, root=root_of(request.path), **page.values)
        return web.Response(
            status=page.status,
            text=body,
            content_type="text/html",
            charset="utf-8",
            headers={"Cache-Control": "no-store"},
        )

    def error_page(
        self,
        request: web.Request,
        status: int,
        message: str | None = None,
        *,
        start: str | None = None,
    ) -> web.Response:
        """A Danish page for a fault; ``start``: a link to the decision tree's start,
        for an address of the tree that cannot be used."""
        titles = {
            400: "Adressen kan ikke bruges",
            414: "Adressen er for lang",
            404: "Siden findes ikke",
            405: "Siden kan ikke bruges sådan",
            500: "Der skete en fejl",
        }
        texts = {
            400: "Adressen passer ikke til håndbogen. Den kan være skrevet forkert "
            "eller være fra en ældre udgave.",
            404: "Der er ingen side med den adresse. Måske er den skrevet forkert.",
            414: "Adressen er længere, end håndbogen tager imod. Den kan være skrevet "
            "forkert eller klippet sammen af flere adresser.",
            405: "Siden kan kun åbnes som en almindelig side.",
            500: "Siden kunne ikke vises. Prøv igen, eller gå til forsiden.",
        }
        return self.render(
            request,
            Page(
                "fejl.html",
                "fejl",
                {"title": titles[status], "message": message or texts[status], "start": start},
                status=status,
            ),
        )

    # -- pages ---------------------------------------------------------------------

    async def front(self, request: web.Request) -> web.Response:
        handbook = self.handbook
        chapters = [(c, handbook.in_chapter(c.id)) for c in handbook.chapters]
        return self.render(
            request,
            Page(
                "forside.html",
                "forside",
                {
                    "chapters": chapters,
                    "news": self.news,
                    "trees": list(self.trees.values()),
                },
            ),
        )

    async def section(self, request: web.Request) -> web.Response:
        handbook = self.handbook
        section = handbook.get(request.match_info["id"])
        if section is None:
            return self.error_page(
                request, 404, "Der er intet afsnit med den adresse. Se indholdet på forsiden."
            )
        return self.render(
            request,
            Page(
                "afsnit.html",
                "afsnit",
                {
                    "section": section,
                    "chapter": handbook.chapter(section.chapter),
                    "body": self._sections[section.id],
                    "caption": labels.editorial_caption(handbook)
                    if handbook.editorial_titles
                    else None,
                    "note": note_lines(section),
                    "previous": handbook.neighbour(section.id, -1),
                    "next": handbook.neighbour(section.id, 1),
                },
            ),
        )

    async def search(self, request: web.Request) -> web.Response:
        query = " ".join(safe_text(request.query.get("q", "")[:MAX_QUERY], one_line=True).split())
        found: SearchResult | None = self.index.search(query) if query else None
        all_hits = list(found.hits) if found is not None else []
        hits = [self.hit_view(hit) for hit in all_hits if hit.kind == "section"]
        tree_hits = [self.hit_view(hit) for hit in all_hits if hit.kind != "section"]
        offer = self.offer_view(found)
        return self.render(
            request,
            Page(
                "soeg.html",
                "soeg",
                {
                    "query": query,
                    "found": found,
                    "any_hits": bool(all_hits),
                    "hits": hits,
                    "tree_hits": tree_hits[:MAX_TREE_HITS],
                    "tree_total": found.others if found is not None else 0,
                    "tree_start": self.tree_start(tree_hits) if offer is None else None,
                    "offer": offer,
                    "count": labels.count_text(found) if found is not None else "",
                    "only_found_as": only_found_as(all_hits),
                },
            ),
        )

    def tree_start(self, tree_hits: Sequence[Mapping[str, Any]]) -> str | None:
        """Where the group of the tree's texts in a search starts the tree: its start."""
        trees = [hit["tree"] for hit in tree_hits if hit["tree"] in self.trees]
        return f"beslutning/{trees[0]}" if trees else None

    def offer_view(self, found: SearchResult | None) -> dict[str, str] | None:
        """The decision tree the search offers before the hits (the query is about its
        question), as the first suggestion: marked as the tree, not a section."""
        offer = found.tree_offer if found is not None else None
        tree_id = tree_of(offer.id) if offer is not None else None
        if offer is None or tree_id is None or tree_id not in self.trees:
            return None
        return {
            "label": labels.TREE_OFFER,
            "title": self.trees[tree_id].title,
            "text": labels.TREE_OFFER_TEXT,
            "href": f"beslutning/{tree_id}",
        }

    def hit_view(self, hit: Hit) -> dict[str, Any]:
        section = self.handbook.get(hit.id) if hit.kind == "section" else None
        title: tuple[tuple[str, bool], ...] = hit.title_spans or ((hit.title, False),)
        if section is not None:
            heading = labels.section_heading(self.handbook, section)
            label = self.handbook.label(section)
            prefix = "" if label == section.title else f"{label} · "
            # The title with its matched words marked, when it is the section's own.
            if "".join(text for text, _ in title) != section.title:
                prefix, title = "", ((heading, False),)
            href = f"afsnit/{section.id}"
            kind = None
        else:
            heading = hit.title
            prefix = ""
            href = ""  # a tree's text is reached by walking the tree, not by a link
            kind = labels.TREE_HIT
        return {
            "tree": tree_of(hit.id) if hit.kind != "section" else None,
            "heading": heading,
            "prefix": prefix,
            "title": title,
            "href": href,
            "kind": kind,
            "snippet": hit.snippet,
            "found_as": labels.found_as_text(hit.found_as),
            "weak": labels.WEAK_HIT if hit.weak else None,
        }

    async def print_all(self, request: web.Request) -> web.Response:
        handbook = self.handbook
        chapters = [
            (c, [(s, self._printed[s.id], note_lines(s)) for s in handbook.in_chapter(c.id)])
            for c in handbook.chapters
        ]
        return self.render(request, Page("udskriv.html", "udskriv", {"chapters": chapters}))

    async def static(self, request: web.Request) -> web.Response:
        name = request.match_info["name"]
        kind = STATIC_FILES.get(name)
        if kind is None:
            raise web.HTTPNotFound()
        return web.Response(
            body=static_file(name),
            content_type=kind,
            charset="utf-8",
            headers={"Cache-Control": "public, max-age=3600"},
        )

    # -- the decision tree ----------------------------------------------------------

    async def tree(self, request: web.Request) -> web.StreamResponse:
        """One question or the outcome, from the answers in the address.

        ``svar`` (repeated): the answers so far, in order, each as its position among
        its question's answers (1 for the first), so the address (and the browser's
        history) holds numbers, never an answer's words. A form sends them as hidden
        fields plus the chosen radio button, and ``trin`` (the question's number) to
        tell that it was sent: ``trin`` with no new answer is the error "nothing
        chosen". ``skift=<n>`` asks the n-th question of the walk again ("Skift"); its
        form sends the new answer as ``nyt``, and the answers after it that still
        apply are kept (:meth:`Walk.change`). ``valgt=<n>`` ticks the n-th answer
        («Tilbage» comes back to a question with its earlier answer ticked). A sent
        form is answered with a redirect to the walk's own address, so the address
        always reads ``?svar=1&svar=3``.
        """
        tree = self.trees.get(request.match_info["tree"])
        if tree is None:
            return self.error_page(request, 404, "Der er intet beslutningstræ med den adresse.")
        query = request.query
        replies = query.getall("svar", [])
        start = f"{root_of(request.path)}beslutning/{tree.id}"
        if len(replies) > MAX_ANSWERS:
            return self.error_page(request, 400, start=start)
        try:
            walk = Walk.from_answers(tree, replies)
        except WalkError:
            return self.error_page(request, 400, WRONG_ANSWERS, start=start)
        if not all(_is_number(reply) for reply in replies):
            # An older address named the answers: it now carries their positions.
            raise web.HTTPSeeOther(walk_address(walk))
        sent = "trin" in query
        change = query.get("skift")
        if change is not None:
            steps = walk.answers
            number = _int(change)
            if not 1 <= number <= len(steps):
                return self.error_page(request, 400, WRONG_ANSWERS, start=start)
            question_id = steps[number - 1].question.id
            changing = walk.change(question_id)
            new = query.get("nyt")
            if new is not None:
                answer = changing.find_answer(new) if _is_number(new) else None
                if answer is None:
                    return self.error_page(request, 400, WRONG_ANSWERS, start=start)
                raise web.HTTPSeeOther(walk_address(changing.answer(answer.id)))
            return self.question_page(
                request, changing, walk, error=sent, chosen=changing.remembered(question_id)
            )
        if sent:
            if walk.finished or len(replies) >= _int(query.get("trin")):
                raise web.HTTPSeeOther(walk_address(walk))
            return self.question_page(request, walk, walk, error=True)
        if walk.finished:
            return self.outcome_page(request, walk)
        ticked = query.get("valgt")
        chosen = walk.find_answer(ticked) if ticked is not None and _is_number(ticked) else None
        return self.question_page(
            request, walk, walk, error=False, chosen=chosen.id if chosen is not None else None
        )

    def question_page(
        self,
        request: web.Request,
        walk: Walk,
        whole: Walk,
        *,
        error: bool,
        chosen: str | None = None,
    ) -> web.Response:
        """``walk`` stands at the question to show; ``whole`` is the walk the address
        carries (the same, except while changing an earlier answer)."""
        question = walk.current
        assert isinstance(question, Question)
        changing = whole is not walk
        back: str | None
        hidden = answer_fields(whole if changing else walk)
        if changing:
            hidden.append(("skift", str(walk.question_number)))
            field = "nyt"
            back = walk_address(whole)
        else:
            field = "svar"
            back = back_address(walk) if not walk.at_start else None
        return self.render(
            request,
            Page(
                "spoergsmaal.html",
                "spoergsmaal",
                {
                    "tree": walk.tree,
                    "question": question,
                    "progress": labels.progress(walk),
                    "hidden": hidden,
                    "field": field,
                    "step": walk.question_number,
                    "error": error,
                    "chosen": chosen,
                    "back": back,
                    "answers": self.answers_so_far(whole if changing else walk),
                    "start": walk.tree.id,
                    "title_prefix": ERROR_TITLE_PREFIX if error else "",
                    "error_summary": ERROR_SUMMARY,
                    "choose_one": CHOOSE_ONE,
                },
            ),
        )

    def answers_so_far(self, walk: Walk) -> list[dict[str, str]]:
        everything = walk_address(walk)
        joiner = "&" if "?" in everything else "?"
        return [
            {
                "question": step.question.text,
                "answer": step.answer.label,
                "change": f"{everything}{joiner}{urlencode({'skift': number})}",
            }
            for number, step in enumerate(walk.answers, start=1)
        ]

    def outcome_page(self, request: web.Request, walk: Walk) -> web.Response:
        handbook = self.handbook
        outcome = walk.current
        assert isinstance(outcome, Outcome)
        from paddehatten.tui.plain import quotes_to_show

        quotes = quotes_to_show(handbook, outcome)  # each quotation once
        grounds = [(s, self._sections[s.id]) for s in (handbook.get(c) for c in outcome.cites) if s]
        return self.render(
            request,
            Page(
                "resultat.html",
                "resultat",
                {
                    "tree": walk.tree,
                    "outcome": outcome,
                    "body": self._outcomes[(walk.tree.id, outcome.id)],
                    "quotes": quotes,
                    "grounds": grounds,
                    "answers": self.answers_so_far(walk),
                    "back": back_address(walk),
                    "start": walk.tree.id,
                },
            ),
        )

    def heading(self, section: Section) -> str:
        return labels.section_heading(self.handbook, section)


def only_found_as(hits: Sequence[Hit]) -> tuple[str, ...]:
    """The handbook's words every hit was found as, when no hit holds the words typed
    (a word from the word list, such as «insta» found as «sociale medier»); else ()."""
    if not hits or not all(hit.found_as for hit in hits):
        return ()
    words: dict[str, None] = {}
    for hit in hits:
        for word in hit.found_as:
            words.setdefault(word, None)
    return tuple(words)


def answer_fields(walk: Walk) -> list[tuple[str, str]]:
    """The answers of ``walk`` as the address carries them: ``("svar", "<position>")``,
    the position of each answer among its question's answers (1 for the first)."""
    return [("svar", str(step.question.answers.index(step.answer) + 1)) for step in walk.answers]


def walk_address(walk: Walk) -> str:
    """The address of ``walk``, relative to ``/beslutning/``: ``<træ>?svar=1&svar=3``."""
    answers = answer_fields(walk)
    return walk.tree.id + (f"?{urlencode(answers)}" if answers else "")


def back_address(walk: Walk) -> str:
    """One question back, with the answer given there ticked (``valgt``)."""
    last = answer_fields(walk)[-1:]
    earlier = walk_address(walk.back())
    if not last:
        return earlier
    joiner = "&" if "?" in earlier else "?"
    return f"{earlier}{joiner}{urlencode({'valgt': last[0][1]})}"


def root_of(path: str) -> str:
    """The relative way from ``path`` to the edition's root: "./" or "../"."""
    depth = path.count("/") - 1
    return "../" * depth if depth > 0 else "./"


def note_lines(section: Section) -> list[str]:
    return labels.note_text(section).splitlines() if section.note else []


def _is_number(text: str) -> bool:
    """Only the digits 0-9 (``str.isdigit`` also takes "²" and "٣")."""
    return text.isascii() and text.isdigit()


def _int(text: str | None) -> int:
    try:
        return int(text or "0")
    except ValueError:
        return 0


@lru_cache(maxsize=len(STATIC_FILES))
def static_file(name: str) -> bytes:
    return (files("paddehatten.tui.web") / "static" / name).read_bytes()


@lru_cache(maxsize=1)
def _markdown() -> Any:
    from markdown_it import MarkdownIt

    # No raw HTML: content text is shown as text, never as markup.
    return MarkdownIt("commonmark", {"html": False})


def markdown_html(text: str, root: str) -> Markup:
    """Markdown as HTML: raw HTML is escaped, links between sections point at their
    pages (``root``: the way from the page to the edition's root), links out of the
    handbook never send a referrer."""
    parser = _markdown()
    tokens = parser.parse(text)
    for token in _inline_tokens(tokens):
        if token.type == "link_open":
            href = str(token.attrs.get("href", ""))
            target = section_link_target(href)
            if target is not None:
                token.attrs["href"] = f"{root}afsnit/{target}"
            else:
                token.attrs["rel"] = "noreferrer"
    return Markup(
        parser.renderer.render(tokens, parser.options, {})
    )  # escaped by markdown-it (html off)


#: "(se redaktionens note under HUSK 1)", "(se redaktionens note om persondataloven
#: under Råd 3)" in an outcome's advice: the words a reader follows to the note.
_NOTE_REFERENCE = re.compile(
    r"\((se\s+)(redaktionens\s+note(?:\s+om\s+[^()<>]*?)?\s+under\s+(\w+\s+\d+))\)"
)


def link_notes(body: Markup, handbook: Handbook, root: str) -> Markup:
    """``body`` (HTML made by :func:`markdown_html`) with each reference to an editor's
    note under a point made a link to that point's note. Only escaped text is matched
    (no ``<``, ``>``), and only the point's own address is added."""
    by_label = {handbook.label(s).casefold(): s for s in handbook.sections if s.note}

    def link(match: re.Match[str]) -> str:
        section = by_label.get(" ".join(match.group(3).split()).casefold())
        if section is None:
            return match.group(0)
        href = f"{root}afsnit/{section.id}#note-label"
        return f'({match.group(1)}<a href="{href}">{match.group(2)}</a>)'

    return Markup(_NOTE_REFERENCE.sub(link, str(body)))  # only our own link is added


def _inline_tokens(tokens: Iterable[Any]) -> Iterable[Any]:
    for token in tokens:
        yield token
        if token.children:
            yield from _inline_tokens(token.children)
