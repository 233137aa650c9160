"""Broken content is reported with file, line and a sentence a maintainer understands."""

from __future__ import annotations

from pathlib import Path

import pytest

from paddehatten.content import ContentError, check_handbook, load_handbook
from tests.conftest import line_of, replace_in, run_cli


def problems_of(folder: Path) -> list[str]:
    """The errors (not the warnings) in ``folder``."""
    return [str(p) for p in check_handbook(folder) if not p.is_warning]


def warnings_of(folder: Path) -> list[str]:
    return [str(p) for p in check_handbook(folder) if p.is_warning]


def test_the_shipped_handbook_has_no_problems(handbook_copy: Path) -> None:
    assert check_handbook(handbook_copy) == []


def test_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(ContentError) as caught:
        load_handbook(tmp_path / "findes-ikke")
    assert "mappen findes ikke" in str(caught.value)


def test_empty_folder(tmp_path: Path) -> None:
    found = problems_of(tmp_path)
    assert any("handbook.yaml: mangler" in p for p in found)
    assert any("sections/: mangler" in p for p in found)


def test_junk_bytes_are_not_utf8(handbook_copy: Path) -> None:
    (handbook_copy / "sections" / "raad-4.md").write_bytes(b"---\nid: x\n\xff\xfe\x00junk")
    found = problems_of(handbook_copy)
    assert found == [
        "sections/raad-4.md:3: filen er ikke UTF-8-tekst; gem den som UTF-8 og prøv igen"
    ]
    # Råd 4's adopted words are in the file that did not load: unchecked, and said so.
    (unchecked,) = warnings_of(handbook_copy)
    assert "ordlyden kan ikke kontrolleres helt" in unchecked
    assert "«4. Skift dit kodeord ofte" in unchecked and "sections/raad-4.md" in unchecked


def test_nul_byte(handbook_copy: Path) -> None:
    path = handbook_copy / "sections" / "raad-4.md"
    path.write_text(path.read_text(encoding="utf-8") + "\x00", encoding="utf-8")
    assert problems_of(handbook_copy) == [
        "sections/raad-4.md:9: filen indeholder en NUL-byte; den er ikke en tekstfil"
    ]


def test_no_front_matter(handbook_copy: Path) -> None:
    (handbook_copy / "sections" / "raad-4.md").write_text("Bare tekst\n", encoding="utf-8")
    (found,) = problems_of(handbook_copy)
    assert found.startswith("sections/raad-4.md:1: filen skal starte med front matter")


def test_bad_yaml_in_front_matter_names_its_line(handbook_copy: Path) -> None:
    (handbook_copy / "sections" / "raad-4.md").write_text(
        "---\nid: raad-4\ntitle: [ikke lukket\nchapter: raad\n---\n\nTekst\n", encoding="utf-8"
    )
    (found,) = problems_of(handbook_copy)
    assert found.startswith("sections/raad-4.md:")
    assert "YAML kan ikke læses" in found
    line = int(found.split(":")[1])
    assert 3 <= line <= 5


def test_missing_id_and_title(handbook_copy: Path) -> None:
    (handbook_copy / "sections" / "raad-4.md").write_text(
        "---\nchapter: raad\n---\n\nTekst\n", encoding="utf-8"
    )
    found = problems_of(handbook_copy)
    assert found == [
        "sections/raad-4.md:2: 'id:' mangler",
        "sections/raad-4.md:2: 'title:' mangler",
    ]


def test_duplicate_id_names_both_files(handbook_copy: Path) -> None:
    text = (handbook_copy / "sections" / "raad-4.md").read_text(encoding="utf-8")
    (handbook_copy / "sections" / "raad-4-kopi.md").write_text(text, encoding="utf-8")
    (found,) = problems_of(handbook_copy)
    line = text.splitlines().index("id: raad-4") + 1
    assert f":{line}: 'id: raad-4' bruges allerede af" in found
    assert "sections/raad-4.md" in found and "sections/raad-4-kopi.md" in found


def test_unknown_chapter(handbook_copy: Path) -> None:
    path = handbook_copy / "sections" / "raad-4.md"
    path.write_text(path.read_text(encoding="utf-8").replace("chapter: raad", "chapter: raaad"))
    (found,) = problems_of(handbook_copy)
    line = line_of(path, "chapter: raaad")
    assert found.startswith(
        f"sections/raad-4.md:{line}: 'chapter: raaad' er ikke et af kapitlerne i handbook.yaml"
    )


def test_empty_body(handbook_copy: Path) -> None:
    (handbook_copy / "sections" / "raad-4.md").write_text(
        "---\nid: raad-4\ntitle: T\nchapter: raad\n---\n\n\n", encoding="utf-8"
    )
    assert problems_of(handbook_copy) == [
        "sections/raad-4.md:6: afsnittet har ingen tekst efter sin front matter"
    ]


def test_link_to_a_missing_section_names_its_line(handbook_copy: Path) -> None:
    path = handbook_copy / "sections" / "raad-4.md"
    path.write_text(
        path.read_text(encoding="utf-8") + "\nSe [råd 12](#raad-12) og [råd 3](raad-3.md).\n"
    )
    link, words = problems_of(handbook_copy)
    assert link == "sections/raad-4.md:10: linket '#raad-12' peger på et afsnit, som ikke findes"
    # The sentence is not the adopted text's, either: both are told in one run.
    assert words.startswith("sections/raad-4.md:10: ord, der ikke står i den vedtagne tekst: ")
    assert "står: «Se råd 12 og råd 3.»" in words


