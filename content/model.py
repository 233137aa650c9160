"""The handbook as immutable data.

Everything here is plain frozen dataclasses: the loader builds them, the search
index and the user interfaces only read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

ChapterStyle = Literal["numbered", "bullets", "paragraphs"]
#: A problem makes ``check`` fail; a warning is told but does not.
Severity = Literal["fejl", "advarsel"]


@dataclass(frozen=True)
class Problem:
    """Something wrong with a content file, told in words a maintainer understands."""

    file: str
    line: int
    message: str
    severity: Severity = "fejl"

    @property
    def is_warning(self) -> bool:
        return self.severity == "advarsel"

    def located(self, root: str | Path | None = None) -> str:
        """The one way a problem is written: ``root/file:line: [advarsel: ]message``.

        ``root`` is the handbook folder as the person should see it; ``file`` is
        relative to it (an absolute ``file`` is shown as it is).
        """
        where = self.file
        if root is not None and not Path(self.file).is_absolute() and self.file != str(root):
            where = str(Path(root) / self.file) if self.file else str(root)
        if self.line:
            where = f"{where}:{self.line}"
        label = "advarsel: " if self.is_warning else ""
        return f"{where}: {label}{self.message}"

    def as_json(self, root: str | Path | None = None) -> dict[str, Any]:
        path = str(Path(root) / self.file) if root is not None and self.file else self.file
        return {
            "file": path,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
        }

    def __str__(self) -> str:
        return self.located()


def warning(file: str, line: int, message: str) -> Problem:
    """A :class:`Problem` that ``check`` tells but does not fail on."""
    return Problem(file, line, message, "advarsel")


def errors(problems: list[Problem]) -> list[Problem]:
    """The problems that are not warnings."""
    return [p for p in problems if not p.is_warning]


class ContentError(Exception):
    """A handbook directory could not be loaded; ``problems`` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


@dataclass(frozen=True)
class Chapter:
    """A chapter of the handbook: a heading over some of its sections."""

    id: str
    title: str
    style: ChapterStyle = "paragraphs"
    #: How a point of this chapter is named in running text ("Råd" → "Råd 4").
    label: str = ""
    #: True when the edition added the heading; it is not in the adopted text.
    editorial: bool = False


@dataclass(frozen=True)
class Section:
    """A section: one point or passage of the guideline, with the edition's note."""

    id: str
    title: str
    chapter: str
    #: The Markdown body: the guideline's own words, word for word.
    body: str
    #: The file the section came from (relative to the handbook directory) and the
    #: line its body starts on.
    source: str
    line: int
    #: The point's number in its chapter (as printed for numbered chapters, its
    #: position for bulleted ones); None for plain paragraphs.
    number: int | None = None
    #: An editor's note; never part of the guideline.
    note: str | None = None
    #: The day a person last checked the note (ISO date, "2026-12-01"), if one did.
    note_checked: str | None = None
    #: Who checked it then: a person's name. A note is checked only when a person did.
    note_checked_by: str | None = None
    #: Where the note's facts can be read (laws by name and paragraph, sites).
    note_sources: tuple[str, ...] = ()
    #: True when the note says what a law says today: ``check`` warns when it has
    #: not been checked for more than a year.
    note_legal: bool = False


@dataclass(frozen=True)
class Handbook:
    """A whole handbook as loaded and validated: its chapters and sections in order."""

    title: str
    revision: str
    chapters: tuple[Chapter, ...]
    sections: tuple[Section, ...]
    root: Path
    institution: str = ""
    #: True when the sections' titles are the edition's, not the guideline's words.
    editorial_titles: bool = False
    #: The adopted text's file (relative to ``root``) the wording was checked against;
    #: None when the handbook names none, and then nothing claims its words are the
    #: guideline's.
    adopted_text: str | None = None
    #: True when every word was found to be the adopted text's, in order: only then
    #: does the program say that the text is the guideline's wording.
    wording_verified: bool = False
    #: Words the search suggests trying (``search_examples:`` in handbook.yaml), e.g.
    #: "kodeord, billeder, forældre"; "" for none.
    search_examples: str = ""
    #: The decision tree ``t`` and ``paddehatten tree`` open (``default_tree:``); None:
    #: the only tree, or the first by name.
    default_tree: str | None = None
    #: The default tree's short name in the footer (``tree_label:``); "" for the
    #: generic «Beslutningstræ».
    tree_label: str = ""
    _by_id: dict[str, Section] = field(default_factory=dict, init=False, compare=False, repr=False)
    _chapters: dict[str, Chapter] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )
    _in_chapter: dict[str, tuple[Section, ...]] = field(
        default_factory=dict, init=False, compare=False, repr=False
    )

    def __post_init__(self) -> None:
        # Looked up by id, so no use of a large handbook is quadratic. Not init
        # fields: dataclasses.replace() would hand the copy the same dicts to fill.
        self._by_id.update({s.id: s for s in self.sections})
        self._chapters.update({c.id: c for c in self.chapters})
        grouped: dict[str, list[Section]] = {}
        for section in self.sections:
            grouped.setdefault(section.chapter, []).append(section)
        self._in_chapter.update({k: tuple(v) for k, v in grouped.items()})

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.sections)

    def get(self, section_id: str) -> Section | None:
        return self._by_id.get(section_id)

    def section(self, section_id: str) -> Section:
        return self._by_id[section_id]

    def chapter(self, chapter_id: str) -> Chapter:
        return self._chapters[chapter_id]

    def in_chapter(self, chapter_id: str) -> tuple[Section, ...]:
        return self._in_chapter.get(chapter_id, ())

    def label(self, section: Section) -> str:
        """How the guideline's point is named: "Råd 4", "HUSK 1", or its title."""
        chapter = self.chapter(section.chapter)
        if chapter.label and section.number is not None:
            return f"{chapter.label} {section.number}"
        return section.title

    def find(self, reference: str) -> Section | None:
        """The section a person means by ``reference``.

        Accepts an id ("raad-4"), a label ("Råd 4", "husk 2"), a label's first letter
        and a number ("r4", "h2"), a bare number (a point of the first numbered
        chapter: "4" is Råd 4), or a title.
        """
        text = " ".join(reference.strip().casefold().split())
        if not text:
            return None
        if (found := self.get(text)) is not None:
            return found
        match = re.fullmatch(r"([^\d]*?)[\s.-]*(\d+)\.?", text)
        if match:
            word, number = match.group(1).strip(), int(match.group(2))
            for chapter in self.chapters:
                label = chapter.label.casefold()
                if not label:
                    continue
                if (not word and chapter.style == "numbered") or (
                    word and (label.startswith(word) or _fold(label).startswith(_fold(word)))
                ):
                    for section in self.in_chapter(chapter.id):
                        if section.number == number:
                            return section
                    if not word:
                        return None
            return None
        for section in self.sections:
            if section.title.casefold() == text or _fold(section.title.casefold()) == _fold(text):
                return section
        return None

    def neighbour(self, section_id: str, step: int) -> Section | None:
        """The section ``step`` places after (or before) ``section_id``, if any."""
        ids = self.ids
        index = ids.index(section_id) + step
        if 0 <= index < len(ids):
            return self.sections[index]
        return None


def _fold(text: str) -> str:
    """ "råd" and "raad" alike: the Danish letters as people type them without them."""
    return text.replace("å", "aa").replace("æ", "ae").replace("ø", "oe")
