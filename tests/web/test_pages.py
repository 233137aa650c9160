"""The web edition over HTTP: every route's status, headers, ``data-page`` and single
``<h1>``, Danish errors, escaping, the tree walked through its forms, and no answer in
any log."""

from __future__ import annotations

import dataclasses
import html
import json
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlencode, urljoin, urlsplit

import pytest
from aiohttp import web
from aiohttp.test_utils import TestClient, TestServer

from paddehatten.content import load_handbook
from paddehatten.content.tree import Outcome, Question, load_tree
from paddehatten.index import open_index
from paddehatten.tui import labels
from paddehatten.tui.web.edition import CONTENT_SECURITY_POLICY, Edition
from tests.web.conftest import Outline, edition_app, positions, server_config, walk_of

Client = TestClient[web.Request, web.Application]
TREE = "/beslutning/venneanmodning"
PAGES = [
    ("/", 200, "forside"),
    ("/afsnit/raad-3", 200, "afsnit"),
    ("/afsnit/indledning", 200, "afsnit"),
    ("/afsnit/husk-5", 200, "afsnit"),
    ("/soeg", 200, "soeg"),
    ("/soeg?q=kodeord", 200, "soeg"),
    ("/soeg?q=saerkslt", 200, "soeg"),
    (TREE, 200, "spoergsmaal"),
    (walk_of("foraelder"), 200, "spoergsmaal"),
    (f"{TREE}?trin=1", 200, "spoergsmaal"),
    (walk_of("foraelder", "ved-ikke"), 200, "resultat"),
    (walk_of("tidligere-foraelder", "nej"), 200, "resultat"),
    ("/udskriv", 200, "udskriv"),
    ("/afsnit/findes-ikke", 404, "fejl"),
    ("/beslutning/findes-ikke", 404, "fejl"),
    (f"{TREE}?svar=findes-ikke", 400, "fejl"),
    (f"{TREE}?svar=99", 400, "fejl"),
    (walk_of("foraelder") + "&skift=findes-ikke", 400, "fejl"),
    (walk_of("foraelder") + "&skift=2", 400, "fejl"),
    ("/findes/ikke", 404, "fejl"),
]


async def get(client: Client, path: str) -> tuple[int, str, Outline]:
    response = await client.get(path, allow_redirects=False)
    text = await response.text()
    return response.status, text, Outline(text)


@pytest.mark.parametrize(("path", "status", "kind"), PAGES)
async def test_every_page_has_its_data_page_one_h1_and_danish(
    client: Client, path: str, status: int, kind: str
) -> None:
    response = await client.get(path, allow_redirects=False)
    text = await response.text()
    page = Outline(text)
    assert response.status == status
    assert response.content_type == "text/html" and response.charset == "utf-8"
    assert page.data_page == kind
    assert page.h1 == 1
    assert page.lang == "da"
    assert "Traceback" not in text
    assert 'href="#indhold"' in text and 'id="indhold"' in text  # the skip link and its target


@pytest.mark.parametrize(("path", "status", "kind"), PAGES)
async def test_strict_security_headers_and_no_inline_script_or_style(
    client: Client, path: str, status: int, kind: str
) -> None:
    response = await client.get(path, allow_redirects=False)
    page = Outline(await response.text())
    headers = response.headers
    policy = headers["Content-Security-Policy"]
    assert policy == CONTENT_SECURITY_POLICY
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "default-src 'none'" in policy and "frame-ancestors 'none'" in policy
    assert "http" not in policy  # no other site is allowed anything
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["X-Frame-Options"] == "DENY"
    assert page.inline_scripts == 0 and page.style_elements == 0 and page.style_attributes == 0
    # Every link stays on this site, relative to the page (works below a proxy's path).
    assert all(not urlsplit(href).scheme and not href.startswith("/") for href in page.links)


