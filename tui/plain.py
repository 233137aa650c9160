"""Plain-text and JSON output: for pipes, scripts and screen readers.

Never imports Textual: the plain paths must start fast and work without a screen.
"""

from __future__ import annotations

from typing import Any

from content.model import Handbook, Section
from content.text import plain_text

EDITION_NOTE = (
    "Om denne udgave: teksten er retningslinjen ord for ord, som den blev vedtaget. "
    "Noter mærket «Redaktionens note» er tilføjet og er ikke en del af retningslinjen."
)
EDITORIAL_TITLES_NOTE = (
    "Om denne udgave: teksten er retningslinjen ord for ord, som den blev vedtaget. "
    "Afsnittenes korte overskrifter og noter mærket «Redaktionens note» er tilføjet "
    "og er ikke en del af retningslinjen."
)
NOTE_LABEL = "Redaktionens note (ikke en del af retningslinjen)"


def section_heading(handbook: Handbook, section: Section) -> str:
    """ "Råd 4 · Skift dit kodeord ofte", or the title alone for unnumbered sections."""
    label = handbook.label(section)
    return section.title if label == section.title else f"{label} · {section.title}"


def section_text(handbook: Handbook, section: Section) -> str:
    """The guideline's words of one section, printed the way the guideline prints them."""
    text = plain_text(section.body)
    style = handbook.chapter(section.chapter).style
    if style == "numbered" and section.number is not None:
        return f"{section.number}. {text}"
    if style == "bullets":
        return f"- {text}"
    return text


def render_section(handbook: Handbook, section: Section) -> str:
    parts = [section_heading(handbook, section), section_text(handbook, section)]
    if section.note:
        parts.append(f"{NOTE_LABEL}: {section.note}")
    return "\n".join(parts)


def render_handbook(handbook: Handbook) -> str:
    """The whole handbook, in order, as plain text."""
    note = EDITORIAL_TITLES_NOTE if handbook.editorial_titles else EDITION_NOTE
    out = [handbook.title, handbook.revision, "", note]
    for chapter in handbook.chapters:
        sections = handbook.in_chapter(chapter.id)
        if not sections:
            continue
        heading = chapter.title + (" (redaktionens overskrift)" if chapter.editorial else "")
        out += ["", "", heading, "=" * len(heading)]
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
