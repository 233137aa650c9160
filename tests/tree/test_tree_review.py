"""The tree is reviewed against the text it rests on; MED gets a review sheet."""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable
from pathlib import Path

from paddehatten.content import Handbook, Problem, load_handbook
from paddehatten.content.check.review import fingerprint, review_sheet, review_warnings
from paddehatten.content.tree import DecisionTree, Outcome, check_trees, load_tree
from tests.conftest import ADOPTED, run_cli


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def adopt(root: Path, section: str, old: str, new: str) -> None:
    """MED adopts a new wording: the section and the adopted text change alike."""
    replace_in(root / "sections" / f"{section}.md", old, new)
    replace_in(root / ADOPTED.name, old, new)


def mark(root: Path, by: str = "MED") -> None:
    marked = run_cli("check", "--mark-reviewed", "--by", by, str(root))
    assert marked.returncode == 0, marked.stderr


def test_the_shipped_tree_claims_no_review_no_person_made(
    tree: DecisionTree, handbook: Handbook
) -> None:
    for node in tree.nodes:
        assert node.review is None and node.reviewed is None, node.id
    warned = review_warnings(tree, handbook)
    assert [w.message[:61] for w in warned] == [
        "træet 'venneanmodning' er ikke gennemgået af en person: ingen"
    ]
    sheet = run_cli("tree", "--review-sheet").stdout
    assert "Gennemgang: ikke gennemgået: ingen person har gennemgået træet" in sheet
    assert "gennemgået mod teksten\n" not in sheet and "gennemgået af" not in sheet
    assert sheet.count("  Gennemgang: ikke gennemgået\n") == len(tree.outcomes)


def test_a_changed_sentence_names_the_outcomes_to_review(handbook_copy: Path) -> None:
    mark(handbook_copy)
    adopt(handbook_copy, "raad-9", "Kort sagt:", "Kort fortalt:")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 0  # a warning: the committee reviews, nothing is wrong yet
    tree = load_tree(load_handbook(handbook_copy))
    citing = [node for node in tree.nodes if "raad-9" in node.cites]
    assert {n.id for n in citing} == {"kan-sige-ja", "kollega-ja", "leder-ja", "privat"}
    warned = [row for row in result.stdout.splitlines() if ": advarsel: ordlyden i " in row]
    expected = [
        f"{handbook_copy}/trees/venneanmodning.yaml:{n.line}: advarsel: ordlyden i " for n in citing
    ]
    assert len(warned) == len(citing)
    for row, start, node in zip(warned, expected, citing, strict=True):
        assert row.startswith(start), row
        assert f"'{node.id}' blev gennemgået" in row and "check --mark-reviewed" in row
    # Each names the one section that changed, not every section it cites.
    assert all(": advarsel: ordlyden i Råd 9 er ændret, siden " in row for row in warned)


def test_a_node_that_cites_other_sections_since_its_review_is_due(handbook_copy: Path) -> None:
    mark(handbook_copy)
    tree_file = handbook_copy / "trees" / "venneanmodning.yaml"
    replace_in(tree_file, "    cites: [raad-8, raad-9]\n", "    cites: [raad-8, raad-9, husk-4]\n")
    result = run_cli("check", str(handbook_copy))
    assert "advarsel: resultatet 'privat' bygger nu på andre afsnit (Råd 8, Råd 9, HUSK 4)" in (
        result.stdout
    )


def test_a_changed_quoted_sentence_names_every_node_that_quotes_it(
    handbook_copy: Path, tree: DecisionTree
) -> None:
    quoted = "Tag stilling til hvorfor I siger JA inden i godkender"
    adopt(handbook_copy, "husk-5", "Tag stilling til hvorfor", "Tag altid stilling til hvorfor")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    named = {
        match.group(1)
        for match in re.finditer(
            rf"citatet «{quoted}» i '([a-z-]+)' står ikke ord for ord", result.stdout
        )
    }
    quoting = {
        node.id
        for node in tree.nodes
        if quoted in (node.quotes if isinstance(node, Outcome) else ())
        or quoted in " ".join((node.body if isinstance(node, Outcome) else node.hint or "").split())
    }
    assert named == quoting and "vent" in named and "ukendt" in named


