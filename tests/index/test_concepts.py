"""Search that understands queries nobody tuned it for (issue 21): sections ranked by
how many of the query's concepts they hold, the tree offered first, Danish forms
reduced to what the text has, and weak hits for what the guideline does not cover."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from paddehatten.content.model import Handbook
from paddehatten.index import Document, SearchIndex, open_index
from paddehatten.index.tree_documents import tree_documents

TREE = "tree:venneanmodning"


@pytest.fixture(scope="module")
def with_trees(handbook: Handbook) -> SearchIndex:
    """The index as the app and ``paddehatten search`` build it: sections and the tree."""
    return open_index(handbook, extra=tree_documents(handbook), cache=False)


def _sections(index: SearchIndex, query: str) -> list[str]:
    return [hit.id for hit in index.search(query).hits if hit.kind == "section"]


def _index_of(*documents: Document) -> SearchIndex:
    empty = Handbook("Prøve", "Revideret i dag", (), (), Path("."))
    return open_index(empty, extra=documents, cache=False)


# The question staff ask most ----------------------------------------------------------


def test_friends_with_parents_finds_husk_1_3_and_5_and_offers_the_tree(
    with_trees: SearchIndex,
) -> None:
    found = with_trees.search("må jeg være venner med forældre på facebook")
    assert found.tree_offer is not None
    assert (found.tree_offer.id, found.tree_offer.kind) == (TREE, "tree")
    assert found.tree_offer.title == "Skal jeg acceptere denne venneanmodning?"
    sections = [hit.id for hit in found.hits if hit.kind == "section"]
    assert set(sections[:3]) == {"husk-1", "husk-3", "husk-5"}, sections
    # HUSK 1 holds every word; it comes first and is sure.
    assert found.hits[0].id == "husk-1" and not found.hits[0].weak
    # The tree itself is offered, never listed among the hits.
    assert TREE not in {hit.id for hit in found.hits}


@pytest.mark.parametrize(
    "query",
    [
        "min kollega vil gerne være venner med mig på facebook",
        "skal jeg som leder være venner med mine ansatte på facebook",
        "friend request fra en forælder",
        "venneanmodning",
        "venneanmodnig forældre",  # a typo in a word only the word list knows
        "adde forældre på fb",
    ],
)
def test_the_tree_is_offered_for_friend_requests(with_trees: SearchIndex, query: str) -> None:
    found = with_trees.search(query)
    assert found.tree_offer is not None and found.tree_offer.id == TREE, query


@pytest.mark.parametrize(
    "query",
    [
        "kodeord",
        "snap med forældre",
        "forældre der skriver om aftenen",
        "barn med nøddeallergi",
        "må jeg dele billeder",
    ],
)
def test_the_tree_is_not_offered_for_other_questions(with_trees: SearchIndex, query: str) -> None:
    assert with_trees.search(query).tree_offer is None, query


def test_without_the_tree_nothing_is_offered(search_index: SearchIndex) -> None:
    found = search_index.search("må jeg være venner med forældre på facebook")
    assert found.tree_offer is None
    assert found.hits[0].id == "husk-1"


# Concepts, not all-or-nothing ---------------------------------------------------------


def test_a_section_holding_most_of_the_words_is_not_dropped() -> None:
    index = _index_of(
        Document("all", "a", "forældre venner facebook børn"),
        Document("two", "b", "forældre og venner"),
        Document("one", "c", "forældre"),
        Document("none", "d", "kodeord"),
    )
    found = index.search("forældre venner facebook ")
    assert [hit.id for hit in found.hits] == ["all", "two", "one"]
    assert [hit.weak for hit in found.hits] == [False, False, True]


def test_more_concepts_beat_a_better_match_of_fewer() -> None:
    # "literal" holds one word exactly, in its title; "meaning" holds both words, one
    # of them only through a compound. Holding more of the query wins.
    index = _index_of(
        Document("literal", "Skriver", "skriver skriver"),
        Document("meaning", "a", "forældrene og aftensmaden"),
    )
    assert index.search("forældre aften skriver ").hits[0].id == "meaning"


def test_the_kind_of_match_breaks_ties() -> None:
    index = _index_of(
        Document("compound", "a", "kodeordsskift"),
        Document("exact", "b", "kodeord"),
    )
    assert [hit.id for hit in index.search("kodeord ").hits] == ["exact", "compound"]


def test_question_words_and_filler_never_decide(with_trees: SearchIndex) -> None:
    # «samme» stands in Råd 2; the question is about a password (Råd 4).
    assert _sections(with_trees, "jeg har haft den samme adgangskode i fem år")[0] == "raad-4"
    assert _sections(with_trees, "adgangskode") == _sections(
        with_trees, "hvad med altid adgangskode"
    )


def test_a_parent_writing_in_the_evening_finds_husk_2_first(with_trees: SearchIndex) -> None:
    # «skriver» stands in the introduction and Råd 9; the question is HUSK 2's.
    assert _sections(with_trees, "forældre der skriver om aftenen")[0] == "husk-2"


# Danish forms ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "section"),
    [
        ("aftenen", "husk-2"),
        ("aftener", "husk-2"),
        ("vennerne", "raad-8"),
        ("kodeordene", "raad-4"),
        ("godkende", "husk-5"),
        ("respekten", "raad-2"),
        ("annoncerne", "raad-6"),
    ],
)
def test_definite_and_plural_forms_reduce_to_the_texts_word(
    with_trees: SearchIndex, typed: str, section: str
) -> None:
    found = with_trees.search(typed + " ")
    assert _sections(with_trees, typed + " ")[:1] == [section], typed
    assert found.suggestion is None


@pytest.mark.parametrize(
    ("typed", "section", "word"),
    [("venneanmodnig", "husk-1", "venner"), ("pasword", "raad-4", "kodeord")],
)
def test_a_typo_in_a_word_only_the_word_list_knows(
    with_trees: SearchIndex, typed: str, section: str, word: str
) -> None:
    found = with_trees.search(typed + " ")
    hit = next(h for h in found.hits if h.id == section)
    assert word in hit.found_as


def test_a_compound_part_the_word_list_knows(with_trees: SearchIndex) -> None:
    # «bekymring» is a word-list word for «underretning» (HUSK 1).
    assert "husk-1" in _sections(with_trees, "bekymringsbrevet ")[:3]


# Precision ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        "hvornår bliver lønnen udbetalt",
        "barn med nøddeallergi",
        "hvornår skal et sygt barn blive hjemme",
        "må vi samle penge ind til en gave til en kollega",
        "hvor mange børn må der være pr voksen",
        "hvad koster en plads i børnehaven",
        "må personalet have synlige tatoveringer",
        "søger",
    ],
)
def test_what_the_guideline_does_not_cover_gets_weak_hits_only(
    with_trees: SearchIndex, query: str
) -> None:
    found = with_trees.search(query)
    sure = [hit.id for hit in found.hits if not hit.weak]
    assert sure == [], (query, sure)
    assert found.tree_offer is None


def test_a_sure_hit_is_not_weak(with_trees: SearchIndex) -> None:
    for query in ("kodeord", "hotmial", "skift kodeord", "pasword", "gdpr billeder"):
        hit = with_trees.search(query).hits[0]
        assert not hit.weak, query


def test_the_json_says_weak_and_the_offer(with_trees: SearchIndex) -> None:
    answer = with_trees.search("må jeg være venner med forældre på facebook").to_json()
    assert answer["tree_offer"] == {"id": TREE, "title": "Skal jeg acceptere denne venneanmodning?"}
    assert {hit["weak"] for hit in answer["hits"]} == {True, False}


# The word list's check ------------------------------------------------------------------


def test_check_warns_about_a_word_list_target_that_is_a_very_common_word(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import shutil

    from paddehatten.content import DEFAULT_CONTENT
    from paddehatten.index import synonyms
    from paddehatten.index.synonyms import check_word_list

    folder = tmp_path / "haandbog"
    shutil.copytree(DEFAULT_CONTENT, folder)
    (folder / "ord.yaml").write_text(
        "ord:\n  kodeord: [login]\n  og: [plus]\n  sociale: [some]\n", encoding="utf-8"
    )
    problems = check_word_list(folder)
    assert [(p.line, p.is_warning) for p in problems] == [(3, True)]
    assert "«og» er et ord, søgningen ser bort fra" in problems[0].message
    # «sociale» stands in 4 of the 15 sections: common once a fifth is too many.
    monkeypatch.setattr(synonyms, "COMMON_SHARE", 1 / 5)
    problems = check_word_list(folder)
    assert [(p.line, p.is_warning) for p in problems] == [(3, True), (4, True)]
    # In the guideline's text and an editor's note: in more than a third of the sections.
    assert re.search(r"«sociale» står i [5-9] af 15 afsnit", problems[1].message)
    # The shipped word list has none (at the share search uses).
    monkeypatch.undo()
    assert check_word_list(DEFAULT_CONTENT) == []


@pytest.mark.parametrize(
    ("typed", "section", "words"),
    [("kodeordskfit", "raad-4", {"kodeord", "skift"}), ("spammial", "raad-5", {"spam"})],
)
def test_a_typo_inside_a_compound_is_found(
    with_trees: SearchIndex, typed: str, section: str, words: set[str]
) -> None:
    found = with_trees.search(typed + " ")
    assert found.hits and found.hits[0].id == section, [h.id for h in found.hits]
    assert words <= set(found.hits[0].found_as)
    assert found.hits[0].weak  # a guess: one word, found as a split with a typo
