"""A cache of validated handbooks, so the app's start skips YAML and Markdown parsing.

The cache holds what the loader made of a handbook folder that had no problems,
keyed by every content file's name, size and modification time and by the program's
version: any edit, added or removed file, or upgrade means a full load. It is plain
JSON in the user cache directory (never pickle: nothing in it is executed), written
to a temporary file and renamed into place. A missing, corrupt, unreadable or
unwritable cache only ever means loading the ordinary way.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from dataclasses import asdict
from pathlib import Path
from typing import Any

from paddehatten.content.model import Chapter, Handbook, Section
from paddehatten.content.text import plain_text, remember

#: Bump when the shape of the cached data changes.
FORMAT = 2
METADATA_FILE = "handbook.yaml"
SECTIONS_DIR = "sections"


def cache_dir() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("paddehatten", appauthor=False)) / "handbooks"


def _cache_file(root: Path) -> Path:
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return cache_dir() / f"{name[:24]}.json"


def fingerprint(root: Path, version: str) -> str | None:
    """A digest of every content file's name, size and mtime; None if unreadable."""
    try:
        # The files beside handbook.yaml too: the adopted text the wording is checked
        # against is one of them.
        with os.scandir(root) as top:
            entries = sorted(Path(e.path) for e in top if e.is_file())
        with os.scandir(root / SECTIONS_DIR) as found:
            entries += sorted(Path(e.path) for e in found if e.name.endswith(".md"))
        stats = []
        for path in entries:
            info = path.stat()
            stats.append([path.name, info.st_size, info.st_mtime_ns])
    except OSError:
        return None
    text = json.dumps([FORMAT, version, str(root.resolve()), stats])
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def load_cached(root: Path, version: str, key: str | None = None) -> Handbook | None:
    """The cached handbook for ``root``, or None when there is no valid entry.

    ``key``: the fingerprint, when the caller took it already."""
    key = key or fingerprint(root, version)
    if key is None:
        return None
    try:
        data = json.loads(_cache_file(root).read_text(encoding="utf-8"))
        if data.get("key") != key:
            return None
        return _from_json(data["handbook"], root)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def store(handbook: Handbook, version: str, key: str | None = None) -> bool:
    """Write the cache entry for a handbook that loaded without problems.

    ``key`` should be the fingerprint taken *before* the handbook was loaded: a file
    edited since then is then cached under its old size and time, and the next start
    sees the change. Taken now, it would pair the new file's key with the old text.
    """
    key = key or fingerprint(handbook.root, version)
    if key is None:
        return False
    data = {"key": key, "handbook": _to_json(handbook)}
    target = _cache_file(handbook.root)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=".tmp-", dir=target.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(data, out, ensure_ascii=False)
            os.replace(temporary, target)
        finally:
            Path(temporary).unlink(missing_ok=True)
    except OSError:
        return False
    return True


def _to_json(handbook: Handbook) -> dict[str, Any]:
    return {
        "title": handbook.title,
        "revision": handbook.revision,
        "institution": handbook.institution,
        "editorial_titles": handbook.editorial_titles,
        "adopted_text": handbook.adopted_text,
        "wording_verified": handbook.wording_verified,
        "chapters": [asdict(c) for c in handbook.chapters],
        "sections": [asdict(s) | {"plain": plain_text(s.body)} for s in handbook.sections],
    }


def _from_json(data: dict[str, Any], root: Path) -> Handbook:
    sections = []
    for row in data["sections"]:
        plain = row.pop("plain")
        row["note_sources"] = tuple(row["note_sources"])
        section = Section(**row)
        if not isinstance(section.body, str) or not isinstance(plain, str):
            raise TypeError("damaged cache entry")
        remember(section.body, plain)
        sections.append(section)
    return Handbook(
        title=str(data["title"]),
        revision=str(data["revision"]),
        institution=str(data["institution"]),
        editorial_titles=data["editorial_titles"] is True,
        adopted_text=data["adopted_text"] if isinstance(data["adopted_text"], str) else None,
        wording_verified=data["wording_verified"] is True,
        chapters=tuple(Chapter(**row) for row in data["chapters"]),
        sections=tuple(sections),
        root=root,
    )
