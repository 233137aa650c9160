"""The Danish analysis chain, word by word."""

from __future__ import annotations

import unicodedata

import pytest

from paddehatten.index.analysis import DANISH_STOP_WORDS, DanishAnalyzer, fold, forms, stem
from paddehatten.index.words import clean, words


def test_stop_words_are_danish_only() -> None:
    # whoosh's StopFilter would add English stop words: "it" would vanish.
    assert "it" not in DANISH_STOP_WORDS
    assert {"og", "i", "at", "det", "på"} <= DANISH_STOP_WORDS
    assert forms("IT").stop is False
    assert forms("på").stop and forms("pa").stop


def test_it_in_a_hyphenated_word_is_a_word() -> None:
    tokens = [t.text for t in DanishAnalyzer("fold")("kommunens IT-sikkerhedspolitik")]
    assert tokens == ["kommunens", "it", "sikkerhedspolitik"]


def test_nfd_text_is_one_word() -> None:
    nfd = unicodedata.normalize("NFD", "Tilgængelig på døgnet")
    assert nfd != unicodedata.normalize("NFC", nfd)
    assert [m.group(0) for m in words(clean(nfd))] == ["Tilgængelig", "på", "døgnet"]
    assert [t.text for t in DanishAnalyzer("fold")(nfd)] == ["tilgangelig", "pa", "dognet"]


def test_control_characters_and_surrogates_are_cleaned() -> None:
    assert clean("a\x1b[31mb\ud800c") == "a [31mbc"
    assert clean("linje\nlinje\tx") == "linje\nlinje\tx"


@pytest.mark.parametrize(
    ("typed", "written"),
    [
        ("foraeldre", "forældre"),
        ("foraldre", "forældre"),
        ("boern", "børn"),
        ("born", "børn"),
        ("paa", "på"),
        ("pa", "på"),
        ("tilgaengelig", "tilgængelig"),
        ("ide", "idé"),
        ("FORÆLDRE", "forældre"),
    ],
)
def test_folding_meets_the_written_word(typed: str, written: str) -> None:
    assert fold(typed.lower()) == fold(written)


@pytest.mark.parametrize(
    "group",
    [
        ("forælder", "forældre", "forældrene", "forælderen"),
        ("barn", "barnet", "børn", "børnene", "barns"),
        ("kollega", "kolleger", "kollegaer", "kollegerne", "kollegaerne"),
        ("kodeord", "kodeordet", "kodeordene"),
        ("billede", "billeder", "billedet"),
    ],
)
def test_forms_of_a_word_share_a_stem(group: tuple[str, ...]) -> None:
    assert len({stem(word) for word in group}) == 1, {w: stem(w) for w in group}


def test_light_stem_keeps_compound_parts_whole() -> None:
    # The Snowball stem of "tavshedspligt" is "tavshedsp"; the light stem keeps "pligt"
    # at the end so the reversed field can find it.
    assert forms("tavshedspligten").light == "tavshedspligt"
    assert forms("tavshedspligt").rev.startswith("tgilp")
    assert forms("pligt").light == "pligt"
    # Never shorter than four letters.
    assert forms("ret").light == "ret"


def test_analyzer_kinds() -> None:
    text = "Forældrene har tavshedspligt"
    assert [t.text for t in DanishAnalyzer("fold")(text)] == ["foraldrene", "har", "tavshedspligt"]
    assert [t.text for t in DanishAnalyzer("stem")(text)] == ["foraldr", "tavshedsp"]
    assert [t.text for t in DanishAnalyzer("rev")(text)] == ["rdlarof", "tgilpsdehsvat"]


def test_analyzer_positions_and_characters() -> None:
    tokens = [
        (t.text, t.pos, t.startchar, t.endchar)
        for t in DanishAnalyzer("fold")("Skift dit kodeord", positions=True, chars=True)
    ]
    assert tokens == [("skift", 0, 0, 5), ("dit", 1, 6, 9), ("kodeord", 2, 10, 17)]


def test_analyzer_is_picklable_and_comparable() -> None:
    import pickle

    analyzer = DanishAnalyzer("stem")
    assert pickle.loads(pickle.dumps(analyzer)) == analyzer
    assert analyzer != DanishAnalyzer("fold")
