"""content/ and index/ never import Textual, and neither do the plain commands."""

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
