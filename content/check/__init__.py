"""``paddehatten check``: everything that can be checked in a handbook folder, in one run.

The folder is loaded once. A problem in one section never hides the others, nor the
checks of the decision trees: the trees are checked against the sections that did
load, and whatever rests on a section that did not is said to be unchecked.

Problems (errors) make the check fail; warnings are told, but do not:
- the handbook names no adopted text, so its wording is not verified;
- an editor's note about the law has not been checked by a person, or was last
  checked more than a year ago;
- a question or outcome of a tree rests on text that changed since it was reviewed;
- a quotation in a tree stops inside a sentence (a person judges the rest).

A control character (ESC, BEL, a C1 character, a bidirectional override) in a content
file is an error, told with its file and line: it is never shown (the program removes
it everywhere it shows text), but a handbook that holds one is not what its editor
sees.
"""

from __future__ import annotations

import contextlib
import datetime
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from paddehatten.content.model import Handbook, Problem, errors, warning
from paddehatten.content.tree.refs import TREES_DIR

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
    #: What changed since the previous adopted text (``revisioner/``), in plain Danish,
    #: each change with what it touches: printed before the problems. Empty when
    #: there is no earlier text.
    changes: tuple[str, ...] = ()

    @property
    def errors(self) -> list[Problem]:
        return errors(list(self.problems))

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.is_warning]

    @property
    def ok(self) -> bool:
        return not self.errors


#: A check from a layer above ``content`` (the search's word list): given the folder,
#: the errors found so far and the handbook as far as it loaded, its problems.
ExtraCheck = Callable[[Path, Sequence[Problem], Handbook | None], list[Problem]]


def check_folder(
    folder: Path,
    today: datetime.date | None = None,
    extra: Sequence[ExtraCheck] = (),
) -> CheckReport:
    """Check the handbook in ``folder``: sections, wording, notes and trees, and then
    each of ``extra`` (``paddehatten check`` passes the search's word-list check)."""
    from paddehatten.content.check.review import cut_quote_warnings, review_warnings
    from paddehatten.content.loader import load_with_problems, unloaded_sections
    from paddehatten.content.tree.loader import read_trees
    from paddehatten.content.tree.refs import tree_files

    handbook, problems = load_with_problems(folder)
    unloaded: list[str] = []
    checked_against = handbook  # the trees' view: a renamed id answers to its old one
    if handbook is not None:
        from paddehatten.content.check.structure import point_problems, renamed_ids
        from paddehatten.content.tree.loader import readable_trees

        cited = {c for tree in readable_trees(folder) for n in tree.nodes for c in n.cites}
        checked_against, renamed = renamed_ids(handbook, cited)
        structure, explained = point_problems(folder, handbook, unloaded_sections(folder, handbook))
        problems = [p for p in problems if not explained.covers(p, handbook.adopted_text)]
        problems += renamed + structure
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
    for tree, found in read_trees(folder, checked_against, unloaded):
        problems += found
        if tree is not None and checked_against is not None:
            problems += review_warnings(tree, checked_against)
            problems += cut_quote_warnings(tree, checked_against)
    changes: list[str] = []
    if handbook is not None:
        from paddehatten.content.revisions import (
            new_point_warnings,
            report_lines,
            revision_changes,
        )
        from paddehatten.content.tree.loader import readable_trees

        revision = revision_changes(folder, handbook)
        if revision.previous is not None:
            trees = readable_trees(folder)
            changes = report_lines(revision, handbook, trees)
            problems += revision.problems
            problems += new_point_warnings(revision, handbook, trees)
    problems += control_problems(folder, handbook, tree_files(folder))
    for check in extra:
        problems += check(folder, errors(problems), handbook)
    return CheckReport(folder, handbook, tuple(problems), len(tree_files(folder)), tuple(changes))


@dataclass(frozen=True)
class Marked:
    """A question or outcome ``mark_folder`` recorded as reviewed, where it now stands."""

    source: str
    line: int
    #: "spørgsmålet" or "resultatet".
    kind: str
    id: str


class MarkRefused(Exception):
    """The trees were not marked: ``message`` (Danish) says why; ``problems`` are the
    errors that stand in the way, if that is why."""

    def __init__(self, message: str, problems: Sequence[Problem] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.problems = tuple(problems)


def mark_folder(report: CheckReport, by: str, today: datetime.date | None = None) -> list[Marked]:
    """``check --mark-reviewed --by``: record that ``by`` reviewed, today, every question
    and outcome of the report's trees that is due, against the current text.

    Refuses (:class:`MarkRefused`, nothing written) a folder with errors, a reviewer
    that cannot be recorded, or a tree file that cannot be written safely.
    """
    from paddehatten.content.check.review import MarkProblem, mark_reviewed, reviewer_problem
    from paddehatten.content.tree import load_tree, tree_files

    problem = reviewer_problem(by)
    if problem:
        raise MarkRefused(problem)
    if not report.ok or report.handbook is None:
        raise MarkRefused(
            f"{len(report.errors)} problem(er): ret dem, før træerne markeres som gennemgået",
            report.errors,
        )
    handbook = report.handbook
    marked: list[Marked] = []
    for path in tree_files(report.folder):
        try:
            ids = {
                n.id
                for n in mark_reviewed(path, load_tree(handbook, path.stem), handbook, by, today)
            }
        except MarkProblem as fault:
            raise MarkRefused(f"{TREES_DIR}/{path.name}: {fault.message}") from None
        tree = load_tree(handbook, path.stem)  # again: the lines have moved
        for node in tree.nodes:
            if node.id in ids:
                kind = "spørgsmålet" if node in tree.questions else "resultatet"
                marked.append(Marked(tree.source, node.line, kind, node.id))
    return marked


def note_warnings(folder: Path, handbook: Handbook, today: datetime.date) -> list[Problem]:
    """A warning for each note about the law no person has checked, or not for a year."""
    found = []
    for section in handbook.sections:
        if not section.note_legal:
            continue
        if section.note_checked is None:
            found.append(
                warning(
                    section.source,
                    _line_of(folder / section.source, "legal:"),
                    "redaktionens note om loven er ikke kontrolleret af en person: lad en, "
                    "der kender loven, kontrollere den mod kilderne "
                    f"({'; '.join(section.note_sources)}), og skriv datoen i 'checked:' og "
                    "navnet i 'checked_by:'",
                )
            )
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
