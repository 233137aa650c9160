"""English a Danish user must never meet: what the Danish tests look for."""

from __future__ import annotations

import re

#: Words and phrases of argparse, Textual and Rich that have leaked before, or would.
#: Whole words, any case. Not "search", "tree", "serve" …: those are command names.
ENGLISH = (
    "usage",
    "positional arguments",
    "options",
    "optional arguments",
    "show this help",
    "help message",
    "and exit",
    "error",
    "invalid choice",
    "choose from",
    "the following arguments",
    "are required",
    "unrecognized",
    "expected one",
    "not allowed",
    "ambiguous",
    "do you want",
    "press",
    "to quit",
    "quit",
    "search for",
    "themes",
    "theme",
    "palette",
    "saved",
    "screenshot",
    "failed",
    "keys",
    "maximize",
    "minimize",
    "commands",
    "no matches",
    "loading",
    "cancel",
    "close",
    "back",
    "yes",
    # Textual's own key descriptions (the keys panel) and theme names.
    "scroll",
    "focus next",
    "focus previous",
    "copy selected",
    "cursor",
    "page up",
    "page down",
    "toggle",
    "submit",
    "delete",
    "paste",
    "dark",
    "light",
    "nord",
    "gruvbox",
    "dracula",
    "monokai",
    "svg",
)

_PATTERN = re.compile(r"\b(" + "|".join(re.escape(w) for w in ENGLISH) + r")\b", re.IGNORECASE)


def english_in(text: str) -> list[str]:
    """The English words and phrases of :data:`ENGLISH` found in ``text``."""
    return sorted({m.group(0).lower() for m in _PATTERN.finditer(text)})
