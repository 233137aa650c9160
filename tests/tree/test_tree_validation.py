"""Each kind of problem in a tree file is reported with its file and line."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from paddehatten.content import ContentError, Handbook, Problem, load_handbook
from paddehatten.content.tree import check_trees, load_tree

VALID = """\
id: proeve
title: Prøvetræ
start: hvem
questions:
  - id: hvem
    text: Hvem har sendt anmodningen?
    answers:
      - id: a
        label: En forælder
        next: naeste
      - id: b
        label: En kollega
        next: slut-b
  - id: naeste
    text: Og så?
    hint: «Tag stilling til hvorfor I siger JA»
    cites: [husk-5]
    answers:
      - id: c
        label: Ja
        next: slut-a
      - id: d
        label: Nej
        next: slut-b
outcomes:
  - id: slut-a
    title: Du må gerne sige nej
    body: Retningslinjen siger «Det er legalt at sige nej».
    cites: [husk-3]
    quotes:
      - Det er legalt at sige nej i den professionelle relation
    note: En note fra redaktionen.
    suggestion: Et forslag.
    gap: false
  - id: slut-b
    title: Vent
    body: Tag stilling først.
    cites: [husk-5]
    gap: true
"""

Check = Callable[[str], list[Problem]]


@pytest.fixture
def check(content_copy: Callable[[str, str], Path], handbook: Handbook) -> Check:
    """Write the text as trees/proeve.yaml in a copy of the handbook and check it."""

    def run(text: str) -> list[Problem]:
        root = content_copy(text, "proeve")
        return check_trees(root, load_handbook(root))

    return run


def line_of(text: str, marker: str, occurrence: int = 1) -> int:
    """The 1-based line of the ``occurrence``-th line containing ``marker``."""
    found = [n for n, row in enumerate(text.splitlines(), start=1) if marker in row]
    return found[occurrence - 1]


def only(problems: list[Problem]) -> Problem:
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert problem.file == "trees/proeve.yaml"
    assert str(problem).startswith(f"trees/proeve.yaml:{problem.line}: ")
    return problem


def test_the_valid_tree_has_no_problems(check: Check) -> None:
    assert check(VALID) == []


def test_the_shipped_tree_has_no_problems(handbook: Handbook) -> None:
    assert check_trees(handbook.root, handbook) == []


def test_dangling_next(check: Check) -> None:
    text = VALID.replace("next: slut-a", "next: findes-ikke")
    problem = only(check(text))
    assert problem.line == line_of(text, "next: findes-ikke")
    assert "'next: findes-ikke'" in problem.message and "ikke findes" in problem.message


def test_cycle(check: Check) -> None:
    text = VALID.replace("next: slut-a", "next: hvem")
    problems = check(text)
    # slut-a is now unreachable as well; the loop is reported where it closes.
    loop = [p for p in problems if "løkke" in p.message]
    assert len(loop) == 1, problems
    assert loop[0].line == line_of(text, "next: hvem")
    assert "hvem → naeste → hvem" in loop[0].message


def test_unreachable_node(check: Check) -> None:
    text = VALID + (
        "  - id: ensom\n    title: Ensom\n    body: «passer på sig selv».\n    cites: [husk-4]\n"
    )
    problem = only(check(text))
    assert problem.line == line_of(text, "- id: ensom")
    assert "'ensom' kan ikke nås" in problem.message


def test_duplicate_id(check: Check) -> None:
    text = VALID.replace("- id: slut-b\n    title: Vent", "- id: naeste\n    title: Vent")
    problems = check(text)
    duplicate = [p for p in problems if "bruges allerede" in p.message]
    assert len(duplicate) == 1, problems
    assert duplicate[0].line == line_of(text, "- id: naeste", 2)
    assert f"linje {line_of(text, '- id: naeste')}" in duplicate[0].message


def test_outcome_without_cites(check: Check) -> None:
    text = VALID.replace("    body: Tag stilling først.\n    cites: [husk-5]\n", "    body: Tag.\n")
    problem = only(check(text))
    assert problem.line == line_of(text, "- id: slut-b")
    assert problem.message == "'cites:' i et resultat under 'outcomes:' mangler"


def test_outcome_with_an_empty_cites_list(check: Check) -> None:
    text = VALID.replace("    cites: [husk-3]\n", "    cites: []\n")
    problem = only(check(text))
    assert problem.line == line_of(text, "cites: []")
    assert problem.message == (
        "'cites:' i et resultat under 'outcomes:' er tom; skriv mindst ét punkt, fx [husk-5]"
    )


def test_cite_of_a_section_that_does_not_exist(check: Check) -> None:
    text = VALID.replace("cites: [husk-3]", "cites: [husk-9]")
    problems = check(text)
    missing = [p for p in problems if "'husk-9'" in p.message]
    assert len(missing) == 1, problems
    assert missing[0].line == line_of(text, "- id: slut-a")


def test_quote_not_word_for_word_in_the_cited_section(check: Check) -> None:
    text = VALID.replace(
        "- Det er legalt at sige nej i den professionelle relation",
        "- Det er altid legalt at sige nej",
    )
    problem = only(check(text))
    assert problem.line == line_of(text, "Det er altid legalt")
    assert "«Det er altid legalt at sige nej»" in problem.message
    assert "husk-3" in problem.message


def test_quote_from_a_section_the_outcome_does_not_cite(check: Check) -> None:
    # Word for word in HUSK 3, but slut-b only cites HUSK 5.
    text = VALID.replace(
        "    body: Tag stilling først.\n",
        "    body: Tag stilling først.\n    quotes: [Det er legalt at sige nej]\n",
    )
    problem = only(check(text))
    assert problem.line == line_of(text, "quotes: [Det er legalt")


def test_guillemet_quotation_in_running_text_is_checked(check: Check) -> None:
    text = VALID.replace("«Det er legalt at sige nej»", "«Det er forbudt at sige nej»")
    problem = only(check(text))
    assert problem.line == line_of(text, "«Det er forbudt")
    hint = VALID.replace("«Tag stilling til hvorfor I siger JA»", "«Sig altid ja»")
    problem = only(check(hint))
    assert problem.line == line_of(hint, "«Sig altid ja»")


@pytest.mark.parametrize(
    ("old", "new", "word"),
    [
        ("- id: c\n", "- id: no\n", "no"),  # unquoted: YAML reads false
        ("- id: d\n", "- id: On\n", "On"),  # unquoted: YAML reads true
        ("- id: c\n", "- id: 'yes'\n", "yes"),  # quoted, but one lost quote away
        ("- id: d\n", "- id: n\n", "n"),  # YAML 1.1 reads n as false
        ("next: slut-b\n  - id: naeste", "next: off\n  - id: naeste", "off"),
    ],
)
def test_boolean_looking_id(check: Check, old: str, new: str, word: str) -> None:
    text = VALID.replace(old, new, 1)
    problem = only(check(text))
    first = new.strip().splitlines()[0]
    rows = [n for n, row in enumerate(text.splitlines(), start=1) if row.strip() == first]
    assert [problem.line] == rows
    assert word in problem.message and "sandhedsværdi" in problem.message


def test_question_with_one_answer(check: Check) -> None:
    text = VALID.replace(
        "      - id: d\n        label: Nej\n        next: slut-b\n",
        "",
    )
    problem = only(check(text))
    assert problem.line == line_of(text, "- id: naeste")
    assert "kun ét svar" in problem.message


def test_question_without_answers_is_a_dead_end(check: Check) -> None:
    text = VALID.replace(
        "    answers:\n      - id: c\n        label: Ja\n        next: slut-a\n"
        "      - id: d\n        label: Nej\n        next: slut-b\n",
        "    answers:\n",
    )
    problems = check(text)
    dead = [p for p in problems if "ingen svar" in p.message]
    assert len(dead) == 1, problems
    assert dead[0].line == line_of(text, "- id: naeste")


def test_answers_that_all_lead_to_the_same_place(check: Check) -> None:
    text = VALID.replace("next: slut-a", "next: slut-b")
    problems = check(text)
    same = [p for p in problems if "ingen forskel" in p.message]
    assert len(same) == 1, problems
    assert same[0].line == line_of(text, "- id: naeste")


def chain(length: int) -> str:
    """A tree whose longest path asks ``length`` questions."""
    rows = ["id: proeve", "title: Lang", "start: q1", "questions:"]
    for n in range(1, length + 1):
        target = f"q{n + 1}" if n < length else "slut"
        rows += [
            f"  - id: q{n}",
            f"    text: Spørgsmål {n}?",
            "    answers:",
            "      - id: videre",
            "        label: Videre",
            f"        next: {target}",
            "      - id: stop",
            "        label: Stop",
            "        next: stop",
        ]
    rows += ["outcomes:"]
    for outcome in ("slut", "stop"):
        rows += [f"  - id: {outcome}", "    title: Slut", "    body: Slut.", "    cites: [husk-5]"]
        rows += ["    gap: true"]
    return "\n".join(rows) + "\n"


def test_five_questions_on_a_path_are_allowed(check: Check) -> None:
    assert check(chain(5)) == []


def test_more_than_five_questions_on_a_path(check: Check) -> None:
    text = chain(7)
    problem = only(check(text))
    assert problem.line == line_of(text, "- id: q6")
    assert "nr. 6" in problem.message and "q1 → q2 → q3 → q4 → q5 → q6" in problem.message


def test_yaml_syntax_error(check: Check) -> None:
    text = VALID.replace("    text: Og så?\n", "    text: [Og så?\n")
    problem = only(check(text))
    assert problem.line >= line_of(text, "text: [Og så?")
    assert "YAML kan ikke læses" in problem.message


def test_unknown_key(check: Check) -> None:
    text = VALID.replace("    hint: «Tag", "    tip: «Tag")
    problem = only(check(text))
    assert problem.line == line_of(text, "tip:")
    assert problem.message == (
        "ukendt nøgle 'tip:' i et spørgsmål under 'questions:' "
        "(kendte: id, text, hint, cites, answers, reviewed)"
    )


def test_a_misspelt_key_names_the_key_meant(check: Check) -> None:
    text = VALID.replace("    hint: «Tag", "    hnit: «Tag")
    problem = only(check(text))
    assert problem.line == line_of(text, "hnit:")
    assert problem.message == (
        "ukendt nøgle 'hnit:' i et spørgsmål under 'questions:' – mente du 'hint:'?"
    )


def test_duplicate_key(check: Check) -> None:
    text = VALID.replace("    text: Og så?\n", "    text: Og så?\n    text: Og nu?\n")
    problem = only(check(text))
    assert problem.line == line_of(text, "text: Og nu?")
    assert "to gange" in problem.message


def test_tree_id_must_match_the_file_name(check: Check) -> None:
    problem = only(check(VALID.replace("id: proeve", "id: andet")))
    assert problem.line == 1


def test_start_must_be_a_question(check: Check) -> None:
    problems = check(VALID.replace("start: hvem", "start: slut-a"))
    assert any("skal være et spørgsmål" in p.message and p.line == 1 for p in problems)


def test_gap_must_be_true_or_false(check: Check) -> None:
    text = VALID.replace("gap: false", "gap: maybe")
    problem = only(check(text))
    assert problem.line == line_of(text, "gap: maybe")


def test_not_utf8(content_copy: Callable[[str, str], Path]) -> None:
    root = content_copy("", "proeve")
    (root / "trees" / "proeve.yaml").write_bytes(b"id: proeve\ntitle: Pr\xf8ve\n")
    problem = only(check_trees(root, load_handbook(root)))
    assert problem.line == 2


def test_load_tree_raises_every_problem(content_copy: Callable[[str, str], Path]) -> None:
    root = content_copy(VALID.replace("next: slut-a", "next: findes-ikke"), "proeve")
    with pytest.raises(ContentError) as error:
        load_tree(load_handbook(root), "proeve")
    assert "trees/proeve.yaml:" in str(error.value)


def test_load_tree_names_the_trees_when_the_id_is_unknown(handbook: Handbook) -> None:
    with pytest.raises(ContentError) as error:
        load_tree(handbook, "findes-ikke")
    assert "venneanmodning" in str(error.value)
