"""JSON output of ``list`` and ``show``, for scripts. Never imports Textual.

The plain text of every command is rendered in :mod:`paddehatten.tui.plain`.
"""

from __future__ import annotations

from typing import Any

from paddehatten.content.model import Handbook, Section
from paddehatten.tui.labels import section_text


def section_json(handbook: Handbook, section: Section) -> dict[str, Any]:
    chapter = handbook.chapter(section.chapter)
    return {
        "id": section.id,
        "number": section.number,
        "label": handbook.label(section),
        "title": section.title,
        "chapter": chapter.id,
        "chapter_title": chapter.title,
        "text": section_text(handbook, section),
        "markdown": section.body,
        "note": section.note,
        "note_checked": section.note_checked,
        "note_checked_by": section.note_checked_by,
        "note_sources": list(section.note_sources),
        "wording_verified": handbook.wording_verified,
        "source": f"{section.source}:{section.line}",
    }


def list_json(handbook: Handbook) -> list[dict[str, Any]]:
    return [
        {"id": s.id, "number": s.number, "title": s.title, "chapter": s.chapter}
        for s in handbook.sections
    ]
