"""``paddehatten check``: which folder, every problem in one run, notes that age."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT
from tests.conftest import (
    clean_env,
    line_of,
    paddehatten_command,
    replace_in,
    run_cli,
    without_standing,
)


def make_checkout(root: Path, name: str = "paddehatten") -> Path:
    """A checkout of the project: its pyproject.toml and its content/paddehatten."""
    root.mkdir(parents=True)
    (root / "pyproject.toml").write_text(
        f'[project]\nname = "{name}"\nversion = "0"\n', encoding="utf-8"
    )
    shutil.copytree(DEFAULT_CONTENT, root / "content" / "paddehatten")
    return root / "content" / "paddehatten"


def test_a_broken_link_and_a_misquote_are_both_reported_in_one_run(handbook_copy: Path) -> None:
    husk5 = handbook_copy / "sections" / "husk-5.md"
    husk5.write_text(husk5.read_text(encoding="utf-8") + "\n[se også](#husk-9)\n")
    tree = handbook_copy / "trees" / "venneanmodning.yaml"
    replace_in(
        tree, "- Det er legalt at sige nej i den professionelle relation", "- Det er altid legalt"
    )
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    link = f"{handbook_copy}/sections/husk-5.md:{line_of(husk5, '#husk-9')}: linket '#husk-9'"
    assert any(row.startswith(link) for row in lines), lines
    quote = f"{handbook_copy}/trees/venneanmodning.yaml:{line_of(tree, 'Det er altid legalt')}: "
    assert any(row.startswith(quote) and "«Det er altid legalt»" in row for row in lines), lines


def test_a_tree_citing_a_section_that_failed_to_load_says_what_is_unchecked(
    handbook_copy: Path,
) -> None:
    (handbook_copy / "sections" / "husk-5.md").write_text("ingen front matter\n")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    errors = [row for row in lines if ": advarsel: " not in row]
    # The one real problem: the tree is not blamed for it.
    assert (
        len(errors) == 1 and "sections/husk-5.md:1: filen skal starte med front matter" in errors[0]
    )
    unchecked = [row for row in lines if "husk-5" in row and "ikke kunne indlæses" in row]
    assert any(
        "trees/venneanmodning.yaml" in row and "er ikke kontrolleret" in row for row in unchecked
    )
    assert any(
        "citatet «Tag stilling til hvorfor I siger JA inden i godkender»" in row
        and "kan ikke kontrolleres" in row
        for row in lines
    )


def test_with_no_folder_check_checks_the_checkout_it_is_run_in(tmp_path: Path) -> None:
    content = make_checkout(tmp_path / "checkout")
    (content / "sections" / "raad-2.md").write_text("ødelagt\n", encoding="utf-8")
    below = tmp_path / "checkout" / "content"
    result = run_cli("check", cwd=below)
    assert result.returncode == 1
    # Named relative to where the person stands.
    assert result.stdout.startswith("paddehatten/sections/raad-2.md:1: filen skal starte")
    # Råd 2 did not load: what rests on it is told as unchecked, not as wrong.
    assert result.stderr.startswith("1 problem(er) (")
    assert result.stderr.endswith(" advarsler) i paddehatten\n")
    at_top = run_cli("check", cwd=tmp_path / "checkout")
    assert at_top.stdout.startswith("content/paddehatten/sections/raad-2.md:1: ")


def test_a_folder_that_is_not_this_project_is_not_a_checkout(tmp_path: Path) -> None:
    content = make_checkout(tmp_path / "andet", name="noget-andet")
    (content / "sections" / "raad-2.md").write_text("ødelagt\n", encoding="utf-8")
    result = run_cli("check", cwd=tmp_path / "andet")
    # Not this project: the installed handbook, named by its full path.
    assert result.returncode == 0, result.stdout
    assert result.stdout.splitlines()[-1].startswith(f"OK: {DEFAULT_CONTENT} ")
    assert f"OK: {DEFAULT_CONTENT} (den installerede håndbog) har 15 afsnit" in result.stdout


def test_content_flag_and_an_explicit_folder_win(tmp_path: Path, handbook_copy: Path) -> None:
    make_checkout(tmp_path / "checkout")
    result = run_cli("--content", str(handbook_copy), "check", cwd=tmp_path / "checkout")
    assert result.stdout.splitlines()[-1].startswith(f"OK: {handbook_copy} ")
    result = run_cli("check", "content/paddehatten", cwd=tmp_path / "checkout")
    assert result.stdout.splitlines()[-1].startswith("OK: content/paddehatten ")


def test_husk_1_shows_the_editors_note_on_the_law() -> None:
    result = run_cli("show", "husk-1")
    assert result.returncode == 0
    text = " ".join(result.stdout.split())
    assert "Redaktionens note – ikke en del af retningslinjen: " in text
    assert "serviceloven § 153" in text and "barnets lov § 133" in text
    assert "forvaltningsloven § 27" in text and "Straffeloven § 152" in text
    # What the law says, when it applies, and where to ask.
    assert "under udøvelsen af tjenesten" in text and "tal med din leder" in text
    # The statute does not use the name the old note gave it.
    assert "skærpede" not in text
    # No person has checked it, and it says so.
    assert "Noten er ikke kontrolleret af en person." in text and "Kontrolleret af" not in text
    assert "Kilder: Forvaltningsloven § 27" in text and "retsinformation.dk" in text
    # The guideline's own words are untouched.
    assert "tillige kan have en udvidet underretningspligt" in text


def _checked_by(husk1: Path, day: str, name: str | None = "Anna Juul") -> None:
    text = husk1.read_text(encoding="utf-8")
    extra = f"  checked: {day}\n" + (f"  checked_by: {name}\n" if name else "")
    husk1.write_text(text.replace("  legal: true\n", extra + "  legal: true\n"), encoding="utf-8")


def test_a_legal_note_no_person_checked_is_a_warning(handbook_copy: Path) -> None:
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 0  # warns, does not fail
    line = line_of(handbook_copy / "sections" / "husk-1.md", "legal:")
    assert (
        f"{handbook_copy}/sections/husk-1.md:{line}: advarsel: redaktionens note om loven er "
        "ikke kontrolleret af en person" in result.stdout
    )


def test_a_checked_note_names_the_person_and_the_day(handbook_copy: Path) -> None:
    _checked_by(handbook_copy / "sections" / "husk-1.md", "2026-12-01")
    shown = run_cli("--content", str(handbook_copy), "show", "husk-1")
    assert "Kontrolleret af Anna Juul 1. december 2026." in shown.stdout
    assert "ikke kontrolleret af en person" not in shown.stdout


def test_a_date_without_a_person_is_not_a_check(handbook_copy: Path) -> None:
    _checked_by(handbook_copy / "sections" / "husk-1.md", "2026-12-01", name=None)
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    assert "'checked:' og 'checked_by:' hører sammen" in result.stdout


def test_a_legal_note_older_than_a_year_is_a_warning(handbook_copy: Path) -> None:
    husk1 = handbook_copy / "sections" / "husk-1.md"
    _checked_by(husk1, "2020-01-01")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 0  # warns, does not fail
    line = line_of(husk1, "checked: 2020-01-01")
    assert (
        f"{handbook_copy}/sections/husk-1.md:{line}: advarsel: redaktionens note om loven "
        "blev sidst kontrolleret 2020-01-01, for mere end et år siden" in result.stdout
    )


def test_a_legal_note_needs_sources(handbook_copy: Path) -> None:
    husk1 = handbook_copy / "sections" / "husk-1.md"
    text = husk1.read_text(encoding="utf-8")
    start = text.index("  sources:\n")
    end = text.index("  legal: true")
    husk1.write_text(text[:start] + text[end:], encoding="utf-8")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    line = text[:start].count("\n") + 1  # 'legal: true' moves up to where sources stood
    assert f"husk-1.md:{line}: 'legal: true' under 'note:' kræver 'sources:'" in result.stdout


def test_with_handbook_yaml_broken_the_trees_say_what_went_unchecked(handbook_copy: Path) -> None:
    replace_in(handbook_copy / "handbook.yaml", "revision: Revideret i MED april 2018", "revision:")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0] == f"{handbook_copy}/handbook.yaml:4: 'revision:' er tom"
    unchecked = (
        f"{handbook_copy}/trees/venneanmodning.yaml: advarsel: træets henvisninger til afsnit "
        "og dets citater er ikke kontrolleret, fordi håndbogen ikke kunne læses"
    )
    assert any(row.startswith(unchecked) for row in lines), lines


@pytest.mark.slow
def test_a_vanished_current_folder_is_no_traceback(tmp_path: Path) -> None:
    gone = tmp_path / "væk"
    gone.mkdir()
    script = f'cd "{gone}" && rmdir "{gone}" && exec "$0" check'
    result = subprocess.run(
        ["sh", "-c", script, paddehatten_command()[0]],
        capture_output=True,
        text=True,
        encoding="utf-8",
        env=clean_env(),
        timeout=60,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(
        f"OK: {DEFAULT_CONTENT} (den installerede håndbog) har "
    )
    assert "Traceback" not in result.stderr


def test_the_word_list_is_checked_in_the_same_run(handbook_copy: Path) -> None:
    words = handbook_copy / "ord.yaml"
    text = words.read_text(encoding="utf-8").replace(
        "ord:\n", "ord:\n  instagramkonto: [insta]\n", 1
    )
    words.write_text(text, encoding="utf-8")
    result = run_cli("check", str(handbook_copy))
    assert result.returncode == 1
    line = line_of(words, "instagramkonto")
    (row,) = without_standing(result.stdout).splitlines()
    assert row.startswith(f"{handbook_copy}/ord.yaml:{line}: ")
    assert "«instagramkonto» står ikke nogen steder i håndbogen" in row
    # A broken section and a broken word list file: both in one run.
    words.write_text("ord:\n  kodeord: [login\n", encoding="utf-8")
    replace_in(handbook_copy / "sections" / "raad-4.md", "ofte –", "hver uge –")
    rows = without_standing(run_cli("check", str(handbook_copy)).stdout).splitlines()
    assert [r.split(":", 1)[0] for r in rows] == [
        f"{handbook_copy}/sections/raad-4.md",
        f"{handbook_copy}/ord.yaml",
    ]
