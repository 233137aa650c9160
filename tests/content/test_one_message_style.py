"""One schema reader, one style: the same mistake reads the same in every YAML file.

handbook.yaml, a section's front matter, a tree and ord.yaml are all read by
:mod:`paddehatten.content.schema`. Each case below makes one mistake in one file of a
copy of the shipped handbook and runs ``paddehatten check`` as a user would: the
exact ``file:line: message`` must be in what it prints, and the message must have the
shape every file shares for that kind of mistake. Reading through the schema costs
no second read: each file is read and composed once, each section parsed once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.conftest import line_of, replace_in, run_cli

HANDBOOK = "handbook.yaml"
SECTION = "sections/raad-4.md"
TREE = "trees/venneanmodning.yaml"
WORDS = "ord.yaml"

#: The shape of each kind of mistake's message, the same in every file.
STYLE = {
    "mangler": re.compile(r"^'[a-z_]+:'( (i|under) .+)? mangler$"),
    "forkert slags": re.compile(r"^'[a-z_]+:'( (i|under) .+)? skal være .+$"),
    "ukendt nøgle": re.compile(r"^ukendt nøgle '[a-z_]+:'( (i|under) .+)? \(kendte: [a-z_, ]+\)$"),
    "tom": re.compile(r"^'[a-z_]+:'( (i|under) .+)? er tom(; skriv mindst ét punkt.*)?$"),
}


@dataclass(frozen=True)
class Case:
    kind: str
    file: str
    old: str
    new: str
    #: The line that must be named: the first that holds this text after the change.
    marker: str
    message: str


CASES = [
    # A key that is missing: told on the line of the table that should hold it.
    Case(
        "mangler",
        HANDBOOK,
        "title: Sociale medier i Paddehatten\n",
        "",
        "revision: Revideret",
        "'title:' mangler",
    ),
    Case(
        "mangler",
        SECTION,
        'title: "Skift dit kodeord ofte"\n',
        "",
        "id: raad-4",
        "'title:' mangler",
    ),
    Case(
        "mangler",
        TREE,
        "      - id: nej\n        label: Nej\n",
        "      - id: nej-ingen\n",
        "- id: nej-ingen",
        "'label:' i et svar under 'answers:' mangler",
    ),
    # A value of the wrong kind: told on its own line.
    Case(
        "forkert slags",
        HANDBOOK,
        "title: Sociale medier i Paddehatten",
        "title: [Sociale medier i Paddehatten]",
        "title: [",
        "'title:' skal være tekst",
    ),
    Case(
        "forkert slags",
        SECTION,
        'title: "Skift dit kodeord ofte"',
        "title: [Skift dit kodeord ofte]",
        "title: [",
        "'title:' skal være tekst",
    ),
    Case(
        "forkert slags",
        TREE,
        "\n    gap: true\n",
        "\n    gap: måske\n",
        "gap: måske",
        "'gap:' i et resultat under 'outcomes:' skal være true eller false",
    ),
    Case(
        "forkert slags",
        WORDS,
        "  kodeord: [",
        "  kodeord: {login: ja}\n  kodeord-igen: [",
        "kodeord: {login",
        "'kodeord:' under 'ord:' skal være en liste som [ord, ord]",
    ),
    # A key the file does not know: told on its line, with the keys it does know.
    Case(
        "ukendt nøgle",
        HANDBOOK,
        "revision: Revideret i MED april 2018\n",
        "revision: Revideret i MED april 2018\ntitel: Sociale medier\n",
        "titel: Sociale",
        "ukendt nøgle 'titel:' (kendte: title, revision, institution, adopted_text, "
        "editorial_titles, search_examples, default_tree, tree_label, chapters)",
    ),
    Case(
        "ukendt nøgle",
        SECTION,
        "number: 4\n",
        "number: 4\ntitel: Kodeord\n",
        "titel: Kodeord",
        "ukendt nøgle 'titel:' (kendte: id, title, chapter, number, note)",
    ),
    Case(
        "ukendt nøgle",
        TREE,
        "\n    gap: true\n",
        "\n    gap: true\n    titel: x\n",
        "titel: x",
        "ukendt nøgle 'titel:' i et resultat under 'outcomes:' (kendte: id, title, body, "
        "cites, quotes, note, suggestion, gap, reviewed)",
    ),
    Case(
        "ukendt nøgle",
        WORDS,
        "samme:\n",
        "titel: søgeord\nsamme:\n",
        "titel: søgeord",
        "ukendt nøgle 'titel:' (kendte: ord, samme)",
    ),
    # A value that is empty: an empty list where one item at least is needed, or an
    # empty text.
    Case(
        "tom",
        HANDBOOK,
        "revision: Revideret i MED april 2018",
        'revision: ""',
        'revision: ""',
        "'revision:' er tom",
    ),
    Case(
        "tom",
        SECTION,
        'title: "Skift dit kodeord ofte"',
        'title: ""',
        'title: ""',
        "'title:' er tom",
    ),
    Case(
        "tom",
        TREE,
        "    cites: [husk-4]\n",
        "    cites: []\n",
        "cites: []",
        "'cites:' i et resultat under 'outcomes:' er tom; skriv mindst ét punkt, fx [husk-5]",
    ),
    Case(
        "tom",
        WORDS,
        "ord:\n",
        "ord:\n  kodeordet: []\n",
        "kodeordet: []",
        "'kodeordet:' under 'ord:' er tom; skriv mindst ét punkt som [ord, ord]",
    ),
]


@pytest.mark.parametrize("case", CASES, ids=lambda c: f"{c.kind}-{c.file}")
def test_the_same_mistake_reads_the_same_in_every_yaml_file(
    handbook_copy: Path, case: Case
) -> None:
    path = handbook_copy / case.file
    replace_in(path, case.old, case.new)
    line = line_of(path, case.marker)
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1, result.stdout
    assert f"{handbook_copy}/{case.file}:{line}: {case.message}\n" in result.stdout, result.stdout
    assert STYLE[case.kind].match(case.message), case.message
    assert "Traceback" not in result.stdout + result.stderr


def test_every_kind_of_mistake_is_shown_in_every_file_that_can_have_it() -> None:
    files = {kind: {c.file for c in CASES if c.kind == kind} for kind in STYLE}
    # ord.yaml has no key that must be there: nothing in it can be missing.
    assert files["mangler"] == {HANDBOOK, SECTION, TREE}
    for kind in ("forkert slags", "ukendt nøgle", "tom"):
        assert files[kind] == {HANDBOOK, SECTION, TREE, WORDS}, kind


@pytest.mark.parametrize(
    "case",
    [c for c in CASES if c.file in (HANDBOOK, SECTION)],
    ids=lambda c: f"{c.kind}-{c.file}",
)
def test_the_app_and_list_refuse_a_mistake_in_danish_with_its_line(
    handbook_copy: Path, case: Case
) -> None:
    path = handbook_copy / case.file
    replace_in(path, case.old, case.new)
    line = line_of(path, case.marker)
    result = run_cli("--content", str(handbook_copy), "list")
    assert result.returncode == 2, result.stdout
    assert result.stdout == ""
    assert f"håndbogen i '{handbook_copy}' kan ikke læses" in result.stderr
    assert f"  {handbook_copy}/{case.file}:{line}: {case.message}\n" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_load_reads_and_composes_each_file_once_and_parses_each_section_once(
    handbook_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token
    from markdown_it.utils import EnvType

    from paddehatten.content import files, load_handbook, yaml_io

    reads: list[str] = []
    composed: list[str] = []
    parsed: list[str] = []
    read_text, compose, parse = files.read_text, yaml_io.compose, MarkdownIt.parse

    def counting_read(path: Path, *args: int) -> str:
        reads.append(Path(path).name)
        return read_text(path, *args)

    def counting_compose(text: str) -> yaml_io.Node | None:
        composed.append(text)
        return compose(text)

    def counting_parse(self: MarkdownIt, src: str, env: EnvType | None = None) -> list[Token]:
        parsed.append(src)
        return parse(self, src, env)

    monkeypatch.setattr(files, "read_text", counting_read)
    monkeypatch.setattr(yaml_io, "compose", counting_compose)
    monkeypatch.setattr(MarkdownIt, "parse", counting_parse)
    handbook = load_handbook(handbook_copy)
    assert reads.count(HANDBOOK) == 1
    sections = [s.source for s in handbook.sections]
    assert sorted(reads) == sorted(
        [HANDBOOK, "vedtaget-tekst.txt", *(Path(s).name for s in sections)]
    )
    assert len(composed) == 1 + len(sections)  # handbook.yaml and each front matter
    assert len(composed) == len(set(composed))
    assert sorted(parsed) == sorted(s.body for s in handbook.sections)
