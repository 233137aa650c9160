"""Plain-text and JSON output: for pipes, scripts and screen readers.

Never imports Textual: the plain paths must start fast and work without a screen.
"""

from __future__ import annotations

from typing import Any

from paddehatten.content.model import Handbook, Section
from paddehatten.tui.labels import (
    edition_note,
    section_plain,
    section_text,
)


def render_section(handbook: Handbook, section: Section) -> str:
    return section_plain(handbook, section)


def render_handbook(handbook: Handbook) -> str:
    """The whole handbook, in order, as plain text."""
    out = [handbook.title, handbook.revision, "", edition_note(handbook)]
    for chapter in handbook.chapters:
        sections = handbook.in_chapter(chapter.id)
        if not sections:
            continue
        heading = chapter.title + (" (redaktionens overskrift)" if chapter.editorial else "")
        # No "=====" under it: a screen reader reads every one of them aloud.
        out += ["", "", heading]
        for section in sections:
            if len(sections) == 1 and section.title == chapter.title:
                # A chapter of one untitled section (the introduction): no second heading.
                out += ["", render_section(handbook, section).split("\n", 1)[1]]
            else:
                out += ["", render_section(handbook, section)]
    out += ["", "", handbook.revision]
    return "\n".join(out) + "\n"


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


def render_list(handbook: Handbook) -> str:
    width = max(len(s.id) for s in handbook.sections)
    rows = []
    for section in handbook.sections:
        number = "" if section.number is None else str(section.number)
        chapter = handbook.chapter(section.chapter).title
        rows.append(f"{section.id:<{width}}  {number:>2}  {section.title}  ({chapter})")
    return "\n".join(rows) + "\n"
