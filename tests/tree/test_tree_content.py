"""Guards on what the shipped tree says: only the guideline, and honest about its gaps."""

from __future__ import annotations

import re

from paddehatten.content import Handbook
from paddehatten.content.tree import DecisionTree, Outcome

#: HUSK 1-5 and the råd they lean on. The tree rests on nothing else.
ALLOWED_CITES = {"husk-1", "husk-2", "husk-3", "husk-4", "husk-5"} | {
    "raad-2",
    "raad-3",
    "raad-8",
    "raad-9",
}


def own_words(tree: DecisionTree) -> list[str]:
    """Every text the edition wrote (not the suggestions, which are marked apart).

    Quotations in «…» are the guideline's words, not the edition's: the loader
    checks them word for word against the cited sections, so they are left out.
    """
    texts = [tree.title]
    for question in tree.questions:
        texts += [question.text, question.hint or ""]
        texts += [a.label for a in question.answers]
    for outcome in tree.outcomes:
        texts += [outcome.title, outcome.body, outcome.note or ""]
    return [re.sub(r"«[^«»]*»", "«…»", text) for text in texts]


def sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?:])\s+", " ".join(text.split())) if s]


def test_the_tree_rests_only_on_husk_and_the_raad_they_lean_on(tree: DecisionTree) -> None:
    for node in tree.nodes:
        assert set(node.cites) <= ALLOWED_CITES, node.id
    cited = {c for node in tree.nodes for c in node.cites}
    assert {"husk-1", "husk-2", "husk-3", "husk-4", "husk-5", "raad-8"} <= cited


def test_the_first_question_asks_who_sent_the_request(tree: DecisionTree) -> None:
    labels = " | ".join(a.label.lower() for a in tree.question(tree.start).answers)
    for who in ("forælder til et barn", "har gået", "kollega", "leder", "barn eller en ung"):
        assert who in labels
    for who in ("familiemedlem", "ikke kender"):
        assert who in labels


def test_underretningspligt_is_always_something_you_may_have(tree: DecisionTree) -> None:
    # The guideline says "kan have": the program never rules on the law.
    for text in own_words(tree):
        for sentence in sentences(text):
            if "underretning" in sentence:
                assert re.search(r"\bkan\b|\beventuel", sentence), sentence


def test_outcomes_are_advice_not_orders(tree: DecisionTree) -> None:
    for text in own_words(tree):
        # "siger ikke, om du skal sige ja" asks a question; it gives no order.
        asked = re.sub(r"\bom du skal\b", "om du", text)
        order = r"\b(du )?skal (sige|afvise|acceptere|godkende)\b"
        assert not re.search(order, asked, re.I), text
        assert not re.search(r"\bmå ikke (sige ja|acceptere|godkende)\b", text, re.I), text


def test_gaps_say_that_the_guideline_is_silent(tree: DecisionTree) -> None:
    gaps = [o for o in tree.outcomes if o.gap]
    assert {o.id for o in gaps} >= {"barn-eller-ung", "privat-og-foraelder"}
    for outcome in gaps:
        # What it does not say, said precisely ("siger ikke, om …"): see test_tree_claims.
        assert "Retningslinjen siger ikke" in " ".join(outcome.body.split()), outcome.id


def test_talking_to_the_leader_is_only_ever_a_marked_suggestion(tree: DecisionTree) -> None:
    for text in own_words(tree):
        assert "tal med din leder" not in text.lower(), text
        assert "tillidsrepræsentant" not in text.lower(), text
    suggestions = [o.suggestion for o in tree.outcomes if o.suggestion]
    assert suggestions and any("tal med din leder" in s.lower() for s in suggestions)


def test_the_outdated_law_gets_an_editors_note_never_a_rewrite(
    tree: DecisionTree, handbook: Handbook
) -> None:
    # Råd 3 cites persondataloven; its section carries the editor's note, and every
    # outcome that leans on Råd 3 shows that section (with the note) in full.
    note = handbook.section("raad-3").note
    assert note is not None
    assert "25. maj 2018" in note and "databeskyttelsesloven" in note
    assert "persondataloven" in handbook.section("raad-3").body
    for outcome in tree.outcomes:
        if "Råd 3" in outcome.body:
            assert "raad-3" in outcome.cites
    for text in own_words(tree):
        assert "GDPR" not in text and "databeskyttelse" not in text


def test_every_outcome_rests_on_a_quoted_or_cited_point(tree: DecisionTree) -> None:
    for outcome in tree.outcomes:
        assert isinstance(outcome, Outcome)
        assert outcome.cites


def flat(text: str | None) -> str:
    return " ".join((text or "").split())


def test_the_unknown_sender_outcome_leaves_the_conclusion_to_a_suggestion(
    tree: DecisionTree,
) -> None:
    outcome = tree.outcome("ukendt")
    assert outcome.gap
    assert "det kan du ikke" not in flat(outcome.body)
    assert "vent med at godkende" not in flat(outcome.body).lower()
    assert "Vent med at godkende" in flat(outcome.suggestion)


def test_colleagues_and_the_leader_are_gaps_alike_and_the_leader_is_no_colleague(
    tree: DecisionTree,
) -> None:
    hvem = tree.question("hvem")
    leader = next(a for a in hvem.answers if a.id == "leder")
    colleague = next(a for a in hvem.answers if a.id == "kollega")
    assert leader.next != colleague.next
    for question_id in (leader.next, colleague.next):
        for answer in tree.question(question_id).answers:
            target = tree.node(answer.next)
            if answer.next == "vent":
                continue
            assert isinstance(target, Outcome) and target.gap, answer.next
            assert "Retningslinjen siger ikke" in flat(target.body)
    for answer in tree.question(leader.next).answers:
        target = tree.node(answer.next)
        if isinstance(target, Outcome) and answer.next != "vent":
            assert "kolleg" not in target.title.lower(), target.id
            assert "venneliste til kolleger" not in flat(target.body), target.id


def test_the_leader_who_makes_you_feel_obliged_gets_a_marked_next_step(
    tree: DecisionTree,
) -> None:
    question = tree.question(next(a.next for a in tree.question("hvem").answers if a.id == "leder"))
    obliged = tree.outcome(next(a.next for a in question.answers if a.id == "forpligtet"))
    assert obliged.gap and obliged.suggestion
    assert "tillidsrepræsentant" in obliged.suggestion


def test_former_parents_are_not_overstated(tree: DecisionTree) -> None:
    body = flat(tree.outcome("tidligere-foraelder").body)
    assert "kun om" not in body
    assert "«en pædagog, der er 'venner' med et barns forældre»" in body
    assert "«med forældrene»" in body


def test_the_editions_ideas_are_suggestions_not_body(tree: DecisionTree) -> None:
    outcome = tree.outcome("kan-sige-ja")
    assert "én måde" not in flat(outcome.body)
    assert "én måde at bruge Råd 8" in flat(outcome.suggestion)


def test_every_claim_about_the_guideline_in_a_body_is_a_quote(tree: DecisionTree) -> None:
    # "Retningslinjen siger/beder/opfordrer …" in the edition's own words, outside the
    # gaps' "siger ikke noget om", would put words in the guideline's mouth.
    for outcome in tree.outcomes:
        own = re.sub(r"«[^«»]*»", "«…»", flat(outcome.body))
        for sentence in sentences(own):
            if re.search(r"retningslinjen (beder|opfordrer|minder|nævner)", sentence, re.I):
                raise AssertionError(f"{outcome.id}: {sentence}")
