"""Mistakes of structure, told as what they are, at the file to fix, with what to do.

The word-for-word comparison (:mod:`content.check.wording`) sees only words, so some
mistakes look like something else there. Here they are recognised point by point
(«Råd 4», «HUSK 3», as :func:`content.revisions.points` reads the adopted text):

- a **deleted section**: the adopted text has a point the handbook has no section
  for. Told at the adopted text's line (not at the next section's file), naming the
  file to put back;
- a **swap**: two sections hold each other's text. Told once, at the first of the two
  files, instead of as a missing and an extra text;
- a **renamed id**: a section's ``id:`` no longer matches its file name, and a
  decision tree cites the old one. Told once, at the section's file, instead of as
  an error at every question and outcome that cites it; the trees are then checked
  as if the id were the old one.

The word-comparison problems these explain are left out: they would only say the
same thing at the wrong place.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from paddehatten.content import files
from paddehatten.content.model import Handbook, Problem
from paddehatten.content.text import plain_text

#: How the word comparison's problems begin (see content.check.wording.compare).
_WORDING = re.compile(
    r"^(ordlyden er ikke den vedtagne|ord, der ikke står i den vedtagne tekst|"
    r"vedtaget tekst mangler)"
)


def renamed_ids(handbook: Handbook, cited: Iterable[str]) -> tuple[Handbook, list[Problem]]:
    """The handbook with renamed ids put back for checking the trees, and a problem
    for each section whose id no longer matches its file name where a tree cites
    the file name."""
    wanted = set(cited)
    ids = set(handbook.ids)
    problems: list[Problem] = []
    sections = []
    for section in handbook.sections:
        stem = Path(section.source).stem
        if stem != section.id and stem in wanted and stem not in ids:
            problems.append(
                Problem(
                    section.source,
                    _id_line(handbook.root / section.source),
                    f"afsnittets id er ændret fra '{stem}' (filens navn) til '{section.id}', "
                    f"men beslutningstræerne bygger på '{stem}': skriv 'id: {stem}' igen, "
                    f"eller ret '{stem}' til '{section.id}' i træernes 'cites:' (og omdøb "
                    "filen)",
                )
            )
            section = replace(section, id=stem)
        sections.append(section)
    if not problems:
        return handbook, []
    return replace(handbook, sections=tuple(sections)), problems


@dataclass(frozen=True)
class Explained:
    """What the word comparison said that a structure problem explains better: its
    problems about these lines of the adopted text, or standing in these files."""

    lines: frozenset[int] = frozenset()
    files: frozenset[str] = frozenset()

    def covers(self, problem: Problem, adopted: str | None) -> bool:
        if not _WORDING.match(problem.message):
            return False
        if problem.file in self.files:
            return True
        return adopted is not None and any(
            f"({adopted}:{line})" in problem.message for line in self.lines
        )


def point_problems(
    root: Path, handbook: Handbook, unloaded: Iterable[str] = ()
) -> tuple[list[Problem], Explained]:
    """Deleted sections and swaps, and what of the word comparison they explain.

    ``unloaded``: section files that did not load; their points are not missing (the
    file's own problem says what is wrong)."""
    from paddehatten.content.revisions import points

    name = handbook.adopted_text
    if name is None:
        return [], Explained()
    try:
        text = files.read_text(root / name)
    except files.FileProblem:
        return [], Explained()
    found = points(text, handbook)
    words = {p.label: " ".join(p.text.split()) for p in found}
    by_text = {v: k for k, v in words.items()}
    problems: list[Problem] = []
    explained: set[int] = set()
    sources: set[str] = set()
    lines = {p.label: p.line for p in found}
    swapped: set[str] = set()
    broken = {Path(name).stem for name in unloaded}
    for point in found:
        section = handbook.find(point.label)
        if section is None:
            chapter = next(
                (c for c in handbook.chapters if c.label and point.label.startswith(c.label)), None
            )
            stem = f"{chapter.id}-{point.label.split()[-1]}" if chapter else ""
            if broken and (stem in broken or not chapter):
                continue
            expected = f"sections/{stem}.md" if chapter else "sections/"
            problems.append(
                Problem(
                    name,
                    point.line,
                    f"{point.label} står i den vedtagne tekst, men håndbogen har intet afsnit "
                    f"for det: læg {expected} tilbage med teksten «{_short(point.text)}», eller "
                    f"– hvis MED har fjernet punktet – fjern det også fra {name}",
                )
            )
            explained.add(point.line)
            continue
        body = " ".join(plain_text(section.body).split())
        other = by_text.get(body)
        if body == words[point.label] or other is None or point.label in swapped:
            continue
        back = handbook.find(other)
        if back is None or " ".join(plain_text(back.body).split()) != words[point.label]:
            continue
        swapped |= {point.label, other}
        sources |= {section.source, back.source}
        problems.append(
            Problem(
                section.source,
                section.line,
                f"{point.label} og {other} er byttet om: {section.source} har teksten fra "
                f"{other} og {back.source} teksten fra {point.label} i den vedtagne tekst "
                f"({name}:{point.line} og {lines[other]}): byt de to afsnits tekster tilbage, "
                "eller byt deres 'number:' og filnavne, hvis det er numrene, der er forkerte",
            )
        )
    return problems, Explained(frozenset(explained), frozenset(sources))


def _id_line(path: Path) -> int:
    try:
        rows = files.read_text(path).splitlines()
    except files.FileProblem:
        return 1
    return next((n for n, row in enumerate(rows, start=1) if row.startswith("id:")), 1)


def _short(text: str, words: int = 12) -> str:
    parts = text.split()
    return text if len(parts) <= words else " ".join([*parts[:words], "…"])
