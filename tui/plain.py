"""Plain text: every renderer of what the program prints as text, and its wrapping.

One module for the command line's plain output (``show``, ``list``, ``--plain``,
``search``, ``tree --answers`` and the plain walk) and for what the app's copy key puts
on the clipboard. Never imports Textual: the plain paths must start fast and work
without a screen.

Written for ears as well as eyes (a screen reader, espeak-ng): no ids in what is read
unless they are asked for, no symbols read out as their names (ranges say «til», keys
are named in words), each quotation said once, and no underlines under headings.

:func:`wrapped` breaks lines at word boundaries at :func:`output_width` (the terminal's
width, ``COLUMNS`` when set, else 80): never inside a word. The renderers return long
lines; the writer (:func:`write`) wraps them, so the clipboard keeps whole paragraphs.
"""

from __future__ import annotations

import os
import re
import sys
import textwrap
from collections.abc import Callable
from typing import TYPE_CHECKING, TextIO

from paddehatten.content.model import Handbook, Section
from paddehatten.content.text import plain_text
from paddehatten.tui.labels import (
    ANSWERS_HEADING,
    ANSWERS_SO_FAR,
    GAP_LINE,
    GROUNDS_HEADING,
    NOT_A_DECISION,
    NOT_A_DECISION_TAG,
    NOTE_LABEL,
    RESULT_HEADING,
    SUGGESTION_LABEL,
    TREE_HIT,
    TREE_OFFER,
    TREE_OFFER_TEXT,
    WEAK_HIT,
    count_text,
    edition_note,
    found_as_text,
    note_text,
    progress,
    review_line,
    section_heading,
    section_text,
    source_line,
)

if TYPE_CHECKING:
    from paddehatten.content.tree import Outcome, Question, Walk
    from paddehatten.index.highlight import Spans
    from paddehatten.index.search import SearchResult

#: The width when the output is not a terminal and COLUMNS is not set.
DEFAULT_WIDTH = 80
#: Narrower than this, wrapping would help no one: lines are left as they are.
MIN_WIDTH = 20

#: After a cited point whose words the outcome has already quoted in full.
QUOTED_ABOVE = "citeret ovenfor"


# -- Wrapping ------------------------------------------------------------------------


def output_width(stream: TextIO | None = None, environ: dict[str, str] | None = None) -> int:
    """The width to wrap at: ``COLUMNS`` when set, else the terminal's width when
    ``stream`` is a terminal, else 80."""
    env = os.environ if environ is None else environ
    columns = env.get("COLUMNS", "").strip()
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    stream = sys.stdout if stream is None else stream
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns or DEFAULT_WIDTH
    except (AttributeError, ValueError, OSError):
        pass
    return DEFAULT_WIDTH


#: A line's indent and list marker ("  1. ", "- "): wrapped lines hang under the text.
_HANGING = re.compile(r"^(\s*(?:\d+\.\s+|-\s+|•\s+)?)")


def wrapped(text: str, width: int) -> str:
    """``text`` with every line longer than ``width`` broken at spaces, never inside a
    word (a word longer than the line, an address, stands alone on its line). A list
    item's continuation lines hang under its text."""
    if width < MIN_WIDTH:
        return text
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) <= width:
            out.append(line)
            continue
        indent = " " * len(_HANGING.match(line).group(1))  # type: ignore[union-attr]
        wrapper = textwrap.TextWrapper(
            width=width,
            subsequent_indent=indent,
            break_long_words=False,
            break_on_hyphens=False,
            drop_whitespace=True,
        )
        lines = wrapper.wrap(line) or [""]
        lines[-1] += line[len(line.rstrip()) :]  # a prompt's space after its colon
        out.extend(lines)
    return "\n".join(out)


#: Around a matched word in :func:`render_hits` when the caller styles matches itself
#: (bold and underlined on a terminal): private-use characters, never in content.
MARK_ON = "\ue000"
MARK_OFF = "\ue001"


def sentinel_marks(spans: Spans) -> str:
    """A snippet with its matched words between :data:`MARK_ON` and :data:`MARK_OFF`."""
    return "".join(f"{MARK_ON}{text}{MARK_OFF}" if hit else text for text, hit in spans)


