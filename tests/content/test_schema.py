"""content.schema: shapes read from nodes, problems with the exact line, one style."""

from __future__ import annotations

from typing import Any

from paddehatten.content import schema, yaml_io
from paddehatten.content.model import Problem

SHAPE = schema.Fields(
    {
        "id": schema.Key(schema.Ident(), required=True),
        "title": schema.Key(schema.Line(), required=True),
        "number": schema.Key(schema.Count()),
        "shown": schema.Key(schema.Flag(), default=False),
        "items": schema.Key(
            schema.ListOf(
                schema.Fields(
                    {
                        "id": schema.Key(schema.Ident(), required=True),
                        "style": schema.Key(schema.Choice(("a", "b")), default="a"),
                    }
                ),
                noun="et punkt",
                max_items=3,
            ),
            default=(),
        ),
    }
)


def read(text: str, shape: schema.Shape[Any] = SHAPE) -> tuple[object, list[str]]:
    problems: list[Problem] = []
    value = schema.Reader("f.yaml", problems).read(shape, yaml_io.compose(text))
    return value, [str(p) for p in problems]


def test_a_good_table_is_read_into_typed_values_with_defaults() -> None:
    value, problems = read("id: a-1\ntitle: Et\nnumber: 12\nitems:\n  - id: x\n    style: b\n")
    assert problems == []
    assert value == {
        "id": "a-1",
        "title": "Et",
        "number": 12,
        "shown": False,
        "items": [{"id": "x", "style": "b"}],
    }
    assert isinstance(value, schema.Record)
    assert value.line_of("number") == 3 and value.line_of("findes-ikke") == 1


def test_an_empty_file_misses_every_required_key_on_line_one() -> None:
    _, problems = read("")
    assert problems == ["f.yaml:1: 'id:' mangler", "f.yaml:1: 'title:' mangler"]


def test_a_key_with_nothing_after_it_is_as_if_it_were_not_there_unless_required() -> None:
    value, problems = read("id: a\ntitle:\nnumber:\nitems:\n")
    assert problems == ["f.yaml:2: 'title:' er tom"]
    assert value == {"id": "a", "shown": False, "items": []}


def test_each_wrong_value_is_told_on_its_own_line() -> None:
    _, problems = read(
        "id: Stort\ntitle: |\n  to\n  linjer\nnumber: -3\nshown: ja\n"
        "items:\n  - id: x\n    style: c\n  - [ikke, en, tabel]\n"
    )
    assert problems == [
        "f.yaml:1: 'id:' skal være et id (små bogstaver a-z, tal og '-'), fx 'raad-4'; "
        "'Stort' er ikke et gyldigt id",
        "f.yaml:2: 'title:' skal være én linje tekst",
        "f.yaml:5: 'number:' skal være et helt tal (0 eller større)",
        "f.yaml:6: 'shown:' skal være true eller false",
        "f.yaml:9: 'style:' i et punkt under 'items:' skal være en af a, b",
        "f.yaml:10: et punkt under 'items:' skal være linjer med 'nøgle: værdi' (id)",
    ]


def test_a_list_keeps_its_good_items_and_says_which_were_left_out() -> None:
    value, problems = read("id: a\ntitle: T\nitems:\n  - id: x\n  - style: a\n  - id: z\n")
    assert problems == ["f.yaml:5: 'id:' i et punkt under 'items:' mangler"]
    assert isinstance(value, schema.Record)
    assert [item.get("id") for item in value["items"]] == ["x", None, "z"]
    assert [item.complete for item in value["items"]] == [True, False, True]


def test_a_list_longer_than_its_limit_is_refused_on_its_line() -> None:
    _, problems = read("id: a\ntitle: T\nitems: [{id: a}, {id: b}, {id: c}, {id: d}]\n")
    assert problems == ["f.yaml:3: 'items:' har 4 punkter; højst 3"]


def test_a_key_given_twice_names_both_lines() -> None:
    _, problems = read("id: a\ntitle: T\nid: b\n")
    assert problems == ["f.yaml:3: 'id:' står to gange (også linje 1); skriv den kun én gang"]


