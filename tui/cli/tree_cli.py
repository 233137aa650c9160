"""``paddehatten tree``: walk a decision tree, or print it for review.

Nothing here imports Textual until the full-screen app is really started.
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Any

from paddehatten.content import ContentError, Handbook
from paddehatten.tui.cli.encoding import write_json
from paddehatten.tui.cli.results import EXIT_USAGE, OpenApp
from paddehatten.tui.cli.terminal import isatty, plain_reason

#: Exit status when the walk stopped on a fault of the program (EX_SOFTWARE).
EXIT_INTERNAL = 70


def add_tree_command(commands: Any) -> None:
    """Add ``tree`` to the subcommands of the ``paddehatten`` parser."""
    p = commands.add_parser(
        "tree",
        help="Få vejledning trin for trin i et af håndbogens beslutningstræer",
        description=(
            "Går beslutningstræet igennem: i fuld skærm, eller som nummererede spørgsmål "
            "(--plain), når der ikke er en terminal. Dine svar gemmes ikke."
        ),
    )
    p.add_argument(
        "tree_id",
        nargs="?",
        metavar="TRÆ",
        help="træets id (standard: håndbogens default_tree, ellers det første)",
    )
    mode = p.add_mutually_exclusive_group()
    mode.add_argument(
        "--plain",
        dest="tree_plain",
        action="store_true",
        help="nummererede spørgsmål på stdin/stdout (til skærmlæsere og scripts)",
    )
    mode.add_argument("--json", dest="tree_json", action="store_true", help="træet som JSON")
    mode.add_argument(
        "--paths", action="store_true", help="alle veje gennem træet, til gennemsyn i MED"
    )
    mode.add_argument("--mermaid", action="store_true", help="træet som Mermaid-flowchart")
    mode.add_argument(
        "--review-sheet",
        action="store_true",
        help="gennemgangsark til MED: alle veje, huller og forslag som ét tekstdokument",
    )
    mode.add_argument(
        "--answers",
        metavar="SVAR,SVAR,…",
        help=(
            "vis resultatet for disse svar uden at spørge: svarenes numre eller id'er, "
            "adskilt af komma, fx 1,ved,klar,i-orden (gemmes ikke)"
        ),
    )
    p.set_defaults(handler=cmd_tree)


def cmd_tree(args: argparse.Namespace, handbook: Handbook) -> int | OpenApp:
    # Imported here, not above: the parser is built on every start of the program, and
    # the reader's first frame must not wait on the tree's YAML.
    from paddehatten.content.tree import load_tree
    from paddehatten.content.tree.export import (
        MAX_PATHS,
        render_mermaid,
        render_paths,
        tree_json,
    )
    from paddehatten.tui import plain
    from paddehatten.tui.cli.tree_plain import outcome_for_answers, walk_plain

    try:
        tree = load_tree(handbook, args.tree_id)
    except ContentError as error:
        print("paddehatten: beslutningstræet kan ikke bruges:", file=sys.stderr)
        for problem in error.problems:
            print(f"  {problem.located(handbook.root)}", file=sys.stderr)
        return EXIT_USAGE
    if args.tree_json:
        write_json(tree_json(tree))
        return 0
    if args.paths or args.review_sheet:
        count = tree.path_count()
        if count > MAX_PATHS:
            flag = "--paths" if args.paths else "--review-sheet"
            print(
                f"paddehatten: træet har {count} veje; {flag} viser højst {MAX_PATHS}, "
                "flere kan ingen læse igennem. Se træet med --mermaid eller --json.",
                file=sys.stderr,
            )
            return EXIT_USAGE
    if args.paths:
        plain.write(render_paths(tree, handbook))
        return 0
    if args.mermaid:
        sys.stdout.write(render_mermaid(tree, handbook))
        return 0
    if args.review_sheet:
        from paddehatten.content.check.review import review_sheet

        sys.stdout.write(review_sheet(tree, handbook))
        return 0
    if args.answers is not None:
        status, text = outcome_for_answers(tree, handbook, args.answers)
        if status:
            print(f"paddehatten: {text}", file=sys.stderr)
        else:
            plain.write(text)
        return status
    forced = args.plain or args.tree_plain
    reason = "--plain" if forced else plain_reason(sys.stdin, sys.stdout, os.environ)
    if reason is not None:
        if not forced:
            # First, unlike the handbook's (printed after its text): the walk's first
            # screen is one question, so the reason stays in view while it is answered.
            print(
                f"paddehatten: går beslutningstræet igennem som ren tekst, fordi {reason}.",
                file=sys.stderr,
            )
        try:
            return walk_plain(
                tree,
                handbook,
                sys.stdin,
                sys.stdout,
                sys.stderr,
                interactive=isatty(sys.stdin),
            )
        except (KeyboardInterrupt, OSError):
            raise
        except Exception as error:
            # A traceback would print the error's text, and that may hold what the
            # person typed: say what happened without it. Answers are never shown.
            print(
                f"paddehatten: beslutningstræet stoppede ved en fejl i programmet "
                f"({type(error).__name__}); dine svar er ikke gemt nogen steder.",
                file=sys.stderr,
            )
            return EXIT_INTERNAL
    return OpenApp(handbook, tree=tree.id)