def write(
    text: str,
    stream: TextIO | None = None,
    *,
    on_mark: Callable[[bool], None] | None = None,
) -> None:
    """Write ``text`` to ``stream`` (default: standard output), wrapped at its width.

    Matched words marked with :func:`sentinel_marks` are written through ``on_mark``
    (True before a match, False after: the caller writes its own terminal codes) and
    the sentinels never reach the output."""
    stream = sys.stdout if stream is None else stream
    lines = wrapped(text, output_width(stream))
    if MARK_ON not in lines:
        stream.write(lines)
        return
    for piece in re.split(f"([{MARK_ON}{MARK_OFF}])", lines):
        if piece in (MARK_ON, MARK_OFF):
            if on_mark is not None:
                on_mark(piece == MARK_ON)
        elif piece:
            stream.write(piece)


# -- Sections, the handbook, the list ------------------------------------------------


def section_plain(handbook: Handbook, section: Section, *, ids: bool = False) -> str:
    """A section as plain text: heading, the guideline's words, the editor's note.
    With ``ids``, the heading ends with the section's id (for scripts, not for ears)."""
    heading = section_heading(handbook, section)
    if ids:
        heading += f" ({section.id})"
    parts = [heading, section_text(handbook, section)]
    if section.note:
        parts.append(f"{NOTE_LABEL}: {note_text(section)}")
    return "\n".join(parts)


def render_sections(handbook: Handbook, sections: list[Section]) -> str:
    """``show ID …``: the sections asked for, a blank line between them."""
    return "\n\n".join(section_plain(handbook, s) for s in sections) + "\n"


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
                out += ["", section_plain(handbook, section).split("\n", 1)[1]]
            else:
                out += ["", section_plain(handbook, section)]
    out += ["", "", handbook.revision]
    return "\n".join(out) + "\n"


def render_list(handbook: Handbook) -> str:
    """``list``: one row a section: id, number, title and chapter (ids asked for)."""
    width = max(len(s.id) for s in handbook.sections)
    rows = []
    for section in handbook.sections:
        number = "" if section.number is None else str(section.number)
        chapter = handbook.chapter(section.chapter).title
        rows.append(f"{section.id:<{width}}  {number:>2}  {section.title}  ({chapter})")
    return "\n".join(rows) + "\n"


# -- Search hits ---------------------------------------------------------------------


def render_hits(
    handbook: Handbook,
    found: SearchResult,
    shown_query: str,
    mark: Callable[[Spans], str],
    *,
    ids: bool = False,
) -> str:
    """``search``: how many, then each hit's heading and snippet. Ids (and where a tree
    hit is opened) only with ``ids``: read aloud they are noise."""
    if not found.hits:
        out = [f"Intet fundet for «{shown_query}»."]
        if found.suggestion:
            out.append(f"Mente du: {found.suggestion}?")
            out.append(f"Prøv: paddehatten search {found.suggestion}")
        return "\n".join(out) + "\n"
    more = f" (de {len(found.hits)} bedste vises)" if found.total > len(found.hits) else ""
    out = [f"{count_text(found)} om «{shown_query}»{more}:"]
    tree = "  (paddehatten tree)" if ids else ""
    if found.tree_offer is not None:
        out += ["", f"{TREE_OFFER} · {found.tree_offer.title}{tree}", f"  {TREE_OFFER_TEXT}"]
    for hit in found.hits:
        section = handbook.get(hit.id) if hit.kind == "section" else None
        if section is not None:
            heading = section_heading(handbook, section)
            if ids:
                heading += f"  ({hit.id})"
        else:
            heading = f"{TREE_HIT} · {hit.title}{tree}"
        if hit.weak:
            heading += f"  – {WEAK_HIT}"
        out += ["", heading, f"  {mark(hit.snippet)}"]
        if hit.found_as:
            out.append(f"  ({found_as_text(hit.found_as)})")
    return "\n".join(out) + "\n"


# -- The decision tree ---------------------------------------------------------------


def answer_range(count: int) -> str:
    """ "1 til 7": a range as it is read aloud (never "1-7", read «en syv»)."""
    return f"1 til {count}" if count > 1 else "1"


def render_question(walk: Walk) -> str:
    """The question the walk stands at, its hint and its numbered answers."""
    from paddehatten.content.tree import Question

    question = walk.current
    assert isinstance(question, Question)
    lines = [f"{progress(walk)}: {question.text}"]
    if question.hint:
        lines.append(" ".join(question.hint.split()))
    lines.append(render_choices(question))
    return "\n".join(lines)


def render_choices(question: Question) -> str:
    """The numbered answers, alone: what a wrong answer repeats."""
    return "\n".join(
        f"  {number}. {answer.label}" for number, answer in enumerate(question.answers, start=1)
    )


