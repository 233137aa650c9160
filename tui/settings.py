"""The few choices remembered between runs (the theme), in the user config directory.

Only what the person chose is stored: never anything they read, searched for or
answered. Reading never fails (a missing or broken file means defaults); writing
is atomic and a failure is reported, never raised.
"""

from __future__ import annotations

import json
from typing import Any

from paddehatten.content import files
from paddehatten.content.userfiles import atomic_write, config_dir

SETTINGS_FILE = "settings.json"
#: A settings file holds a theme name; anything this large is not ours.
MAX_SETTINGS_BYTES = 64 * 1024


def load_settings() -> dict[str, Any]:
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
