"""User text becomes a plan of words and phrases: every character is text."""

from __future__ import annotations

from paddehatten.index.query import MAX_UNITS, MAX_WORD, Phrase, Word, parse


def texts(query: str) -> list[str]:
    return [u.text for u in parse(query).required]


def test_operators_and_wildcards_are_text_or_separators() -> None:
    assert texts("*") == []
    assert texts("*e*") == ["e"]
    assert texts("x~9") == ["x", "9"]
    assert texts("title:") == ["title"]
    assert texts("kodeord AND billeder") == ["kodeord", "AND", "billeder"]
    assert texts("NOT kodeord") == ["NOT", "kodeord"]
    assert texts("(") == []


def test_the_last_word_is_a_prefix_while_typed() -> None:
    plan = parse("skift kode")
    last = plan.required[-1]
    assert isinstance(last, Word) and last.prefix
    assert not any(isinstance(u, Word) and u.prefix for u in parse("skift kode ").required)
    assert not any(isinstance(u, Word) and u.prefix for u in parse("skift kode?").required)


def test_quotes_make_phrases_and_an_open_quote_is_text() -> None:
    plan = parse('"sociale medier" kodeord')
    assert isinstance(plan.required[0], Phrase)
    assert plan.required[0].text == "sociale medier"
    assert texts('"sociale medier') == ["sociale", "medier"]
    assert texts('"') == []
    assert texts("„sociale medier“") == ["sociale medier"]


def test_a_single_quoted_word_is_exact() -> None:
    (unit,) = parse('"kodeord"').required
    assert isinstance(unit, Word) and unit.quoted and not unit.prefix


def test_stop_words_are_left_out_unless_there_is_nothing_else() -> None:
    assert texts("skift dit kodeord og") == ["skift", "dit", "kodeord"]
    assert texts("og du") == ["og", "du"]
    # A stop word still being typed may become a longer word: it stays, optionally.
    plan = parse("kodeord for")
    assert texts("kodeord for") == ["kodeord"]
    assert [w.text for w in plan.optional] == ["for"]


def test_input_is_capped() -> None:
    plan = parse("ord " * 5000)
    assert len(plan.required) == 1  # the same word once
    many = " ".join(f"ord{i}" for i in range(100))
    assert len(parse(many).required) == MAX_UNITS
    long = parse("a" * 10_000)
    (unit,) = long.required
    assert isinstance(unit, Word) and len(unit.text) == MAX_WORD and not unit.prefix
