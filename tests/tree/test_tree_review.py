"""The tree is reviewed against the text it rests on; MED gets a review sheet."""

from __future__ import annotations

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


def test_every_node_of_the_shipped_tree_is_reviewed(tree: DecisionTree, handbook: Handbook) -> None:
    assert review_warnings(tree, handbook) == []
    for node in tree.nodes:
        if node.cites:
            assert node.reviewed == fingerprint(handbook, node.cites), node.id


def test_a_changed_sentence_names_the_outcomes_to_review(handbook_copy: Path) -> None:
    adopt(handbook_copy, "raad-9", "Kort sagt:", "Kort fortalt:")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 0  # a warning: the committee reviews, nothing is wrong yet
    tree = load_tree(load_handbook(handbook_copy))
    citing = [node for node in tree.nodes if "raad-9" in node.cites]
    assert {n.id for n in citing} == {"kan-sige-ja", "kollega-ja", "leder-ja", "privat"}
    warned = [row for row in result.stdout.splitlines() if ": advarsel: " in row]
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


def test_mark_reviewed_writes_only_the_fingerprints(handbook_copy: Path) -> None:
    adopt(handbook_copy, "raad-9", "Kort sagt:", "Kort fortalt:")
    tree_file = handbook_copy / "trees" / "venneanmodning.yaml"
    before = tree_file.read_text(encoding="utf-8")
    marked = run_cli("check", "--mark-reviewed", str(handbook_copy))
    assert marked.returncode == 0, marked.stderr
    lines = marked.stdout.splitlines()
    assert lines[-1] == f"4 markeret som gennemgået i {handbook_copy}."
    assert any(
        f"{handbook_copy}/trees/venneanmodning.yaml:" in r and "'privat'" in r for r in lines
    )
    after = tree_file.read_text(encoding="utf-8")
    changed = [
        row
        for row in difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
        if row[:1] in "+-" and not row.startswith(("+++", "---"))
    ]
    assert len(changed) == 8 and all("reviewed:" in row for row in changed), changed
    again = run_cli("check", str(handbook_copy))
    assert again.returncode == 0 and "advarsel" not in again.stdout
    assert "Intet at markere" in run_cli("check", "--mark-reviewed", str(handbook_copy)).stdout


def test_mark_reviewed_adds_a_missing_fingerprint_under_the_id(handbook_copy: Path) -> None:
    tree_file = handbook_copy / "trees" / "venneanmodning.yaml"
    text = tree_file.read_text(encoding="utf-8")
    first = next(row for row in text.splitlines() if row.strip().startswith("reviewed:"))
    tree_file.write_text(text.replace(first + "\n", "", 1), encoding="utf-8")
    warned = run_cli("check", str(handbook_copy))
    assert "advarsel: spørgsmålet 'hvem' er ikke gennemgået mod HUSK 1, HUSK 3" in warned.stdout
    assert run_cli("check", "--mark-reviewed", str(handbook_copy)).returncode == 0
    assert tree_file.read_text(encoding="utf-8") == text


def test_mark_reviewed_refuses_a_broken_handbook_and_the_installed_one(
    handbook_copy: Path, tmp_path: Path
) -> None:
    (handbook_copy / "sections" / "raad-1.md").write_text("ødelagt\n", encoding="utf-8")
    before = (handbook_copy / "trees" / "venneanmodning.yaml").read_bytes()
    refused = run_cli("check", "--mark-reviewed", str(handbook_copy))
    assert refused.returncode == 2 and "ret dem, før træerne markeres" in refused.stderr
    assert (handbook_copy / "trees" / "venneanmodning.yaml").read_bytes() == before
    outside = run_cli("check", "--mark-reviewed", cwd=tmp_path)
    assert outside.returncode == 2 and "den installerede håndbog" in outside.stderr


def test_a_hand_written_fingerprint_is_a_problem(
    content_copy: Callable[[str, str], Path], handbook: Handbook
) -> None:
    text = (handbook.root / "trees" / "venneanmodning.yaml").read_text(encoding="utf-8")
    first = next(row for row in text.splitlines() if row.strip().startswith("reviewed:"))
    root = content_copy(text.replace(first, "    reviewed: ja tak", 1), "venneanmodning")
    problems = check_trees(root, load_handbook(root))
    assert [p.message[:40] for p in problems] == ["'reviewed:' skal være et fingeraftryk, s"]


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
    assert "skal gennemgås" not in sheet


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


def test_mark_reviewed_keeps_line_endings_and_file_mode(handbook_copy: Path) -> None:
    tree_file = handbook_copy / "trees" / "venneanmodning.yaml"
    text = tree_file.read_text(encoding="utf-8")
    rows = text.splitlines(keepends=True)
    unmarked = "".join(r for r in rows if not r.lstrip().startswith('reviewed: "'))
    tree_file.write_bytes(unmarked.replace("\n", "\r\n").encode("utf-8"))
    tree_file.chmod(0o664)
    assert run_cli("check", "--mark-reviewed", str(handbook_copy)).returncode == 0
    assert tree_file.read_bytes() == text.replace("\n", "\r\n").encode("utf-8")
    assert tree_file.stat().st_mode & 0o777 == 0o664
