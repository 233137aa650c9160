"""Search with the words staff type (issue 10): the word list, compounds the text does
not hold, questions, swapped letters, "Mente du" and the words being typed."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT, load_handbook
from paddehatten.content.model import Handbook
from paddehatten.content.wordlist import load_word_list
from paddehatten.index import Document, SearchIndex, open_index
from paddehatten.index.query import MAX_UNITS, parse
from paddehatten.index.synonyms import check_word_list
from paddehatten.index.tree_documents import tree_documents


@pytest.fixture(scope="module")
def with_trees(handbook: Handbook) -> SearchIndex:
    """The index as the app and ``paddehatten search`` build it: sections and the tree."""
    return open_index(handbook, extra=tree_documents(handbook), cache=False)


def _index_in(folder: Path, word_list: str, *documents: Document) -> SearchIndex:
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "ord.yaml").write_text(word_list, encoding="utf-8")
    empty = Handbook("Prøve", "Revideret i dag", (), (), folder)
    return open_index(empty, extra=documents, cache=False)


# The word list ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first", "found_as"),
    [
        ("login", "raad-4", "kodeord"),
        ("pinkode", "raad-4", "kodeord"),
        ("Password", "raad-4", "kodeord"),
        ("log ind", "raad-4", "kodeord"),
        ("TikTok", "indledning", "sociale medier"),
        ("Snapchat", "indledning", "sociale medier"),
        ("tilladelse", "raad-3", "lov"),
        ("fotos", "raad-3", "billeder"),
        ("photo", "raad-3", "billeder"),
        ("chat", "husk-2", "besked"),
        ("mobiltelefon", "husk-2", "tilgængelig"),
        ("user name", "raad-7", "profil"),
        ("reklamer", "raad-6", "annoncer"),
    ],
)
def test_everyday_and_english_words_find_the_guideline_word(
    with_trees: SearchIndex, typed: str, first: str, found_as: str
) -> None:
    found = with_trees.search(typed)
    assert found.hits, typed
    hit = found.hits[0]
    assert (hit.id, hit.kind) == (first, "section"), [h.id for h in found.hits]
    assert found_as in hit.found_as, hit.found_as
    # The guideline's word is marked in the snippet.
    assert any(marked for _, marked in hit.snippet)


def test_a_hit_on_the_word_itself_ranks_above_one_through_the_list(tmp_path: Path) -> None:
    index = _index_in(
        tmp_path,
        "ord:\n  kodeord: [login]\n",
        Document("via", "Kodeord", "Skift dit kodeord ofte."),
        Document("itself", "Noget andet", "Her står login i teksten."),
    )
    found = index.search("login")
    assert [h.id for h in found.hits] == ["itself", "via"]
    assert found.hits[0].found_as == ()
    assert found.hits[1].found_as == ("kodeord",)
    assert found.to_json()["hits"][1]["found_as"] == ["kodeord"]


def test_words_that_mean_the_same_find_each_other(tmp_path: Path) -> None:
    index = _index_in(
        tmp_path,
        "samme:\n  - [jobbet, arbejdspladsen]\n",
        Document("a", "A", "Opfør dig som på jobbet."),
        Document("b", "B", "Respekt for arbejdspladsen."),
    )
    assert [h.id for h in index.search("jobbet").hits] == ["a", "b"]
    assert [h.id for h in index.search("arbejdspladsen").hits] == ["b", "a"]


def test_a_word_still_being_typed_finds_the_entries_it_begins(with_trees: SearchIndex) -> None:
    found = with_trees.search("tikt")
    assert found.hits and found.hits[0].kind == "section"
    assert "sociale medier" in found.hits[0].found_as
    # A beginning that finds something of its own gets nothing from the list.
    assert all(h.found_as == () for h in with_trees.search("forældre").hits)


def test_a_broken_word_list_never_stops_search(tmp_path: Path) -> None:
    index = _index_in(
        tmp_path,
        "ord: [ikke, en, tabel\n",
        Document("a", "Kodeord", "Skift dit kodeord."),
    )
    assert [h.id for h in index.search("kodeord").hits] == ["a"]
    assert index.search("login").hits == ()


def test_the_shipped_word_list_reads_without_problems_and_passes_check() -> None:
    word_list, problems = load_word_list(DEFAULT_CONTENT)
    assert problems == []
    assert len(word_list.entries) >= 300
    typed = {entry.typed.lower() for entry in word_list.entries}
    for word in ("login", "pinkode", "tiktok", "snapchat", "instagram", "tilladelse"):
        assert word in typed
    for word in ("chat", "mobiltelefon", "photo", "user name", "password"):
        assert word in typed
    assert check_word_list(DEFAULT_CONTENT) == []


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "haandbog"
    shutil.copytree(DEFAULT_CONTENT, folder)
    return folder


def test_check_reports_a_handbook_word_that_is_not_in_the_handbook(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    text = (folder / "ord.yaml").read_text(encoding="utf-8")
    text = text.replace("ord:\n", "ord:\n  instagramkonto: [insta]\n", 1)
    (folder / "ord.yaml").write_text(text, encoding="utf-8")
    line = text.splitlines().index("  instagramkonto: [insta]") + 1
    problems = check_word_list(folder)
    assert [(p.file, p.line) for p in problems] == [("ord.yaml", line)]
    assert "«instagramkonto» står ikke nogen steder i håndbogen" in problems[0].message


@pytest.mark.parametrize(
    ("text", "line", "words"),
    [
        ("ord:\n  kodeord: [login\n", 3, "YAML kan ikke læses"),
        ("ord:\n  kodeord: [login]\nandet: 1\n", 3, "ukendt nøgle 'andet:' (kendte: ord, samme)"),
        (
            "ord: [login, kodeord]\n",
            1,
            "'ord:' skal være linjer med 'nøgle: værdi', fx 'kodeord: [login, password]'",
        ),
        (
            "ord:\n  kodeord: []\n",
            2,
            "'kodeord:' under 'ord:' er tom; skriv mindst ét punkt som [ord, ord]",
        ),
        (
            "ord:\n  kodeord: [login, [a, b]]\n",
            2,
            "et ord under 'kodeord:' skal være et ord eller nogle få ord",
        ),
        (
            "samme:\n  - [jobbet]\n",
            2,
            "en gruppe under 'samme:' skal have mindst 2 punkter (har 1)",
        ),
        ("- bare en liste\n", 1, "filen skal være linjer med 'nøgle: værdi' (ord, samme)"),
    ],
)
def test_check_reports_a_faulty_word_list_with_its_line(
    tmp_path: Path, text: str, line: int, words: str
) -> None:
    folder = _copy(tmp_path)
    (folder / "ord.yaml").write_text(text, encoding="utf-8")
    problems = check_word_list(folder)
    assert problems, text
    assert problems[0].file == "ord.yaml" and problems[0].line == line, problems
    assert words in problems[0].message, problems[0].message


def test_a_handbook_without_a_word_list_is_fine(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    (folder / "ord.yaml").unlink()
    assert check_word_list(folder) == []
    handbook = load_handbook(folder)
    assert open_index(handbook, cache=False).search("login").hits == ()


# Compounds the text does not hold ---------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "first", "parts"),
    [
        ("privatprofil", {"raad-7", "raad-8"}, {"profil"}),
        ("kodeordsskift", {"raad-4"}, {"kodeord", "skift"}),
        ("spammail", {"raad-5"}, {"spam"}),
        ("familiebilleder", {"raad-3", "raad-8"}, set()),
        ("messengerbesked", {"husk-2"}, {"messenger", "besked"}),
        ("mobilvirus", {"raad-5"}, {"virusangreb"}),
    ],
)
def test_a_compound_the_text_does_not_hold_finds_its_parts(
    search_index: SearchIndex, typed: str, first: set[str], parts: set[str]
) -> None:
    found = search_index.search(typed + " ")
    assert found.hits and found.hits[0].id in first, [h.id for h in found.hits]
    assert parts <= set(found.hits[0].found_as), found.hits[0].found_as


def test_a_split_needs_parts_of_four_letters(tmp_path: Path) -> None:
    index = _index_in(tmp_path, "", Document("a", "A", "bil og vask"))
    assert index.search("bilvask ").hits == ()  # "bil" has three letters
    index = _index_in(tmp_path, "", Document("a", "A", "kage og form"))
    assert [h.id for h in index.search("kageform ").hits] == ["a"]


# Questions ---------------------------------------------------------------------------


def test_question_words_do_not_decide_what_matches(with_trees: SearchIndex) -> None:
    found = with_trees.search("kan forældrene se mine opslag")
    assert found.hits[0].id in {"husk-1", "husk-3"} and found.hits[0].kind == "section"
    assert "postede" in found.hits[0].found_as
    plan = parse("hvordan gør jeg hvad man må")
    assert [u.text for u in plan.required] == ["hvordan", "gør", "jeg", "hvad", "man", "må"]


def test_sections_holding_more_words_come_before_tree_texts() -> None:
    empty = Handbook("Prøve", "Revideret i dag", (), (), Path("."))
    index = open_index(
        empty,
        extra=[
            Document("tree:x:y", "Alle ord", "billeder af børn på tur", "tree"),
            Document("two", "To", "billeder af børn"),
            Document("one", "En", "billeder"),
        ],
        cache=False,
    )
    # Only the tree's text holds every word: the sections still come first, the one
    # holding more of the words before the other.
    assert [h.id for h in index.search("billeder børn tur").hits] == ["two", "one", "tree:x:y"]


def test_a_quoted_word_is_kept_even_a_question_word(search_index: SearchIndex) -> None:
    plan = parse('"må" billeder')
    assert [u.text for u in plan.required] == ["må", "billeder"]
    found = search_index.search('"hvem der må gøre hvad"')
    assert [h.id for h in found.hits] == ["raad-8"]


# Typos and "Mente du" -------------------------------------------------------------------


def test_mente_du_only_when_the_word_finds_a_section(with_trees: SearchIndex) -> None:
    # "lillebror" stands only in a decision-tree text: never suggested.
    found = with_trees.search("lilebor ")
    assert found.suggestion is None
    found = with_trees.search("hotmiel ")
    assert found.suggestion == "hotmail"


def test_no_mente_du_for_short_words(search_index: SearchIndex) -> None:
    # Four letters, one letter wrong: the guess would more often be wrong than right.
    found = search_index.search("spom ")
    assert found.hits == () and found.suggestion is None


# While typing ------------------------------------------------------------------------


def test_the_word_cap_counts_words_after_stop_words() -> None:
    text = "hvad må jeg gøre hvis en af mine kolleger vil se mit kodeord"
    assert [u.text for u in parse(text).required] == ["kolleger", "kodeord"]
    many = " ".join(f"ord{n}" for n in range(MAX_UNITS + 5))
    assert len(parse(many).required) == MAX_UNITS


def test_an_unfinished_stop_word_neither_marks_nor_moves_the_snippet(
    search_index: SearchIndex,
) -> None:
    alone = search_index.search("billeder ")
    typing = search_index.search("billeder af")
    assert [h.id for h in typing.hits] == [h.id for h in alone.hits]
    assert typing.hits[0].snippet == alone.hits[0].snippet
    marked = {text.lower() for text, hit in typing.hits[0].snippet if hit}
    assert marked == {"billeder"}


def test_a_single_letter_shows_guideline_sections_first(with_trees: SearchIndex) -> None:
    for letter in "fkbt":
        found = with_trees.search(letter)
        assert found.hits and found.hits[0].kind == "section", letter
