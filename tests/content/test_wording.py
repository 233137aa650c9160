"""The wording is checked against the adopted text: word for word, in order, nothing missing."""

from __future__ import annotations

import json
from pathlib import Path

from paddehatten.content import Handbook, load_handbook
from paddehatten.content.check.wording import adopted_words, compare, edition_words
from paddehatten.content.loader import check_handbook
from paddehatten.tui.labels import edition_note, editorial_caption
from tests.conftest import (
    ADOPTED,
    REPO,
    is_standing,
    line_of,
    replace_in,
    run_cli,
    without_standing,
)


def test_the_shipped_sections_are_the_adopted_text(handbook: Handbook) -> None:
    metadata = (handbook.root / "handbook.yaml").read_text(encoding="utf-8")
    adopted = ADOPTED.read_text(encoding="utf-8")
    assert compare(edition_words(handbook, metadata), adopted_words(adopted, "x")) == []
    assert handbook.adopted_text == "vedtaget-tekst.txt" and handbook.wording_verified


def test_the_shipped_content_checks_ok() -> None:
    result = run_cli("check", cwd=REPO)  # in the checkout: its content/paddehatten
    assert result.returncode == 0, result.stdout + result.stderr
    assert without_standing(result.stdout) == (
        "OK: content/paddehatten har 15 afsnit i 3 kapitler og 1 beslutningstræ; "
        "ordlyden er som i vedtaget-tekst.txt.\n"
    )
    # What stands until a person acts is said, never hidden.
    warned = [row for row in result.stdout.splitlines() if ": advarsel: " in row]
    assert warned and all(is_standing(row) for row in warned)
    assert f"({len(warned)} advarsler)" in result.stdout


def test_one_word_changed_names_file_line_and_both_wordings(handbook_copy: Path) -> None:
    section = handbook_copy / "sections" / "raad-4.md"
    replace_in(section, "kodeord ofte –", "kodeord hver uge –")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    line = line_of(section, "hver uge")
    adopted_line = line_of(ADOPTED, "Skift dit kodeord ofte")
    assert without_standing(result.stdout) == (
        f"{handbook_copy}/sections/raad-4.md:{line}: ordlyden er ikke den vedtagne: "
        f"står: «hver uge» – vedtaget: «ofte» (vedtaget-tekst.txt:{adopted_line})\n"
    )
    assert without_standing(result.stderr) == f"1 problem(er) i {handbook_copy}\n"


def test_a_removed_sentence_is_reported(handbook_copy: Path) -> None:
    section = handbook_copy / "sections" / "husk-3.md"
    replace_in(section, " Det er legalt at sige nej i den professionelle relation", "")
    # The tree quotes that sentence, so the tree's quotations break too: both are told.
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    missing = [row for row in lines if row.startswith(f"{handbook_copy}/sections/husk-3.md:")]
    assert len(missing) == 1
    assert "vedtaget tekst mangler efter «en privat relation.»" in missing[0]
    assert "vedtaget: «Det er legalt at sige nej i den professionelle relation»" in missing[0]
    assert f"(vedtaget-tekst.txt:{line_of(ADOPTED, 'Det er legalt')})" in missing[0]
    assert any("trees/venneanmodning.yaml" in row and "ord for ord" in row for row in lines)


def test_a_whole_section_file_removed_is_reported(handbook_copy: Path) -> None:
    (handbook_copy / "sections" / "raad-6.md").unlink()
    found = [str(p) for p in check_handbook(handbook_copy)]
    (problem,) = found
    assert problem.startswith("sections/raad-5.md:")
    assert "vedtaget: «6. Lad dig ikke lokke af annoncer" in problem


def test_an_added_sentence_is_reported(handbook_copy: Path) -> None:
    section = handbook_copy / "sections" / "raad-9.md"
    section.write_text(section.read_text(encoding="utf-8") + "\nOg i mails.\n", encoding="utf-8")
    (problem,) = [str(p) for p in check_handbook(handbook_copy)]
    assert problem.startswith(f"sections/raad-9.md:{line_of(section, 'Og i mails')}: ")
    assert "ord, der ikke står i den vedtagne tekst: står: «Og i mails.»" in problem
    assert "vedtaget: ingenting mellem «de sociale medier» og «HUSK - Vær»" in problem


def test_a_changed_chapter_heading_names_handbook_yaml(handbook_copy: Path) -> None:
    meta = handbook_copy / "handbook.yaml"
    replace_in(meta, "title: Gode råd om hvordan", "title: Gode råd om, hvordan")
    (problem,) = [str(p) for p in check_handbook(handbook_copy)]
    assert problem.startswith(f"handbook.yaml:{line_of(meta, 'Gode råd om, hvordan')}: ")
    assert "står: «om,» – vedtaget: «om»" in problem


def test_a_numbered_point_must_have_its_adopted_number(handbook_copy: Path) -> None:
    replace_in(handbook_copy / "sections" / "raad-4.md", "number: 4", "number: 40")
    (problem,) = [str(p) for p in check_handbook(handbook_copy)]
    assert "står: «40.» – vedtaget: «4.»" in problem


