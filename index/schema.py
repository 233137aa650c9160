"""The index's fields: every text is indexed four ways, for title and for body."""

from __future__ import annotations

from typing import Any, Literal

from whoosh.fields import ID, STORED, TEXT, Schema

from paddehatten.index.analysis import KINDS, DanishAnalyzer, Kind

Part = Literal["title", "body"]
PARTS: tuple[Part, ...] = ("title", "body")


def field(part: Part, kind: Kind) -> str:
    """The name of the field holding the ``kind`` form of ``part``, e.g. "body_stem"."""
    return f"{part}_{kind}"


def make_schema() -> Schema:
    fields: dict[str, Any] = {
        "id": ID(stored=True, unique=True),
        # Indexed as well as stored: the few documents that are not sections are found
        # from the index's terms, without reading every stored document.
        "kind": ID(stored=True),
        "title": STORED(),
        "text": STORED(),
    }
    for part in PARTS:
        for kind in KINDS:
            # Only the folded words keep positions: phrases are matched there.
            fields[field(part, kind)] = TEXT(
                analyzer=DanishAnalyzer(kind), phrase=kind == "fold", stored=False
            )
    return Schema(**fields)
