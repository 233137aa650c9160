"""Search in the app: / or Ctrl+F, results as you type, Enter opens with the words marked."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from textual import events
from textual.content import Content
from textual.pilot import Pilot
from textual.widgets import Input

from paddehatten.content import Handbook, load_handbook
from paddehatten.tui.app.app import PaddehattenApp, make_app
from paddehatten.tui.app.screens.reader import ReaderScreen
from paddehatten.tui.app.screens.search import SearchScreen
from paddehatten.tui.app.widgets.search_results import SearchResults
from paddehatten.tui.app.widgets.section_view import SectionView
from tests.conftest import opened, record_notifications, run_python

SIZE = (100, 30)


async def _settle(pilot: Pilot[None]) -> None:
    """Wait for the index build and the newest search to finish and show."""
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def _search(
    pilot: Pilot[None], text: str, key: str = "slash", *, typed: bool = False
) -> SearchScreen:
    """Open the search with ``key`` and enter ``text``: pasted, as the terminal pastes
    (one event, through the app to the field in focus), or ``typed`` key by key, each
    key searching anew (the tests about typing type; a key costs about 90 ms here)."""
    await pilot.press(key)
    screen = pilot.app.screen
    assert isinstance(screen, SearchScreen)
    if typed:
        await pilot.press(*text)
    else:
        pilot.app.post_message(events.Paste(text))
    await _settle(pilot)
    assert screen.query_one(Input).value.endswith(text)
    return screen


def _reader(app: PaddehattenApp) -> ReaderScreen:
    screen = app.screen
    assert isinstance(screen, ReaderScreen)
    return screen


def _marked(view: SectionView) -> list[str]:
    return view.highlights.marked_words()


async def test_kodeord_enter_opens_raad_4_with_the_word_marked(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        screen = await _search(pilot, "kodeord")
        assert screen.query_one(SearchResults).hits[0].id == "raad-4"
        await pilot.press("enter")
        await pilot.pause()
        reader = _reader(app)
        assert reader.current == "raad-4"
        view = reader.query_one(SectionView)
        assert [w.lower() for w in _marked(view)] == ["kodeord", "kodeord"]  # heading, text
        assert app.focused is view
        # The mark is a style laid over the rendered text.
        body = view.highlights.matches[1].widget
        content = body.content
        assert isinstance(content, Content)
        spans = [s for s in content.spans if s.start == view.highlights.matches[1].start]
        assert spans, "the word in the text carries a style"


async def test_results_update_as_you_type_and_show_the_count(handbook: Handbook) -> None:
    async with opened(handbook) as (_, pilot):
        screen = await _search(pilot, "sociale", typed=True)
        count = str(screen.query_one("#search-count").render())
        results = screen.query_one(SearchResults)
        assert len(results.hits) >= 4
        sections = [h for h in results.hits if h.kind == "section"]
        assert count.startswith(f"{len(sections)} afsnit og ")
        assert count.endswith(f"{len(results.hits) - len(sections)} i beslutningstræet")
        await pilot.press(*" medier")
        await _settle(pilot)
        assert screen.result is not None and screen.result.query == "sociale medier"
        await pilot.press("ctrl+u", *"kode")
        await _settle(pilot)
        assert [h.id for h in results.hits] == ["raad-4"]
        assert str(screen.query_one("#search-count").render()) == "1 afsnit"


async def test_arrows_choose_and_escape_closes(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        screen = await _search(pilot, "forældre")
        results = screen.query_one(SearchResults)
        ids = [h.id for h in results.hits]
        # The guideline's sections first, then the decision tree's texts.
        assert ids[:2] == ["husk-1", "husk-3"]
        assert ids[2:] and all(i.startswith("tree:venneanmodning:") for i in ids[2:])
        await pilot.press("down")
        assert results.highlighted == 1
        await pilot.press(*["down"] * (len(ids) + 2))  # stays on the last
        assert results.highlighted == len(ids) - 1
        await pilot.press(*["up"] * (len(ids) - 2))
        assert results.highlighted == 1
        await pilot.press("up")
        assert results.highlighted == 0
        await pilot.press("down", "enter")
        await pilot.pause()
        assert _reader(app).current == "husk-3"
        await _search(pilot, "kodeord", key="ctrl+f")
        await pilot.press("escape")
        await pilot.pause()
        assert _reader(app).current == "husk-3"


async def test_did_you_mean_is_taken_with_tab(handbook: Handbook) -> None:
    async with opened(handbook) as (_, pilot):
        # Two edits in a word of seven letters: too far to find, near enough to suggest.
        screen = await _search(pilot, "hotmiel")
        suggestion = screen.query_one("#search-suggestion")
        assert suggestion.display
        assert "Mente du «hotmail»?" in str(suggestion.render())
        assert screen.query_one(SearchResults).hits == ()
        await pilot.press("tab")
        await _settle(pilot)
        assert screen.query_one(Input).value == "hotmail"
        assert [h.id for h in screen.query_one(SearchResults).hits] == ["raad-5"]
        assert not suggestion.display


async def test_a_hit_says_which_guideline_word_it_was_found_as(handbook: Handbook) -> None:
    async with opened(handbook) as (_, pilot):
        screen = await _search(pilot, "login")
        results = screen.query_one(SearchResults)
        assert [h.id for h in results.hits][:1] == ["raad-4"]
        prompt = results.get_option_at_index(0).prompt
        assert "(fundet som «kodeord»)" in str(prompt)


async def test_f3_and_f2_move_between_the_marks(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await _search(pilot, "forældre")
        await pilot.press("enter")
        await pilot.pause()
        view = _reader(app).query_one(SectionView)
        assert [w.lower() for w in _marked(view)] == ["forældre", "forældrene"]
        assert view.highlights.current == 0
        assert "1 af 2" in str(view.query_one("#matches").render())
        await pilot.press("f3")
        assert view.highlights.current == 1
        assert "2 af 2" in str(view.query_one("#matches").render())
        await pilot.press("f3")
        assert view.highlights.current == 0
        await pilot.press("f2")
        assert view.highlights.current == 1
        # Opening another section from the table of contents clears the marks.
        await _reader(app).open_section("raad-1")
        await pilot.pause()
        assert len(view.highlights) == 0
        assert not view.query_one("#matches").display


async def test_the_search_field_keeps_slash_and_letters(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        screen = await _search(pilot, "24/7")
        assert screen.query_one(Input).value == "24/7"
        assert isinstance(app.screen, SearchScreen)
        await pilot.press("q")  # a letter, not "quit"
        assert app.is_running and screen.query_one(Input).value == "24/7q"


async def test_search_opens_over_help_and_the_hit_shows(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        await pilot.press("f1")
        await pilot.pause()
        await _search(pilot, "virus")
        await pilot.press("enter")
        await pilot.pause()
        assert _reader(app).current == "raad-5"
        assert [w.lower() for w in _marked(_reader(app).query_one(SectionView))] == ["virusangreb"]


async def test_markup_in_content_is_shown_as_text(tmp_path: Path) -> None:
    folder = tmp_path / "haandbog"
    (folder / "sections").mkdir(parents=True)
    (folder / "handbook.yaml").write_text(
        "title: Prøve\nrevision: I dag\nchapters:\n  - id: alt\n    title: Alt\n",
        encoding="utf-8",
    )
    (folder / "sections" / "a.md").write_text(
        '---\nid: a\nchapter: alt\ntitle: "[bold]Kodeord[/bold]"\n---\n\n'
        "Skift [red]kodeord[/red] og [link=x]klik[/link].\n",
        encoding="utf-8",
    )
    async with opened(load_handbook(folder)) as (app, pilot):
        screen = await _search(pilot, "kodeord")
        results = screen.query_one(SearchResults)
        prompt = results.get_option_at_index(0).prompt
        text = getattr(prompt, "plain", str(prompt))
        assert "[bold]Kodeord[/bold]" in text
        assert "[red]kodeord[/red]" in text
        await pilot.press("enter")
        await pilot.pause()
        heading = _reader(app).query_one("#heading")
        assert "[bold]Kodeord[/bold]" in str(heading.render())


async def test_search_waits_for_the_index_without_blocking(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        loader = app.search_index
        await _search(pilot, "kodeord")
        assert loader.ready
        assert loader.wait().search("kodeord").hits[0].id == "raad-4"


async def test_the_index_is_built_when_the_search_first_opens(handbook: Handbook) -> None:
    async with opened(handbook) as (app, pilot):
        loader = app.search_index
        await pilot.pause(0.2)
        assert not loader._started, "built before anyone searched"
        await _search(pilot, "kodeord")
        assert loader._started and loader.ready
        thread = loader._thread
        assert thread is not None
    assert not thread.is_alive()


async def test_closing_the_app_stops_a_build_in_progress(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paddehatten.index import BuildStopped, store

    writing = threading.Event()
    write = store.write_documents
    app = make_app(handbook)
    loader = app.search_index

    def slow_write(ix: Any, documents: Any) -> None:
        # The build is busy when the app closes: it goes on only once told to stop.
        writing.set()
        loader._stopping.wait(30)
        write(ix, documents)

    monkeypatch.setattr(store, "write_documents", slow_write)
    async with opened(app) as (_, pilot):
        await pilot.press("slash")
        while not writing.is_set():
            await pilot.pause(0.01)
        thread = loader._thread
        assert thread is not None and thread.is_alive()
    assert not thread.is_alive()
    with pytest.raises(BuildStopped):
        loader.wait(0)


@pytest.mark.slow
def test_first_paint_does_not_import_whoosh() -> None:
    """The app starts, mounts and paints without whoosh (a fresh interpreter is the
    point: other tests import it); the index is built when the search first opens."""
    script = """
