from __future__ import annotations

import pytest

from paddehatten.content import Handbook


@pytest.mark.parametrize(
    ("reference", "expected"),
    [
        ("4", "raad-4"),
        ("r4", "raad-4"),
        ("Råd 4", "raad-4"),
        ("raad 4", "raad-4"),
        ("  RÅD   9 ", "raad-9"),
        ("h2", "husk-2"),
        ("HUSK 5", "husk-5"),
        ("husk-1", "husk-1"),
        ("indledning", "indledning"),
        ("skift dit kodeord ofte", "raad-4"),
        ("12", None),
        ("h9", None),
        ("x", None),
        ("", None),
    ],
)
def test_find_a_section_the_way_people_name_it(
    handbook: Handbook, reference: str, expected: str | None
) -> None:
    found = handbook.find(reference)
    assert (found.id if found else None) == expected
