"""Drive a real program in tmux, the way a person sees it: send keys, read the screen.

Used by the tmux tests and by the first-paint benchmark.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import time
import uuid
from collections.abc import Sequence
from pathlib import Path


def tmux_available() -> bool:
    return shutil.which("tmux") is not None


class Tmux:
    """One detached tmux session running ``command`` in a terminal of the given size.

    Each runs on a tmux server of its own (``tmux -L <unique socket>``, no config file),
    never the person's or another test's, and that server is killed on exit: tests in
    parallel processes cannot see or end each other's sessions.

    tmux forces TERM=tmux-256color, so the command runs under ``env TERM=… COLORTERM=…``.
    Textual draws on stderr: nothing here redirects it.
    """

    def __init__(
        self,
        command: Sequence[str],
        *,
        size: tuple[int, int] = (120, 40),
        env: dict[str, str] | None = None,
        cwd: Path | None = None,
    ) -> None:
        self.name = f"paddehatten-test-{uuid.uuid4().hex[:10]}"
        #: The socket of this session's own tmux server.
        self.socket = self.name
        self.size = size
        # tmux starts programs with its server's environment, not ours: pass on the
        # private XDG directories the tests set, so nothing lands in the real ones.
        inherited = {k: v for k, v in os.environ.items() if k.startswith("XDG_")}
        settings = {
            **inherited,
            "TERM": "xterm-256color",
            "COLORTERM": "truecolor",
            **(env or {}),
        }
        assignments = " ".join(f"{k}={shlex.quote(v)}" for k, v in settings.items())
        self.shell = f"env {assignments} {shlex.join(command)}"
        self.cwd = cwd
        self.started = 0.0
        #: The socket file of this session's server, once it runs.
        self.socket_file: Path | None = None

    def __enter__(self) -> Tmux:
        try:
            self.start()
        except BaseException:
            self.kill()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.kill()

    def _command(self, *args: str) -> list[str]:
        return ["tmux", "-L", self.socket, "-f", os.devnull, *args]

    def _tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self._command(*args), capture_output=True, text=True, check=check, timeout=30
        )

    def start(self) -> None:
        columns, rows = self.size
        self.started = time.perf_counter()
        subprocess.run(
            self._command(
                "new-session",
                "-d",
                "-s",
                self.name,
                "-x",
                str(columns),
                "-y",
                str(rows),
                self.shell,
            ),
            check=True,
            cwd=self.cwd,
            # The server's environment is the pane's: no TMUX, and no COLUMNS/LINES,
            # which would override the size of the terminal tmux gives the program.
            env={k: v for k, v in os.environ.items() if k not in ("TMUX", "COLUMNS", "LINES")},
            timeout=10,
        )
        # Keep the pane after the program exits, so its last screen can still be read.
        self._tmux("set-option", "-t", self.name, "remain-on-exit", "on", check=False)
        where = self._tmux("display-message", "-p", "#{socket_path}", check=False).stdout
        self.socket_file = Path(where.strip()) if where.strip() else None

    def pane_pid(self) -> int:
        """The process id of the pane's program (the command given, or what it execs)."""
        return int(self._tmux("display-message", "-p", "-t", self.name, "#{pane_pid}").stdout)

    def screen(self) -> str:
        result = self._tmux("capture-pane", "-p", "-t", self.name, check=False)
        return result.stdout

    def screen_with_codes(self) -> str:
        """The screen with its colour and style escape codes (capture-pane -e)."""
        result = self._tmux("capture-pane", "-e", "-p", "-t", self.name, check=False)
        return result.stdout

    def wait_for(self, text: str, timeout: float = 60.0, poll: float = 0.01) -> float:
        """Seconds from start until ``text`` shows on screen; AssertionError on timeout."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text in self.screen():
                return time.perf_counter() - self.started
            time.sleep(poll)
        raise AssertionError(f"{text!r} did not show within {timeout} s:\n{self.screen()}")

    def wait_until_gone(self, text: str, timeout: float = 30.0) -> None:
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            if text not in self.screen():
                return
            time.sleep(0.02)
        raise AssertionError(f"{text!r} still shows after {timeout} s:\n{self.screen()}")

    def send(self, *keys: str, literal: bool = False) -> None:
        args = ["send-keys", "-t", self.name]
        if literal:
            args.append("-l")
        self._tmux(*args, *keys)

    def exited(self, timeout: float = 30.0) -> bool:
        """True once the program in the pane has ended."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            result = self._tmux(
                "display-message", "-p", "-t", self.name, "#{pane_dead}", check=False
            )
            if result.returncode != 0 or result.stdout.strip() == "1":
                return True
            time.sleep(0.05)
        return False

    def server_running(self) -> bool:
        return self._tmux("list-sessions", check=False).returncode == 0

    def kill(self) -> None:
        """End the program and this session's tmux server (nothing else)."""
        self._tmux("kill-server", check=False)
        # tmux 3.3 leaves a killed server's socket file behind: it is ours, remove it.
        if self.socket_file is not None and self.socket_file.is_socket():
            self.socket_file.unlink(missing_ok=True)


def cursor(term: Tmux) -> tuple[int, int, bool]:
    """Where the terminal's real cursor is in ``term`` (0-based x, y) and whether it
    is shown: what a screen reader or a braille display follows."""
    result = term._tmux(
        "display-message", "-p", "-t", term.name, "#{cursor_x},#{cursor_y},#{cursor_flag}"
    )
    x, y, shown = result.stdout.strip().split(",")
    return int(x), int(y), shown == "1"
