"""A copy made with dataclasses.replace() has lookups of its own, never shared ones."""

from __future__ import annotations

from dataclasses import replace

from paddehatten.content import Handbook


def test_a_replaced_handbook_leaves_the_original_alone(handbook: Handbook) -> None:
    first = handbook.sections[0]
    copy = replace(handbook, sections=(replace(first, title="Ny titel"), *handbook.sections[1:]))
    assert copy.section(first.id).title == "Ny titel"
    assert handbook.section(first.id) is first
    assert handbook.in_chapter(first.chapter)[0] is first