def render_answers_so_far(walk: Walk) -> str:
    """ "Dine svar indtil nu" and the answers given, one a line; "" before the first."""
    if walk.at_start:
        return ""
    rows = [f"{ANSWERS_SO_FAR}:"]
    rows += [
        f"  {n}. {step.question.text} – {step.answer.label}"
        for n, step in enumerate(walk.answers, start=1)
    ]
    return "\n".join(rows)


def _said(text: str) -> str:
    """``text`` as compared for "said already": lower case, one space, no end stop."""
    return " ".join(text.lower().split()).strip(" .,:;–-")


def _quoted_in(text: str) -> list[str]:
    """The «quotations» in ``text``."""
    return [_said(q) for q in re.findall(r"«([^«»]+)»", text)]


def _fully_quoted(words: str, quotes: list[str]) -> bool:
    """Whether the quotations already said hold all of ``words`` but a lead-in of at
    most three words (Råd 9's «Kort sagt:»)."""
    rest = _said(words)
    for quote in quotes:
        if quote and quote in rest:
            rest = rest.replace(quote, " ")
    return len(re.findall(r"\w+", rest)) <= 3


def quotes_to_show(handbook: Handbook, outcome: Outcome) -> list[tuple[str, Section | None]]:
    """The outcome's quotations that its advice does not already give, each with the
    section it is taken from (None if none holds it): each quotation is said once, in
    the app, the web edition and plain text alike."""
    from paddehatten.content.tree import quote_source

    # Given already: within one of the advice's own «quotations», not merely words
    # that stand somewhere in it (the quote below names its source; keep that).
    given = _quoted_in(plain_text(outcome.body))
    shown: list[tuple[str, Section | None]] = []
    for quote in outcome.quotes:
        if any(_said(quote) in quoted for quoted in given):
            continue
        source = quote_source(handbook, outcome, quote)
        shown.append((quote, handbook.get(source) if source else None))
    return shown


def outcome_plain(handbook: Handbook, walk: Walk, *, answers: bool = True) -> str:
    """An outcome as plain text: the advice, its quotes, the points it rests on in
    full and (when ``answers``) the answers given; last the handbook and revision.

    Each quotation is said once: a quote the advice already holds is not repeated,
    and a cited point whose words were all quoted above is named, not read again.
    No underlines under the headings: a screen reader would read them aloud."""
    from paddehatten.content.tree import Outcome

    outcome = walk.current
    if not isinstance(outcome, Outcome):
        raise ValueError("the walk has not reached an outcome")
    out = [f"{RESULT_HEADING} ({NOT_A_DECISION_TAG})", "", outcome.title]
    if outcome.gap:
        out += ["", GAP_LINE]
    advice = plain_text(outcome.body)
    out += ["", advice]
    quotes = _quoted_in(advice)
    for quote, section in quotes_to_show(handbook, outcome):
        where = f" ({handbook.label(section)})" if section is not None else ""
        out += ["", f"«{quote}»{where}"]
        quotes.append(_said(quote))
    if outcome.suggestion:
        out += ["", f"{SUGGESTION_LABEL}: {outcome.suggestion}"]
    if outcome.note:
        out += ["", f"{NOTE_LABEL}: {outcome.note}"]
    out += ["", "", GROUNDS_HEADING]
    for cite in outcome.cites:
        section = handbook.get(cite)
        if section is None:
            continue
        if not section.note and _fully_quoted(plain_text(section.body), quotes):
            out += ["", f"{section_heading(handbook, section)} ({QUOTED_ABOVE})"]
        else:
            out += ["", section_plain(handbook, section)]
    if answers:
        out += ["", "", ANSWERS_HEADING]
        for number, step in enumerate(walk.answers, start=1):
            out += ["", f"{number}. {step.question.text}", f"   {step.answer.label}"]
    out += ["", "", review_line(handbook, outcome), source_line(handbook), NOT_A_DECISION]
    return "\n".join(out) + "\n"


# -- The clipboard (the app's copy key) ----------------------------------------------


def section_clipboard(handbook: Handbook, section: Section) -> str:
    """What the copy key puts on the clipboard for a section: the section in plain
    text, with the handbook's title and revision."""
    return f"{section_plain(handbook, section)}\n\n{source_line(handbook)}\n"


def outcome_clipboard(handbook: Handbook, walk: Walk, *, answers: bool = False) -> str:
    """What the copy key puts on the clipboard for an outcome: the advice and what it
    rests on; the person's answers only when they ask for them."""
    return outcome_plain(handbook, walk, answers=answers)