def test_mark_reviewed_writes_only_the_review_records(handbook_copy: Path) -> None:
    mark(handbook_copy, "Anna Juul")
    adopt(handbook_copy, "raad-9", "Kort sagt:", "Kort fortalt:")
    tree_file = handbook_copy / "trees" / "venneanmodning.yaml"
    before = tree_file.read_text(encoding="utf-8")
    marked = run_cli("check", "--mark-reviewed", "--by", "MED", str(handbook_copy))
    assert marked.returncode == 0, marked.stderr
    lines = marked.stdout.splitlines()
    assert lines[-1] == f"4 markeret som gennemgået i {handbook_copy}."
    assert any(
        f"{handbook_copy}/trees/venneanmodning.yaml:" in r
        and "'privat' er markeret som gennemgået af MED" in r
        for r in lines
    )
    after = tree_file.read_text(encoding="utf-8")
    changed = [
        row
        for row in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if row[:1] in "+-" and not row.startswith(("+++", "---"))
    ]
    assert len(changed) == 8 and all("reviewed: {by: " in row for row in changed), changed
    again = run_cli("check", str(handbook_copy))
    assert again.returncode == 0 and "gennemgå det" not in again.stdout
    assert "Intet at markere" in (
        run_cli("check", "--mark-reviewed", "--by", "MED", str(handbook_copy)).stdout
    )


def test_mark_reviewed_records_who_when_which_revision_and_text(handbook_copy: Path) -> None:
    mark(handbook_copy, "MED-udvalget, møde 3. december")
    handbook = load_handbook(handbook_copy)
    tree = load_tree(handbook)
    for node in tree.nodes:
        if not node.cites:
            continue
        assert node.review is not None, node.id
        assert node.review.by == "MED-udvalget, møde 3. december"
        assert node.review.date == datetime.date.today().isoformat()
        assert node.review.revision == "Revideret i MED april 2018"
        assert node.review.text == fingerprint(handbook, node.cites)
    sheet = run_cli("--content", str(handbook_copy), "tree", "--review-sheet").stdout
    assert "Gennemgang: gennemgået af MED-udvalget, møde 3. december " in sheet
    assert "ikke gennemgået" not in sheet
    shown = run_cli("--content", str(handbook_copy), "tree", "--answers", "1,ved,klar,i-orden")
    assert "Gennemgang: gennemgået af MED-udvalget, møde 3. december" in shown.stdout


def test_mark_reviewed_needs_a_reviewer(handbook_copy: Path) -> None:
    tree_file = handbook_copy / "trees" / "venneanmodning.yaml"
    before = tree_file.read_bytes()
    for args in (("--mark-reviewed",), ("--mark-reviewed", "--by", "  ")):
        refused = run_cli("check", *args, str(handbook_copy))
        assert refused.returncode == 2, refused
        assert "skriv, hvem der har gennemgået træ" in refused.stderr
        assert "Traceback" not in refused.stderr
    assert tree_file.read_bytes() == before


def test_a_bare_mark_names_no_reviewer_and_is_not_a_review(handbook_copy: Path) -> None:
    """Earlier versions wrote only the fingerprint: that is no review by anyone."""
    tree_file = handbook_copy / "trees" / "venneanmodning.yaml"
    current = fingerprint(load_handbook(handbook_copy), ("husk-1", "husk-3"))
    replace_in(tree_file, "  - id: hvem\n", f'  - id: hvem\n    reviewed: "{current}"\n')
    node = load_tree(load_handbook(handbook_copy)).node("hvem")
    assert node.reviewed == current and node.review is None
    sheet = run_cli("--content", str(handbook_copy), "tree", "--review-sheet").stdout
    assert "- spørgsmålet 'hvem' (trees/venneanmodning.yaml:" in sheet
    assert "): ikke gennemgået, HUSK 1, HUSK 3" in sheet
    # --mark-reviewed turns it into a record with a name.
    mark(handbook_copy, "Anna Juul")
    node = load_tree(load_handbook(handbook_copy)).node("hvem")
    assert node.review is not None and node.review.by == "Anna Juul"


def test_mark_reviewed_refuses_a_broken_handbook_and_the_installed_one(
    handbook_copy: Path, tmp_path: Path
) -> None:
    (handbook_copy / "sections" / "raad-1.md").write_text("ødelagt\n", encoding="utf-8")
    before = (handbook_copy / "trees" / "venneanmodning.yaml").read_bytes()
    refused = run_cli("check", "--mark-reviewed", "--by", "MED", str(handbook_copy))
    assert refused.returncode == 2 and "ret dem, før træerne markeres" in refused.stderr
    assert (handbook_copy / "trees" / "venneanmodning.yaml").read_bytes() == before
    outside = run_cli("check", "--mark-reviewed", "--by", "MED", cwd=tmp_path)
    assert outside.returncode == 2 and "den installerede håndbog" in outside.stderr


