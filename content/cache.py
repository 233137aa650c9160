"""A cache of validated handbooks, so the app's start skips YAML and Markdown parsing.

The cache holds what the loader made of a handbook folder that had no problems,
keyed by a hash of every content file's name and bytes and by the program's version:
any edit (even one that keeps the size and the modification time), added or removed
file, or upgrade means a full load. Hashing the shipped handbook's 16 small files costs
well under a millisecond. It is plain JSON in the user cache directory (never pickle:
nothing in it is executed), written to a temporary file and renamed into place. The
folder is used only when it is the person's own and closed to others, and every entry
is signed with the person's secret (:mod:`paddehatten.content.userfiles`): an entry
someone else wrote or edited could otherwise show words that are not in the handbook,
or claim its wording was checked (``wording_verified``). The files are read through
:mod:`paddehatten.content.files` (regular files only, size limits). A missing, corrupt,
forged, unreadable or unwritable cache only ever means loading the ordinary way.
"""

from __future__ import annotations

import hashlib
import json
import types
import typing
from dataclasses import asdict, fields
from pathlib import Path
from typing import Any

from paddehatten.content import files, userfiles
from paddehatten.content.model import Chapter, Handbook, Section
from paddehatten.content.text import plain_text, remember

#: Bump when the shape of the cached data changes, or the rules a handbook is
#: validated by (4: content.schema refuses unknown keys in handbook.yaml; 5: a note
#: with a date and an empty 'checked_by:', once taken as checked, is refused).
FORMAT = 5
METADATA_FILE = "handbook.yaml"
SECTIONS_DIR = "sections"
#: The largest cache file read back (it holds every section, twice).
MAX_CACHE_BYTES = 256 * 1024 * 1024


def cache_dir() -> Path:
    return userfiles.cache_dir("handbooks")


def _cache_file(root: Path) -> Path:
    """The entry's file, in the checked folder; OSError when the folder is not safe."""
    name = hashlib.sha256(str(root.resolve()).encode("utf-8", "surrogatepass")).hexdigest()
    return userfiles.private_cache_dir("handbooks") / f"{name[:24]}.json"


def fingerprint(root: Path, version: str) -> str | None:
    """A digest of every content file's name and bytes; None if one cannot be read."""
    digest = hashlib.sha256(json.dumps([FORMAT, version]).encode())
    digest.update(str(root.resolve()).encode("utf-8", "surrogatepass"))
    try:
        # The files beside handbook.yaml too: the adopted text the wording is checked
        # against is one of them.
        top, bad_top = files.list_folder(root, "")
        names, bad = files.list_folder(root / SECTIONS_DIR, ".md")
        if bad or bad_top:
            return None
        for path in [*(p for p in top if p.is_file()), *names]:
            data = files.read_bytes(path)
            digest.update(b"\0" + path.name.encode("utf-8") + b"\0")
            digest.update(hashlib.sha256(data).digest())
    except (files.FileProblem, OSError):
        return None
    return digest.hexdigest()


