"""The few choices remembered between runs (the theme), in the user config directory.

Only what the person chose is stored: never anything they read, searched for or
answered. Reading never fails (a missing or broken file means defaults); writing
is atomic and a failure is reported, never raised.

With ``PADDEHATTEN_SETTINGS=memory`` in the environment (``serve --terminal`` starts
every browser tab's app so) no file is read or written: the tab starts with the
defaults, and what is chosen in it lasts only as long as its app.
"""

from __future__ import annotations

import json
import os
from typing import Any

from paddehatten.content import files
from paddehatten.content.userfiles import atomic_write, config_dir

SETTINGS_FILE = "settings.json"
#: A settings file holds a theme name; anything this large is not ours.
MAX_SETTINGS_BYTES = 64 * 1024
#: The environment variable that keeps settings in memory only, and its value.
SETTINGS_ENV = "PADDEHATTEN_SETTINGS"
IN_MEMORY = "memory"
_in_memory: dict[str, Any] = {}


def in_memory_only() -> bool:
    return os.environ.get(SETTINGS_ENV) == IN_MEMORY


def load_settings() -> dict[str, Any]:
    if in_memory_only():
        return dict(_in_memory)
    try:
        data = json.loads(files.read_text(config_dir() / SETTINGS_FILE, MAX_SETTINGS_BYTES))
    except (files.FileProblem, ValueError, RecursionError):
        return {}
    if not isinstance(data, dict):
        return {}
    # JSON may spell what is not text ("\\ud800", half a character): such a setting
    # could never be written back, so it is dropped as if it were not there.
    return {key: value for key, value in data.items() if _is_text(key) and _is_text(value)}


def _is_text(value: Any) -> bool:
    try:
        json.dumps(value, ensure_ascii=False).encode("utf-8")
    except (UnicodeEncodeError, ValueError, RecursionError):
        return False
    return True


def save_setting(key: str, value: Any) -> str | None:
    """Store one setting; returns None, or why it could not be stored."""
    if in_memory_only():
        _in_memory[key] = value
        return None
    folder = config_dir()
    settings = load_settings()
    if settings.get(key) == value:
        return None
    settings[key] = value
    try:
        text = json.dumps(settings, ensure_ascii=False, indent=2)
        atomic_write(folder / SETTINGS_FILE, text.encode("utf-8"))
    except (UnicodeEncodeError, ValueError):
        return "indstillingen er ikke almindelig tekst"
    except OSError as error:
        return f"{folder}: {files.os_reason(error)}"
    return None
