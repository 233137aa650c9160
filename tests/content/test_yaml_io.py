"""The one YAML path: exact lines, limits a maintainer never meets, Danish messages."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT, yaml_io
from paddehatten.content.loader import check_handbook
from paddehatten.content.yaml_io import YamlProblem, compose, plain


def problem(text: str) -> YamlProblem:
    with pytest.raises(YamlProblem) as raised:
        plain(compose(text))
    return raised.value


def test_values_are_plain_and_dates_stay_text() -> None:
    text = "a: 1\nb: [x, {c: 2018-04-31}]\nd: 2018-04-01\ne: true\nf: ~\ng: '7'\n"
    assert plain(compose(text)) == {
        "a": 1,
        "b": ["x", {"c": "2018-04-31"}],
        "d": "2018-04-01",
        "e": True,
        "f": None,
        "g": "7",
    }
    assert compose("") is None


def test_nesting_up_to_the_limit_and_not_beyond() -> None:
    depth = yaml_io.MAX_DEPTH
    assert plain(compose("[" * depth + "]" * depth)) is not None
    refused = problem("x:\n  " + "[" * depth + "]" * depth)
    assert refused.line == 2 and "niveauer" in refused.message


def test_aliases_are_counted_as_what_they_stand_for() -> None:
    fine = "a: &a [1, 2, 3]\nb: [*a, *a]\n"
    assert plain(compose(fine)) == {"a": [1, 2, 3], "b": [[1, 2, 3], [1, 2, 3]]}
    laughs = "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"a{n}: &a{n} [" + ", ".join([f"*a{n - 1}"] * 9) + "]\n" for n in range(1, 10)
    )
    assert "for mange værdier" in problem(laughs).message
    many = "a: &a x\nb: [" + ", ".join(["*a"] * (yaml_io.MAX_ALIASES + 1)) + "]\n"
    assert "aliaser" in problem(many).message
    assert "ikke defineret" in problem("x: &a [*a]\n").message  # never a loop


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("a: 1\nb: !!int tre\n", 2, "!!int"),
        ("a: !!bool maybe\n", 1, "!!bool"),
        ("a: !!timestamp 2018-04-01\n", 1, "!!timestamp"),
        ("a: !!python/object/apply:os.system [ls]\n", 1, "!!python/object/apply:os.system"),
        ("a: !!binary aGVq\n", 1, "!!binary"),
        ("a: !mit x\n", 1, "!mit"),
        ("n: " + "9" * 5000 + "\n", 1, "5000 cifre"),
        ("a: 1\nb: 2\na: 3\n", 3, "står to gange (også linje 1)"),
        ("[1, 2]: x\n", 1, "nøgle"),
        ("a: 1\n---\nb: 2\n", 2, "mere end ét YAML-dokument"),
    ],
)
def test_refused_with_line_and_reason(text: str, line: int, words: str) -> None:
    found = problem(text)
    assert found.line == line
    assert words in found.message


@pytest.mark.parametrize(
    ("text", "line", "danish"),
    [
        ('title: "Sociale medier\n', 2, "filen slutter midt i en værdi"),
        ("a: b: c\n", 1, "et kolon står et sted"),
        ("a:\n\t- b\n", 2, "tabulatortegn"),
        ("a: [1, 2\n", 2, "en liste i [ ] er ikke lukket"),
        ("a: \x07\n", 1, "kontroltegn"),
        ("- a\nb: c\n", 2, "indrykningen passer ikke"),
    ],
)
def test_parser_messages_are_danish(text: str, line: int, danish: str) -> None:
    found = problem(text)
    assert found.line == line
    assert danish in found.message
    assert found.message.startswith("YAML kan ikke læses: ")


def test_check_shows_the_danish_message_and_the_line(tmp_path: Path) -> None:
    root = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, root)
    path = root / "sections" / "raad-4.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("title: ", 'title: "', 1), encoding="utf-8")
    # The error, and the wording check's warning that raad-4's words went unchecked.
    found, unchecked = check_handbook(root)
    assert unchecked.severity == "advarsel" and "sections/raad-4.md" in unchecked.message
    assert found.file == "sections/raad-4.md"
    assert "YAML kan ikke læses: " in found.message
    assert "found" not in found.message and "stream" not in found.message
    assert found.line > 1


def test_handbook_lines_come_from_the_nodes_not_from_the_text(tmp_path: Path) -> None:
    root = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, root)
    meta = root / "handbook.yaml"
    text = meta.read_text(encoding="utf-8")
    # A nested list before the chapters: a line count of "- " rows puts the problem on
    # the wrong line; the node of the bad chapter knows its own.
    text = text.replace("chapters:\n", "kontakt:\n  - leder\n  - MED\nchapters:\n")
    text = text.replace("  - id: husk\n", "  - id: HUSK\n")
    meta.write_text(text, encoding="utf-8")
    bad = next(p for p in check_handbook(root) if "HUSK" in p.message)
    assert text.splitlines()[bad.line - 1] == "  - id: HUSK"
