"""Full screen or plain, on each platform's terms.

This machine is Linux; Windows and macOS are simulated by setting ``sys.platform`` and
``os.name`` and the environment their terminals give a program (Windows Terminal sets
``WT_SESSION`` and no ``TERM``; PowerShell's and cmd's console set neither; Terminal.app
sets ``TERM=xterm-256color`` and ``TERM_PROGRAM=Apple_Terminal``).
"""

from __future__ import annotations

import io
import os
import shutil
import sys

import pytest

from paddehatten.tui.cli.terminal import on_windows, plain_reason, wants_ansi


class Console(io.TextIOWrapper):
    """A stream that says it is a terminal, in the given encoding."""

    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding)

    def isatty(self) -> bool:
        return True


class Pipe(io.TextIOWrapper):
    def __init__(self, encoding: str = "utf-8") -> None:
        super().__init__(io.BytesIO(), encoding=encoding)


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