async def test_static_files_and_nothing_else_from_their_folder(client: Client) -> None:
    response = await client.get("/filer/stil.css")
    assert response.status == 200 and response.content_type == "text/css"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    response = await client.get("/filer/soeg.js")
    assert response.status == 200 and response.content_type == "text/javascript"
    for path in ("/filer/edition.py", "/filer/..%2Fedition.py", "/filer/"):
        response = await client.get(path)
        assert response.status == 404
        assert "Siden findes ikke" in await response.text()


async def test_a_too_long_address_gets_the_sites_own_page(client: Client) -> None:
    secret = "hemmeligt" * 400
    for path in (f"/soeg?q={secret}", f"{TREE}?svar={secret}", f"/afsnit/{secret}"):
        response = await client.get(path, allow_redirects=False)
        text = await response.text()
        page = Outline(text)
        assert response.status == 414
        assert page.data_page == "fejl" and page.h1 == 1 and page.lang == "da"
        assert "Adressen er for lang" in page.text
        assert 'aria-label="Håndbogen"' in text  # the site's navigation
        assert "hemmeligt" not in text
        assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


async def test_other_methods_get_a_danish_page(client: Client) -> None:
    response = await client.post("/", data={"x": "1"})
    assert response.status == 405
    assert Outline(await response.text()).data_page == "fejl"


async def test_front_page(client: Client, edition: Edition) -> None:
    _status, text, page = await get(client, "/")
    handbook = edition.handbook
    assert f"<h1>{handbook.title}</h1>" in text
    assert "Revideret i MED april 2018" in page.text
    for section in handbook.sections:
        assert f"./afsnit/{section.id}" in page.links
    assert 'action="./soeg"' in text and 'name="q"' in text
    assert "./beslutning/venneanmodning" in page.links
    assert "Hvad er nyt" in page.text
    # The shipped handbook keeps no earlier adopted text, and the page claims no change.
    assert "Der er ingen tidligere vedtagen tekst at sammenligne med." in page.text


async def test_front_page_says_what_is_new_in_a_new_revision(tmp_path: Path) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    from tests.revision_scenario import HUSK_6, NEW_REVISION, new_revision

    edition = Edition.load(new_revision(tmp_path / "handbog"))
    app = web.Application()
    edition.add_routes(app)
    async with TestClient(TestServer(app)) as client:
        _, text, page = await get(client, "/")
    assert f"Hvad er nyt i {NEW_REVISION} (siden Revideret i MED april 2018)" in page.text
    news = text[text.index('id="nyt-titel"') :]
    assert news.count("<li>") == 3, news  # Råd 4, HUSK 3, and the new HUSK 6
    assert "Råd 4" in news and "HUSK 3" in news and HUSK_6 in page.text


async def test_section_page_number_words_note_and_neighbours(client: Client) -> None:
    _, _, page = await get(client, "/afsnit/raad-3")
    assert "Råd 3 · Billeder og oplysninger om andre" in page.text
    assert "Læg ikke billeder eller oplysninger ud om andre, Jf. persondataloven" in page.text
    assert labels.NOTE_LABEL in page.text
    assert "databeskyttelsesforordningen" in page.text
    assert "../afsnit/raad-2" in page.links and "../afsnit/raad-4" in page.links
    assert labels.EDITORIAL_CAPTION in page.text  # the shipped wording is verified
    # The first has no previous, the last no next.
    _, first_text, first = await get(client, "/afsnit/indledning")
    assert 'rel="prev"' not in first_text and "../afsnit/raad-1" in first.links
    _status, last_text, _ = await get(client, "/afsnit/husk-5")
    assert 'rel="next"' not in last_text and 'rel="prev"' in last_text


async def test_the_wording_is_claimed_only_when_verified(edition: Edition) -> None:
    unverified = dataclasses.replace(edition.handbook, wording_verified=False)
    other = Edition(unverified, list(edition.trees.values()), edition.index)
    async with TestClient(TestServer(edition_app(other))) as client:
        for path in ("/", "/afsnit/raad-3", "/udskriv"):
            _, _, page = await get(client, path)
            assert labels.VERIFIED_TEXT not in page.text
            assert labels.UNVERIFIED_TEXT in page.text
        _, _, page = await get(client, "/afsnit/raad-3")
        assert labels.UNVERIFIED_CAPTION in page.text
        assert labels.EDITORIAL_CAPTION not in page.text


