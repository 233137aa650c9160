"""The web edition in Debian's Chromium: axe-core (WCAG 2.2 A and AA) on every page type
at a desktop and a phone size, light and dark, in forced colours; reflow at 320 and
640 CSS px (400 % and 200 % zoom of 1280); the tree walked by keyboard alone and with
JavaScript off; search as you type; and no request ever leaves this machine."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.web.conftest import LiveServer, positions, walk_of

#: Every test here drives Chromium and a real server: the processes are the point.
pytestmark = pytest.mark.slow

CHROMIUM = "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
TREE = "/beslutning/venneanmodning"

#: One address of every page type (and the error page), as a reader reaches it.
PAGE_TYPES = {
    "forside": "/",
    "afsnit": "/afsnit/raad-3",
    "soeg": "/soeg?q=kodeord",
    "soeg-mente-du": "/soeg?q=saerkslt",
    "soeg-trae": "/soeg?q=nej",
    "spoergsmaal": walk_of("foraelder"),
    "spoergsmaal-fejl": walk_of("foraelder") + "&trin=2",
    "resultat": walk_of("foraelder", "ved-ikke"),
    "resultat-hul": walk_of("tidligere-foraelder", "nej"),
    "udskriv": "/udskriv",
    "fejl": "/afsnit/findes-ikke",
}
SIZES = {"1280x800": (1280, 800), "360x740": (360, 740)}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is not installed (apt-get install chromium)")
    if not AXE.exists():
        pytest.fail(f"axe-core is not installed: (cd {AXE.parents[2]} && npm ci)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
        try:
            yield launched
        finally:
            launched.close()


class Guarded:
    """A browser context whose every request must go to the live server: any other
    host is refused and recorded, and the test fails on it."""

    def __init__(self, browser: Any, live: LiveServer, **options: Any) -> None:
        self.live = live
        self.foreign: list[str] = []
        self.context = browser.new_context(**options)
        self.context.route("**/*", self._route)

    def _route(self, route: Any) -> None:
        parts = urlsplit(route.request.url)
        if parts.scheme in ("http", "https") and parts.netloc == f"127.0.0.1:{self.live.port}":
            route.continue_()
        else:
            self.foreign.append(route.request.url)
            route.abort()

    def page(self) -> Any:
        return self.context.new_page()

    def close(self) -> None:
        self.context.close()
        assert self.foreign == [], f"requests to other hosts: {self.foreign}"


@pytest.fixture
def guarded(browser: Any, live: LiveServer) -> Iterator[Any]:
    made: list[Guarded] = []

    def make(**options: Any) -> Guarded:
        # axe-core is injected as an inline script, which the pages' CSP refuses: the
        # test's own context lets it in (test_the_policy_refuses_inline_script shows
        # that a reader's browser does not).
        options.setdefault("bypass_csp", True)
        context = Guarded(browser, live, **options)
        made.append(context)
        return context

    yield make
    for context in made:
        context.close()


def axe(page: Any) -> list[dict[str, Any]]:
    """axe-core's violations of the WCAG 2.2 A and AA rules on ``page``, and the checks
    it could not decide (``incomplete``, e.g. a contrast it cannot measure): both fail."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    assert any(rule["id"] == "target-size" for rule in result["passes"])  # 24x24, WCAG 2.2
    found: list[dict[str, Any]] = result["violations"] + result["incomplete"]
    return found


def described(violations: list[dict[str, Any]]) -> str:
    return json.dumps(
        [
            {"id": v["id"], "nodes": [n["target"] for n in v["nodes"]][:5], "help": v["help"]}
            for v in violations
        ],
        ensure_ascii=False,
        indent=1,
    )


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_violation(guarded: Any, live: LiveServer, kind: str, size: str) -> None:
    width, height = SIZES[size]
    page = guarded(viewport={"width": width, "height": height}).page()
    page.goto(live.url(PAGE_TYPES[kind]))
    assert page.locator("h1").count() == 1
    violations = axe(page)
    assert violations == [], described(violations)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_axe_finds_no_violation_in_dark_mode(guarded: Any, live: LiveServer, kind: str) -> None:
    page = guarded(viewport={"width": 360, "height": 740}, color_scheme="dark").page()
    page.goto(live.url(PAGE_TYPES[kind]))
    assert page.evaluate("matchMedia('(prefers-color-scheme: dark)').matches")
    background = page.evaluate("getComputedStyle(document.body).backgroundColor")
    assert background == "rgb(22, 23, 24)"  # the dark scheme is really in use
    violations = axe(page)
    assert violations == [], described(violations)


