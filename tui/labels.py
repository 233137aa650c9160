"""The texts a person reads both in the app and in plain output, each spelled once.

Never imports Textual: the command line (``paddehatten.tui.cli``) and the app
(``paddehatten.tui.app``) both use these.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from paddehatten.content.model import Handbook, Section
from paddehatten.content.text import plain_text

if TYPE_CHECKING:
    from paddehatten.content.tree import Outcome, Walk
    from paddehatten.index.search import SearchResult

# The plain-text renderers that use these live in paddehatten.tui.plain.

#: Before the text of every section that carries an editor's note.
NOTE_LABEL = "Redaktionens note – ikke en del af retningslinjen"
#: Under a heading the edition added, when the wording was found to be the adopted
#: text's (``adopted_text:`` in handbook.yaml, :mod:`content.check.wording`) ...
EDITORIAL_CAPTION = "Overskrift tilføjet i denne udgave – teksten er retningslinjens ordlyd."
#: ... and when it was not (no adopted text named, or the words differ): then nothing
#: claims the text is the guideline's wording.
UNVERIFIED_CAPTION = (
    "Overskrift tilføjet i denne udgave – teksten er ikke bekræftet som den vedtagne ordlyd."
)
VERIFIED_TEXT = "teksten er retningslinjen ord for ord, som den blev vedtaget"
UNVERIFIED_TEXT = "teksten er ikke bekræftet som retningslinjens vedtagne ordlyd"
EDITION_NOTE = (
    "Om denne udgave: {text}. "
    "Noter mærket «Redaktionens note» er tilføjet og er ikke en del af retningslinjen."
)
EDITORIAL_TITLES_NOTE = (
    "Om denne udgave: {text}. "
    "Afsnittenes korte overskrifter og noter mærket «Redaktionens note» er tilføjet "
    "og er ikke en del af retningslinjen."
)
#: Over lists of sections outside their own pages (front page, search), when the
#: edition added the sections' short headings.
EDITORIAL_TITLES_LINE = (
    "Afsnittenes korte overskrifter er tilføjet af redaktionen – de er ikke retningslinjens ord."
)
#: Over the decision tree's texts found by a search: they are not the guideline.
TREE_HITS_HEADING = "Fundet i beslutningstræet – vejledning, ikke retningslinjens ord"
TREE_HITS_START = "Start vejledningen"
MONTHS = (
    "januar",
    "februar",
    "marts",
    "april",
    "maj",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "december",
)

#: The decision tree's outcome.
RESULT_HEADING = "Resultat ud fra dine svar"
NOT_A_DECISION = "Vejledning – ikke en afgørelse."
#: Beside the result heading: the same words, as a tag.
NOT_A_DECISION_TAG = "vejledning – ikke en afgørelse"
GAP_LINE = "Et hul i retningslinjen: programmet finder ikke på regler, den ikke har."
SUGGESTION_LABEL = "Forslag – ikke fra retningslinjen"

#: Headings of the outcome's parts.
GROUNDS_HEADING = "Det bygger på"
ANSWERS_HEADING = "Dine svar"
#: Over the answers given so far, on every question.
ANSWERS_SO_FAR = "Dine svar indtil nu"

#: On the first screen and in help: how screen-reader mode is turned on.
SCREEN_READER_HINT = (
    "Bruger du skærmlæser? Start med «paddehatten --screen-reader», "
    "eller tryk Ctrl+P og vælg «Skærmlæser-tilstand»."
)
SCREEN_READER_HINT_SHORT = "Skærmlæser? Start med --screen-reader"
SCREEN_READER_HELP = (
    "Start med «paddehatten --screen-reader», eller tryk Ctrl+P og vælg "
    "«Skærmlæser-tilstand» (huskes). Markøren står så på det, der sker nu, "
    "og første linje siger det."
)

#: A search hit that is a text of the decision tree, not a section.
TREE_HIT = "Beslutningstræ"
#: The decision tree offered first, before the sections, when the search is about it.
TREE_OFFER = "Beslutningstræ – start her"
TREE_OFFER_TEXT = "Svar på et par spørgsmål og få vejledning ud fra retningslinjen."
#: A hit that holds too little of the search to be a sure answer.
WEAK_HIT = "måske relevant"


def editorial_caption(handbook: Handbook) -> str:
    """The line under an edition's heading: claims the wording only when it was checked."""
    return EDITORIAL_CAPTION if handbook.wording_verified else UNVERIFIED_CAPTION


