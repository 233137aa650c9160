"""The few choices remembered between runs (the theme), in the user config directory.

Only what the person chose is stored: never anything they read, searched for or
answered. Reading never fails (a missing or broken file means defaults); writing
is atomic and a failure is reported, never raised.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

SETTINGS_FILE = "settings.json"


def config_dir() -> Path:
    from platformdirs import user_config_dir

    return Path(user_config_dir("paddehatten", appauthor=False))


def load_settings() -> dict[str, Any]:
    try:
        data = json.loads((config_dir() / SETTINGS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save_setting(key: str, value: Any) -> str | None:
    """Store one setting; returns None, or why it could not be stored."""
    folder = config_dir()
    settings = load_settings()
    if settings.get(key) == value:
        return None
    settings[key] = value
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".settings-", suffix=".tmp", dir=folder)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(settings, out, ensure_ascii=False, indent=2)
            os.replace(temporary, folder / SETTINGS_FILE)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
    except OSError as error:
        return f"{folder}: {error.strerror or error}"
    return None
