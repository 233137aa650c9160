"""Copying text so that it is really there to paste, or saying how to copy instead.

Textual copies through the terminal (the OSC 52 escape sequence), and many terminals
ignore it without a word. So the app also hands the text to the system's own tool when
there is one (wl-copy, xclip, xsel, pbcopy, clip), and says «Kopieret» only when such a
tool took it. Otherwise the person is told that the text was sent to the terminal, and
how to copy if it did not arrive.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Mapping

#: How long a clipboard tool may take (xclip hands the text to a process of its own).
TOOL_SECONDS = 2.0


def tools(environ: Mapping[str, str] | None = None) -> list[list[str]]:
    """The system's clipboard commands that fit this session, best first."""
    env = os.environ if environ is None else environ
    if sys.platform == "darwin":
        return [["pbcopy"]]
    if sys.platform == "win32":
        return [["clip"]]
    found = []
    if env.get("WAYLAND_DISPLAY"):
        found.append(["wl-copy"])
    if env.get("DISPLAY"):
        found += [["xclip", "-selection", "clipboard"], ["xsel", "--clipboard", "--input"]]
    return found


def system_copy(text: str, environ: Mapping[str, str] | None = None) -> str | None:
    """Put ``text`` on the system clipboard with its own tool; the tool's name, or None
    when there is none here or it failed. Never raises."""
    for command in tools(environ):
        program = shutil.which(command[0])
        if program is None:
            continue
        try:
            done = subprocess.run(
                [program, *command[1:]],
                input=text.encode("utf-8"),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=TOOL_SECONDS,
                check=False,
            )
        except (OSError, subprocess.SubprocessError):
            continue
        if done.returncode == 0:
            return command[0]
    return None


#: Said when no tool took the text: it went to the terminal, which may ignore it.
SENT_TITLE = "Sendt til terminalen"
SENT_HOW = (
    "Teksten er sendt til terminalens udklipsholder, men ikke alle terminaler tager "
    "imod den. Kan du ikke sætte den ind: markér teksten med musen (hold Shift nede), "
    "eller skriv den ud med «{command}» og kopiér derfra."
)
