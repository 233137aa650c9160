"""Issue 19, item 4: a deleted section, a renamed id and a swap are told as what they
are, at the file to fix, with what to do; not as a flood of other problems."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import ADOPTED, line_of, replace_in, run_cli, without_standing


def errors_of(root: Path) -> list[str]:
    result = run_cli("check", str(root))
    assert result.returncode == 1, result.stdout
    assert "Traceback" not in result.stderr
    return [r for r in without_standing(result.stdout).splitlines() if ": advarsel: " not in r]


def test_a_deleted_section_is_told_at_the_adopted_text_not_at_the_next_file(
    handbook_copy: Path,
) -> None:
    (handbook_copy / "sections" / "raad-7.md").unlink()
    line = line_of(ADOPTED, "7. Overvej hvilke applikationer")
    assert errors_of(handbook_copy) == [
        f"{handbook_copy}/vedtaget-tekst.txt:{line}: Råd 7 står i den vedtagne tekst, men "
        "håndbogen har intet afsnit for det: læg sections/raad-7.md tilbage med teksten "
        "«Overvej hvilke applikationer du vil bruge – det kan være svært at …», eller – hvis "
        "MED har fjernet punktet – fjern det også fra vedtaget-tekst.txt"
    ]


def test_a_renamed_id_is_one_problem_at_the_section_not_many_at_the_tree(
    handbook_copy: Path,
) -> None:
    section = handbook_copy / "sections" / "raad-8.md"
    replace_in(section, "id: raad-8\n", "id: raad-otte\n")
    assert errors_of(handbook_copy) == [
        f"{section}:{line_of(section, 'id: raad-otte')}: afsnittets id er ændret fra 'raad-8' "
        "(filens navn) til 'raad-otte', men beslutningstræerne bygger på 'raad-8': skriv "
        "'id: raad-8' igen, eller ret 'raad-8' til 'raad-otte' i træernes 'cites:' (og omdøb "
        "filen)"
    ]


def test_two_swapped_raad_are_a_swap_not_a_missing_and_an_extra_text(
    handbook_copy: Path,
) -> None:
    four, five = (handbook_copy / "sections" / f"raad-{n}.md" for n in (4, 5))
    head4, body4 = four.read_text(encoding="utf-8").split("\n---\n", 1)
    head5, body5 = five.read_text(encoding="utf-8").split("\n---\n", 1)
    four.write_text(f"{head4}\n---\n{body5}", encoding="utf-8")
    five.write_text(f"{head5}\n---\n{body4}", encoding="utf-8")
    (row,) = errors_of(handbook_copy)
    lines = (line_of(ADOPTED, "4. Skift"), line_of(ADOPTED, "5. Brug ikke"))
    assert row.startswith(
        f"{four}:8: Råd 4 og Råd 5 er byttet om: sections/raad-4.md har teksten fra Råd 5 "
        f"og sections/raad-5.md teksten fra Råd 4 i den vedtagne tekst "
        f"(vedtaget-tekst.txt:{lines[0]} og {lines[1]}): byt de to afsnits tekster tilbage"
    )


def test_a_real_wording_change_beside_a_swap_is_still_told(handbook_copy: Path) -> None:
    test_two_swapped_raad_are_a_swap_not_a_missing_and_an_extra_text(handbook_copy)
    replace_in(handbook_copy / "sections" / "raad-9.md", "Kort sagt:", "Kort fortalt:")
    rows = errors_of(handbook_copy)
    assert len(rows) == 2 and any("«fortalt:» – vedtaget: «sagt:»" in r for r in rows)
