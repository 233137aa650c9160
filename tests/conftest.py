"""Shared fixtures: the real handbook, the real command, scratch handbooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT, Handbook, load_handbook

REPO = Path(__file__).resolve().parent.parent
#: The adopted text as the repository keeps it.
ADOPTED = DEFAULT_CONTENT / "vedtaget-tekst.txt"


def paddehatten_command() -> list[str]:
    """The installed ``paddehatten`` console script of this Python environment."""
    script = Path(sys.executable).with_name("paddehatten")
    if script.exists():
        return [str(script)]
    found = shutil.which("paddehatten")
    if found is None:
        pytest.fail("the paddehatten command is not installed: pip install '.[test]'")
    return [found]


def clean_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "TEXTUAL"))}
    env.update(extra)
    return env


def run_cli(
    *args: str,
    input: str | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 60,
    cwd: Path | None = None,
) -> subprocess.CompletedProcess[str]:
    """Run the real command, as a user would, with no terminal attached."""
    return subprocess.run(
        [*paddehatten_command(), *args],
        cwd=cwd,
        input=input if input is not None else "",
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=env if env is not None else clean_env(),
        timeout=timeout,
        check=False,
    )


def run_python(
    code: str, *, stdin: str | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter of this environment, importing this
    checkout's packages, with the tests' environment (their private XDG dirs)."""
    return subprocess.run(
        [sys.executable, "-c", code],
        input=stdin if stdin is not None else "",
        cwd=REPO,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.fixture(autouse=True)
def private_config(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every test gets its own config, cache and data directories, never the person's
    own; the subprocesses inherit them through the environment. Returns the config dir."""
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(tmp_path / "xdg" / name.lower()))
    return tmp_path / "xdg" / "xdg_config_home"


@pytest.fixture(scope="session")
def handbook() -> Handbook:
    return load_handbook(DEFAULT_CONTENT)


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the shipped handbook, to break in a test."""
    target = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, target)
    yield target
