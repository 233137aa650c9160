"""README's set-up: the commands CI runs, and links that stay inside the repository."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from tests.conftest import REPO

README = REPO / "README.md"
CI = REPO / ".ci" / "run"


def ci_test_command() -> str:
    """The test command exactly as .ci/run reads it from README (its own awk program)."""
    awk = shutil.which("awk")
    if awk is None:
        pytest.fail("awk is needed to read README's test command, as .ci/run does")
    program = re.search(r"test_command=\$\(awk '([^']+)' README\.md\)", CI.read_text())
    assert program, ".ci/run no longer reads the test command with awk"
    done = subprocess.run(
        [awk, program.group(1), str(README)], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def test_ci_runs_the_test_command_readme_shows() -> None:
    command = ci_test_command()
    assert command == (
        'python3 -m venv .venv && .venv/bin/pip install ".[test]"'
        " && npm ci --prefix tests/web --no-audit --no-fund && .venv/bin/python -m pytest"
    )
    assert f"```sh\n{command}\n```" in README.read_text()


def test_the_set_up_commands_use_a_virtual_environment_git_ignores() -> None:
    """Debian and Ubuntu refuse pip in the system Python (PEP 668): both commands make
    .venv first, and .venv never ends up in a commit."""
    text = README.read_text()
    start = "python3 -m venv .venv && .venv/bin/pip install . && .venv/bin/paddehatten"
    assert f"```sh\n{start}\n```" in text
    assert "```powershell\npy -m venv .venv\n" in text  # the Windows variant beside them
    ignored = (REPO / ".gitignore").read_text().splitlines()
    assert ".venv/" in ignored


def test_readme_links_only_to_files_in_the_repository() -> None:
    text = README.read_text()
    # Examples in code (the content format's `[råd 3](raad-3.md)`) are not links...
    prose = re.sub(r"`[^`\n]*`", "", re.sub(r"```.*?```", "", text, flags=re.S))
    # ... but a path out of the repository is a pointer people follow, code or not.
    targets = re.findall(r"\]\(([^)\s]+)\)", prose) + re.findall(r"`(\.\./[^`]+)`", text)
    local = [t for t in targets if not re.match(r"[a-z]+:", t) and not t.startswith("#")]
    assert local, "README shows its screenshots"
    for target in local:
        path = (REPO / target.split("#")[0]).resolve()
        assert path.is_relative_to(REPO), target
        assert path.exists(), target