async def test_search_marks_words_says_found_as_and_mente_du(client: Client) -> None:
    _, text, page = await get(client, "/soeg?q=kodeord")
    assert "<mark>" in text and "../afsnit/" not in text
    assert "./afsnit/raad-4" in page.links or any("afsnit/" in href for href in page.links)
    assert "1 afsnit om «kodeord»" in page.text
    # The matched word is marked in the title too.
    assert '<a href="./afsnit/raad-4">Råd 4 · Skift dit <mark>kodeord</mark> ofte</a>' in text
    _, text, page = await get(client, "/soeg?q=login")
    assert labels.found_as_text(("kodeord",)) in page.text
    _, text, page = await get(client, "/soeg?q=saerkslt")
    assert "Intet fundet for «saerkslt»" in page.text
    assert 'Mente du: <a href="./soeg?q=s%C3%A6rskilt">særskilt</a>?' in text
    # The decision tree's texts are found too, in their own group (see below).
    _, text, page = await get(client, "/soeg?q=lillebror")
    assert labels.TREE_HITS_HEADING in page.text and "./beslutning/venneanmodning" in page.links


async def test_tree_texts_found_are_one_group_after_the_sections_not_links(
    client: Client, edition: Edition
) -> None:
    """«nej» matches one section and many of the tree's texts: the section is listed as
    a hit; the tree's texts come after it, under their own heading, at most three, with
    their matched words, none a link; one «Start vejledningen» leads to the tree."""
    found = edition.index.search("nej")
    assert found.others > 3 and found.total > found.others  # the case this is about
    _, text, page = await get(client, "/soeg?q=nej")
    hits = text.index('<ol class="hits">')
    group = text.index('<section class="tree-hits"')
    assert hits < group, "the sections come first"
    section = text[group : text.index("</section>", group)]
    assert labels.TREE_HITS_HEADING in section
    assert section.count("<li>") == 3 and "<mark>" in section
    assert f"Viser 3 af {found.others} tekster fra beslutningstræet" in section
    assert section.count("<a ") == 1
    assert f'href="./beslutning/venneanmodning">{labels.TREE_HITS_START}</a>' in section
    # No hit of the sections' list is the tree's, and no tree text looks like a rule.
    listed = text[hits : text.index("</ol>", hits)]
    assert "beslutning/" not in listed and labels.TREE_HIT not in listed
    # The count line says what was found in all.
    assert f"{labels.count_text(found)} om «nej»" in page.text
    # When the tree is offered first, the group does not offer it a second time.
    _, text, page = await get(client, "/soeg?q=venneanmodning")
    assert 'class="panel tree-offer"' in text and labels.TREE_HITS_HEADING in text
    assert labels.TREE_HITS_START not in text
    assert page.links.count("./beslutning/venneanmodning") == 2  # the menu and the offer


async def test_a_search_found_only_through_the_word_list_says_so(client: Client) -> None:
    _, _text, page = await get(client, "/soeg?q=insta")
    assert "“insta” står ikke i retningslinjen – viser resultater for “sociale medier”" in (
        page.text
    )
    # A word that is in the guideline gets the plain count line.
    _, _text, page = await get(client, "/soeg?q=kodeord")
    assert "står ikke i retningslinjen" not in page.text


async def test_nothing_found_says_what_the_guideline_covers(client: Client) -> None:
    _, _text, page = await get(client, "/soeg?q=xyzzyq")
    assert "Intet fundet for «xyzzyq»" in page.text
    assert "Retningslinjen handler kun om sociale medier" in page.text
    assert "./#indhold-titel" in page.links


async def test_control_characters_in_the_search_are_removed(client: Client) -> None:
    _, text, _page = await get(client, "/soeg?q=kode%00ord%1b%5B31m%C2%9B%07")
    for char in ("\x00", "\x1b", "\x9b", "\x07", "&#0;", "\ufffd"):
        assert char not in text
    assert 'value="kodeord[31m"' in text


