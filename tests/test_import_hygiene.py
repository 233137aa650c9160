"""content/ and index/ never import Textual, and neither do the plain commands; the app's
first frame waits for nothing it does not show."""

from __future__ import annotations

import pytest

from tests.conftest import run_python

PROGRAM = """
import io, sys, contextlib
from paddehatten import content, index
from paddehatten.content import DEFAULT_CONTENT, load_handbook
load_handbook(DEFAULT_CONTENT)
import pkgutil, importlib
for package in (content, index):
    for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
        importlib.import_module(info.name)
assert "textual" not in sys.modules, "content/index imported textual"
from paddehatten.tui.cli import main as cli
for argv in (["list"], ["list", "--json"], ["show"], ["show", "raad-4", "--json"],
             ["check"], ["--version"], ["--plain"]):
    with contextlib.redirect_stdout(io.StringIO()):
        status = cli.run(argv)
    assert status == 0, (argv, status)
    leaked = sorted(m for m in sys.modules if m == "textual" or m.startswith("textual."))
    assert not leaked, (argv, leaked[:5])
print("clean")
"""


@pytest.mark.slow
def test_plain_paths_leave_textual_out() -> None:
    result = run_python(PROGRAM)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "clean"


#: A warm start, run as the program runs it (entry.run) up to the app's first frame:
#: what was imported then, and whether the cycle collector was paused.
FIRST_FRAME = """
import asyncio, gc, json, sys
from paddehatten.tui.app import app as app_module
from paddehatten.tui.cli import main as cli

cli.plain_reason = lambda *args: None  # as in a terminal
seen = {}
after = app_module.PaddehattenApp._run_after_first_frame

def first_frame(self):
    if not seen:
        seen["modules"] = sorted(sys.modules)
        seen["collector_on"] = gc.isenabled()
    after(self)
    seen["collector_after"] = gc.isenabled()
    # Quit once the text's Markdown widget has taken over (it is made after this).
    view = self.reader.query_one("#section")
    self.set_interval(0.02, lambda: view.query("#body") and self.exit())

app_module.PaddehattenApp._run_after_first_frame = first_frame
run = app_module.PaddehattenApp.run
app_module.PaddehattenApp.run = lambda self: asyncio.run(self.run_async(headless=True))
from paddehatten.tui import entry
status = entry.run([])
seen["status"] = status
seen["collector_at_exit"] = gc.isenabled()
print(json.dumps(seen))
"""

#: Modules that the first frame of a warm start must not wait for: the search
#: (whoosh and the index), Markdown parsing and the Markdown widget, YAML and the
#: loader, the decision tree's model, the check, plain text, dialogs, the command
#: line's parser (``paddehatten`` alone needs none). (What
#: ``textual.app`` imports itself is left out of the comparison.)
NOT_BEFORE_THE_FIRST_FRAME = (
    "whoosh",
    "markdown_it",
    "yaml",
    "tomllib",
    "textual.widgets._markdown",
    "paddehatten.index",
    "paddehatten.content.loader",
    "paddehatten.content.check",
    "paddehatten.content.tree.model",
    "paddehatten.content.tree.walk",
    "paddehatten.content.tree.loader",
    "paddehatten.tui.plain",
    "argparse",
    "paddehatten.tui.cli.parser",
    "paddehatten.tui.cli.check_cli",
    "paddehatten.tui.cli.json_output",
    "paddehatten.tui.cli.serve",
    "paddehatten.tui.cli.tree_cli",
    "paddehatten.tui.web",
    "paddehatten.tui.app.commands",
    "paddehatten.tui.app.highlighting",
    "paddehatten.tui.app.screens.help",
    "paddehatten.tui.app.screens.search",
    "paddehatten.tui.app.screens.decision_tree",
    "paddehatten.tui.app.widgets.cited_point",
    "socket",
    "secrets",
    # rich's table of emoji codes: read when a str is taken as markup (the table of
    # contents' root label once was).
    "rich._emoji_codes",
)


@pytest.mark.slow
def test_a_warm_start_imports_only_what_the_first_frame_shows() -> None:
    """The first start writes the handbook cache; the second (warm) reaches its first
    frame without any of NOT_BEFORE_THE_FIRST_FRAME, with the cycle collector paused
    until then and running again after it."""
    import json

    cold = run_python(FIRST_FRAME)
    assert cold.returncode == 0, cold.stderr
    warm = run_python(FIRST_FRAME)
    assert warm.returncode == 0, warm.stderr
    seen = json.loads(warm.stdout.strip().splitlines()[-1])
    assert seen["status"] == 0
    minimal = run_python(
        "import sys, json; from textual.app import App; print(json.dumps(sorted(sys.modules)))"
    )
    textual_own = set(json.loads(minimal.stdout))
    early = [
        name
        for name in seen["modules"]
        for banned in NOT_BEFORE_THE_FIRST_FRAME
        if (name == banned or name.startswith(banned + ".")) and name not in textual_own
    ]
    assert not early, f"imported before the first frame: {early}"
    assert seen["collector_on"] is False, "the cycle collector ran during the start"
    assert seen["collector_after"] is True and seen["collector_at_exit"] is True
