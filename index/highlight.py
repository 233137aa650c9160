"""Marking the matched words: in snippets, in titles, and the words to mark in a section.

A word is marked when one of its forms is a term the search matched, so a hit found
through folding ("foraeldre" → "forældrene"), a prefix ("kode" → "kodeord"), a
compound part ("pligt" → "tavshedspligt") or a typo ("tavshedsplikt") is marked too.
Text is never interpreted: a snippet is a tuple of (text, is_match) spans that the
plain command prints with «» or ANSI and the app styles, so markup in content
(``[red]``) is shown as it stands.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache

from paddehatten.index.analysis import Forms, Kind, forms, words

#: A piece of text and whether it is a matched word.
Span = tuple[str, bool]
Spans = tuple[Span, ...]

#: Snippets hold about this many characters of text.
SNIPPET_CHARS = 160
#: Context kept before the first matched word of a snippet.
LEAD_CHARS = 40
ELLIPSIS = "…"

_SPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Marks:
    """What to mark: the folded words, stems and reversed light stems the search matched,
    and phrases (sequences of folded words) marked only where they stand together."""

    folds: frozenset[str] = frozenset()
    stems: frozenset[str] = frozenset()
    revs: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = field(default=())

    @classmethod
    def of(
        cls, terms: Iterable[tuple[Kind, str]], phrases: Iterable[tuple[str, ...]] = ()
    ) -> Marks:
        found: dict[Kind, set[str]] = {"fold": set(), "stem": set(), "rev": set()}
        for kind, term in terms:
            found[kind].add(term)
        return cls(
            frozenset(found["fold"]),
            frozenset(found["stem"]),
            frozenset(found["rev"]),
            tuple(phrases),
        )

    def __bool__(self) -> bool:
        return bool(self.folds or self.stems or self.revs or self.phrases)

    def match(self, word: Forms) -> bool:
        return word.fold in self.folds or word.stem in self.stems or word.rev in self.revs


@lru_cache(maxsize=2048)
def _words_of(text: str) -> tuple[tuple[int, int, str, str, str], ...]:
    """(start, end, fold, stem, rev) of every word of ``text``. Memoised: while a word
    is typed, the same documents come back keystroke after keystroke."""
    found = []
    for m in words(text):
        word = forms(m.group(0))
        found.append((m.start(), m.end(), word.fold, word.stem, word.rev))
    return tuple(found)


def matched_ranges(text: str, marks: Marks) -> list[tuple[int, int]]:
    """(start, end) of every marked word in ``text``, in order, not overlapping."""
    if not marks:
        return []
    tokens = _words_of(text)
    folds, stems, revs = marks.folds, marks.stems, marks.revs
    hit = [f in folds or s in stems or r in revs for _, _, f, s, r in tokens]
    for phrase in marks.phrases:
        size = len(phrase)
        for i in range(len(tokens) - size + 1):
            if all(tokens[i + j][2] == phrase[j] for j in range(size)):
                for j in range(size):
                    hit[i + j] = True
    return [(start, end) for (start, end, *_), marked in zip(tokens, hit, strict=True) if marked]


def spans(text: str, ranges: Iterable[tuple[int, int]]) -> Spans:
    """``text`` cut into spans at ``ranges``; adjacent pieces of the same kind joined."""
    out: list[Span] = []
    at = 0
    for start, end in ranges:
        if start > at:
            out.append((text[at:start], False))
        out.append((text[start:end], True))
        at = end
    if at < len(text):
        out.append((text[at:], False))
    joined: list[Span] = []
    for piece, marked in out:
        if joined and joined[-1][1] == marked and not marked:
            joined[-1] = (joined[-1][0] + piece, marked)
        else:
            joined.append((piece, marked))
    return tuple(joined)


@lru_cache(maxsize=2048)
def flatten(text: str) -> str:
    """Text on one line: runs of white space (newlines too) become one space."""
    return _SPACE.sub(" ", text).strip()


def snippet(text: str, marks: Marks, size: int = SNIPPET_CHARS) -> Spans:
    """About ``size`` characters of ``text`` around its densest cluster of matched words,
    on one line, cut at spaces, with "…" where text was left out."""
    flat = flatten(text)
    return window(flat, matched_ranges(flat, marks), size)


def window(flat: str, ranges: list[tuple[int, int]], size: int = SNIPPET_CHARS) -> Spans:
    """The snippet of one-line text ``flat`` whose matched words are at ``ranges``."""
    if len(flat) <= size:
        return spans(flat, ranges)
    anchor = 0
    if ranges:
        # The matched word that starts the window holding the most matched words.
        best_count = 0
        for first, _ in ranges:
            count = sum(1 for s, e in ranges if first <= s and e <= first + size - LEAD_CHARS)
            if count > best_count:
                anchor, best_count = first, count
    start = max(0, anchor - LEAD_CHARS)
    end = min(len(flat), start + size)
    if end == len(flat):
        start = max(0, end - size)
    if start > 0:
        space = flat.find(" ", start, anchor + 1)
        start = space + 1 if space != -1 else anchor
    if end < len(flat):
        space = flat.rfind(" ", start, end + 1)
        if space > start:
            end = space
        # Never cut a matched word in two.
        end = max([end] + [e for s, e in ranges if s < end < e])
    inside = [(s - start, e - start) for s, e in ranges if s >= start and e <= end]
    out = list(spans(flat[start:end], inside))
    if start > 0:
        out.insert(0, (ELLIPSIS, False))
    if end < len(flat):
        out.append((ELLIPSIS, False))
    return tuple(_join_plain(out))


def _join_plain(items: list[Span]) -> list[Span]:
    joined: list[Span] = []
    for piece, marked in items:
        if joined and not marked and not joined[-1][1]:
            joined[-1] = (joined[-1][0] + piece, False)
        else:
            joined.append((piece, marked))
    return joined


def words_at(found: Iterable[tuple[str, list[tuple[int, int]]]]) -> tuple[str, ...]:
    """The words at the ranges of (text, ranges) pairs, lower-cased, each once, in order."""
    seen: dict[str, None] = {}
    for text, ranges in found:
        for start, end in ranges:
            seen.setdefault(text[start:end].lower(), None)
    return tuple(seen)


def plain(items: Spans) -> str:
    """The text of spans, without marks."""
    return "".join(piece for piece, _ in items)


def marked(items: Spans, before: str = "«", after: str = "»") -> str:
    """The text of spans with matched words between ``before`` and ``after``."""
    return "".join(f"{before}{piece}{after}" if hit else piece for piece, hit in items)


#: ANSI: bold and underlined, so the mark does not depend on colour.
ANSI_ON = "\x1b[1;4m"
ANSI_OFF = "\x1b[22;24m"


def ansi(items: Spans) -> str:
    """The text of spans with matched words in bold and underlined (for terminals)."""
    return marked(items, ANSI_ON, ANSI_OFF)