@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_forced_colours_keep_focus_visible(guarded: Any, live: LiveServer, kind: str) -> None:
    page = guarded(viewport={"width": 1280, "height": 800}, forced_colors="active").page()
    page.goto(live.url(PAGE_TYPES[kind]))
    assert page.evaluate("matchMedia('(forced-colors: active)').matches")
    page.keyboard.press("Tab")  # the skip link
    outline = page.evaluate(
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.outlineStyle, parseFloat(s.outlineWidth)]; }"
    )
    assert outline[0] != "none" and outline[1] >= 2
    violations = axe(page)
    assert violations == [], described(violations)


@pytest.mark.parametrize("width", [320, 640])
@pytest.mark.parametrize("kind", PAGE_TYPES)
def test_reflow_without_horizontal_scrolling(
    guarded: Any, live: LiveServer, kind: str, width: int
) -> None:
    page = guarded(viewport={"width": width, "height": 640}).page()
    page.goto(live.url(PAGE_TYPES[kind]))
    scroll, client = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert scroll <= client
    # Nothing sticks out of the page either (an element wider than the viewport).
    widest = page.evaluate(
        "Math.max(...[...document.body.querySelectorAll('*')]"
        ".map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= width + 0.5


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("kind", ["forside", "spoergsmaal", "resultat", "soeg"])
def test_every_focus_is_visible(guarded: Any, live: LiveServer, kind: str, scheme: str) -> None:
    """Tab through the whole page: everything that takes focus looks different with it
    (a fill and a bar, or a ring), not only by the browser's default outline."""
    page = guarded(viewport={"width": 360, "height": 740}, color_scheme=scheme).page()
    page.goto(live.url(PAGE_TYPES[kind]))
    look = (
        "() => { const s = getComputedStyle(document.activeElement);"
        " return [s.backgroundColor, s.boxShadow, s.color].join('|'); }"
    )
    seen = 0
    for _ in range(80):
        page.keyboard.press("Tab")
        tag = page.evaluate("document.activeElement.tagName")
        if tag == "BODY":
            break
        focused_look = page.evaluate(look)
        selector = page.evaluate(
            "(() => { const e = document.activeElement; e.dataset.probe = '1';"
            " return e.tagName; })()"
        )
        page.evaluate("document.activeElement.blur()")
        plain_look = page.evaluate(
            "() => { const s = getComputedStyle(document.querySelector('[data-probe]'));"
            " return [s.backgroundColor, s.boxShadow, s.color].join('|'); }"
        )
        page.evaluate("document.querySelector('[data-probe]').focus({focusVisible: true})")
        page.evaluate("delete document.querySelector('[data-probe]').dataset.probe")
        assert focused_look != plain_look, selector
        assert "none" not in focused_look.split("|")[1] or selector == "A", focused_look
        seen += 1
    assert seen >= 5


def test_the_policy_refuses_inline_script(guarded: Any, live: LiveServer) -> None:
    page = guarded(viewport={"width": 1280, "height": 800}, bypass_csp=False).page()
    refused: list[str] = []
    page.on("console", lambda message: refused.append(message.text))
    page.goto(live.url("/soeg?q=kodeord"))
    with pytest.raises(Exception, match="Content Security Policy"):
        page.add_script_tag(content="document.title = 'inline'")
    assert page.title() != "inline"


def test_skip_link_is_first_and_moves_focus_to_the_content(guarded: Any, live: LiveServer) -> None:
    page = guarded(viewport={"width": 360, "height": 740}).page()
    page.goto(live.url("/afsnit/raad-3"))
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Gå til sidens indhold"
    box = page.evaluate(
        "(() => { const r = document.activeElement.getBoundingClientRect();"
        " return [r.top, r.width, r.height]; })()"
    )
    assert box[0] >= 0 and box[1] >= 24 and box[2] >= 24  # shown when focused, a real target
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "indhold"


def focused(page: Any) -> dict[str, str]:
    result: dict[str, str] = page.evaluate(
        "(() => { const e = document.activeElement;"
        " return {tag: e.tagName, type: e.type || '', text: (e.textContent || '').trim(),"
        " value: e.value || '', href: e.getAttribute('href') || ''}; })()"
    )
    return result


def follow(page: Any, key: str) -> None:
    """Press ``key`` and wait for the page it opens."""
    with page.expect_navigation():
        page.keyboard.press(key)


def tab_to(page: Any, wanted: Any, limit: int = 40) -> dict[str, str]:
    for _ in range(limit):
        page.keyboard.press("Tab")
        now = focused(page)
        if wanted(now):
            return now
    raise AssertionError("Tab never reached the element")


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_tree_walked_by_keyboard_alone(
    guarded: Any, live: LiveServer, javascript: bool
) -> None:
    page = guarded(viewport={"width": 360, "height": 740}, java_script_enabled=javascript).page()
    page.goto(live.url("/"))
    # From the front page: Tab to the tree's start, Enter.
    tab_to(page, lambda f: f["text"] == "Start vejledningen")
    follow(page, "Enter")
    assert page.evaluate("document.body.dataset.page") == "spoergsmaal"
    # Fortsæt with nothing chosen: the error summary.
    tab_to(page, lambda f: f["text"] == "Fortsæt")
    follow(page, "Enter")
    assert page.locator(".error-summary").is_visible()
    assert page.title().startswith("Fejl: ")
    # Focus is on the summary (autofocus: no script needed), so it is read first. The
    # browser applies autofocus at its next rendering step, which can come after "load".
    page.wait_for_function(
        "document.activeElement && document.activeElement.className === 'error-summary'",
        timeout=10_000,
    )
    # Then answer with Tab, Space (and the arrow keys within the group), Tab, Enter.
    steps = 0
    while page.evaluate("document.body.dataset.page") == "spoergsmaal":
        tab_to(page, lambda f: f["type"] == "radio")
        if steps == 0:
            page.keyboard.press("ArrowDown")  # the second answer: a former parent
        page.keyboard.press("Space")
        assert page.locator("input[type=radio]:checked").count() == 1
        tab_to(page, lambda f: f["text"] == "Fortsæt")
        follow(page, "Enter")
        steps += 1
        assert steps <= 5
    assert page.evaluate("document.body.dataset.page") == "resultat"
    assert f"?svar={positions('tidligere-foraelder')[0]}&svar=" in page.url
    assert page.title().startswith("Resultat – ")
    assert page.locator("h1").count() == 1
    # Skift on the first answer, by keyboard: the question comes back with the answer chosen.
    tab_to(page, lambda f: f["text"].startswith("Skift") and "Hvem har sendt" in f["text"])
    follow(page, "Enter")
    assert page.evaluate("document.body.dataset.page") == "spoergsmaal"
    checked = page.locator("input[type=radio]:checked").get_attribute("value")
    assert checked == positions("tidligere-foraelder")[0]
    # Start forfra.
    tab_to(page, lambda f: f["text"] == "Start forfra")
    follow(page, "Enter")
    assert page.url.endswith(TREE)
    assert page.locator("input[type=radio]:checked").count() == 0


def test_the_tree_with_javascript_off_by_pointer(guarded: Any, live: LiveServer) -> None:
    page = guarded(viewport={"width": 1280, "height": 800}, java_script_enabled=False).page()
    page.goto(live.url(TREE))
    page.get_by_label("En forælder til et barn i Paddehatten").check()
    page.get_by_role("button", name="Fortsæt").click()
    assert page.url.endswith(walk_of("foraelder"))
    page.get_by_label("Nej, det har jeg ikke tænkt over endnu").check()
    page.get_by_role("button", name="Fortsæt").click()
    assert page.evaluate("document.body.dataset.page") == "resultat"
    page.get_by_role("link", name="Tilbage", exact=True).click()
    assert page.url.split("&valgt=")[0].endswith(walk_of("foraelder"))
    assert page.get_by_role("heading", level=1).inner_text() == "Ved du, hvorfor du vil sige ja?"
    # The answer given before is ticked again (the browser's own Back would too).
    assert page.get_by_label("Nej, det har jeg ikke tænkt over endnu").is_checked()


def test_search_without_javascript(guarded: Any, live: LiveServer) -> None:
    page = guarded(viewport={"width": 360, "height": 740}, java_script_enabled=False).page()
    page.goto(live.url("/"))
    page.get_by_label("Søg i retningslinjen").fill("kodeord")
    follow(page, "Enter")
    assert page.evaluate("document.body.dataset.page") == "soeg"
    assert page.locator("mark").first.inner_text().lower() == "kodeord"


def test_search_as_you_type(guarded: Any, live: LiveServer) -> None:
    page = guarded(viewport={"width": 1280, "height": 800}).page()
    page.goto(live.url("/soeg"))
    page.get_by_label("Hvad søger du?").press_sequentially("kodeord")
    # Typing slowly may show the hits for "kode" first; then those for the whole word.
    page.wait_for_function("document.getElementById('antal').textContent.includes('om «kodeord»')")
    assert page.locator("#resultater mark").count() >= 1
    page.wait_for_url("**/soeg?q=kodeord")  # the address follows, for sharing
    page.get_by_label("Hvad søger du?").fill("")
    page.get_by_label("Hvad søger du?").press_sequentially("saerkslt")
    page.get_by_text("Mente du:").wait_for()
    violations = axe(page)
    assert violations == [], described(violations)


def test_the_whole_guideline_prints_on_two_a4_pages(guarded: Any, live: LiveServer) -> None:
    import re

    page = guarded(viewport={"width": 794, "height": 1123}).page()
    page.goto(live.url("/udskriv"))
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 1 <= pages <= 2
    page.emulate_media(media="print")
    for hidden in ("header.top", "footer.bottom", ".skip", ".screen-only"):
        assert not page.locator(hidden).is_visible(), hidden
    assert page.locator("ol.points > li").count() == 9  # every Råd, as numbered
    assert page.locator("ul.points > li").count() == 5  # every HUSK


@pytest.mark.parametrize("kind", ["spoergsmaal", "resultat"])
def test_start_forfra_is_a_real_target_well_apart(
    guarded: Any, live: LiveServer, kind: str
) -> None:
    """«Start forfra» is at least 24x24 px and not crowded against «Fortsæt» or the
    last control above it (at least 16 px between them), at the phone's size."""
    page = guarded(viewport={"width": 360, "height": 740}).page()
    for address in (live.url(TREE), live.url(PAGE_TYPES[kind])):
        page.goto(address)
        box = page.get_by_role("link", name="Start forfra").bounding_box()
        assert box is not None and box["width"] >= 24 and box["height"] >= 24, box
        above = page.evaluate(
            "(() => { const start = [...document.querySelectorAll('a')]"
            ".find(a => a.textContent.trim() === 'Start forfra').getBoundingClientRect();"
            " const others = [...document.querySelectorAll('main a, main button')]"
            ".map(e => e.getBoundingClientRect()).filter(r => r.bottom <= start.top + 1);"
            " return Math.min(...others.map(r => start.top - r.bottom)); })()"
        )
        assert above >= 16, (address, above)


WORDS_SPLIT = """() => {
  const split = [];
  for (const heading of document.querySelectorAll('h1, h2, h3')) {
    const walker = document.createTreeWalker(heading, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      for (const match of node.data.matchAll(/[^\\s–-]+/g)) {
        const range = document.createRange();
        range.setStart(node, match.index);
        range.setEnd(node, match.index + match[0].length);
        const lines = new Set([...range.getClientRects()].map(r => Math.round(r.top)));
        if (lines.size > 1) split.push(match[0]);
      }
    }
  }
  return split;
}"""


#: The pages of every type, and those the review found cut words on.
HEADING_PAGES = {**PAGE_TYPES, "spoergsmaal-1": TREE, "husk-1": "/afsnit/husk-1"}


@pytest.mark.parametrize("width", [320, 360])
@pytest.mark.parametrize("kind", HEADING_PAGES)
def test_no_heading_word_is_cut_on_a_phone(
    guarded: Any, live: LiveServer, kind: str, width: int
) -> None:
    """At 320 and 360 CSS px no word of a heading runs over two lines (as
    «venneanmodnin/gen?» did): the headings are smaller on a narrow screen, and
    hyphenated where the browser can (lang="da")."""
    page = guarded(viewport={"width": width, "height": 740}).page()
    page.goto(live.url(HEADING_PAGES[kind]))
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).hyphens") == "auto"
    assert page.evaluate("document.documentElement.lang") == "da"
    assert page.evaluate(WORDS_SPLIT) == []
    assert (
        page.evaluate("parseFloat(getComputedStyle(document.querySelector('h1')).fontSize)") <= 24
    )