async def test_the_editors_headings_are_marked_on_the_front_page_and_in_search(
    client: Client, edition: Edition
) -> None:
    assert edition.handbook.editorial_titles
    _, text, page = await get(client, "/")
    contents = text.index('id="indhold-titel"')
    assert text.index(labels.EDITORIAL_TITLES_LINE) > contents
    assert text.index(labels.EDITORIAL_TITLES_LINE) < text.index('class="contents"')
    _, text, page = await get(client, "/soeg?q=kodeord")
    assert labels.EDITORIAL_TITLES_LINE in page.text


async def test_search_offers_the_tree_first_and_marks_weak_hits(client: Client) -> None:
    _, text, page = await get(client, "/soeg?q=må jeg være venner med forældre på facebook")
    offer = text.index('class="panel tree-offer"')
    assert offer < text.index('class="hits"'), "the tree comes before the sections"
    assert labels.TREE_OFFER in page.text
    assert "./beslutning/venneanmodning" in page.links
    # The three sections staff need are among the first three hits.
    first = [href for href in page.links if href.startswith("./afsnit/")][:3]
    assert set(first) == {"./afsnit/husk-1", "./afsnit/husk-3", "./afsnit/husk-5"}, first
    # Something the guideline does not cover: no tree, and nothing said with confidence.
    _, text, page = await get(client, "/soeg?q=hvornår får vi løn for overarbejde")
    assert 'class="panel tree-offer"' not in text
    hits = text.count('<li>\n      <h2 class="hit-title">')
    assert text.count(f'<span class="tag weak">{labels.WEAK_HIT}</span>') == hits


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


async def test_hostile_content_and_queries_are_shown_as_text(
    handbook_copy: Path, edition: Edition
) -> None:
    section = handbook_copy / "sections" / "raad-1.md"
    text = section.read_text(encoding="utf-8")
    text = re.sub(r"^title: .*$", f"title: '{HOSTILE}'", text, count=1, flags=re.M)
    section.write_text(
        text.replace("\n---\n", f"\n---\n\n{HOSTILE} [link](javascript:alert(1))\n\n", 1),
        encoding="utf-8",
    )
    handbook = load_handbook(handbook_copy)
    hostile = Edition(handbook, [load_tree(handbook)], open_index(handbook, cache=False))
    async with TestClient(TestServer(edition_app(hostile))) as client:
        for path in ("/", "/afsnit/raad-1", "/udskriv", "/soeg?q=alert", f"/soeg?q={HOSTILE}"):
            status, body, page = await get(client, path)
            assert status == 200
            assert "<script>" not in body and "<img" not in body, path
            assert 'href="javascript:' not in body  # markdown-it refuses the link
            assert page.inline_scripts == 0
        _, body, _ = await get(client, "/afsnit/raad-1")
        assert "&lt;script&gt;" in body
        _, body, _ = await get(client, f"/soeg?q={HOSTILE}")
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in body


async def test_every_link_of_every_page_works(client: Client, edition: Edition) -> None:
    """Follow every link from the front page and every outcome, as relative links
    resolve in a browser: each gives a page (this also checks Tilbage, Skift and Start
    forfra on every path)."""
    seen: set[str] = set()
    tree = edition.trees["venneanmodning"]
    outcomes = [walk_of(*(answer.id for _, answer in path.steps)) for path in tree.paths()]
    todo = ["/", *outcomes]
    while todo:
        at = todo.pop()
        if at in seen:
            continue
        seen.add(at)
        status, _, page = await get(client, at)
        assert status == 200, at
        for href in page.links:
            target = urljoin(at, href).split("#")[0]
            if target not in seen:
                todo.append(target)
        assert len(seen) < 2000
    assert {"/udskriv", "/soeg", "/afsnit/husk-5"} <= seen
    assert any("skift=" in address for address in seen)


