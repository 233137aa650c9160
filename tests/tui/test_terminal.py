"""Full screen or plain, on each platform's terms.

This machine is Linux; Windows and macOS are simulated by setting ``sys.platform`` and
``os.name`` and the environment their terminals give a program (Windows Terminal sets
``WT_SESSION`` and no ``TERM``; PowerShell's and cmd's console set neither; Terminal.app
sets ``TERM=xterm-256color`` and ``TERM_PROGRAM=Apple_Terminal``).
"""

from __future__ import annotations

import io
import os
import pty
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from paddehatten.tui.cli import terminal
from paddehatten.tui.cli.terminal import on_windows, wants_ansi
from tests.conftest import clean_env, paddehatten_command


class Console(io.TextIOWrapper):
    """A stream that says it is a terminal, in the given encoding."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding)

    def isatty(self) -> bool:
        return True


class Pipe(io.TextIOWrapper):
    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding)


def plain_reason(
    stdin: io.TextIOWrapper,
    stdout: io.TextIOWrapper,
    environ: dict[str, str],
    stderr: io.TextIOWrapper | None = None,
) -> str | None:
    """terminal.plain_reason with stderr a console too, unless a test says otherwise."""
    return terminal.plain_reason(stdin, stdout, environ, stderr or Console())


WINDOWS_TERMINAL = {"WT_SESSION": "0b1e6a7c-6d2f-4d4e-9a0e-3f1c2b3d4e5f", "SYSTEMROOT": "C:\\W"}
POWERSHELL = {"PSModulePath": "C:\\Program Files\\PowerShell\\Modules", "SYSTEMROOT": "C:\\W"}
CMD = {"COMSPEC": "C:\\Windows\\system32\\cmd.exe", "PROMPT": "$P$G", "SYSTEMROOT": "C:\\W"}
GIT_BASH = {"TERM": "xterm-256color", "MSYSTEM": "MINGW64"}
MAC_TERMINAL = {"TERM": "xterm-256color", "TERM_PROGRAM": "Apple_Terminal"}
ITERM = {"TERM": "xterm-256color", "TERM_PROGRAM": "iTerm.app", "COLORTERM": "truecolor"}


@pytest.fixture
def windows(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(os, "name", "nt")


@pytest.fixture
def macos(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "darwin")
    monkeypatch.setattr(os, "name", "posix")


@pytest.fixture
def linux(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(os, "name", "posix")


@pytest.fixture(autouse=True)
def roomy(monkeypatch: pytest.MonkeyPatch) -> None:
    """A console of 120x30, whatever runs the tests."""
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(0, 0): (120, 30))


@pytest.mark.usefixtures("windows")
@pytest.mark.parametrize(
    "environ", [WINDOWS_TERMINAL, POWERSHELL, CMD], ids=["windows-terminal", "powershell", "cmd"]
)
def test_windows_consoles_get_the_full_screen_app(environ: dict[str, str]) -> None:
    assert on_windows()
    assert plain_reason(Console(), Console(), environ) is None


@pytest.mark.usefixtures("windows")
def test_windows_with_a_term_counts_it_as_elsewhere() -> None:
    assert plain_reason(Console(), Console(), GIT_BASH) is None
    assert plain_reason(Console(), Console(), {**POWERSHELL, "TERM": "dumb"}) == "TERM=dumb"


@pytest.mark.usefixtures("windows")
@pytest.mark.parametrize("environ", [WINDOWS_TERMINAL, POWERSHELL, CMD])
def test_windows_redirected_streams_are_plain(environ: dict[str, str]) -> None:
    """`paddehatten > fil.txt`, `paddehatten | more`, and a mintty pipe (Git Bash)."""
    assert plain_reason(Console(), Pipe(), environ) == "standardoutput ikke er en terminal"
    assert plain_reason(Pipe(), Console(), environ) == "standardinput ikke er en terminal"
    assert plain_reason(Pipe(), Pipe(), GIT_BASH) == "standardinput ikke er en terminal"


@pytest.mark.usefixtures("windows")
def test_windows_draws_on_stdout_so_stderr_may_go_to_a_file() -> None:
    """`paddehatten 2> fejl.txt`: Textual's Windows driver writes to stdout."""
    assert plain_reason(Console(), Console(), POWERSHELL, stderr=Pipe()) is None


@pytest.mark.usefixtures("linux")
@pytest.mark.parametrize("environ", [{"TERM": "xterm-256color"}, MAC_TERMINAL])
def test_unix_stderr_to_a_file_is_plain(environ: dict[str, str]) -> None:
    """`paddehatten 2> log`: Textual draws on stderr there; the screen would stay blank."""
    reason = plain_reason(Console(), Console(), environ, stderr=Pipe())
    assert reason == "standardfejl (stderr), som appen tegner på, ikke er en terminal"