def load_cached(root: Path, version: str, key: str | None = None) -> Handbook | None:
    """The cached handbook for ``root``, or None when there is no valid entry.

    ``key``: the fingerprint, when the caller took it already."""
    key = key or fingerprint(root, version)
    if key is None:
        return None
    try:
        raw = files.read_bytes(_cache_file(root), MAX_CACHE_BYTES)
        signature, _, body = raw.partition(b"\n")
        if not userfiles.verify(body, signature.decode("ascii"), userfiles.secret()):
            return None
        data = json.loads(files.decode(body))
        if not isinstance(data, dict) or data.get("key") != key:
            return None
        return from_json(data["handbook"], root)
    except (files.FileProblem, OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    except RecursionError:  # "[[[[…" nested deeper than json can follow
        return None


def store(handbook: Handbook, version: str, key: str | None = None) -> bool:
    """Write the cache entry for a handbook that loaded without problems.

    ``key`` should be the fingerprint taken *before* the handbook was loaded: a file
    edited since then is then cached under its old content's key, and the next start
    sees the change. Taken now, it would pair the new file's key with the old text.
    """
    key = key or fingerprint(handbook.root, version)
    if key is None:
        return False
    data = {"key": key, "handbook": to_json(handbook)}
    try:
        body = json.dumps(data, ensure_ascii=False).encode("utf-8")
        signature = userfiles.sign(body, userfiles.secret()).encode("ascii")
        userfiles.atomic_write(_cache_file(handbook.root), signature + b"\n" + body)
    except (OSError, UnicodeEncodeError, ValueError):
        return False
    return True


def to_json(handbook: Handbook) -> dict[str, Any]:
    """The handbook as JSON data: an entry's ``handbook`` (also what
    :mod:`paddehatten.content.prefetch` sends from its child)."""
    return {
        "title": handbook.title,
        "revision": handbook.revision,
        "institution": handbook.institution,
        "editorial_titles": handbook.editorial_titles,
        "adopted_text": handbook.adopted_text,
        "wording_verified": handbook.wording_verified,
        "search_examples": handbook.search_examples,
        "default_tree": handbook.default_tree,
        "tree_label": handbook.tree_label,
        "chapters": [asdict(c) for c in handbook.chapters],
        "sections": [asdict(s) | {"plain": plain_text(s.body)} for s in handbook.sections],
    }


def _checked(kind: type[Any], row: object) -> Any:
    """``kind(**row)`` when every field of the row has the type the dataclass says."""
    if not isinstance(row, dict):
        raise TypeError("damaged cache entry")
    for name, allowed in _field_types(kind):
        if type(row.get(name)) not in allowed:
            raise TypeError(f"damaged cache entry: {name}")
    return kind(**row)


_FIELD_TYPES: dict[str, tuple[tuple[str, tuple[type[Any], ...]], ...]] = {}


def _field_types(kind: type[Any]) -> tuple[tuple[str, tuple[type[Any], ...]], ...]:
    """(field, the types its value may have) of a model dataclass; worked out once."""
    known = _FIELD_TYPES.get(kind.__name__)
    if known is None:
        hints = typing.get_type_hints(kind)
        known = tuple(
            (item.name, _types(hints[item.name]))
            for item in fields(kind)
            if not item.name.startswith("_")
        )
        _FIELD_TYPES[kind.__name__] = known
    return known


def _types(hint: Any) -> tuple[type[Any], ...]:
    if isinstance(hint, types.UnionType) or typing.get_origin(hint) is typing.Union:
        return tuple(t for part in typing.get_args(hint) for t in _types(part))
    if typing.get_origin(hint) is typing.Literal:
        return (str,)
    if typing.get_origin(hint) is tuple:
        return (tuple,)
    if hint is type(None):
        return (type(None),)
    return (hint,)


def from_json(data: dict[str, Any], root: Path) -> Handbook:
    """The handbook :func:`to_json` made, every field's type checked; TypeError,
    KeyError or ValueError when the data is damaged."""
    sections = []
    for row in data["sections"]:
        plain = row.pop("plain")
        sources = row.get("note_sources") if isinstance(row, dict) else None
        if not isinstance(sources, list) or not all(isinstance(x, str) for x in sources):
            raise TypeError("damaged cache entry: note_sources")
        row["note_sources"] = tuple(sources)
        section = _checked(Section, row)
        if not isinstance(plain, str):
            raise TypeError("damaged cache entry")
        remember(section.body, plain)
        sections.append(section)
    for key in ("title", "revision", "institution", "search_examples", "tree_label"):
        if not isinstance(data[key], str):
            raise TypeError("damaged cache entry")
    chapters = tuple(_checked(Chapter, row) for row in data["chapters"])
    known = {c.id for c in chapters}
    if len(known) != len(chapters) or any(s.chapter not in known for s in sections):
        raise TypeError("damaged cache entry")
    return Handbook(
        title=data["title"],
        revision=data["revision"],
        institution=data["institution"],
        editorial_titles=data["editorial_titles"] is True,
        adopted_text=data["adopted_text"] if isinstance(data["adopted_text"], str) else None,
        wording_verified=data["wording_verified"] is True,
        search_examples=data["search_examples"],
        default_tree=data["default_tree"] if isinstance(data["default_tree"], str) else None,
        tree_label=data["tree_label"],
        chapters=chapters,
        sections=tuple(sections),
        root=root,
    )