def test_a_key_that_is_not_a_word_is_refused() -> None:
    _, problems = read("id: a\ntitle: T\n[1, 2]: x\n")
    assert problems == [
        "f.yaml:3: en nøgle skal være et ord som 'id:', ikke en liste, et tal eller true/false"
    ]


def test_many_unknown_keys_are_told_ten_at_a_time_then_counted() -> None:
    text = "id: a\ntitle: T\n" + "".join(f"k{i}: v\n" for i in range(25))
    _, problems = read(text)
    assert len(problems) == schema.MAX_UNKNOWN_TOLD + 1
    assert problems[0] == ("f.yaml:3: ukendt nøgle 'k0:' (kendte: id, title, number, shown, items)")
    assert problems[-1] == (
        "f.yaml:13: og 15 ukendte nøgler mere (kendte: id, title, number, shown, items)"
    )


def test_an_id_that_yaml_reads_as_true_or_false_says_so() -> None:
    _, problems = read("id: yes\ntitle: T\n")
    assert problems == [
        "f.yaml:1: 'id:' skal være et id, men YAML læser 'yes' som sandhedsværdien true; "
        "vælg et andet id, fx 'ja' eller 'nej'"
    ]
    strict = schema.Fields({"id": schema.Key(schema.Ident(no_boolean_words=True))})
    _, problems = read("id: 'off'\n", strict)
    assert problems == [
        "f.yaml:1: 'id:' skal være et id, men 'off' kan læses som en sandhedsværdi i YAML; "
        "vælg et andet id, fx 'ja' eller 'nej'"
    ]


def test_a_number_with_too_many_digits_is_refused_not_built() -> None:
    _, problems = read("id: a\ntitle: T\nnumber: " + "9" * 40 + "\n")
    assert problems == [
        "f.yaml:3: 'number:' er for langt: tallet har 40 cifre; et tal må højst have 18"
    ]


def test_lines_are_moved_by_the_offset_of_front_matter() -> None:
    problems: list[Problem] = []
    document = yaml_io.compose("id: a\nheading: T\n")
    schema.Reader("s.md", problems, offset=1).read(SHAPE, document, "front matter")
    assert [str(p) for p in problems] == [
        "s.md:3: ukendt nøgle 'heading:' (kendte: id, title, number, shown, items)",
        "s.md:2: 'title:' mangler",
    ]


def test_a_misspelt_key_is_told_once_with_the_key_meant() -> None:
    """«titel:» for «title:»: one problem, on the typo's line, not also «mangler»; a
    key that is written already is not suggested again."""
    problems: list[Problem] = []
    document = yaml_io.compose("id: a\ntitel: T\n")
    schema.Reader("s.md", problems, offset=1).read(SHAPE, document, "front matter")
    assert [str(p) for p in problems] == ["s.md:3: ukendt nøgle 'titel:' – mente du 'title:'?"]
    problems.clear()
    document = yaml_io.compose("id: a\ntitle: T\ntitel: U\n")
    schema.Reader("s.md", problems).read(SHAPE, document, "front matter")
    assert [str(p) for p in problems] == [
        "s.md:3: ukendt nøgle 'titel:' (kendte: id, title, number, shown, items)"
    ]


def test_a_table_of_words_keeps_each_key_with_its_line() -> None:
    shape = schema.MapOf(
        schema.Word(10),
        schema.ListOf(schema.Word(10), single=True, min_items=1),
        key_noun="et ord",
        example="'a: [b]'",
    )
    value, problems = read("a: [b, c]\nd: e\nf: []\nlangt-langt-ord: [x]\na: [z]\n", shape)
    assert value == [(schema.Spot("a", 1), ["b", "c"]), (schema.Spot("d", 2), ["e"])]
    assert problems == [
        "f.yaml:3: 'f:' er tom; skriv mindst ét punkt ('- ...')",
        "f.yaml:4: et ord i filen er længere end 10 tegn",
        "f.yaml:5: 'a:' i filen står to gange (også linje 1); skriv den kun én gang",
    ]


def test_problems_come_in_the_order_of_their_lines() -> None:
    _, problems = read("shown: ja\nekstra: 1\nid: Stort\ntitle: T\n")
    assert [p.split(":")[1] for p in problems] == ["1", "2", "3"]
    assert "ukendt nøgle 'ekstra:'" in problems[1]
