"""Snippets and marks: matched words marked however they matched; text stays text."""

from __future__ import annotations

from paddehatten.index import SearchIndex
from paddehatten.index.highlight import ELLIPSIS, Marks, ansi, marked, plain, snippet, spans


def test_marks_through_folding_prefix_compound_and_typo(search_index: SearchIndex) -> None:
    cases = {
        "foraeldre": ("husk-1", {"forældre", "forældrene"}),
        "kode": ("raad-4", {"kodeord"}),
        # HUSK 1's editor's note (indexed with the section) has the definite forms too.
        "pligt": (
            "husk-1",
            {"tavshedspligt", "underretningspligt", "pligt", "pligten", "tavshedspligten"},
        ),
        "tavshedsplikt": ("husk-1", {"tavshedspligt"}),
        "børn": ("husk-2", {"børnene"}),
    }
    for query, (ident, words) in cases.items():
        hit = next(h for h in search_index.search(query).hits if h.id == ident)
        assert set(hit.terms) == words, query
        shown = {text.lower() for text, match in hit.snippet if match}
        assert shown <= words and shown, query


def test_title_spans_mark_the_title(search_index: SearchIndex) -> None:
    (hit,) = search_index.search("kodeord").hits
    assert hit.title_spans == (("Skift dit ", False), ("kodeord", True), (" ofte", False))


def test_snippet_is_one_line_around_the_matches() -> None:
    text = "Første linje.\n\n" + "fyld " * 60 + "her står kodeord midt i " + "mere " * 60
    marks = Marks(folds=frozenset({"kodeord"}))
    result = snippet(text, marks)
    flat = plain(result)
    assert "\n" not in flat
    assert flat.startswith(ELLIPSIS) and flat.endswith(ELLIPSIS)
    assert ("kodeord", True) in result
    assert len(flat) <= 170


def test_short_text_is_whole() -> None:
    result = snippet("Skift dit kodeord ofte", Marks(folds=frozenset({"kodeord"})))
    assert result == (("Skift dit ", False), ("kodeord", True), (" ofte", False))


def test_markup_is_text() -> None:
    result = spans("[red]kodeord[/red]", [(5, 12)])
    assert marked(result) == "[red]«kodeord»[/red]"
    assert ansi(result) == "[red]\x1b[1;4mkodeord\x1b[22;24m[/red]"


def test_phrases_are_marked_only_where_they_stand_together() -> None:
    marks = Marks(phrases=(("sociale", "medier"),))
    result = snippet("sociale netværk og sociale medier", marks)
    assert marked(result) == "sociale netværk og «sociale» «medier»"
