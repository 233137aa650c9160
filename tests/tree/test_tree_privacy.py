"""Answers are private: no file, log or crash output keeps them."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs
import pytest

from paddehatten.content import Handbook
from paddehatten.content.tree import DecisionTree
from paddehatten.tui.app.screens.decision_tree import DecisionTreeScreen
from tests.conftest import opened, run_python

SIZE = (80, 24)


def files_under(*roots: Path) -> dict[Path, bytes]:
    found: dict[Path, bytes] = {}
    for root in roots:
        for folder, _, names in os.walk(root):
            for name in names:
                path = Path(folder) / name
                found[path] = path.read_bytes()
    return found


@pytest.fixture
def user_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Fresh home, config, cache, data and state directories for the app under test."""
    dirs = []
    variables = ("HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")
    for variable in variables:
        folder = tmp_path / variable.lower()
        folder.mkdir()
        monkeypatch.setenv(variable, str(folder))
        dirs.append(folder)
    # platformdirs reads the environment on every call: it now points into tmp_path.
    for where in (
        platformdirs.user_config_dir("paddehatten"),
        platformdirs.user_cache_dir("paddehatten"),
        platformdirs.user_data_dir("paddehatten"),
    ):
        assert Path(where).is_relative_to(tmp_path)
    return dirs


async def test_a_full_walk_writes_nothing(
    handbook: Handbook, tree: DecisionTree, user_dirs: list[Path]
) -> None:
    async with opened(handbook, size=SIZE) as (app, pilot):
        await app.workers.wait_for_complete()
        before = files_under(*user_dirs)
        await pilot.press("t")
        for key in ("2", "1", "1", "1", "2"):  # a former parent with a child still here
            await pilot.press(key)
            await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecisionTreeScreen) and screen.walk.finished
        given = [step.answer for step in screen.walk.answers]
        await pilot.press("escape", "r", "t")  # back, start again, leave the tree
        await pilot.pause()
        await app.workers.wait_for_complete()
    after = files_under(*user_dirs)
    assert sorted(after) == sorted(before), "the walk created or removed files"
    assert after == before, "the walk changed a file"
    for content in after.values():
        for answer in given:
            assert answer.label.encode() not in content
            assert answer.id.encode() not in content


#: An answer of the tree, as a person would give it.
SECRET = "Jeg føler mig forpligtet til at sige ja"

#: An app that crashes while the tree is open, with an answer in a local variable (read
#: from stdin, so that no source line the traceback quotes holds it). ``ours`` runs the
#: handbook's app; ``textual`` a bare Textual app, to show what Textual prints itself.
CRASH = """
import sys
from textual.app import App
from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.tui.app.app import make_app

def crash() -> None:
    answer = sys.stdin.read()
    raise RuntimeError("et sammenbrud")

app = make_app(load_handbook(DEFAULT_CONTENT), tree="venneanmodning")
if sys.argv[1:] == ["textual"]:
    app = App()
app.call_later(crash)
app.run(headless=True, size=(80, 24))
"""


def _crash(which: str) -> str:
    """Everything the crashed app printed, on stdout and stderr."""
    result = run_python(f"import sys; sys.argv[1:] = [{which!r}]\n{CRASH}", stdin=SECRET)
    assert result.returncode == 0, result.stderr
    return result.stdout + result.stderr


@pytest.mark.slow
def test_crash_output_shows_no_local_variables() -> None:
    output = _crash("ours")
    assert "RuntimeError" in output and "et sammenbrud" in output
    assert SECRET not in output


@pytest.mark.slow
def test_textual_would_show_them_without_the_override() -> None:
    # Shows the test above means something: Textual's own crash output lists locals.
    output = _crash("textual")
    assert "et sammenbrud" in output
    assert SECRET in output


async def test_no_screenshot_command_on_the_tree(handbook: Handbook, tmp_path: Path) -> None:
    """Textual's palette can save a screenshot; on the tree it would save the answers."""
    async with opened(handbook, tree="venneanmodning", size=(80, 24)) as (app, pilot):
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Skærmbillede" not in titles
        assert "Afslut" in titles
        # Nor under a dialog over the tree (help, search): the picture would show it.
        await pilot.press("f1")
        await pilot.pause()
        assert "Skærmbillede" not in [c.title for c in app.get_system_commands(app.screen)]
        # And the action itself refuses, whatever calls it.
        app.action_screenshot(path=str(tmp_path))
        assert list(tmp_path.iterdir()) == []
        await pilot.press("escape", "escape")  # help, then the tree: the walk is gone
        await pilot.pause()
        assert "Skærmbillede" in [c.title for c in app.get_system_commands(app.screen)]


async def test_a_walk_kept_to_resume_writes_nothing(
    handbook: Handbook, tree: DecisionTree, user_dirs: list[Path]
) -> None:
    """Leaving the tree keeps the walk to resume it: in the app's memory only, even
    when a setting is written meanwhile (screen-reader mode) or the outcome copied."""
    async with opened(handbook, size=SIZE) as (app, pilot):
        await app.workers.wait_for_complete()
        before = files_under(*user_dirs)
        await pilot.press("t", "1", "1")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, DecisionTreeScreen)
        given = [step.answer for step in screen.walk.answers]
        await pilot.press("t")  # leave: the walk is kept in memory
        await pilot.pause()
        assert set(app.tree_walks) == {tree.id}
        app.action_toggle_screen_reader()  # writes settings.json: only that choice
        await pilot.pause()
        await pilot.press("t", "1", "1")  # resume, then on to an outcome
        await pilot.pause()
        await pilot.press("c")  # copy, without the answers
        await pilot.pause()
        for answer in given:
            assert answer.label not in app.clipboard
        await app.workers.wait_for_complete()
    after = files_under(*user_dirs)
    written = {path for path in after if after[path] != before.get(path)}
    assert [path.name for path in written] == ["settings.json"]
    for content in after.values():
        for answer in given:
            assert answer.label.encode() not in content
            assert answer.id.encode() not in content


@pytest.mark.slow
def test_tree_answers_writes_nothing_and_says_nothing_on_stderr(
    user_dirs: list[Path],
) -> None:
    before = files_under(*user_dirs)
    result = run_python(
        "import sys\n"
        "from paddehatten.tui.cli.main import run\n"
        "raise SystemExit(run(['tree', '--answers', '2,ja,forpligtet']))\n"
    )
    assert result.returncode == 0, result.stderr
    assert "Du må gerne sige nej" in result.stdout
    assert result.stderr == ""
    assert files_under(*user_dirs) == before
