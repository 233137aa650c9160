"""Screenshots of every page type of the web edition, for README (docs/web/).

    python -m tests.web.screenshots [FOLDER]

Debian's Chromium at 1280x800 and 360x740, the shipped handbook, the same server the
tests use. Each PNG shows what a reader sees on opening the page (the first screen).
"""

from __future__ import annotations

import sys
from pathlib import Path

from paddehatten.tui.web.edition import Edition
from tests.web.conftest import LiveServer, walk_of
from tests.web.test_browser import CHROMIUM, LAUNCH_ARGS, SIZES, TREE

REPO = Path(__file__).resolve().parents[2]
SHOTS = {
    "forside": "/",
    "afsnit": "/afsnit/raad-3",
    "soeg": "/soeg?q=venner+med+forældre+på+facebook",
    "soeg-trae": "/soeg?q=nej",
    "spoergsmaal-start": TREE,
    "spoergsmaal": walk_of("foraelder"),
    "spoergsmaal-fejl": walk_of("foraelder") + "&trin=2",
    "resultat": walk_of("foraelder", "ved-ikke"),
    "udskriv": "/udskriv",
}


def main(argv: list[str]) -> int:
    from playwright.sync_api import sync_playwright

    paths = [a for a in argv if not a.startswith("--")]
    folder = Path(paths[0]) if paths else REPO / "docs" / "web"
    full = "--hele" in argv
    folder.mkdir(parents=True, exist_ok=True)
    live = LiveServer(Edition.load())
    live.start()
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)
            try:
                for size, (width, height) in SIZES.items():
                    context = browser.new_context(viewport={"width": width, "height": height})
                    page = context.new_page()
                    for name, path in SHOTS.items():
                        page.goto(live.url(path))
                        target = folder / f"{name}-{size}.png"
                        page.screenshot(path=str(target), full_page=full)
                        print(target)
                    context.close()
                # Dark mode (the reader's system setting), on a phone.
                context = browser.new_context(
                    viewport={"width": 360, "height": 740}, color_scheme="dark"
                )
                page = context.new_page()
                for name in ("forside", "spoergsmaal-fejl", "resultat"):
                    page.goto(live.url(SHOTS[name]))
                    target = folder / f"{name}-moerk-360x740.png"
                    page.screenshot(path=str(target), full_page=full)
                    print(target)
                context.close()
            finally:
                browser.close()
    finally:
        live.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
