"""A stand-in for the web edition (``paddehatten.tui.web.edition``) while it is not on
this branch: the scale test puts this folder on PYTHONPATH, so every Python process of
``paddehatten serve`` imports it at start and the server gets a few stateless pages in
the GOV.UK question-page form (one question per page, radios, hidden answers so far,
a submit button with ``trin``, a 303 to the walk's own address, an outcome page).
Used only by tests/web/test_scale.py, and only when the real edition is missing."""

from __future__ import annotations

import html
from typing import Any

QUESTIONS = [
    ("kender", "Kender du personen?", [("ja", "Ja"), ("nej", "Nej")]),
    ("rolle", "Er personen forælder i institutionen?", [("ja", "Ja"), ("nej", "Nej")]),
    ("alder", "Er barnet over 15?", [("ja", "Ja"), ("nej", "Nej")]),
]


def _page(kind: str, title: str, main: str) -> str:
    return (
        f'<!DOCTYPE html><html lang="da"><head><meta charset="utf-8"><title>{title}</title>'
        f'</head><body data-page="{kind}"><main>{main}</main></body></html>'
    )


def _install() -> None:
    from aiohttp import web

    async def front(request: web.Request) -> web.Response:
        main = (
            "<h1>Sociale medier i Paddehatten</h1>"
            '<a href="afsnit/raad-3">3. Billeder</a> '
            '<a href="beslutning/venner">Skal jeg acceptere denne venneanmodning?</a>'
        )
        return web.Response(text=_page("forside", "Forside", main), content_type="text/html")

    async def section(request: web.Request) -> web.Response:
        name = html.escape(request.match_info["id"])
        return web.Response(
            text=_page("afsnit", name, f"<h1>{name}</h1>"), content_type="text/html"
        )

    async def tree(request: web.Request) -> web.Response:
        answers = request.query.getall("svar", [])
        if "trin" in request.query:
            if len(answers) < int(request.query["trin"]):
                raise web.HTTPBadRequest(text="intet valgt")
            raise web.HTTPSeeOther("venner?" + "&".join(f"svar={a}" for a in answers))
        if len(answers) >= len(QUESTIONS):
            main = "<h1>Sig nej tak</h1><p>Svar: " + html.escape(" ".join(answers)) + "</p>"
            return web.Response(text=_page("resultat", "Resultat", main), content_type="text/html")
        _, text, choices = QUESTIONS[len(answers)]
        hidden = "".join(
            f'<input type="hidden" name="svar" value="{html.escape(a)}">' for a in answers
        )
        radios = "".join(
            f'<div class="radio"><input type="radio" id="svar-{n}" name="svar" value="{v}">'
            f'<label for="svar-{n}">{label}</label></div>'
            for n, (v, label) in enumerate(choices, start=1)
        )
        main = (
            f'<form action="venner" method="get" novalidate>{hidden}<fieldset><legend>'
            f"<h1>{text}</h1></legend>{radios}</fieldset>"
            f'<button type="submit" class="button" name="trin" value="{len(answers) + 1}">'
            "Fortsæt</button></form>"
        )
        return web.Response(text=_page("spoergsmaal", text, main), content_type="text/html")

    # The server runs as ``python -m …server`` (its module is __main__), so the pages
    # are added where every server's application passes: aiohttp's AppRunner.
    original = web.AppRunner.__init__

    def init(self: web.AppRunner, app: web.Application, **options: Any) -> None:
        app.add_routes(
            [
                web.get("/", front),
                web.get("/afsnit/{id}", section),
                web.get("/beslutning/venner", tree),
            ]
        )
        original(self, app, **options)

    web.AppRunner.__init__ = init  # type: ignore[method-assign]


try:
    import importlib.util

    if importlib.util.find_spec("paddehatten.tui.web.edition") is None:
        _install()
except ImportError:
    pass
