"""What changed between the previous adopted text and the new one («Hvad er nyt»).

When MED adopts a new text, the maintainer keeps the old one in ``revisioner/``
(beside ``handbook.yaml``: ``revisioner/2018-04.txt``, any name ending in ``.txt``;
the last by name is the previous one), puts the new text in the adopted-text file,
and edits the sections to match. Then:

- :func:`revision_changes` compares the two texts point by point («Råd 4», «HUSK 3»,
  the introduction) and, inside a point, sentence by sentence: what was changed,
  added and removed, and which points were added, removed or moved;
- :func:`touches` says, for one change, which section, which quotations and which
  questions and outcomes of the decision trees rest on what changed;
- :func:`whats_new` is the same as plain Danish sentences for staff: the one call
  the app, the plain output and the web edition need.

Everything here reads text only: nothing is written, and the adopted text is never
changed.

Example (the web edition's front page)::

    from paddehatten.content.revisions import whats_new

    news = whats_new(handbook)          # a WhatsNew, never raises for a loaded handbook
    news.heading                        # "Hvad er nyt i Revideret i MED maj 2027"
    for line in news.lines:             # plain Danish, one change a line
        ...
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from pathlib import Path
from typing import Literal

from paddehatten.content import files
from paddehatten.content.model import Handbook, Problem, warning

#: The folder of earlier adopted texts, in the handbook folder.
REVISIONS_DIR = "revisioner"
_ABBREVIATIONS = frozenset({"jf", "fx", "evt", "bl", "ca", "osv", "f", "eks", "mv"})
_SENTENCE_END = re.compile(r"(\w*)([.!?])[\"'»”]*(\s+|$)")
_NUMBERED = re.compile(r"^(\d+)\.\s+(.*)$")
_BULLET = re.compile(r"^[-–•]\s+(.*)$")

Kind = Literal["ændret", "tilføjet", "fjernet", "nyt punkt", "punkt fjernet", "flyttet"]


@dataclass(frozen=True)
class Point:
    """One point of an adopted text: «Råd 4», «HUSK 3», or the introduction."""

    label: str
    text: str
    #: The line of the adopted text the point starts on.
    line: int


@dataclass(frozen=True)
class Change:
    """One change between the previous and the new adopted text."""

    kind: Kind
    #: The point as the new text names it («HUSK 6»); the old name for a removed one.
    label: str
    #: The sentence before and after (empty when added or removed).
    before: str = ""
    after: str = ""
    #: For "flyttet": the label the text had before.
    moved_from: str = ""
    #: The line in the new adopted text (in the old one for what was removed).
    line: int = 0


@dataclass(frozen=True)
class Touch:
    """What in the edition rests on a change."""

    #: The section's id and file, when the handbook has the point.
    section: str | None
    source: str | None
    #: (tree id, node id, quotation, still word for word in the new text) for each
    #: quotation of the changed text.
    quotes: tuple[tuple[str, str, str, bool], ...] = ()
    #: (tree id, node id) of the questions and outcomes that cite the section.
    questions: tuple[tuple[str, str], ...] = ()
    outcomes: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class RevisionReport:
    """The changes from the previous adopted text to the new one."""

    #: The previous text's file (``revisioner/2018-04.txt``), None when there is none.
    previous: str | None
    current: str | None
    #: The revision lines of the two texts, as far as they can be found.
    previous_revision: str = ""
    current_revision: str = ""
    changes: tuple[Change, ...] = ()
    problems: tuple[Problem, ...] = field(default_factory=tuple)


def previous_text_file(root: Path) -> Path | None:
    """The previous adopted text: the last ``revisioner/*.txt`` by name, if any."""
    folder = root / REVISIONS_DIR
    try:
        if files.kind_of(folder) != "dir":
            return None
        found = files.list_folder(folder, ".txt")[0]
    except files.FileProblem:
        return None
    return found[-1] if found else None


def sentences(text: str) -> list[str]:
    """The sentences of ``text`` ("jf." and "fx." end none), spaces made single."""
    flat = " ".join(text.split())
    out: list[str] = []
    start = 0
    for match in _SENTENCE_END.finditer(flat):
        if match.group(1).casefold() in _ABBREVIATIONS:
            continue
        out.append(flat[start : match.end()].strip())
        start = match.end()
    if flat[start:].strip():
        out.append(flat[start:].strip())
    return out


def points(text: str, handbook: Handbook) -> list[Point]:
    """The points of an adopted text, named as the handbook names its chapters' points.

    The handbook's title and revision lines are left out; a line that is a chapter's
    heading starts that chapter; in a numbered chapter "4. …" starts «Råd 4», in a
    bulleted one each "- …" the next HUSK; other lines continue the point before
    them, or (before the first point of a chapter) the introduction.
    """
    found: list[Point] = []
    chapters = {c.title.casefold(): c for c in handbook.chapters if not c.editorial}
    intro = next((c for c in handbook.chapters if c.style == "paragraphs"), None)
    intro_label = _intro_label(handbook)
    chapter = intro
    bullets = 0
    current: tuple[str, list[str], int] | None = None

    def close() -> None:
        if current is not None and " ".join(current[1]).strip():
            found.append(Point(current[0], " ".join(" ".join(current[1]).split()), current[2]))

    for number, raw in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        row = raw.strip()
        if not row:
            continue
        folded = " ".join(row.split()).casefold()
        if folded in chapters:
            close()
            current = None
            chapter = chapters[folded]
            bullets = 0
            continue
        if number == _first_line(text) and row == handbook.title:
            continue
        if _is_revision_line(row, handbook):
            continue
        label = chapter.label if chapter is not None else ""
        numbered = _NUMBERED.match(row) if chapter is not None else None
        bullet = _BULLET.match(row) if chapter is not None else None
        if chapter is not None and chapter.style == "numbered" and numbered and label:
            close()
            current = (f"{label} {numbered.group(1)}", [numbered.group(2)], number)
        elif chapter is not None and chapter.style == "bullets" and bullet and label:
            close()
            bullets += 1
            current = (f"{label} {bullets}", [bullet.group(1)], number)
        elif current is not None:
            current[1].append(row)
        else:
            current = (intro_label, [row], number)
    close()
    return _merged(found)


def _merged(found: list[Point]) -> list[Point]:
    """One point per label (an introduction of several paragraphs is one point)."""
    out: dict[str, Point] = {}
    for point in found:
        if point.label in out:
            first = out[point.label]
            out[point.label] = Point(point.label, f"{first.text} {point.text}", first.line)
        else:
            out[point.label] = point
    return list(out.values())


def _first_line(text: str) -> int:
    for number, row in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        if row.strip():
            return number
    return 0


def _is_revision_line(row: str, handbook: Handbook) -> bool:
    return row == handbook.revision or bool(re.match(r"^Revideret\b", row))


def _intro_label(handbook: Handbook) -> str:
    intro = next((c for c in handbook.chapters if c.style == "paragraphs"), None)
    if intro is not None:
        sections = handbook.in_chapter(intro.id)
        if sections:
            return handbook.label(sections[0])
        return intro.title
    return "Indledning"


def _revision_of(text: str) -> str:
    rows = [r.strip() for r in text.splitlines() if r.strip()]
    return next((r for r in reversed(rows) if r.startswith("Revideret")), "")


def revision_changes(root: Path, handbook: Handbook) -> RevisionReport:
    """The changes from ``revisioner/``'s last text to the handbook's adopted text."""
    previous = previous_text_file(root)
    current_name = handbook.adopted_text
    if previous is None or current_name is None:
        return RevisionReport(None, current_name)
    shown = f"{REVISIONS_DIR}/{previous.name}"
    try:
        old_text = files.read_text(previous)
        new_text = files.read_text(root / current_name)
    except files.FileProblem as problem:
        return RevisionReport(shown, current_name, problems=(warning(shown, 1, problem.message),))
    old_points = points(old_text, handbook)
    new_points = points(new_text, handbook)
    return RevisionReport(
        shown,
        current_name,
        _revision_of(old_text),
        _revision_of(new_text),
        tuple(compare_points(old_points, new_points)),
    )


def compare_points(old: Sequence[Point], new: Sequence[Point]) -> list[Change]:
    """Point by point, then sentence by sentence: what changed, in the new text's order."""
    before = {p.label: p for p in old}
    after = {p.label: p for p in new}
    old_by_text = {" ".join(p.text.split()): p.label for p in old}
    changes: list[Change] = []
    for point in new:
        earlier = before.get(point.label)
        if earlier is not None and earlier.text == point.text:
            continue
        moved = old_by_text.get(point.text)
        if moved is not None and moved != point.label:
            changes.append(Change("flyttet", point.label, moved_from=moved, line=point.line))
            continue
        if earlier is None:
            changes.append(Change("nyt punkt", point.label, after=point.text, line=point.line))
            continue
        changes += _sentence_changes(earlier, point)
    for point in old:
        if point.label not in after and point.text not in {p.text for p in new}:
            changes.append(Change("punkt fjernet", point.label, before=point.text, line=point.line))
    return changes


def _sentence_changes(old: Point, new: Point) -> list[Change]:
    a, b = sentences(old.text), sentences(new.text)
    out: list[Change] = []
    for tag, i1, i2, j1, j2 in SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        pairs = max(i2 - i1, j2 - j1)
        for k in range(pairs):
            gone = a[i1 + k] if i1 + k < i2 else ""
            came = b[j1 + k] if j1 + k < j2 else ""
            kind: Kind = "ændret" if gone and came else "tilføjet" if came else "fjernet"
            out.append(Change(kind, new.label, before=gone, after=came, line=new.line))
    return out


def touches(change: Change, handbook: Handbook, trees: Sequence[object]) -> Touch:
    """Which section, quotations, questions and outcomes rest on what ``change`` changed.

    ``trees``: the handbook's decision trees (:class:`DecisionTree`; loaded by the
    caller, so this module needs no YAML).
    """
    from paddehatten.content.tree.model import DecisionTree, Outcome

    section = handbook.find(change.label)
    if section is None:
        return Touch(None, None)
    quotes: list[tuple[str, str, str, bool]] = []
    from paddehatten.content.text import plain_text

    now = " ".join(plain_text(section.body).split())
    questions: list[tuple[str, str]] = []
    outcomes: list[tuple[str, str]] = []
    gone = " ".join(change.before.split())
    for tree in trees:
        if not isinstance(tree, DecisionTree):
            continue
        for node in tree.nodes:
            if section.id not in node.cites:
                continue
            target = outcomes if isinstance(node, Outcome) else questions
            target.append((tree.id, node.id))
            running = node.body if isinstance(node, Outcome) else node.hint or ""
            own = list(node.quotes) if isinstance(node, Outcome) else []
            for quote in dict.fromkeys([*own, *re.findall(r"«([^«»]+)»", running)]):
                flat = " ".join(quote.split()).rstrip(".")
                if gone and (flat in gone or gone.rstrip(".") in flat or _overlap(flat, gone)):
                    flat_quote = " ".join(quote.split())
                    quotes.append((tree.id, node.id, flat_quote, flat_quote in now))
    return Touch(section.id, section.source, tuple(quotes), tuple(questions), tuple(outcomes))


def _overlap(quote: str, sentence: str, words: int = 5) -> bool:
    """True when ``quote`` and ``sentence`` share a run of ``words`` words."""
    a, b = quote.split(), sentence.split()
    runs = {" ".join(b[i : i + words]) for i in range(max(len(b) - words + 1, 0))}
    return any(" ".join(a[i : i + words]) in runs for i in range(max(len(a) - words + 1, 0)))


def new_point_warnings(
    report: RevisionReport, handbook: Handbook, trees: Sequence[object]
) -> list[Problem]:
    """A warning for each point new in this revision that no decision tree rests on."""
    from paddehatten.content.tree.model import DecisionTree

    cited = {c for t in trees if isinstance(t, DecisionTree) for n in t.nodes for c in n.cites}
    names = ", ".join(f"'{t.id}'" for t in trees if isinstance(t, DecisionTree))
    found = []
    for change in report.changes:
        if change.kind != "nyt punkt":
            continue
        section = handbook.find(change.label)
        if section is not None and section.id in cited:
            continue
        where = section.source if section is not None else report.current or ""
        line = section.line if section is not None else change.line
        found.append(
            warning(
                where,
                line,
                f"{change.label} er nyt i den vedtagne tekst («{_short(change.after)}»), og "
                f"intet beslutningstræ bygger på det: overvej, om {names or 'træerne'} skal "
                "tage højde for det, så træet ikke guider imod det, retningslinjen nu siger",
            )
        )
    return found


def report_lines(report: RevisionReport, handbook: Handbook, trees: Sequence[object]) -> list[str]:
    """The changes as ``check`` prints them first: each with the section, quotations,
    questions and outcomes it touches. Empty when there is no earlier text."""
    if report.previous is None:
        return []
    old = (
        f"{report.previous} ({report.previous_revision})"
        if report.previous_revision
        else report.previous
    )
    new = (
        f"{report.current} ({report.current_revision})"
        if report.current_revision
        else report.current
    )
    if not report.changes:
        return [f"Ingen ændringer i teksten fra {old} til {new}.", ""]
    out = [f"Ændringer i den vedtagne tekst fra {old} til {new}:"]
    for change in report.changes:
        out.append(f"- {describe(change)}")
        touch = touches(change, handbook, trees)
        if touch.source is None:
            out.append(f"    Afsnit: intet i håndbogen hedder {change.label} endnu")
            continue
        out.append(f"    Afsnit: {touch.source}")
        for tree_id, node_id, quote, still in touch.quotes:
            state = "står stadig ord for ord" if still else "står ikke længere ord for ord"
            out.append(f"    Citat i {tree_id}/{node_id}: «{_short(quote)}» ({state})")
        if touch.questions:
            out.append(f"    Spørgsmål: {_nodes(touch.questions)}")
        if touch.outcomes:
            out.append(f"    Resultater: {_nodes(touch.outcomes)}")
        if not (touch.quotes or touch.questions or touch.outcomes):
            out.append("    Beslutningstræerne bygger ikke på det")
    return [*out, ""]


def _nodes(found: Sequence[tuple[str, str]]) -> str:
    return ", ".join(f"{tree_id}/{node_id}" for tree_id, node_id in found)


def _short(text: str, words: int = 14) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join([*parts[:words], "…"])


@dataclass(frozen=True)
class WhatsNew:
    """«Hvad er nyt» for staff: a heading and one plain Danish line per change."""

    heading: str
    lines: tuple[str, ...]
    #: False when there is no earlier adopted text to compare with.
    has_previous: bool


def whats_new(handbook: Handbook) -> WhatsNew:
    """«Hvad er nyt»: the changes in the guideline since the previous adopted text.

    For the app, the plain output and the web edition alike. Never raises for a
    handbook that loaded; without an earlier text it says so.
    """
    report = revision_changes(handbook.root, handbook)
    revision = report.current_revision or handbook.revision
    if report.previous is None:
        return WhatsNew(
            f"Hvad er nyt i {revision}",
            ("Der er ingen tidligere vedtagen tekst at sammenligne med.",),
            has_previous=False,
        )
    since = report.previous_revision or report.previous
    heading = f"Hvad er nyt i {revision} (siden {since})"
    if not report.changes:
        return WhatsNew(heading, ("Retningslinjens tekst er ikke ændret.",), True)
    return WhatsNew(heading, tuple(describe(c) for c in report.changes), True)


def describe(change: Change) -> str:
    """One change as a plain Danish sentence for staff."""
    if change.kind == "nyt punkt":
        return f"{change.label} er nyt: «{change.after}»"
    if change.kind == "punkt fjernet":
        return f"{change.label} er fjernet. Før stod der: «{change.before}»"
    if change.kind == "flyttet":
        return f"Teksten, der før var {change.moved_from}, er nu {change.label}."
    if change.kind == "tilføjet":
        return f"{change.label} har fået en ny sætning: «{change.after}»"
    if change.kind == "fjernet":
        return f"{change.label}: sætningen «{change.before}» er fjernet."
    return f"{change.label} er ændret. Før: «{change.before}» Nu: «{change.after}»"