def test_unknown_key_is_reported(handbook_copy: Path) -> None:
    path = handbook_copy / "sections" / "raad-4.md"
    path.write_text(path.read_text(encoding="utf-8").replace("number: 4", "number: 4\ntitel: x"))
    (found,) = problems_of(handbook_copy)
    assert found == (
        "sections/raad-4.md:5: ukendt nøgle 'titel:' (kendte: id, title, chapter, number, note)"
    )


def test_metadata_without_revision(handbook_copy: Path) -> None:
    meta = handbook_copy / "handbook.yaml"
    meta.write_text(
        "\n".join(r for r in meta.read_text().splitlines() if not r.startswith("revision")),
        encoding="utf-8",
    )
    assert problems_of(handbook_copy) == ["handbook.yaml:3: 'revision:' mangler"]


def test_all_problems_are_collected_at_once(handbook_copy: Path) -> None:
    (handbook_copy / "sections" / "raad-1.md").write_bytes(b"\xff")
    (handbook_copy / "sections" / "raad-2.md").write_text("ingen front matter")
    assert len(problems_of(handbook_copy)) == 2


def test_a_note_table_is_checked(handbook_copy: Path) -> None:
    path = handbook_copy / "sections" / "husk-1.md"
    text = path.read_text(encoding="utf-8")
    checked = "  checked: i går\n  checked_by: Anna Juul\n  kilde: x\n"
    path.write_text(text.replace("  legal: true\n", checked + "  legal: true\n"), encoding="utf-8")
    found = problems_of(handbook_copy)
    assert "'checked:' under 'note:' skal være en dato som 2026-12-01" in "\n".join(found)
    assert "ukendt nøgle 'kilde:' under 'note:' (kendte: text, checked" in "\n".join(found)
    assert all(p.startswith("sections/husk-1.md:") for p in found)


@pytest.mark.parametrize("sources", ["", "  sources: []\n", "  sources:\n"])
def test_a_legal_note_with_no_sources_is_refused_on_its_legal_line(
    handbook_copy: Path, sources: str
) -> None:
    path = handbook_copy / "sections" / "husk-1.md"
    text = path.read_text(encoding="utf-8")
    start, end = text.index("  sources:\n"), text.index("  legal: true")
    path.write_text(text[:start] + sources + text[end:], encoding="utf-8")
    line = line_of(path, "  legal: true")
    assert problems_of(handbook_copy) == [
        f"sections/husk-1.md:{line}: 'legal: true' under 'note:' kræver 'sources:': en note "
        "om loven skal sige, hvor det kan læses"
    ]


def test_a_wrong_checked_date_is_told_once_not_also_as_a_missing_pair(
    handbook_copy: Path,
) -> None:
    path = handbook_copy / "sections" / "husk-1.md"
    text = path.read_text(encoding="utf-8")
    dated = "  checked: 2026-02-30\n  checked_by: Anna Juul\n"
    path.write_text(text.replace("  legal: true\n", dated + "  legal: true\n"), encoding="utf-8")
    line = line_of(path, "checked: 2026-02-30")
    assert problems_of(handbook_copy) == [
        f"sections/husk-1.md:{line}: 'checked:' under 'note:' skal være en dato som 2026-12-01"
    ]


@pytest.mark.parametrize(
    ("pair", "told_at"),
    [
        ("  checked: 2026-12-01\n  checked_by:\n", "checked_by:"),
        ("  checked:\n  checked_by: Anna Juul\n", "checked:"),
    ],
    ids=["a date and no name", "a name and no date"],
)
def test_half_a_check_is_refused_and_counts_as_no_check(
    handbook_copy: Path, pair: str, told_at: str
) -> None:
    """An empty 'checked_by:' names no person: a date alone is no check, and check
    refuses it (it used to pass as checked on that date)."""
    path = handbook_copy / "sections" / "raad-3.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("  legal: true\n", pair + "  legal: true\n"), encoding="utf-8")
    line = line_of(path, told_at)
    assert problems_of(handbook_copy) == [
        f"sections/raad-3.md:{line}: 'checked:' og 'checked_by:' hører sammen under 'note:': "
        "en note er kun kontrolleret, når en person har gjort det, så skriv både datoen og "
        "personens navn (eller ingen af dem)"
    ]
    shown = run_cli("--content", str(handbook_copy), "check")
    assert shown.returncode == 1  # never «OK» with a date and no person
    assert f"sections/raad-3.md:{line}: 'checked:' og 'checked_by:' hører sammen" in shown.stdout


def test_a_number_where_text_belongs_is_the_text_written(handbook_copy: Path) -> None:
    """«institution: 7100» and «title: 2018» are text as written, not refused as
    numbers (YAML reads them as numbers)."""
    replace_in(handbook_copy / "handbook.yaml", "institution: ", "institution: 7100\n# ")
    section = handbook_copy / "sections" / "raad-4.md"
    text = section.read_text(encoding="utf-8")
    start = text.index("title:")
    end = text.index("\n", start)
    section.write_text(text[:start] + "title: 2018" + text[end:], encoding="utf-8")
    assert problems_of(handbook_copy) == []
    loaded = load_handbook(handbook_copy)
    assert loaded.institution == "7100"
    assert loaded.get("raad-4") is not None and loaded.get("raad-4").title == "2018"  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("file", "right", "wrong"),
    [
        ("handbook.yaml", "chapters:", "chapter:"),
        ("sections/raad-4.md", "title:", "titel:"),
    ],
)
def test_a_misspelt_key_is_told_once_on_its_line_with_the_key_meant(
    handbook_copy: Path, file: str, right: str, wrong: str
) -> None:
    replace_in(handbook_copy / file, right, wrong)
    line = line_of(handbook_copy / file, wrong)
    assert problems_of(handbook_copy) == [
        f"{file}:{line}: ukendt nøgle '{wrong}' – mente du '{right}'?"
    ]
