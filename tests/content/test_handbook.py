"""The shipped handbook: ids, chapters, metadata, and the adopted text word for word."""

from __future__ import annotations

import re

from paddehatten.content import Handbook
from paddehatten.content.text import plain_text
from tests.conftest import ADOPTED

EXPECTED_IDS = (
    ["indledning"] + [f"raad-{n}" for n in range(1, 10)] + [f"husk-{n}" for n in range(1, 6)]
)


def test_fifteen_sections_in_the_guidelines_order(handbook: Handbook) -> None:
    assert list(handbook.ids) == EXPECTED_IDS


def test_chapters_and_metadata(handbook: Handbook) -> None:
    assert handbook.title == "Sociale medier i Paddehatten"
    assert handbook.revision == "Revideret i MED april 2018"
    assert [c.title for c in handbook.chapters] == [
        "Indledning",
        "Gode råd om hvordan du færdes på de sociale medier",
        "HUSK",
    ]
    # The edition added the heading "Indledning"; the other two are the guideline's.
    assert [c.editorial for c in handbook.chapters] == [True, False, False]
    assert [s.number for s in handbook.in_chapter("raad")] == list(range(1, 10))
    assert [handbook.label(s) for s in handbook.in_chapter("husk")] == [
        f"HUSK {n}" for n in range(1, 6)
    ]


def test_typos_are_kept(handbook: Handbook) -> None:
    assert "så minimere du risikoen" in handbook.section("raad-4").body
    assert "inden i godkender" in handbook.section("husk-5").body
    assert "Opdel evt i familie, venner kollegaer." in handbook.section("raad-8").body


def test_every_body_is_a_verbatim_line_of_the_adopted_text(handbook: Handbook) -> None:
    adopted = ADOPTED.read_text(encoding="utf-8")
    for section in handbook.sections:
        for paragraph in plain_text(section.body).split("\n\n"):
            assert paragraph in adopted, section.id


def test_editors_notes_are_kept_out_of_the_guidelines_words(handbook: Handbook) -> None:
    raad3 = handbook.section("raad-3")
    assert raad3.note is not None and "databeskyttelsesloven" in raad3.note
    assert "databeskyttelsesloven" not in raad3.body
    assert "Jf. persondataloven" in raad3.body


def test_reference_copy_matches_the_adopted_source() -> None:
    """The repo's copy is the text the MED committee adopted, byte for byte."""
    shared = (
        ADOPTED.parents[3]
        / "shared"
        / "source"
        / ADOPTED.name.replace("vedtaget-tekst", "sociale-medier-i-paddehatten")
    )
    text = ADOPTED.read_text(encoding="utf-8")
    assert text.strip().endswith("Revideret i MED april 2018")
    assert len(re.findall(r"^\d\. ", text, flags=re.M)) == 9
    if shared.exists():
        assert shared.read_text(encoding="utf-8") == text
