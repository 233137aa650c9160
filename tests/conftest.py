"""Shared fixtures: the real handbook, the real command, scratch handbooks, the app."""

from __future__ import annotations

import contextlib
import io
import os
import re
import shutil
import subprocess
import sys
import traceback
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from paddehatten.content import DEFAULT_CONTENT, Handbook, load_handbook
from paddehatten.tui.app.app import PaddehattenApp, make_app
from tests.paths import REPO

#: Fixtures every serving test shares (a marked handbook copy, Debian's Chromium).
pytest_plugins = ("tests.tui.serving",)

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
    process: bool = False,
) -> subprocess.CompletedProcess[str]:
    """Run the command line as a user would, with no terminal attached: its exit status
    and what it wrote to stdout and stderr.

    In this process by default (the program's real entry point, ``tui.entry.main``,
    with its own stdin, stdout and stderr, environment and working directory, as a pipe
    gives them: ``PYTHONIOENCODING`` in ``env`` is the pipes' encoding). ``process=True``
    starts the installed command instead, for a test where the process is the point
    (startup, signals, file descriptors); such a test is marked ``slow``.
    """
    if process:
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
    return run_in_process(list(args), input or "", env if env is not None else clean_env(), cwd)


def run_in_process(
    argv: list[str], stdin: str, env: dict[str, str], cwd: Path | None, *, raw: bool = False
) -> subprocess.CompletedProcess[Any]:
    """``paddehatten ARGV`` through its entry point, in this process (see run_cli);
    ``raw``: stdout and stderr as the bytes written, not decoded as UTF-8."""
    from paddehatten.tui.entry import main

    encoding, _, errors = env.get("PYTHONIOENCODING", "utf-8").partition(":")
    encoding = encoding or "utf-8"

    def pipe(data: bytes = b"") -> io.TextIOWrapper:
        return io.TextIOWrapper(io.BytesIO(data), encoding=encoding, errors=errors or "strict")

    streams = (sys.stdin, sys.stdout, sys.stderr)
    saved_env, saved_cwd = dict(os.environ), os.getcwd()
    stdin_pipe, stdout_pipe, stderr_pipe = pipe(stdin.encode(encoding)), pipe(), pipe()
    sys.stdin, sys.stdout, sys.stderr = stdin_pipe, stdout_pipe, stderr_pipe
    os.environ.clear()
    os.environ.update(env)
    try:
        if cwd is not None:
            os.chdir(cwd)
        try:
            main(argv)
            status = 0
        except SystemExit as done:
            code = done.code
            status = code if isinstance(code, int) else (0 if code is None else 1)
            if isinstance(code, str):
                print(code, file=sys.stderr)
        except BaseException:
            traceback.print_exc()
            status = 1
        for stream in (stdout_pipe, stderr_pipe):
            with contextlib.suppress(ValueError):
                stream.flush()
    finally:
        sys.stdin, sys.stdout, sys.stderr = streams
        os.environ.clear()
        os.environ.update(saved_env)
        os.chdir(saved_cwd)
    out, err = (s.buffer.getvalue() for s in (stdout_pipe, stderr_pipe))  # type: ignore[attr-defined]
    if raw:
        return subprocess.CompletedProcess(["paddehatten", *argv], status, out, err)
    return subprocess.CompletedProcess(
        ["paddehatten", *argv], status, out.decode("utf-8"), err.decode("utf-8")
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


def replace_in(path: Path, old: str, new: str) -> None:
    """Replace the first ``old`` in the text file ``path`` (which must hold it)."""
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


#: What the shipped handbook is warned about by design until a person acts (issue 19):
#: legal notes no person has checked, a tree no person has reviewed, quotations cut
#: inside a sentence for a person to judge. Tests about other problems leave them out.
STANDING_WARNINGS = (
    ": advarsel: redaktionens note om loven er ikke kontrolleret af en person",
    ": advarsel: træet 'venneanmodning' er ikke gennemgået af en person",
    "stopper midt i en sætning i",
)


def is_standing(row: str) -> bool:
    return any(marker in row for marker in STANDING_WARNINGS)


def without_standing(output: str) -> str:
    """``check``'s output without the standing warnings (and their count)."""
    rows = [row for row in output.splitlines(keepends=True) if not is_standing(row)]
    return re.sub(r" \(\d+ advars(?:el|ler)\)(?=\n| i |$)", "", "".join(rows))


def line_of(path: Path, marker: str) -> int:
    """The number of the first line of ``path`` that holds ``marker``."""
    rows = path.read_text(encoding="utf-8").splitlines()
    return next(n for n, row in enumerate(rows, start=1) if marker in row)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject's addopts): two workers per core, at least two, at most
    eight. Half of a test's time here is waiting (for Chromium, tmux, a server, the
    app's next frame), so a second worker per core uses what the first leaves idle.
    ``PYTEST_XDIST_AUTO_NUM_WORKERS`` still decides when set; ``-n 0`` runs in one
    process."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return max(2, min(8, 2 * (cores or 1)))


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # A test in tmux starts a terminal and the real program: slow by nature.
    for item in items:
        if item.get_closest_marker("tmux") is not None:
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def processes_only_where_slow(
    request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A test starts a process only where the process is the point, and then says so
    with ``@pytest.mark.slow``; every other test runs the program in this process
    (:func:`run_cli`), so ``pytest -m "not slow"`` stays fast."""
    if request.node.get_closest_marker("slow") is not None:
        return
    started = subprocess.Popen.__init__

    def refuse(self: subprocess.Popen[Any], args: Any, *rest: Any, **options: Any) -> None:
        pytest.fail(
            f"{request.node.nodeid} starts a process ({args!r}) but is not marked slow: "
            "run the program with run_cli, or mark the test @pytest.mark.slow",
            pytrace=False,
        )
        started(self, args, *rest, **options)

    monkeypatch.setattr(subprocess.Popen, "__init__", refuse)


@pytest.fixture(autouse=True)
def private_config(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> Path:
    """Every test gets its own config, cache and data directories, never the person's
    own; the subprocesses inherit them through the environment. Returns the config dir.

    They are beside the test's ``tmp_path``, not in it: the cache's secret goes in the
    config dir, and a test counting what is in its ``tmp_path`` must not find it."""
    xdg = tmp_path_factory.mktemp("xdg")
    for name in ("XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME"):
        monkeypatch.setenv(name, str(xdg / name.lower()))
    # pytest-xdist's workers set COLUMNS=80 and LINES=24, which programs take as the
    # terminal's size: every test runs as without xdist, with the size its terminal has.
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)
    return xdg / "xdg_config_home"


@pytest.fixture(scope="session")
def handbook() -> Handbook:
    """The shipped handbook, loaded once for the whole run (the one ``handbook``)."""
    return load_handbook(DEFAULT_CONTENT)


@pytest.fixture
def handbook_copy(tmp_path: Path) -> Iterator[Path]:
    """A writable copy of the shipped handbook, to break in a test."""
    target = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, target)
    yield target


@pytest.fixture(autouse=True)
def steady_cursors(monkeypatch: pytest.MonkeyPatch) -> None:
    """No blinking cursor in any app a test runs (Pilot tests and snapshots alike): every
    text field, the palette's included, starts with ``cursor_blink`` off."""
    built = Input.__init__

    def init(self: Input, *args: Any, **kwargs: Any) -> None:
        built(self, *args, **kwargs)
        self.cursor_blink = False

    monkeypatch.setattr(Input, "__init__", init)


#: The terminal size app tests use unless they say otherwise.
APP_SIZE = (100, 30)


@asynccontextmanager
async def opened(
    app: PaddehattenApp | Handbook,
    *,
    size: tuple[int, int] = APP_SIZE,
    start: str | None = None,
    tree: str | None = None,
    paint: bool = True,
) -> AsyncIterator[tuple[PaddehattenApp, Pilot[None]]]:
    """The app running headless at ``size``, after its first paint (``paint=False``: at
    once, for a test of what happens before it).

    Give a handbook (and ``start``/``tree`` as for ``make_app``) or an app already made::

        async with opened(handbook, tree="venneanmodning") as (app, pilot):
            await pilot.press("1")
    """
    if isinstance(app, Handbook):
        app = make_app(app, start=start, tree=tree)
    elif start is not None or tree is not None:
        raise TypeError("start and tree are for a handbook; the app given is already made")
    async with app.run_test(size=size) as pilot:
        if paint:
            await pilot.pause()
        yield app, pilot


def record_notifications(app: App[Any]) -> list[str]:
    """The messages ``app.notify`` shows from now on, in order (Textual keeps its own
    list private; ``notify`` is the public way every notification goes)."""
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **options: Any) -> None:
        shown.append(message)
        notify(message, **options)

    app.notify = recording  # type: ignore[method-assign]
    return shown
