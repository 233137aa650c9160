"""``paddehatten check``: everything that can be checked in a handbook folder, in one run.

The folder is loaded once. A problem in one section never hides the others, nor the
checks of the decision trees: the trees are checked against the sections that did
load, and whatever rests on a section that did not is said to be unchecked.

Problems (errors) make the check fail; warnings are told, but do not:
- the handbook names no adopted text, so its wording is not verified;
- an editor's note about the law was last checked more than a year ago;
- a question or outcome of a tree rests on text that changed since it was reviewed.

A control character (ESC, BEL, a C1 character, a bidirectional override) in a content
file is an error, told with its file and line: it is never shown (the program removes
it everywhere it shows text), but a handbook that holds one is not what its editor
sees.
"""

from __future__ import annotations

import contextlib
import datetime
from dataclasses import dataclass
from pathlib import Path

from paddehatten.content.model import Handbook, Problem, errors, warning

METADATA_FILE = "handbook.yaml"
#: A note about the law is due to be checked again after this many days.
NOTE_MAX_AGE_DAYS = 365


@dataclass(frozen=True)
class CheckReport:
    folder: Path
    #: As far as it loaded (None when handbook.yaml is unusable).
    handbook: Handbook | None
    problems: tuple[Problem, ...]
    trees: int

    @property
    def errors(self) -> list[Problem]:
        return errors(list(self.problems))

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.is_warning]

    @property
    def ok(self) -> bool:
        return not self.errors


def check_folder(folder: Path, today: datetime.date | None = None) -> CheckReport:
    """Check the handbook in ``folder``: sections, wording, notes and trees."""
    from paddehatten.content.check.review import review_warnings
    from paddehatten.content.loader import load_with_problems, unloaded_sections
    from paddehatten.content.tree.loader import read_trees
    from paddehatten.content.tree.refs import tree_files

    handbook, problems = load_with_problems(folder)
    unloaded: list[str] = []
    if handbook is not None:
        unloaded = unloaded_sections(folder, handbook)
        if handbook.adopted_text is None:
            problems.append(
                warning(
                    METADATA_FILE,
                    1,
                    "håndbogen nævner ingen vedtagen tekst ('adopted_text:'), så ordlyden er "
                    "ikke kontrolleret; appen og show siger derfor ikke, at teksten er "
                    "retningslinjens ordlyd",
                )
            )
        problems += note_warnings(folder, handbook, today or datetime.date.today())
    for tree, found in read_trees(folder, handbook, unloaded):
        problems += found
        if tree is not None and handbook is not None:
            problems += review_warnings(tree, handbook)
    problems += control_problems(folder, handbook, tree_files(folder))
    return CheckReport(folder, handbook, tuple(problems), len(tree_files(folder)))


def note_warnings(folder: Path, handbook: Handbook, today: datetime.date) -> list[Problem]:
    """A warning for each note about the law not checked for more than a year."""
    found = []
    for section in handbook.sections:
        if not section.note_legal or section.note_checked is None:
            continue
        checked = datetime.date.fromisoformat(section.note_checked)
        age = (today - checked).days
        if age <= NOTE_MAX_AGE_DAYS:
            continue
        sources = "; ".join(section.note_sources)
        found.append(
            warning(
                section.source,
                _line_of(folder / section.source, "checked:"),
                f"redaktionens note om loven blev sidst kontrolleret {section.note_checked}, "
                f"for mere end et år siden: kontrollér den mod kilderne ({sources}), og skriv "
                "dagens dato i 'checked:'",
            )
        )
    return found


def control_problems(folder: Path, handbook: Handbook | None, trees: list[Path]) -> list[Problem]:
    """An error for each line of a content file that holds a control character."""
    from paddehatten.content import files
    from paddehatten.content.safetext import control_characters, name_of

    paths = [folder / METADATA_FILE]
    if handbook is not None and handbook.adopted_text is not None:
        paths.append(folder / handbook.adopted_text)
    with contextlib.suppress(files.FileProblem):
        paths += files.list_folder(folder / "sections", ".md")[0]
    paths += trees
    found: list[Problem] = []
    root = folder.resolve()
    for path in paths:
        try:
            if not path.resolve().is_relative_to(root):
                continue  # a link out of the folder is not read (the loader says so)
            text = files.read_bytes(path).decode("utf-8")
        except (files.FileProblem, OSError, UnicodeDecodeError, RuntimeError):
            continue  # loading it says what is wrong with it
        shown = path.relative_to(folder).as_posix()
        for line, char in control_characters(text):
            found.append(
                Problem(
                    shown,
                    line,
                    f"linjen indeholder et kontroltegn ({name_of(char)}); det vises aldrig, "
                    "men det hører ikke hjemme i en tekst: slet det",
                )
            )
    return found


def _line_of(path: Path, marker: str) -> int:
    try:
        rows = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return 1
    return next((n for n, row in enumerate(rows, start=1) if marker in row), 1)
