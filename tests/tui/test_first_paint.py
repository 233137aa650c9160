"""What the first paint leaves out or does once, and that all of it still happens.

The time itself is measured in tests/benchmarks/bench_first_paint.py (ratios against
the smallest Textual app in the same run); these tests hold the behaviour behind it.
"""

from __future__ import annotations

import gc
import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from textual.app import App
from textual.css.stylesheet import Stylesheet
from textual.pilot import Pilot

from paddehatten.content import Handbook
from paddehatten.tui import entry, plain, startup
from paddehatten.tui.app.app import make_app
from paddehatten.tui.app.themes import DIALOGS_CSS
from paddehatten.tui.cli import main as cli
from tests.conftest import opened, run_in_process


@pytest.fixture
def collector_restored() -> Iterator[None]:
    """Whatever a test does to the cycle collector, the next test finds it running."""
    try:
        yield
    finally:
        startup.resume()
        gc.enable()


def _svg(app: App[None]) -> str:
    """The screenshot, without the ids Textual makes up for each export."""
    return re.sub(r"terminal-\d+", "terminal", app.export_screenshot())


async def test_the_collector_waits_for_the_first_frame_then_runs(
    handbook: Handbook, collector_restored: None
) -> None:
    startup.pause()
    assert not gc.isenabled() and startup.paused()
    async with opened(handbook) as (app, pilot):
        await pilot.pause()
        assert gc.isenabled(), "the cycle collector stayed off after the first frame"
        assert not startup.paused()
        await pilot.press("n")  # and the app goes on as always
        await pilot.pause()
        assert app.reader.current == "raad-1"


@pytest.mark.parametrize(
    ("argv", "renderer"),
    [
        (["list"], "render_list"),
        # No subcommand, but stdout is no terminal: the handbook as plain text.
        ([], "render_handbook"),
    ],
    ids=["a plain command", "plain text without a terminal"],
)
def test_a_plain_run_has_the_collector_on(
    argv: list[str],
    renderer: str,
    monkeypatch: pytest.MonkeyPatch,
    collector_restored: None,
) -> None:
    seen: list[bool] = []
    render = getattr(plain, renderer)

    def recording(handbook: Handbook) -> str:
        seen.append(gc.isenabled())
        return str(render(handbook))

    monkeypatch.setattr(plain, renderer, recording)
    done = run_in_process(argv, "", {}, None)
    assert done.returncode == 0, done.stderr
    assert seen == [True], "a plain run went on with the cycle collector paused"
    assert gc.isenabled()


def test_the_collector_runs_again_when_the_start_fails(
    monkeypatch: pytest.MonkeyPatch, collector_restored: None
) -> None:
    def broken(argv: object) -> int:
        assert not gc.isenabled()  # paused while the program starts
        raise RuntimeError("boom")

    monkeypatch.setattr(cli, "run", broken)
    with pytest.raises(RuntimeError):
        entry.run([])
    assert gc.isenabled()


def test_someone_elses_pause_is_left_alone(collector_restored: None) -> None:
    gc.disable()
    startup.pause()
    startup.resume()
    assert not gc.isenabled(), "resume() started a collector it had not stopped"


async def _settled(pilot: Pilot[None]) -> None:
    """The first screen whole: the Footer's keys are there (a busy machine draws a
    frame before them) and nothing is left to do."""
    from textual.widgets._footer import FooterKey

    for _ in range(200):
        await pilot.pause()
        if pilot.app.screen.query(FooterKey):
            break
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def test_a_saved_theme_starts_exactly_as_if_chosen(
    handbook: Handbook, private_config: Path
) -> None:
    """The theme is set before the app runs without Textual's watcher (which would
    parse the CSS twice): the screen, the classes and the colours are the same."""
    chosen = make_app(handbook)
    async with opened(chosen, size=(80, 24)) as (_, pilot):
        chosen.theme = "lys"
        await _settled(pilot)
        expected = _svg(chosen)
        classes = set(chosen.classes)
    saved = json.loads((private_config / "paddehatten" / "settings.json").read_text())
    assert saved == {"theme": "lys"}
    started = make_app(handbook)
    async with opened(started, size=(80, 24)) as (_, pilot):
        assert started.theme == "lys"
        await _settled(pilot)
        assert _svg(started) == expected
        assert set(started.classes) == classes
        assert {"-theme-lys", "-light-mode"} <= classes and "-dark-mode" not in classes
        # A theme chosen later still goes through Textual (and is remembered).
        started.theme = "mørk"
        await pilot.pause()
        assert {"-theme-mørk", "-dark-mode"} <= set(started.classes)
        assert "-theme-lys" not in started.classes
    saved = json.loads((private_config / "paddehatten" / "settings.json").read_text())
    assert saved == {"theme": "mørk"}


