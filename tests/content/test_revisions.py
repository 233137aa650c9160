"""Issue 19, item 4: a new revision from start to finish.

The previous adopted text is kept in ``revisioner/``; ``check`` lists, first, what
changed sentence by sentence with the sections, quotations and outcomes each change
touches; a new point no tree rests on is a warning naming it; «Hvad er nyt» says the
changes in plain Danish (``paddehatten nyt``, the app, and for the web edition).
"""

from __future__ import annotations

import json
from pathlib import Path

from textual.widgets import Static

from paddehatten.content import Handbook, load_handbook
from paddehatten.content.revisions import (
    Point,
    compare_points,
    points,
    revision_changes,
    sentences,
    whats_new,
)
from paddehatten.tui.app.screens.whats_new import WhatsNewScreen
from tests.conftest import ADOPTED, opened, run_cli
from tests.revision_scenario import (
    HUSK_3_NEW,
    HUSK_3_OLD,
    HUSK_6,
    NEW_REVISION,
    RAAD_4_NEW,
    RAAD_4_OLD,
    new_revision,
)


def test_check_lists_the_changes_first_with_what_they_touch(tmp_path: Path) -> None:
    root = new_revision(tmp_path / "handbog")
    result = run_cli("check", str(root))
    rows = result.stdout.splitlines()
    assert rows[0] == (
        "Ændringer i den vedtagne tekst fra revisioner/2018-04.txt (Revideret i MED april "
        f"2018) til vedtaget-tekst.txt ({NEW_REVISION}):"
    )
    listing = rows[: rows.index("")]
    assert listing[1:4] == [
        f"- Råd 4 er ændret. Før: «{RAAD_4_OLD}» Nu: «{RAAD_4_NEW}»",
        "    Afsnit: sections/raad-4.md",
        "    Beslutningstræerne bygger ikke på det",
    ]
    husk3 = listing[listing.index(f"- HUSK 3 er ændret. Før: «{HUSK_3_OLD}» Nu: «{HUSK_3_NEW}»") :]
    assert husk3[1] == "    Afsnit: sections/husk-3.md"
    assert any(
        r.startswith("    Citat i venneanmodning/kan-sige-ja: «Tænk over at du deler private")
        and r.endswith("(står ikke længere ord for ord)")
        for r in husk3
    )
    outcomes = next(r for r in husk3 if r.startswith("    Resultater: "))
    for outcome in ("kan-sige-ja", "du-maa-sige-nej", "adskil", "privat-og-foraelder"):
        assert f"venneanmodning/{outcome}" in outcomes
    assert f"- HUSK 6 er nyt: «{HUSK_6}»" in listing
    assert listing[-2:] == [
        "    Afsnit: sections/husk-6.md",
        "    Beslutningstræerne bygger ikke på det",
    ]
    # Then the problems: the quotation the HUSK 3 change broke, and HUSK 6, which no
    # tree considers, by name, at its file.
    after = rows[len(listing) :]
    assert any("'kan-sige-ja' står ikke ord for ord" in r for r in after)
    assert any(
        r.startswith(f"{root}/sections/husk-6.md:")
        and ": advarsel: HUSK 6 er nyt i den vedtagne tekst" in r
        and "intet beslutningstræ bygger på det" in r
        for r in after
    )
    data = json.loads(run_cli("check", "--json", str(root)).stdout)
    assert data["changes"][0] == rows[0]


def test_whats_new_says_the_changes_in_plain_danish(tmp_path: Path) -> None:
    root = new_revision(tmp_path / "handbog")
    news = whats_new(load_handbook(root))
    assert news.has_previous
    assert news.heading == f"Hvad er nyt i {NEW_REVISION} (siden Revideret i MED april 2018)"
    assert news.lines == (
        f"Råd 4 er ændret. Før: «{RAAD_4_OLD}» Nu: «{RAAD_4_NEW}»",
        f"HUSK 3 er ændret. Før: «{HUSK_3_OLD}» Nu: «{HUSK_3_NEW}»",
        f"HUSK 6 er nyt: «{HUSK_6}»",
    )
    shown = run_cli("--content", str(root), "nyt")
    assert shown.returncode == 0
    assert shown.stdout == "\n".join([news.heading, *(f"- {line}" for line in news.lines)]) + "\n"
    data = json.loads(run_cli("--content", str(root), "nyt", "--json").stdout)
    assert data == {"heading": news.heading, "lines": list(news.lines), "has_previous": True}


async def test_the_app_shows_whats_new(tmp_path: Path) -> None:
    root = new_revision(tmp_path / "handbog")
    async with opened(load_handbook(root)) as (app, pilot):
        await pilot.press("ctrl+p")
        await pilot.press(*"hvad er nyt")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, WhatsNewScreen)
        texts = [str(s.render()) for s in app.screen.query(Static)]
        assert f"Hvad er nyt i {NEW_REVISION} (siden Revideret i MED april 2018)" in texts
        assert f"HUSK 6 er nyt: «{HUSK_6}»" in texts
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, WhatsNewScreen)


def test_without_an_earlier_text_nothing_is_claimed(handbook: Handbook) -> None:
    news = whats_new(handbook)
    assert not news.has_previous
    assert news.lines == ("Der er ingen tidligere vedtagen tekst at sammenligne med.",)
    checked = run_cli("check", str(handbook.root))
    assert not checked.stdout.startswith("Ændringer")


def test_the_same_text_kept_as_a_revision_is_no_change(handbook_copy: Path) -> None:
    (handbook_copy / "revisioner").mkdir()
    (handbook_copy / "revisioner" / "2018-04.txt").write_bytes(ADOPTED.read_bytes())
    handbook = load_handbook(handbook_copy)
    assert revision_changes(handbook_copy, handbook).changes == ()
    assert whats_new(handbook).lines == ("Retningslinjens tekst er ikke ændret.",)


def test_the_adopted_text_splits_into_the_handbooks_points(handbook: Handbook) -> None:
    found = {p.label: p for p in points(ADOPTED.read_text(encoding="utf-8"), handbook)}
    assert list(found) == [
        "Indledning",
        *(f"Råd {n}" for n in range(1, 10)),
        *(f"HUSK {n}" for n in range(1, 6)),
    ]
    assert found["Råd 4"].text == RAAD_4_OLD
    assert found["HUSK 5"].text == "Tag stilling til hvorfor I siger JA inden i godkender"
    # "Jf." ends no sentence.
    assert len(sentences(found["Råd 3"].text)) == 1


def test_one_changed_sentence_of_several_is_the_only_change() -> None:
    old = [Point("HUSK 3", "A er a. B er b. C er c.", 1)]
    new = [Point("HUSK 3", "A er a. B er ikke b. C er c. D er d.", 1)]
    changes = compare_points(old, new)
    assert [(c.kind, c.before, c.after) for c in changes] == [
        ("ændret", "B er b.", "B er ikke b."),
        ("tilføjet", "", "D er d."),
    ]


def test_swapped_and_removed_points_are_said_as_what_they_are() -> None:
    old = [Point("Råd 4", "Fire.", 1), Point("Råd 5", "Fem.", 2), Point("Råd 6", "Seks.", 3)]
    new = [Point("Råd 4", "Fem.", 1), Point("Råd 5", "Fire.", 2)]
    changes = compare_points(old, new)
    assert [(c.kind, c.label, c.moved_from) for c in changes] == [
        ("flyttet", "Råd 4", "Råd 5"),
        ("flyttet", "Råd 5", "Råd 4"),
        ("punkt fjernet", "Råd 6", ""),
    ]