def test_editors_additions_are_not_compared(handbook_copy: Path) -> None:
    # Section titles (editorial_titles: true), notes and the editorial chapter heading.
    replace_in(handbook_copy / "sections" / "raad-4.md", 'title: "Skift', 'title: "Nyt: skift')
    replace_in(
        handbook_copy / "sections" / "raad-4.md",
        "number: 4",
        "number: 4\nnote: En ny note fra redaktionen.",
    )
    replace_in(handbook_copy / "handbook.yaml", "title: Indledning", "title: Om retningslinjen")
    assert check_handbook(handbook_copy) == []


def test_a_changed_section_still_opens_but_claims_nothing(handbook_copy: Path) -> None:
    replace_in(handbook_copy / "sections" / "raad-4.md", "ofte –", "hver uge –")
    handbook = load_handbook(handbook_copy)  # staff can still read it
    assert not handbook.wording_verified
    assert "retningslinjens ordlyd" not in editorial_caption(handbook)
    assert "ord for ord" not in edition_note(handbook)
    shown = run_cli("--content", str(handbook_copy), "show")
    assert shown.returncode == 0
    assert "ord for ord, som den blev vedtaget" not in shown.stdout
    assert "ikke bekræftet som retningslinjens vedtagne ordlyd" in shown.stdout
    as_json = json.loads(
        run_cli("--content", str(handbook_copy), "show", "raad-4", "--json").stdout
    )
    assert as_json[0]["wording_verified"] is False


def test_no_adopted_text_is_a_warning_and_no_claim(handbook_copy: Path) -> None:
    meta = handbook_copy / "handbook.yaml"
    meta.write_text(
        "".join(
            row
            for row in meta.read_text(encoding="utf-8").splitlines(keepends=True)
            if not row.startswith("adopted_text:")
        ),
        encoding="utf-8",
    )
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 0, result.stdout
    assert (
        f"{handbook_copy}/handbook.yaml:1: advarsel: håndbogen nævner ingen vedtagen tekst"
        in result.stdout
    )
    assert without_standing(result.stdout).endswith("ordlyden er ikke kontrolleret.\n")
    handbook = load_handbook(handbook_copy)
    assert handbook.adopted_text is None and not handbook.wording_verified
    whole = run_cli("--content", str(handbook_copy), "show").stdout
    assert "ord for ord" not in whole and "retningslinjens ordlyd" not in whole
    shipped = run_cli("show").stdout
    assert "teksten er retningslinjen ord for ord, som den blev vedtaget" in shipped


def test_an_adopted_text_that_is_not_there(handbook_copy: Path) -> None:
    (handbook_copy / "vedtaget-tekst.txt").unlink()
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    line = line_of(handbook_copy / "handbook.yaml", "adopted_text:")
    assert without_standing(result.stdout) == (
        f"{handbook_copy}/handbook.yaml:{line}: den vedtagne tekst 'vedtaget-tekst.txt' findes "
        "ikke i håndbogsmappen; læg den der, eller ret 'adopted_text:'\n"
    )
    # Staff can still read it; it just no longer claims to be the adopted wording.
    shown = run_cli("--content", str(handbook_copy), "show", "raad-4")
    assert shown.returncode == 0 and "Skift dit kodeord ofte" in shown.stdout
    assert not load_handbook(handbook_copy).wording_verified
    replace_in(
        handbook_copy / "handbook.yaml", "adopted_text: vedtaget-tekst.txt", "adopted_text: ../x"
    )
    assert "skal være en fil i håndbogsmappen" in run_cli("check", str(handbook_copy)).stdout


def test_check_json(handbook_copy: Path) -> None:
    replace_in(handbook_copy / "sections" / "raad-4.md", "ofte –", "hver uge –")
    result = run_cli("check", "--json", str(handbook_copy))
    assert result.returncode == 1
    data = json.loads(result.stdout)
    standing = [p for p in data["problems"] if is_standing(": advarsel: " + p["message"])]
    assert data["ok"] is False and data["errors"] == 1
    assert data["warnings"] == len(standing)
    assert data["folder"] == str(handbook_copy) and data["adopted_text"] == "vedtaget-tekst.txt"
    (problem,) = [p for p in data["problems"] if p not in standing]
    assert problem["file"] == f"{handbook_copy}/sections/raad-4.md"
    assert problem["severity"] == "fejl" and "«hver uge»" in problem["message"]
    ok = json.loads(run_cli("check", "--json", cwd=REPO).stdout)
    assert ok["ok"] is True and ok["folder"] == "content/paddehatten" and ok["trees"] == 1


def test_section_titles_are_compared_when_they_are_the_guidelines(handbook: Handbook) -> None:
    from dataclasses import replace

    metadata = (handbook.root / "handbook.yaml").read_text(encoding="utf-8")
    adopted = adopted_words(ADOPTED.read_text(encoding="utf-8"), "vedtaget-tekst.txt")
    titled = replace(handbook, editorial_titles=False)
    problems = compare(edition_words(titled, metadata), adopted)
    # The edition's short titles are not in the adopted text: each one is told.
    assert len(problems) == len(handbook.sections)
    assert any("står: «Skift dit kodeord ofte»" in p.message for p in problems)