@pytest.fixture
def reparsed(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every stylesheet Textual parses again (all its CSS), from now on."""
    seen: list[object] = []
    reparse = Stylesheet.reparse

    def counting(self: Stylesheet) -> None:
        seen.append(self)
        reparse(self)

    monkeypatch.setattr(Stylesheet, "reparse", counting)
    return seen


@pytest.mark.parametrize("theme", [None, "lys"])
async def test_the_start_parses_the_css_once(
    handbook: Handbook,
    private_config: Path,
    reparsed: list[object],
    theme: str | None,
) -> None:
    if theme is not None:
        folder = private_config / "paddehatten"
        folder.mkdir(parents=True)
        (folder / "settings.json").write_text(json.dumps({"theme": theme}), encoding="utf-8")
    async with opened(handbook) as (app, pilot):
        await pilot.pause()
        assert reparsed == [], "all the CSS was parsed a second time at start"
        assert app.theme == (theme or "mørk")


def _dialogs_css_read(app: App[None]) -> bool:
    return app.stylesheet.has_source(str(DIALOGS_CSS), "")


async def test_the_dialogs_look_is_read_when_the_first_dialog_opens(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        assert not _dialogs_css_read(app), "the first paint parsed the dialogs' CSS"
        await pilot.press("f1")
        await pilot.pause()
        assert _dialogs_css_read(app)
        box = app.screen.query_one("#help-box")
        assert box.styles.border_top[0] == "round"  # a rule of dialogs.tcss applied
        await pilot.press("escape", "slash")
        await pilot.pause()
        assert app.screen.query_one("#search-box").styles.border_top[0] == "round"


async def test_the_app_opening_on_a_tree_reads_the_dialogs_look_with_its_own(
    handbook: Handbook, reparsed: list[object]
) -> None:
    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        await pilot.pause()
        assert _dialogs_css_read(app)
        assert reparsed == [], "the tree's look was parsed after the app's"
        assert str(app.screen.query_one("#tree-body").styles.height) == "1fr"  # dialogs.tcss


def _styles(app: App[None]) -> list[tuple[str, object]]:
    """Every widget of the screen with the rules its CSS gave it."""
    return [
        (f"{type(node).__name__}#{node.id}", node._css_styles.get_rules())
        for node in app.screen.walk_children(with_self=True)
    ]


@pytest.mark.parametrize(
    ("size", "mode"),
    [
        ((120, 40), ""),
        ((80, 24), ""),
        ((44, 30), ""),
        ((80, 24), "screen reader"),
        ((80, 24), "light theme"),
        ((44, 30), "screen reader"),
    ],
)
async def test_the_first_screen_is_styled_once_and_a_full_restyle_changes_nothing(
    handbook: Handbook,
    monkeypatch: pytest.MonkeyPatch,
    private_config: Path,
    size: tuple[int, int],
    mode: str,
) -> None:
    """Textual styles a screen anew each time it shows; the reader's first showing
    skips that (its widgets were styled when mounted). Styling it all again after the
    start must then change nothing: no rule and no cell of the screen."""
    from textual import events
    from textual.dom import DOMNode
    from textual.screen import Screen

    restyled: list[object] = []
    resuming: list[bool] = [False]
    on_resume = Screen._on_screen_resume
    update = DOMNode.update_node_styles

    def resume(self: Screen[object], event: object) -> None:
        resuming[0] = True
        try:
            on_resume(self, event)  # type: ignore[arg-type]
        finally:
            resuming[0] = False

    def counting(self: DOMNode, animate: bool = True) -> None:
        if resuming[0]:
            restyled.append(self)
        update(self, animate)

    monkeypatch.setattr(Screen, "_on_screen_resume", resume)
    monkeypatch.setattr(DOMNode, "update_node_styles", counting)
    if mode == "light theme":
        folder = private_config / "paddehatten"
        folder.mkdir(parents=True)
        (folder / "settings.json").write_text(json.dumps({"theme": "lys"}), encoding="utf-8")
    app = make_app(handbook, screen_reader=mode == "screen reader")
    async with opened(app, size=size) as (app, pilot):
        await _settled(pilot)
        assert app.theme == ("lys" if mode == "light theme" else "mørk")
        assert restyled == [], "the first screen was styled a second time when it showed"
        before, picture = _styles(app), _svg(app)
        app.screen.update_node_styles(animate=False)
        await _settled(pilot)
        assert _styles(app) == before
        assert _svg(app) == picture
        # Every later showing is left to Textual, which restyles when it asks to.
        app.reader.post_message(events.ScreenResume())
        await pilot.pause()
        assert app.reader in restyled


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (44, 30), (80, 16)])
async def test_the_contents_measure_each_label_as_it_is_drawn(
    handbook: Handbook, size: tuple[int, int]
) -> None:
    """The table of contents tells Tree each label's width without drawing it, and
    draws its lines with its style looked up once: the widths are the drawn ones, with
    chapters open and closed, and the lines are Tree's own."""
    from rich.style import Style
    from textual.widgets import Tree

    from paddehatten.tui.app.widgets.toc import TableOfContents

    async with opened(handbook, size=size) as (app, pilot):
        if app.reader.narrow:
            await pilot.press("i")
            await pilot.pause()
        toc = app.reader.query_one(TableOfContents)
        chapters = [node for node in toc.root.children if node.allow_expand]
        for collapse in (False, True):
            if collapse:
                chapters[0].collapse()
                await pilot.pause()
            nodes = [line.node for line in toc._tree_lines]
            assert len(nodes) > 3
            for node in nodes:
                drawn = toc.render_label(node, Style(), Style()).cell_len
                assert toc.get_label_width(node) == drawn
            ours = [toc.render_line(y) for y in range(toc.size.height)]
            toc._line_cache.clear()
            theirs = [Tree.render_line(toc, y) for y in range(toc.size.height)]
            assert ours == theirs
        if size[1] < 20:  # a window lower than the contents: scrolled, too
            chapters[0].expand()
            await pilot.pause()
            toc.scroll_end(animate=False, immediate=True)
            await pilot.pause()
            assert toc.scroll_offset.y > 0
            ours = [toc.render_line(y) for y in range(toc.size.height)]
            toc._line_cache.clear()
            assert ours == [Tree.render_line(toc, y) for y in range(toc.size.height)]