def edition_note(handbook: Handbook) -> str:
    """ "Om denne udgave: …", claiming the wording only when it was checked."""
    text = VERIFIED_TEXT if handbook.wording_verified else UNVERIFIED_TEXT
    template = EDITORIAL_TITLES_NOTE if handbook.editorial_titles else EDITION_NOTE
    return template.format(text=text)


def danish_date(iso: str) -> str:
    """ "2026-12-01" → "1. december 2026"."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{day}. {MONTHS[month - 1]} {year}"


#: Said under a note about the law that no person has checked.
NOT_CHECKED = (
    "Noten er ikke kontrolleret af en person. Kontrollér kilderne, eller tal med din "
    "leder, før du bygger på den."
)


def note_text(section: Section) -> str:
    """An editor's note as shown: its text, when it was checked, and its sources."""
    if not section.note:
        return ""
    lines = [section.note]
    if section.note_checked and section.note_checked_by:
        lines.append(
            f"Kontrolleret af {section.note_checked_by} {danish_date(section.note_checked)}."
        )
    elif section.note_legal:
        lines.append(NOT_CHECKED)
    if section.note_sources:
        lines.append("Kilder: " + "; ".join(section.note_sources) + ".")
    return "\n".join(lines)


def found_as_text(words: tuple[str, ...] | list[str]) -> str:
    """ "fundet som «kodeord»", "fundet som «privat» og «profil»": the handbook's words
    a hit was found as, when they are not the words typed (word list, compound, typo)."""
    quoted = [f"«{word}»" for word in words]
    if len(quoted) > 1:
        quoted[-2:] = [f"{quoted[-2]} og {quoted[-1]}"]
    return f"fundet som {', '.join(quoted)}" if quoted else ""


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


def progress(walk: Walk) -> str:
    """ "Spørgsmål 2": where the walk stands. No count of what is left: it depends on
    the answers, and a number that shrinks or grows reads as a fault."""
    return f"Spørgsmål {walk.question_number}"


def count_text(found: SearchResult) -> str:
    """ "2 afsnit", "2 afsnit og 9 i beslutningstræet", "1 i beslutningstræet"."""
    sections = found.total - found.others
    parts = [f"{sections} afsnit"] if sections or not found.others else []
    if found.others:
        parts.append(f"{found.others} i beslutningstræet")
    return " og ".join(parts)


def review_line(handbook: Handbook, outcome: Outcome) -> str:
    """Whether a person has reviewed the advice against the guideline, said truthfully."""
    from paddehatten.content.check.review import NOT_REVIEWED, review_status

    status = review_status(outcome, handbook)
    if status == NOT_REVIEWED:
        return "Gennemgang: rådet er ikke gennemgået af en person mod retningslinjen."
    return f"Gennemgang: {status}."


def source_line(handbook: Handbook) -> str:
    """ "Sociale medier i Paddehatten – Revideret i MED april 2018"."""
    return f"{handbook.title} – {handbook.revision}"


#: The footer's name for the decision tree when the handbook gives none (``tree_label:``).
TREE_LABEL = "Beslutningstræ"


def tree_key(handbook: Handbook) -> tuple[str, str] | None:
    """(footer label, tooltip) of the key that opens the handbook's default decision
    tree; None when the handbook has no tree. Read from file names and title lines
    only, so it costs nothing on the first paint."""
    from paddehatten.content.tree.refs import default_ref

    ref = default_ref(handbook.root, handbook.default_tree)
    if ref is None:
        return None
    return handbook.tree_label or TREE_LABEL, f"{ref.title} (beslutningstræet)"


def search_placeholder(handbook: Handbook) -> str:
    """The text in the search's empty field: the handbook's own examples, if any."""
    if handbook.search_examples:
        return f"Skriv et ord, fx {handbook.search_examples} …"
    return "Skriv et ord, du vil søge efter …"