@pytest.mark.usefixtures("windows")
def test_windows_console_in_a_legacy_code_page_is_plain() -> None:
    """`set PYTHONIOENCODING=cp1252` in cmd: the frames cannot be drawn in it."""
    reason = plain_reason(Console("cp1252"), Console("cp1252"), CMD)
    assert reason == "terminalens tegnsæt er cp1252, ikke UTF-8"


@pytest.mark.usefixtures("windows")
def test_windows_no_color_still_opens_the_app_in_monochrome() -> None:
    assert plain_reason(Console(), Console(), {**WINDOWS_TERMINAL, "NO_COLOR": "1"}) is None
    assert not wants_ansi(Console(), {**WINDOWS_TERMINAL, "NO_COLOR": "1"})


@pytest.mark.usefixtures("windows")
def test_windows_ansi_only_where_the_console_reads_it() -> None:
    assert wants_ansi(Console(), WINDOWS_TERMINAL)
    assert not wants_ansi(Console(), POWERSHELL)  # an old console prints the codes
    assert not wants_ansi(Console(), CMD)
    assert wants_ansi(Console(), GIT_BASH)
    assert not wants_ansi(Pipe(), WINDOWS_TERMINAL)


@pytest.mark.usefixtures("macos")
@pytest.mark.parametrize("environ", [MAC_TERMINAL, ITERM], ids=["terminal-app", "iterm2"])
def test_macos_terminals(environ: dict[str, str]) -> None:
    assert not on_windows()
    assert plain_reason(Console(), Console(), environ) is None
    assert plain_reason(Console(), Pipe(), environ) == "standardoutput ikke er en terminal"
    assert wants_ansi(Console(), environ)
    assert not wants_ansi(Console(), {**environ, "NO_COLOR": "1"})


@pytest.mark.usefixtures("macos")
def test_macos_without_term_is_plain() -> None:
    """Unlike Windows, a Unix TTY without TERM is not a terminal anyone set up."""
    assert plain_reason(Console(), Console(), {}) == "TERM ikke er sat"
    assert not wants_ansi(Console(), {})


@pytest.mark.usefixtures("linux")
@pytest.mark.parametrize(
    ("environ", "reason"),
    [
        ({"TERM": "xterm-256color"}, None),
        ({"TERM": "dumb"}, "TERM=dumb"),
        ({}, "TERM ikke er sat"),
        ({"TERM": "xterm-256color", "NO_COLOR": "1"}, None),
    ],
)
def test_linux(environ: dict[str, str], reason: str | None) -> None:
    assert plain_reason(Console(), Console(), environ) == reason


@pytest.mark.usefixtures("linux")
def test_a_small_window_is_plain(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback=(0, 0): (39, 30))
    reason = plain_reason(Console(), Console(), {"TERM": "xterm"})
    assert reason == "terminalen er for lille (39x30; mindst 40x12)"


def test_a_browser_tab_of_serve_is_always_a_screen() -> None:
    environ = {"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"}
    assert plain_reason(Pipe(), Pipe(), environ) is None


@pytest.mark.slow
def test_the_real_command_with_stderr_to_a_file_prints_plain_text(tmp_path: Path) -> None:
    """Run for real: a terminal on stdin and stdout, stderr into a file. The handbook
    shows on the terminal, the reason lands in the file, and the program ends."""
    log = tmp_path / "fejl.log"
    main, sub = pty.openpty()
    env = clean_env(TERM="xterm-256color", COLUMNS="100", LINES="30")
    with log.open("wb") as errors:
        proc = subprocess.Popen(
            paddehatten_command(), stdin=sub, stdout=sub, stderr=errors, env=env, close_fds=True
        )
    os.close(sub)
    shown = b""
    deadline = time.monotonic() + 30
    try:
        while time.monotonic() < deadline:
            if select.select([main], [], [], 0.2)[0]:
                try:
                    chunk = os.read(main, 65536)
                except OSError:  # the program closed the terminal: it has ended
                    break
                if not chunk:
                    break
                shown += chunk
            elif proc.poll() is not None:
                break
        try:
            status = proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait(timeout=5)
            pytest.fail("the app started and drew into the file instead of the screen")
    finally:
        os.close(main)
    assert status == 0
    assert "Tag stilling til hvorfor I siger JA" in shown.decode("utf-8")
    assert b"\x1b[" not in shown
    assert log.read_text("utf-8") == (
        "paddehatten: viste håndbogen som ren tekst, fordi standardfejl (stderr), "
        "som appen tegner på, ikke er en terminal.\n"
    )