def test_a_hand_written_review_is_a_problem(
    content_copy: Callable[[str, str], Path], handbook: Handbook
) -> None:
    text = (handbook.root / "trees" / "venneanmodning.yaml").read_text(encoding="utf-8")
    expected = {
        "ja tak": "'reviewed:' skal være et fingeraftryk",
        '{by: "", date: "2026-12-03", revision: "x", text: "abcdef"}': (
            "'reviewed:' skal være det, paddehatten check --mark-reviewed --by NAVN skriver"
        ),
        '{by: "MED", date: "i går", revision: "x", text: "abcdef"}': (
            "'reviewed:' skal være det, paddehatten check --mark-reviewed --by NAVN skriver"
        ),
    }
    for bad, start in expected.items():
        marked = text.replace("  - id: hvem\n", f"  - id: hvem\n    reviewed: {bad}\n")
        root = content_copy(marked, "venneanmodning")
        problems = check_trees(root, load_handbook(root))
        assert len(problems) == 1 and problems[0].message.startswith(start), problems


def test_the_review_sheet_has_every_path_gap_and_suggestion(
    tree: DecisionTree, handbook: Handbook
) -> None:
    result = run_cli("tree", "--review-sheet")
    assert result.returncode == 0
    sheet = result.stdout
    assert sheet == review_sheet(tree, handbook)
    assert sheet.startswith("Gennemgangsark for MED: Skal jeg acceptere denne venneanmodning?\n")
    paths = tree.paths()
    assert f"{len(paths)} veje" in sheet
    for number in range(1, len(paths) + 1):
        assert f"Vej {number} af {len(tree.paths())}: " in sheet
    for outcome in tree.outcomes:
        assert f"{outcome.title}  [{outcome.id}]" in sheet
        if outcome.gap:
            assert f"- {outcome.title} (trees/venneanmodning.yaml:{outcome.line})" in sheet
        if outcome.suggestion:
            assert " ".join(outcome.suggestion.split()) in " ".join(sheet.split())
    gaps = sum(1 for o in tree.outcomes if o.gap)
    assert f"4. Huller: {gaps} resultater" in sheet
    for question in tree.questions:
        assert f"{question.text}  [{question.id}]" in sheet


def messages(problems: list[Problem]) -> list[str]:
    return [p.message for p in problems]


TREE = """\
id: proeve
title: Prøve
start: q
questions:
  - id: q
    text: Hvad nu?
    answers:
      - id: a
        label: A
        next: ja
      - id: b
        label: B
        next: nej
outcomes:
  - id: ja
    title: Ja
    body: HUSK 5 siger «Tag stilling til hvorfor I siger JA».
    cites: [husk-5]
  - id: nej
    title: Nej
    body: Retningslinjen siger ikke noget om det.
    cites: [husk-4]
    gap: true
"""


def test_rule_a_named_point_must_be_cited(
    content_copy: Callable[[str, str], Path], handbook: Handbook
) -> None:
    def check(text: str) -> list[str]:
        root = content_copy(text, "proeve")
        return messages(check_trees(root, load_handbook(root)))

    assert check(TREE) == []
    named = check(
        TREE.replace("body: Retningslinjen siger", "body: Se Råd 8. Retningslinjen siger")
    )
    assert named == [
        "'nej' nævner Råd 8, men har ikke 'raad-8' i 'cites:'; det, der nævnes, skal også citeres"
    ]
    assert check(TREE.replace("HUSK 5 siger", "HUSK 7 siger")) == [
        "'ja' nævner HUSK 7, som ikke findes i håndbogen"
    ]
    unquoted = check(TREE.replace("«Tag stilling til hvorfor I siger JA»", "at du skal tænke"))
    assert len(unquoted) == 1 and "'ja' citerer ikke retningslinjen" in unquoted[0]
    talks = check(
        TREE.replace(
            "    text: Hvad nu?\n", "    text: Hvad nu?\n    hint: Retningslinjen er klar.\n"
        )
    )
    assert (
        len(talks) == 1
        and "'q' taler om retningslinjen, men bygger ikke på noget afsnit" in talks[0]
    )