async def test_a_fault_gives_a_danish_page_not_a_traceback(
    client: Client, edition: Edition, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("index broke")

    monkeypatch.setattr(edition.index, "search", broken)
    response = await client.get("/soeg?q=kodeord")
    text = await response.text()
    assert response.status == 500
    assert "Der skete en fejl" in text and "index broke" not in text and "Traceback" not in text
    assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY


# The decision tree ---------------------------------------------------------------------


async def answer(client: Client, at: str, choice: str | None) -> tuple[str, str, Outline]:
    """Send the question page's form at ``at`` as a browser would, choosing the answer
    ``choice`` (None: nothing); follow the redirect. Returns the address, page, outline."""
    _, text, page = await get(client, at)
    assert page.button is not None
    fields = list(page.hidden)
    if choice is not None:
        names = {name for name, _, _ in page.radios}
        assert len(names) == 1 and choice in {value for _, value, _ in page.radios}
        fields.append((names.pop(), choice))
    fields.append(page.button)
    action = re.search(r'<form action="([^"]*)"', text)
    assert action is not None
    address = urljoin(at, action.group(1)) + "?" + urlencode(fields)
    response = await client.get(address, allow_redirects=False)
    if response.status == 303:
        address = urljoin(address, response.headers["Location"])
        response = await client.get(address, allow_redirects=False)
    assert response.status == 200
    body = await response.text()
    return address, body, Outline(body)


async def test_a_walk_through_the_forms_to_an_outcome(client: Client, edition: Edition) -> None:
    tree = edition.trees["venneanmodning"]
    _status, text, page = await get(client, TREE)
    assert "<legend>" in text and "<h1>Hvem har sendt dig venneanmodningen?</h1>" in text
    assert "Spørgsmål 1" in page.text and "Fortsæt" in page.text
    assert len(page.radios) == len(tree.question("hvem").answers)
    assert "../" in page.links  # Tilbage, from the first question: the front page
    (first,) = positions("foraelder")
    at, text, page = await answer(client, TREE, first)
    assert at.endswith(f"venneanmodning?svar={first}")  # the redirect drops the form's trin
    assert page.data_page == "spoergsmaal" and "Spørgsmål 2" in page.text
    assert (
        labels.ANSWERS_SO_FAR in page.text and "En forælder til et barn i Paddehatten" in page.text
    )
    assert f"venneanmodning?svar={first}&skift=1" in page.links
    assert "venneanmodning" in page.links  # Start forfra
    assert f"venneanmodning?valgt={first}" in page.links  # Tilbage, the answer ticked
    _, second = positions("foraelder", "ved-ikke")
    at, text, page = await answer(client, at, second)
    assert page.data_page == "resultat"
    outcome = tree.outcome("vent")
    assert outcome.title in page.text
    assert labels.NOT_A_DECISION_TAG in page.text and labels.GROUNDS_HEADING in page.text
    for cite in outcome.cites:
        assert f"../afsnit/{cite}" in page.links
    for quote in outcome.quotes:
        assert " ".join(quote.split()) in " ".join(page.text.split())
    assert f"venneanmodning?svar={first}&valgt={second}" in page.links  # Tilbage
    assert f"venneanmodning?svar={first}&svar={second}&skift=1" in page.links


async def test_the_address_and_title_show_no_answer(client: Client, edition: Edition) -> None:
    """What the browser's history keeps: addresses of numbers and neutral titles. No
    answer's id or words, no question's text, no outcome's title, in any address or
    title met on any path through the tree, nor in any link or form field."""
    tree = edition.trees["venneanmodning"]
    secret_words = {a.id for q in tree.questions for a in q.answers}
    secret_words |= {q.id for q in tree.questions} | {o.id for o in tree.outcomes}
    for path in tree.paths():
        at, text, page = TREE, "", None
        for number, (_, chosen) in enumerate(path.steps, start=1):
            _, text, page = await get(client, at)
            title = re.search(r"<title>(.*?)</title>", text)
            assert title is not None
            assert title.group(1).startswith(f"Spørgsmål {number} – {tree.title} – ")
            values = [value for _, value, _ in page.radios] + [v for _, v in page.hidden]
            assert all(value.isdigit() for value in values), values
            ids = [a.id for a in tree.question(path.steps[number - 1][0].id).answers]
            at, text, page = await answer(client, at, str(ids.index(chosen.id) + 1))
        assert page is not None and page.data_page == "resultat"
        title = re.search(r"<title>(.*?)</title>", text)
        assert title is not None and title.group(1).startswith(f"Resultat – {tree.title} – ")
        assert path.outcome.title not in title.group(1)
        query = urlsplit(at).query
        assert re.fullmatch(r"svar=\d+(&svar=\d+)*", query), at
        for href in page.links:
            words = re.findall(r"[a-zæøå-]{2,}", urlsplit(href).query)
            assert not set(words) & secret_words, href


async def test_an_address_that_names_answers_is_moved_to_their_positions(
    client: Client,
) -> None:
    """Links saved before the change still work: they are sent on to the numbers."""
    response = await client.get(f"{TREE}?svar=foraelder&svar=ved-ikke", allow_redirects=False)
    assert response.status == 303
    assert response.headers["Location"] == walk_of("foraelder", "ved-ikke").removeprefix(
        "/beslutning/"
    )


async def test_back_ticks_the_answer_given_before(client: Client, edition: Edition) -> None:
    """«Tilbage» shows the previous question with the answer given there ticked, from a
    question and from an outcome, like «Skift»."""
    tree = edition.trees["venneanmodning"]
    path = next(p for p in tree.paths() if len(p.steps) >= 3)
    ids = [answer.id for _, answer in path.steps]
    numbers = positions(*ids)
    at = walk_of(*ids)  # the outcome
    for steps_left in range(len(ids), 0, -1):
        _, text, page = await get(client, at)
        back = re.search(r'<a class="back" href="([^"]*)">', text)
        assert back is not None
        assert '<span aria-hidden="true">‹ </span>Tilbage</a>' in text
        at = urljoin(at, back.group(1).replace("&amp;", "&"))
        _, text, page = await get(client, at)
        assert page.data_page == "spoergsmaal"
        assert f"Spørgsmål {steps_left}" in page.text
        ticked = [value for _, value, checked in page.radios if checked]
        assert ticked == [numbers[steps_left - 1]], (at, ticked)
        assert page.hidden == [("svar", n) for n in numbers[: steps_left - 1]]
    # Sending the ticked answer walks on, the way it went before.
    at, _, page = await answer(client, at, numbers[0])
    assert at.endswith("?svar=" + numbers[0])


async def test_nothing_chosen_shows_the_error_summary(client: Client) -> None:
    _at, text, page = await answer(client, walk_of("foraelder"), None)
    assert page.data_page == "spoergsmaal"
    assert "Der er et problem" in page.text and 'role="alert"' in text
    assert '<a href="#svar-1">Vælg det svar, der passer bedst</a>' in text
    assert 'id="svar-1"' in text
    assert "<title>Fejl: Spørgsmål 2 – " in text
    assert page.hidden == [("svar", positions("foraelder")[0])]  # the answer so far is kept


async def test_change_keeps_the_later_answers_that_still_apply(
    client: Client, edition: Edition
) -> None:
    tree = edition.trees["venneanmodning"]
    # A path of three questions, then change the first answer.
    path = next(p for p in tree.paths() if len(p.steps) >= 3)
    replies = positions(*(answer.id for _, answer in path.steps))
    first = path.steps[0][0]
    query = urlencode([("svar", r) for r in replies] + [("skift", "1")])
    _, text, page = await get(client, f"{TREE}?{query}")
    assert page.data_page == "spoergsmaal"
    assert f"<h1>{first.text}</h1>" in text
    # The old answer is chosen already; sending it again gives back the same walk.
    assert [(value, checked) for _, value, checked in page.radios if checked] == [
        (replies[0], True)
    ]
    at, text, page = await answer(client, f"{TREE}?{query}", replies[0])
    assert at.endswith("?" + urlencode([("svar", r) for r in replies]))


async def test_every_path_of_the_tree_has_its_outcome_page(
    client: Client, edition: Edition
) -> None:
    for tree in edition.trees.values():
        for path in tree.paths():
            query = urlencode(
                [("svar", a.answers.index(b) + 1) for a, b in path.steps]  # positions
            )
            status, text, page = await get(client, f"/beslutning/{tree.id}?{query}")
            assert status == 200 and page.data_page == "resultat" and page.h1 == 1
            assert f"<h1>{path.outcome.title}</h1>" in text
            if path.outcome.gap:
                assert labels.GAP_LINE in page.text
            if path.outcome.suggestion:
                assert labels.SUGGESTION_LABEL in page.text
            if path.outcome.note:
                assert labels.NOTE_LABEL in page.text


def _shown_open(text: str) -> str:
    """The page's words as shown before any <details> is opened, whitespace collapsed."""
    shown = re.sub(r"<details>.*?</details>", " ", text, flags=re.S)
    shown = re.sub(r"<[^>]+>", " ", shown)
    return " ".join(html.unescape(shown).split())


async def test_an_outcome_says_each_quotation_once(client: Client, edition: Edition) -> None:
    """No outcome shows a quotation twice (the advice, a pull quote and the points it
    rests on repeated the same words): the points' own words are behind «Vis punktets
    ord», and a pull quote the advice already gives is left out."""
    tree = edition.trees["venneanmodning"]
    for path in tree.paths():
        status, text, page = await get(client, walk_of(*(a.id for _, a in path.steps)))
        assert status == 200
        shown = _shown_open(text)
        for quote in path.outcome.quotes:
            assert shown.count(" ".join(quote.split())) == 1, (path.outcome.id, quote)
        # Every point it rests on is a link, and its words are one tap away.
        for cite in path.outcome.cites:
            assert f"../afsnit/{cite}" in page.links
        assert text.count("<details>") == len(
            [c for c in path.outcome.cites if edition.handbook.get(c)]
        )


async def test_what_a_screen_reader_meets_on_the_tree_and_a_section(
    client: Client, edition: Edition
) -> None:
    """The chevron of «‹ Tilbage» is hidden from assistive technology; the outcome's
    «vejledning – ikke en afgørelse» is its own paragraph, not run into the line
    before; the breadcrumb names the page; «(se redaktionens note under HUSK 1)» is a
    link to that note."""
    tree = edition.trees["venneanmodning"]
    path = next(p for p in tree.paths() if p.outcome.id == "kan-sige-ja")
    _, text, page = await get(client, walk_of(*(a.id for _, a in path.steps)))
    assert '<a class="back" href="' in text
    assert '<span aria-hidden="true">‹ </span>Tilbage</a>' in text
    tag = f'<p class="decision-tag"><span class="tag">{labels.NOT_A_DECISION_TAG}</span></p>'
    assert tag in text
    assert '<a href="../afsnit/husk-1#note-label">redaktionens note under HUSK 1</a>' in text
    assert "../afsnit/raad-3#note-label" in page.links
    _, text, _ = await get(client, "/afsnit/husk-1")
    assert '<li aria-current="page">HUSK 1</li>' in text
    assert 'id="note-label"' in text  # where the outcome's link lands


async def test_every_question_has_its_page(client: Client, edition: Edition) -> None:
    tree = edition.trees["venneanmodning"]
    seen = set()
    for path in tree.paths():
        for number, (question, _) in enumerate(path.steps):
            if question.id in seen:
                continue
            seen.add(question.id)
            query = urlencode([("svar", q.answers.index(a) + 1) for q, a in path.steps[:number]])
            status, text, page = await get(client, f"{TREE}?{query}")
            assert status == 200 and page.data_page == "spoergsmaal"
            assert isinstance(tree.node(question.id), Question)
            assert f"<h1>{question.text}</h1>" in text.replace("&#39;", "'")
    assert seen == {q.id for q in tree.questions}
    assert all(isinstance(o, Outcome) for o in tree.outcomes)


async def test_answers_after_the_outcome_or_too_many_are_refused(client: Client) -> None:
    status, _, page = await get(client, walk_of("foraelder", "ved-ikke") + "&svar=1")
    assert status == 400 and "passer ikke til spørgsmålene" in page.text
    # The page links to the tree's start, as its words promise.
    assert "../beslutning/venneanmodning" in page.links
    assert "Start forfra på beslutningstræet" in page.text
    status, _, page = await get(client, f"{TREE}?" + "&".join(["svar=1"] * 50))
    assert status == 400 and "../beslutning/venneanmodning" in page.links


# Answers never reach a log ---------------------------------------------------------------


def test_the_real_server_logs_no_answers(tmp_path: Path) -> None:
    """The server process as ``serve`` starts it: a whole walk, then its output holds
    none of the answers (no access log, no line naming a request)."""
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    config = dataclasses.replace(server_config(port))
    process = subprocess.Popen(
        [sys.executable, "-m", "paddehatten.tui.web.server", "--lifeline", config.to_json()],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.2)
        walk = [
            "/beslutning/venneanmodning?trin=1",
            walk_of("tidligere-foraelder") + "&trin=1",
            walk_of("tidligere-foraelder", "nej") + "&trin=2",
            walk_of("tidligere-foraelder", "nej") + "&skift=2",
            "/beslutning/venneanmodning?svar=findes-ikke-svar",
        ]
        for path in walk:
            try:
                urllib.request.urlopen(base + path, timeout=10).read()
            except urllib.error.HTTPError as error:
                assert error.code == 400
    finally:
        # communicate() closes standard input, the lifeline: the server ends.
        out, err = process.communicate(timeout=30)
    logged = (out + err).decode("utf-8", "replace")
    for answer_id in ("tidligere-foraelder", "findes-ikke-svar", "stadig-barn", "svar="):
        assert answer_id not in logged
    assert json.loads(config.to_json())["content"] is None


def test_the_wheel_ships_the_templates_and_the_style_sheet(tmp_path: Path) -> None:
    """A non-editable install has the pages: hatchling packs tui/web's templates and
    static files beside its code, and Jinja2 is a dependency."""
    import zipfile

    from tests.conftest import REPO

    done = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("paddehatten-*.whl")
    with zipfile.ZipFile(wheel) as packed:
        names = set(packed.namelist())
        metadata = next(n for n in names if n.endswith(".dist-info/METADATA"))
        requires = packed.read(metadata).decode()
    web = "paddehatten/tui/web/"
    for template in (Path(__file__).parents[2] / "tui" / "web" / "templates").glob("*.html"):
        assert f"{web}templates/{template.name}" in names
    assert {f"{web}static/stil.css", f"{web}static/soeg.js", f"{web}edition.py"} <= names
    assert re.search(r"^Requires-Dist: jinja2>=", requires, re.M | re.I)
    assert not any("node_modules" in name for name in names)


def test_paddehatten_serve_shows_the_handbook_it_was_given(handbook_copy: Path) -> None:
    """The real command: ``paddehatten --content DIR serve`` serves that folder's
    handbook at /, checked as ``check`` checks it (the claim about the wording holds)."""
    from tests.tui.serving import kill_leftovers, start_serve

    note = handbook_copy / "sections" / "raad-3.md"
    note.write_text(
        note.read_text(encoding="utf-8").replace(
            "Persondataloven blev den 25. maj 2018",
            "Prøvenote: Persondataloven blev den 25. maj 2018",
        ),
        encoding="utf-8",
    )
    serve = start_serve(handbook_copy)
    try:
        with urllib.request.urlopen(serve.url() + "afsnit/raad-3", timeout=30) as response:
            page = Outline(response.read().decode("utf-8"))
            assert response.headers["Content-Security-Policy"] == CONTENT_SECURITY_POLICY
        assert page.data_page == "afsnit"
        assert "Prøvenote: Persondataloven" in page.text
        assert labels.EDITORIAL_CAPTION in page.text
    finally:
        assert serve.stop() == 0
        kill_leftovers(str(handbook_copy))
