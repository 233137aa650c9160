"""``paddehatten check``: which folder, the report as text or JSON, marking reviews.

Without a folder, check run inside a checkout of this project checks the checkout's
``content/paddehatten``: that is the copy a maintainer edits. Elsewhere it checks the
handbook the program was installed with. The folder is always named, relative to the
current directory when it is below it.
"""

from __future__ import annotations

import argparse
import sys
import tomllib
from pathlib import Path

from paddehatten.content import DEFAULT_CONTENT, Problem, files
from paddehatten.content.check import CheckReport, check_folder
from paddehatten.content.safetext import safe_text
from paddehatten.tui.cli.encoding import write_json
from paddehatten.tui.cli.results import EXIT_OK, EXIT_PROBLEMS, UsageError

#: Where a checkout of this project keeps the handbook.
CHECKOUT_CONTENT = Path("content") / "paddehatten"
PROJECT_NAME = "paddehatten"


def find_checkout(start: Path) -> Path | None:
    """The checkout of this project that ``start`` is in (or below), if any.

    A checkout is a folder whose pyproject.toml names the project "paddehatten" and
    that has content/paddehatten/handbook.yaml.
    """
    for folder in (start, *start.parents):
        project = folder / "pyproject.toml"
        if not (folder / CHECKOUT_CONTENT / "handbook.yaml").is_file() or not project.is_file():
            continue
        try:
            name = tomllib.loads(project.read_text(encoding="utf-8"))["project"]["name"]
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError, KeyError, TypeError):
            continue
        if name == PROJECT_NAME:
            return folder
    return None


def folder_to_check(args: argparse.Namespace, cwd: Path | None) -> tuple[Path, bool]:
    """The folder ``check`` checks, and whether it is the installed copy."""
    if args.dir is not None:
        return args.dir, False
    if args.content is not None:
        return args.content, False
    checkout = find_checkout(cwd.resolve()) if cwd is not None else None
    if checkout is not None:
        return checkout / CHECKOUT_CONTENT, False
    return DEFAULT_CONTENT, True


def shown(folder: Path, cwd: Path | None) -> str:
    """``folder`` as the person should read it: relative when below ``cwd``."""
    if cwd is None:
        return str(folder.absolute())
    try:
        relative = folder.resolve().relative_to(cwd.resolve())
    except ValueError:
        return str(folder if folder.is_absolute() else folder.resolve())
    return relative.as_posix() if relative.parts else "."


def cmd_check(args: argparse.Namespace, _handbook: object = None) -> int:
    try:
        cwd: Path | None = Path.cwd()
    except OSError:  # the current folder is gone: no checkout to find, full paths
        cwd = None
    folder, installed = folder_to_check(args, cwd)
    # Shown as it can be printed: a folder name that is not UTF-8 gets \xNN.
    name = files.printable(shown(folder, cwd))
    try:
        kind = files.kind_of(folder)
    except files.FileProblem as fault:
        raise UsageError(f"mappen '{name}' {fault.message}") from None
    if kind is None:
        raise UsageError(f"mappen '{name}' findes ikke")
    if kind != "dir":
        raise UsageError(f"'{name}' er ikke en mappe; check skal have en håndbogsmappe")
    from paddehatten.index.synonyms import check_word_list

    # The search's word list (ord.yaml) belongs to ``index``, which ``content`` cannot
    # import: it is handed to the check as one more check of the same folder.
    report = check_folder(folder, extra=(check_word_list,))
    if args.mark_reviewed:
        return _mark_reviewed(report, name, installed, args.by)
    if args.by is not None:
        raise UsageError(
            '--by hører til --mark-reviewed: paddehatten check --mark-reviewed --by "NAVN"'
        )
    if args.json:
        _print_json(report, name, installed)
    else:
        _print_text(report, name, installed)
    return EXIT_OK if report.ok else EXIT_PROBLEMS


def _where(name: str, installed: bool) -> str:
    return f"{name} (den installerede håndbog)" if installed else name


def _print_text(report: CheckReport, name: str, installed: bool) -> None:
    for row in report.changes:  # what changed in the text comes first
        print(safe_text(row, one_line=True))
    for problem in report.problems:
        print(problem.located(name))
    count_warnings = len(report.warnings)
    warned = f" ({count_warnings} advars{'ler' if count_warnings != 1 else 'el'})"
    warned = warned if count_warnings else ""
    if not report.ok:
        sys.stdout.flush()  # the summary after the problems, also in a terminal
        print(
            f"{len(report.errors)} problem(er){warned} i {_where(name, installed)}",
            file=sys.stderr,
        )
        return
    handbook = report.handbook
    assert handbook is not None  # no errors: it loaded
    trees = report.trees
    tree_text = f" og {trees} beslutningstræ{'er' if trees != 1 else ''}" if trees else ""
    wording = (
        f"; ordlyden er som i {handbook.adopted_text}"
        if handbook.adopted_text
        else "; ordlyden er ikke kontrolleret"
    )
    print(
        f"OK: {_where(name, installed)} har {len(handbook.sections)} afsnit i "
        f"{len(handbook.chapters)} kapitler{tree_text}{wording}.{warned}"
    )


def _print_json(report: CheckReport, name: str, installed: bool) -> None:
    handbook = report.handbook
    data = {
        "folder": name,
        "installed": installed,
        "ok": report.ok,
        "errors": len(report.errors),
        "warnings": len(report.warnings),
        "sections": len(handbook.sections) if handbook else 0,
        "chapters": len(handbook.chapters) if handbook else 0,
        "trees": report.trees,
        "adopted_text": handbook.adopted_text if handbook else None,
        "changes": list(report.changes),
        "problems": [p.as_json(name) for p in report.problems],
    }
    write_json(data)


def _mark_reviewed(report: CheckReport, name: str, installed: bool, by: str | None) -> int:
    """``check --mark-reviewed --by``: print what ``mark_folder`` recorded."""
    from paddehatten.content.check import MarkRefused, mark_folder

    if installed:
        raise UsageError(
            f"den installerede håndbog ({name}) ændres ikke; kør kommandoen i en checkout "
            "af projektet, eller giv håndbogsmappen: paddehatten check --mark-reviewed MAPPE"
        )
    if by is None:
        raise UsageError(
            f"skriv, hvem der har gennemgået træerne i {name}: "
            'paddehatten check --mark-reviewed --by "navn" (en person eller fx "MED")'
        )
    try:
        marked = mark_folder(report, by)
    except MarkRefused as refused:
        for problem in refused.problems:
            print(problem.located(name))
        raise UsageError(f"{name}: {refused.message}") from None
    for mark in marked:
        where = Problem(mark.source, mark.line, "").located(name)
        print(
            f"{where}{mark.kind} '{mark.id}' er markeret som gennemgået af {' '.join(by.split())}"
        )
    if not marked:
        print(f"Intet at markere: alt i {name} er gennemgået mod den nuværende tekst.")
    else:
        print(f"{len(marked)} markeret som gennemgået i {name}.")
    return EXIT_OK