import asyncio, sys
from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.tui.app.app import make_app
from paddehatten.tui.app.searching import IndexLoader

started = []
IndexLoader.start = lambda self, app: started.append(type(app.screen).__name__)

async def main():
    app = make_app(load_handbook(DEFAULT_CONTENT))
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
        assert "whoosh" not in sys.modules, "whoosh on the first-paint path"
        assert started == [], "the index was built at start-up"
        await pilot.press("slash")
        await pilot.pause()
        assert started == ["SearchScreen"], started

asyncio.run(main())
print("ok")
"""
    done = run_python(script)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_snapshot_results_list(snap_compare: object, handbook: Handbook) -> None:
    async def run_before(pilot: Pilot[None]) -> None:
        await _search(pilot, "forældre")

    app = make_app(handbook)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)  # type: ignore[operator]


def test_snapshot_results_found_through_the_word_list(
    snap_compare: object, handbook: Handbook
) -> None:
    """A hit found through the word list says which guideline word it was found as."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _search(pilot, "mobiltelefon")

    app = make_app(handbook)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)  # type: ignore[operator]


def test_snapshot_the_tree_offered_first_and_weak_hits(
    snap_compare: object, handbook: Handbook
) -> None:
    """The tree first, marked as the tree; then the sections, weak ones marked."""

    async def run_before(pilot: Pilot[None]) -> None:
        await _search(pilot, "venner med forældre på facebook")

    app = make_app(handbook)
    assert snap_compare(app, terminal_size=SIZE, run_before=run_before)  # type: ignore[operator]


