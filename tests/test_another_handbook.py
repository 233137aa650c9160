"""The program knows no handbook by heart: a small handbook on another subject (hand
washing, tests/data/haandvask, with no decision tree) works in every command and in the
app, and shows no word of the social-media guideline. Handbooks with two trees, or a
tree but no names for it in handbook.yaml, get sensible labels."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from textual.widgets import Input

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.tui.app.screens.search import SearchScreen
from tests.conftest import opened, replace_in, run_cli
from tests.paths import REPO
from tests.tmux import Tmux, tmux_available
from tests.tui.test_danish import screen_text

WASHING = REPO / "tests" / "data" / "haandvask"
#: Words of the shipped guideline (and of its decision tree, search hint and footer)
#: that have no business in another handbook.
GUIDELINE_WORDS = (
    "Paddehatten",
    "sociale medier",
    "Facebook",
    "venneanmodning",
    "kodeord",
    "forældre",
    "Vejle",
    "HUSK",
    "Revideret i MED",
)


def assert_no_guideline(text: str) -> None:
    # The program's own name (before its messages, in «paddehatten --screen-reader»),
    # lower case, is not the institution's.
    text = re.sub(r"\bpaddehatten(?=[: ])", "", text)
    # Nor is the folder the checkout happens to lie in (CI's is named after the program).
    text = text.replace(str(REPO), "REPO")
    found = [w for w in GUIDELINE_WORDS if re.search(re.escape(w), text, re.IGNORECASE)]
    assert found == [], f"{found} in:\n{text}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["list"], "Gnid grundigt"),
        (["show", "trin-2"], "tommelfingre i mindst tyve sekunder"),
        (["search", "sæbe"], "«sæbe»"),
        (["search", "--json", "hænder"], '"id": "hvorfor"'),
        (["show"], "Håndvask i Mælkebøtten"),
    ],
    ids=["list", "show", "search", "search-json", "show-all"],
)
def test_every_command_works_on_another_handbook(args: list[str], expected: str) -> None:
    result = run_cli("--content", str(WASHING), *args)
    assert result.returncode == 0, result.stderr
    assert expected in result.stdout
    assert_no_guideline(result.stdout + result.stderr)


def test_check_passes_another_handbook() -> None:
    result = run_cli("check", str(WASHING))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 afsnit i 2 kapitler" in result.stdout
    assert_no_guideline(result.stdout + result.stderr)


def test_tree_on_a_handbook_without_trees_says_so() -> None:
    result = run_cli("--content", str(WASHING), "tree")
    assert result.returncode != 0
    assert "håndbogen har ingen beslutningstræer" in result.stderr
    assert_no_guideline(result.stdout + result.stderr)


async def test_the_app_on_another_handbook() -> None:
    book = load_handbook(WASHING)
    async with opened(book) as (app, pilot):
        text = screen_text(app)
        assert "Håndvask i Mælkebøtten" in text
        assert "Rene hænder giver færre" in text
        # No tree: no key for one in the footer, none in the palette.
        assert "Beslutningstræ" not in text
        assert not app.has_trees
        assert not any("Beslutningstræ" in name for name, _, _ in app.palette_commands())
        assert_no_guideline(text)
        await pilot.press("t")  # does nothing: there is no tree
        await pilot.pause()
        assert not app.tree_is_open()
        await pilot.press("slash")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        field = screen.query_one("#search-input", Input)
        assert field.placeholder == "Skriv et ord, fx sæbe, hænder, håndklæde …"
        await pilot.press(*"sæbe")
        for _ in range(200):
            await pilot.pause(0.02)
            if "Vand og sæbe" in screen_text(app):
                break
        text = screen_text(app)
        assert "Vand og sæbe" in text
        assert_no_guideline(text)


@pytest.mark.tmux
@pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (apt-get install tmux)")
def test_another_handbook_in_a_real_terminal() -> None:
    from tests.conftest import paddehatten_command

    command = [*paddehatten_command(), "--content", str(WASHING)]
    with Tmux(command, size=(100, 30)) as term:
        term.wait_for("Rene hænder giver færre")
        term.wait_for("Afslut")
        assert_no_guideline(term.screen())
        term.send("/")
        term.wait_for("fx sæbe, hænder")
        term.send("sæbe")
        term.wait_for("Vand og sæbe")
        assert_no_guideline(term.screen())
        term.send("C-q")
        assert term.exited(), term.screen()


def test_the_shipped_handbook_names_its_own_tree() -> None:
    book = load_handbook(DEFAULT_CONTENT)
    assert book.default_tree == "venneanmodning"
    assert book.tree_label == "Venneanmodning?"
    assert book.search_examples == "kodeord, billeder, forældre"


@pytest.fixture
def two_trees(tmp_path: Path) -> Path:
    """The shipped handbook with a second tree, and no names for either in
    handbook.yaml."""
    root = tmp_path / "to-traer"
    shutil.copytree(DEFAULT_CONTENT, root)
    yaml = root / "handbook.yaml"
    for key in ("default_tree", "tree_label", "search_examples"):
        text = yaml.read_text(encoding="utf-8")
        yaml.write_text(re.sub(rf"^{key}:.*\n", "", text, flags=re.M), encoding="utf-8")
    second = root / "trees" / "anden.yaml"
    shutil.copy(root / "trees" / "venneanmodning.yaml", second)
    replace_in(second, "id: venneanmodning", "id: anden")
    replace_in(second, "title: Skal jeg acceptere denne venneanmodning?", "title: Et andet træ")
    return root


async def test_two_trees_without_names_get_generic_labels(two_trees: Path) -> None:
    book = load_handbook(two_trees)
    assert book.default_tree is None and book.tree_label == ""
    async with opened(book) as (app, pilot):
        text = screen_text(app)
        assert "Beslutningstræ" in text  # the footer's generic name for the key
        assert "Venneanmodning?" not in text
        names = [name for name, _, _ in app.palette_commands()]
        assert "Beslutningstræ: Et andet træ" in names
        assert "Beslutningstræ: Skal jeg acceptere denne venneanmodning?" in names
        await pilot.press("t")  # the first by name: anden
        await pilot.pause()
        assert app.tree_is_open()
        assert "Et andet træ" in screen_text(app)
    placeholder = "Skriv et ord, du vil søge efter …"
    async with opened(book) as (app, pilot):
        await pilot.press("slash")
        await pilot.pause()
        assert app.screen.query_one("#search-input", Input).placeholder == placeholder


def test_default_tree_chooses_among_two(two_trees: Path) -> None:
    yaml = two_trees / "handbook.yaml"
    yaml.write_text(
        yaml.read_text(encoding="utf-8") + "default_tree: venneanmodning\n", encoding="utf-8"
    )
    result = run_cli("--content", str(two_trees), "tree", "--plain", input="")
    assert "Skal jeg acceptere denne venneanmodning?" in result.stdout
    other = run_cli("--content", str(two_trees), "tree", "anden", "--plain", input="")
    assert "Et andet træ" in other.stdout


def test_a_default_tree_that_does_not_exist_is_a_warning(two_trees: Path) -> None:
    yaml = two_trees / "handbook.yaml"
    yaml.write_text(yaml.read_text(encoding="utf-8") + "default_tree: ingen\n", encoding="utf-8")
    result = run_cli("check", str(two_trees))
    said = result.stdout + result.stderr
    assert "handbook.yaml:" in said
    assert "'default_tree: ingen': håndbogen har ingen trees/ingen.yaml" in said
    # The handbook still opens, with the first tree in its place.
    walk = run_cli("--content", str(two_trees), "tree", "--plain", input="")
    assert "Et andet træ" in walk.stdout


@pytest.mark.parametrize(
    ("path", "expected"),
    [
        ("/", "Håndvask i Mælkebøtten"),
        ("/soeg", "Skriv et eller flere ord"),
        ("/soeg?q=sæbe", "«sæbe»"),
        ("/afsnit/trin-2", "tommelfingre i mindst tyve sekunder"),
        ("/udskriv", "Håndvask i Mælkebøtten"),
    ],
    ids=["forside", "soeg", "soeg-sæbe", "afsnit", "udskriv"],
)
async def test_the_web_edition_of_another_handbook(path: str, expected: str) -> None:
    from aiohttp import web
    from aiohttp.test_utils import TestClient, TestServer

    from paddehatten.tui.web.edition import Edition

    app = web.Application()
    Edition.load(WASHING).add_routes(app)
    async with TestClient(TestServer(app)) as client:
        response = await client.get(path)
        text = await response.text()
    assert response.status == 200, text
    visible = re.sub(r"<[^>]+>", " ", text)
    assert expected in visible
    assert_no_guideline(visible)
    assert "beslutning/" not in text  # no tree: no way into one
