"""Issue 19, items 1 and 2: outcomes that claim only what the text says.

Two mechanical rules (a claim of silence about a word the guideline uses is an error;
a quotation cut inside a sentence is flagged for a person), and the corrected
outcomes and notes themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from paddehatten.content import Handbook, load_handbook
from paddehatten.content.check.review import review_sheet
from paddehatten.content.tree import DecisionTree, check_trees, load_tree
from paddehatten.content.tree.rules import cut_quotes, silence_claims
from tests.conftest import run_cli

TREE = """\
id: proeve
title: Prøve
start: q
questions:
  - id: q
    text: Hvad nu?
    answers:
      - id: a
        label: A
        next: ja
      - id: b
        label: B
        next: nej
outcomes:
  - id: ja
    title: Ja
    body: HUSK 5 siger «Tag stilling til hvorfor I siger JA inden i godkender».
    cites: [husk-5]
  - id: nej
    title: Retningslinjen siger ikke noget om folk, du ikke kender
    body: HUSK 4 siger «Vi opfordrer til at man tænker sig om».
    cites: [husk-4]
    gap: true
"""


def messages(root: Path) -> list[str]:
    return [p.message for p in check_trees(root, load_handbook(root))]


def test_a_gap_title_claiming_silence_about_a_word_the_text_uses_is_an_error(
    content_copy: Callable[[str, str], Path],
) -> None:
    assert messages(content_copy(TREE, "proeve")) == []
    # HUSK 1 speaks of «andre børn», HUSK 2 of «børnene»: not silent about children.
    said = TREE.replace(
        "title: Retningslinjen siger ikke noget om folk, du ikke kender",
        "title: Retningslinjen siger ikke noget om børn og unge",
    )
    found = messages(content_copy(said, "proeve"))
    assert len(found) == 1, found
    assert found[0].startswith("'nej' siger «siger ikke noget om børn og unge», men ")
    assert "«børn» (HUSK 1, HUSK 2" in found[0] and "«siger ikke, om …»" in found[0]


def test_a_claim_of_silence_in_a_body_about_a_cited_word_is_an_error(
    content_copy: Callable[[str, str], Path],
) -> None:
    said = TREE.replace(
        "    body: HUSK 4 siger «Vi opfordrer til at man tænker sig om».\n",
        "    body: >-\n      Retningslinjen nævner ikke dine private venner. HUSK 4 siger «Vi\n"
        "      opfordrer til at man tænker sig om».\n",
    )
    found = messages(content_copy(said, "proeve"))
    assert len(found) == 1 and "«private» (HUSK 3" in found[0] and "«venner» (" in found[0]


def test_the_three_titles_the_committee_flagged_are_corrected(tree: DecisionTree) -> None:
    titles = {o.id: o.title for o in tree.outcomes}
    assert titles["barn-eller-ung"] == (
        "Retningslinjen siger ikke, om du skal sige ja til et barn eller en ung"
    )
    assert titles["privat-og-foraelder"] == (
        "Retningslinjen siger ikke, om det gør en forskel, at I kendte hinanden før"
    )
    assert titles["privat"] == (
        "Retningslinjen siger ikke, hvem af din familie og dine venner du siger ja til"
    )
    # No node of the shipped tree claims silence about a word the guideline uses.
    for node in tree.nodes:
        for claim, _ in silence_claims(node):
            assert "børn" not in claim and "venner" not in claim and "private" not in claim


def test_silence_is_not_a_delegation(tree: DecisionTree) -> None:
    for outcome in tree.outcomes:
        assert "overlader valget" not in outcome.body, outcome.id
    for outcome_id in ("kollega-nej", "leder-nej", "leder-forpligtet"):
        body = " ".join(tree.outcome(outcome_id).body.split())
        assert "siger ikke, om du skal sige ja eller nej" in body, outcome_id


def test_confidentiality_applies_either_way(tree: DecisionTree) -> None:
    question = " ".join(tree.question("tavshedspligt").text.split())
    assert "uanset om I bliver venner" in question
    assert "følger med ind i venskabet" not in question
    body = " ".join(tree.outcome("tavshedspligt-foerst").body.split())
    assert "Er du ikke klar til det" not in body
    assert "Det gælder, uanset om du siger ja eller nej til anmodningen." in body


def test_the_child_outcome_quotes_the_duty_to_report_too(tree: DecisionTree) -> None:
    body = " ".join(tree.outcome("barn-eller-ung").body.split())
    assert "har tavshedspligt, og tillige kan have en udvidet underretningspligt.»" in body


def test_friend_lists_are_not_promised_to_decide_what_parents_see(tree: DecisionTree) -> None:
    suggestion = " ".join((tree.outcome("kan-sige-ja").suggestion or "").split())
    assert "så bestemmer du, hvad forældrene kan se og gøre" not in suggestion
    assert "Den begrænser kun dine opslag" in suggestion


def test_a_quote_cut_inside_a_sentence_is_flagged_for_a_person(
    content_copy: Callable[[str, str], Path], handbook: Handbook
) -> None:
    cut = TREE.replace(
        "«Vi opfordrer til at man tænker sig om»",
        "«Vi opfordrer til at man tænker sig om, passer på sig selv og så vidt det er muligt "
        "adskiller sit arbejdsliv og privat liv.»",
    ).replace("«Tag stilling til hvorfor I siger JA inden i godkender»", "«Tag stilling»")
    root = content_copy(cut, "proeve")
    found = cut_quotes(load_tree(load_handbook(root), "proeve"), load_handbook(root))
    assert [(c.node, c.quote, c.rest) for c in found] == [
        ("ja", "Tag stilling", "til hvorfor I siger JA inden i godkender")
    ]
    result = run_cli("check", str(root))
    assert result.returncode == 0  # a person judges: a warning, not an error
    assert (
        "advarsel: citatet «Tag stilling» i 'ja' stopper midt i en sætning i HUSK 5; resten er "
        "«til hvorfor I siger JA inden i godkender»: en person skal vurdere" in result.stdout
    )
    sheet = run_cli("--content", str(root), "tree", "proeve", "--review-sheet").stdout
    assert "7. Citater, der stopper midt i en sætning: 1" in sheet
    assert "Resten af sætningen: «til hvorfor I siger JA inden i godkender»" in sheet


def test_an_abbreviation_does_not_end_the_sentence(tree: DecisionTree, handbook: Handbook) -> None:
    rests = {c.quote: c.rest for c in cut_quotes(tree, handbook)}
    rest = rests["Læg ikke billeder eller oplysninger ud om andre"]
    assert rest.startswith(", Jf. persondataloven, hvis, så spørg om lov inden du ")
    assert rest.endswith(" offentliggør information om andre.")


def test_the_shipped_review_sheet_lists_every_cut_quote(
    tree: DecisionTree, handbook: Handbook
) -> None:
    sheet = review_sheet(tree, handbook)
    cuts = cut_quotes(tree, handbook)
    assert cuts and f"7. Citater, der stopper midt i en sætning: {len(cuts)}" in sheet
    for cut in cuts:
        assert f"- '{cut.node}' (trees/venneanmodning.yaml:{cut.line})" in sheet


def test_the_situations_staff_meet_are_in_the_tree(tree: DecisionTree) -> None:
    """Issue 19, item 5: each built on the guideline's words, gaps said as gaps."""
    labels = {a.id: a.label for a in tree.question("hvem").answers}
    assert "bedsteforælder" in labels["familie-til-barn"]
    assert "gruppechat" in labels["gruppechat"]
    chat = tree.outcome("gruppechat")
    assert chat.gap and "husk-2" in chat.cites
    assert "(en besked over messenger søndag aften).»" in " ".join(chat.body.split())
    family = tree.outcome("familie-til-barn")
    assert family.gap and family.suggestion and "husk-1" in family.cites
    limits = tree.outcome("ja-med-graenser")
    assert not limits.gap and "raad-8" in limits.cites
    assert "Retningslinjen siger ikke, hvilke grænser" in " ".join(limits.body.split())
    assert limits.suggestion and "Sig grænserne" in limits.suggestion
    assert [a.next for a in tree.question("tilgaengelig").answers] == [
        "kan-sige-ja",
        "adskil",
        "ja-med-graenser",
    ]
    # Saying no kindly: a marked suggestion, never the guideline's words.
    for outcome_id in ("du-maa-sige-nej", "adskil"):
        suggestion = tree.outcome(outcome_id).suggestion or ""
        assert "Vil du sige nej på en venlig måde" in suggestion
        assert "Vil du sige nej" not in tree.outcome(outcome_id).body
    # A friendship from before the child started: said as the open question it is.
    assert "kendte hinanden" in tree.outcome("privat-og-foraelder").title


def test_the_new_situations_are_reached_from_the_command_line() -> None:
    for answers, title in (
        ("familie-til-barn", "også gælder familien"),
        ("gruppechat", "forældrenes gruppechat"),
        ("1,ved,klar,med-graenser", "Siger du ja med grænser"),
        ("privat,ja", "at I kendte hinanden før"),
    ):
        result = run_cli("tree", "--answers", answers)
        assert result.returncode == 0, result.stderr
        assert title in result.stdout