async def test_quitting_does_not_wait_for_the_index_build(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A first build of a huge handbook may take half a minute; quitting must not wait
    for it to finish: the build is told to stop, and its thread ends with the app.

    The build here goes on until it is told to stop (for at most a minute): had the
    app not told it, ``finished`` would not be set when the test looks.
    """
    import threading
    import time

    from paddehatten import index

    finished = threading.Event()

    def slow_open_index(*args: object, stop: Callable[[], bool], **kwargs: object) -> object:
        deadline = time.monotonic() + 60
        while not stop() and time.monotonic() < deadline:
            time.sleep(0.01)
        finished.set()
        raise index.BuildStopped

    monkeypatch.setattr(index, "open_index", slow_open_index)
    async with opened(handbook) as (app, pilot):
        await pilot.press("slash", *"kode")
        await pilot.pause(0.3)
        screen = app.screen
        assert isinstance(screen, SearchScreen)
        assert str(screen.query_one("#search-count").render()) == "Bygger søgeindekset …"
        thread = app.search_index._thread
        assert thread is not None and not finished.is_set()
    assert finished.is_set() and not thread.is_alive()


async def test_a_failed_build_is_said_not_raised(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    from paddehatten import index

    def broken(*args: object, **kwargs: object) -> object:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(index, "open_index", broken)
    async with opened(handbook) as (app, pilot):
        screen = await _search(pilot, "kode")
        count = str(screen.query_one("#search-count").render())
        assert count.startswith("Søgningen virker ikke:") and "No space left" in count
        assert app.is_running


async def test_a_tree_hit_opens_the_decision_tree(handbook: Handbook) -> None:
    from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

    async with opened(handbook) as (app, pilot):
        notes = record_notifications(app)
        # A word only the tree's texts hold.
        screen = await _search(pilot, "lillebror")
        results = screen.query_one(SearchResults)
        assert [h.id for h in results.hits] == ["tree:venneanmodning:stadig-barn"]
        assert "1 i beslutningstræet" in str(screen.query_one("#search-count").render())
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionTreeScreen)
        assert any("står i beslutningstræet" in m for m in notes)


async def test_the_tree_is_offered_first_for_friends_with_parents(handbook: Handbook) -> None:
    from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

    async with opened(handbook) as (app, pilot):
        notes = record_notifications(app)
        screen = await _search(pilot, "må jeg være venner med forældre på facebook")
        results = screen.query_one(SearchResults)
        first, *rest = results.hits
        assert (first.id, first.kind) == ("tree:venneanmodning", "tree")
        prompt = str(results.get_option_at_index(0).prompt)
        assert prompt.startswith("Beslutningstræ – start her · Skal jeg acceptere")
        sections = [h.id for h in rest if h.kind == "section"]
        assert {"husk-1", "husk-3", "husk-5"} <= set(sections[:3])
        # A weak hit says so beside its label.
        prompts = {
            option.id: str(option.prompt)
            for option in (results.get_option_at_index(i) for i in range(results.option_count))
        }
        for hit in results.hits:
            assert ("måske relevant" in prompts[hit.id]) == hit.weak, hit.id
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, DecisionTreeScreen)
        assert app.screen.walk.answers == ()
        assert not any("står i beslutningstræet" in m for m in notes)


async def test_a_section_found_from_the_tree_keeps_the_walk(handbook: Handbook) -> None:
    from paddehatten.tui.app.screens.cited_section import CitedSectionScreen
    from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen

    async with opened(handbook, tree="venneanmodning") as (app, pilot):
        tree_screen = app.screen
        assert isinstance(tree_screen, DecisionTreeScreen)
        await pilot.press("1")  # a parent
        await pilot.pause()
        walk = tree_screen.walk
        assert len(walk.answers) == 1
        await _search(pilot, "kodeord")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, CitedSectionScreen)
        assert app.screen.section.id == "raad-4"
        assert _marked(app.screen.query_one(SectionView)) == ["kodeord", "kodeord"]  # title, text
        await pilot.press("escape")  # one level at a time: first the marks go …
        await pilot.pause()
        assert isinstance(app.screen, CitedSectionScreen)
        assert _marked(app.screen.query_one(SectionView)) == []
        await pilot.press("escape")  # … then the section
        await pilot.pause()
        assert tree_screen.walk == walk
        current: object = app.screen
        assert current is tree_screen


def _current_mark_row(view: SectionView) -> int:
    """The screen row where the current mark is drawn, read from what its widget
    draws (not from the code that scrolls to it)."""
    from textual.geometry import Region

    match = view.highlights.current_match
    assert match is not None
    widget = match.widget
    marked = view.get_component_rich_style("section-view--match-current").bgcolor
    strips = widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))
    rows = [
        y
        for y, strip in enumerate(strips)
        if any(segment.style is not None and segment.style.bgcolor == marked for segment in strip)
    ]
    assert rows, "the current mark is drawn nowhere"
    return widget.region.y + rows[0]


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (80, 16)])
async def test_each_mark_shows_and_a_mark_in_view_keeps_the_text_where_it_is(
    handbook: Handbook, size: tuple[int, int]
) -> None:
    """Opening a hit shows where the section stands («HUSK 1 af 5») when its first
    mark is already in view (the mark's paragraph was once centred, which scrolled
    that line away at 80×24), and F3 brings every mark's line into view, also the
    last line of a paragraph taller than the window (80×16)."""
    async with opened(handbook, size=size) as (app, pilot):
        await _search(pilot, "privat forum tavshedspligt")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.pause()
        view = _reader(app).query_one(SectionView)
        assert app.reader.current == "husk-1"
        assert len(view.highlights) >= 3
        where = view.query_one("#where")
        assert where.region.y >= view.content_region.y, "«HUSK 1 af 5» scrolled away"
        assert "HUSK 1 af 5" in str(where.render())
        bar = view.query_one("#matches")
        for _ in range(len(view.highlights)):
            row = _current_mark_row(view)
            assert bar.region.bottom <= row < view.content_region.bottom, view.highlights.current
            await pilot.press("f3")
            await pilot.pause()
            await pilot.pause()
