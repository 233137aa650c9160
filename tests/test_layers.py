"""The package layout as contracts: one import name, one direction, no cycles.

import-linter checks the layers statically (``lint-imports`` in .ci/run, contracts in
pyproject.toml); these tests check what an installed copy really holds, that the
contracts catch a violating import, and that no module imports itself in a circle,
lazy and type-checking imports included.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import grimp
import pytest

import paddehatten
from tests.paths import REPO

#: The user's folders, which the wheel keeps inside ``paddehatten``.
PARTS = ("content", "index", "tui")


def test_the_installed_files_have_one_top_level_name() -> None:
    files = importlib.metadata.files("paddehatten") or []
    tops = {
        file.parts[0]
        for file in files
        if file.parts[0] != ".." and not file.parts[0].endswith((".dist-info", ".pth"))
    }
    assert tops <= {"paddehatten"}, tops
    assert not tops & set(PARTS)


def test_every_module_comes_from_one_copy() -> None:
    # Not resolved: an editable install reaches the folders through src/paddehatten/.
    root = Path(paddehatten.__file__).parent
    for info in pkgutil.walk_packages(paddehatten.__path__, "paddehatten."):
        if info.name.endswith("__main__"):
            continue  # running it starts the program
        module = importlib.import_module(info.name)
        assert Path(str(module.__file__)).is_relative_to(root), info.name
    assert not {name for name in sys.modules if name.split(".")[0] in PARTS}


def test_no_module_imports_itself_in_a_circle() -> None:
    graph = grimp.build_graph("paddehatten")
    circles = []
    for module in sorted(graph.modules):
        for imported in graph.find_modules_directly_imported_by(module):
            back = graph.find_shortest_chain(importer=imported, imported=module)
            if back:
                circles.append(" → ".join((module, *back)))
    assert circles == []


@pytest.mark.slow
def test_the_layer_contracts_fail_on_a_violating_import(tmp_path: Path) -> None:
    copy = tmp_path / "paddehatten"
    shutil.copytree(Path(paddehatten.__file__).resolve().parent, copy)
    model = copy / "content" / "model.py"
    model.write_text(model.read_text() + "\nimport textual  # a violation\n")
    lint = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint is not None, "import-linter is not installed: pip install '.[test]'"

    def run(path: Path) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [lint, "--config", str(REPO / "pyproject.toml"), "--no-cache"],
            cwd=tmp_path,
            env={"PYTHONPATH": str(path), "PATH": "/usr/bin:/bin"},
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )

    broken = run(tmp_path)
    assert broken.returncode == 1, broken.stdout + broken.stderr
    assert "Only the app imports Textual BROKEN" in broken.stdout
    assert "paddehatten.content.model -> textual" in broken.stdout
    assert "4 kept, 1 broken" in broken.stdout


@pytest.mark.slow
def test_the_console_script_and_python_dash_m_run_the_same_program(tmp_path: Path) -> None:
    scripts = importlib.metadata.entry_points(group="console_scripts", name="paddehatten")
    assert [script.value for script in scripts] == ["paddehatten.tui.entry:main"]
    result = subprocess.run(
        [sys.executable, "-m", "paddehatten", "--version"],
        cwd=tmp_path,  # not the checkout: the installed package answers
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"paddehatten {paddehatten.__version__}\n")
    assert "Revideret i MED april 2018" in result.stdout


@pytest.mark.slow
def test_a_module_imported_under_a_second_name_fails_loudly() -> None:
    # From the repository's root `content`, `index` and `tui` are also folders on sys.path;
    # importing one of them by that name must stop at once, not give a second copy.
    for part in PARTS:
        result = subprocess.run(
            [
                sys.executable,
                "-c",
                f"import {part}.model" if part == "content" else f"import {part}",
            ],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 1, (part, result.stdout, result.stderr)
        assert f"import paddehatten.{part}" in result.stderr, result.stderr
