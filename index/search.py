"""Searching: from a :class:`~index.query.Plan` to ranked hits with snippets.

Every word of the query is looked up in several ways, each a *tier* with its own
weight, so that an exact word ranks above its stem, the stem above a compound part, a
compound part above a prefix and a prefix above a typo:

=========  ======  =====================================================================
tier       weight  matches
=========  ======  =====================================================================
exact      1.0     the word itself, æøå folded ("foraeldre" = "forældre")
stem       0.7     another form of the word ("kodeordet" → "kodeord", "børn" → "barn")
compound   0.5     a compound starting or ending with it ("virus" → "virusangreb",
                   "pligt" → "tavshedspligt"); only words of 4 letters or more, and
                   the rest of the compound must have 3, so "ret" never finds
                   "fortrydelsesret" or "Revideret"
prefix     0.4     a word it begins, for the word still being typed ("kode" → "kodeord")
typo       0.25    one edit away (words of 5 letters or more), 0.15 for two edits (9 or
                   more); only tried for a word that matched nothing otherwise
=========  ======  =====================================================================

A word scores its best tier in the title twice, plus its best tier in the body; a
rarer word counts more than a common one. Hits must have every word; when no document
has them all, any word will do. Quoted phrases must stand together. Prefix and typo
expansions are bounded (the most frequent terms first), so a two-letter prefix on a
10,000-section handbook stays cheap.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from whoosh.query import Phrase as PhraseQuery
from whoosh.reading import TermNotFound
from whoosh.support.levenshtein import levenshtein

from paddehatten.index import highlight
from paddehatten.index.analysis import Kind, fold, forms, printable, words
from paddehatten.index.highlight import Marks, Spans
from paddehatten.index.query import Phrase, Plan, Word, parse
from paddehatten.index.schema import PARTS, Part, field

EXACT = 1.0
STEM = 0.7
COMPOUND = 0.5
PREFIX = 0.4
TYPO = (0.0, 0.25, 0.15)
TITLE_WEIGHT = 2.0
#: How much more the rarest word counts than one found in every document.
RARITY = 0.5

#: A compound part must have this many letters, and the rest of the compound this many.
COMPOUND_MIN = 4
COMPOUND_REST = 3
#: Words shorter than this get no typo tolerance; from TYPO2_MIN letters, two edits.
TYPO1_MIN = 5
TYPO2_MIN = 9
#: Terms a prefix may expand to, chosen by frequency among the first SCAN_LIMIT.
PREFIX_TERMS = 30
COMPOUND_TERMS = 30
TYPO_TERMS = 20
SCAN_LIMIT = 600
#: Prefixes shorter than this only expand in titles (small) not in bodies.
BODY_PREFIX_MIN = 2

DEFAULT_LIMIT = 20


@dataclass(frozen=True)
class Hit:
    """One document found.

    ``snippet`` and ``title_spans`` are (text, is_match) spans: render them with
    :func:`index.highlight.marked`, :func:`~index.highlight.ansi` or styles of your
    own. ``terms`` are the matched words as they stand in the document (lower case),
    to mark when it is opened.
    """

    id: str
    title: str
    snippet: Spans
    score: float
    terms: tuple[str, ...]
    title_spans: Spans = ()
    kind: str = "section"

    @property
    def snippet_text(self) -> str:
        """The snippet with matched words marked «like this»."""
        return highlight.marked(self.snippet)


@dataclass(frozen=True)
class SearchResult:
    """The hits for ``query`` (best first, at most the limit), how many documents
    matched in all (``total``), and a "Mente du …?" suggestion when nothing did."""

    query: str
    hits: tuple[Hit, ...]
    suggestion: str | None = None
    total: int = 0
    #: How many of ``total`` are not the guideline's sections (the tree's texts).
    others: int = 0

    def to_json(self) -> dict[str, Any]:
        """The shape ``paddehatten search --json`` prints. Lone surrogates (bytes that
        were not UTF-8 on the command line) become U+FFFD, so the JSON is valid UTF-8."""
        return {
            "query": printable(self.query),
            "hits": [
                {
                    "id": hit.id,
                    "title": hit.title,
                    "snippet": hit.snippet_text,
                    "score": round(hit.score, 4),
                }
                for hit in self.hits
            ],
            "suggestion": self.suggestion,
        }


@dataclass(frozen=True)
class _Expansion:
    part: Part
    kind: Kind
    term: str
    weight: float


class SearchIndex:
    """A built index and its searcher. Thread-safe: searches take turns.

    ``origin`` says where the index came from ("memory", "cache", "built", or
    "memory (reason)"). Made by :func:`index.open_index`.
    """

    def __init__(
        self,
        ix: Any,
        *,
        origin: str = "memory",
        rebuild: Callable[[], Any] | None = None,
    ) -> None:
        self._ix = ix
        self._searcher = ix.searcher()
        self._secondary = self._secondary_docs()
        self._rebuild = rebuild
        self._lock = threading.Lock()
        self.origin = origin

    def _secondary_docs(self) -> frozenset[int]:
        """Numbers of the documents that are not sections (a handful: read once)."""
        return frozenset(
            number
            for number, fields in self._searcher.reader().iter_docs()
            if fields.get("kind", "section") != "section"
        )

    @property
    def document_count(self) -> int:
        with self._lock:
            return int(self._searcher.doc_count())

    def close(self) -> None:
        with self._lock:
            self._searcher.close()

    def search(self, text: str, limit: int = DEFAULT_LIMIT) -> SearchResult:
        """Ranked hits for what a person typed; never raises on any input."""
        limit = max(1, min(int(limit), 1000))
        plan = parse(text)
        with self._lock:
            try:
                return self._search(plan, limit)
            except Exception:
                # A damaged on-disk index can fail at any read: rebuild in memory
                # and answer from there.
                if self._rebuild is None:
                    raise
                self._recover()
                return self._search(plan, limit)

    def _recover(self) -> None:
        assert self._rebuild is not None
        from contextlib import suppress

        with suppress(Exception):
            self._searcher.close()
        self._ix = self._rebuild()
        self._searcher = self._ix.searcher()
        self._secondary = self._secondary_docs()
        self._rebuild = None
        self.origin = "memory (rebuilt after a damaged cache)"

    # The search itself ------------------------------------------------------------

    def _search(self, plan: Plan, limit: int, *, suggest: bool = True) -> SearchResult:
        if plan.empty:
            return SearchResult(plan.text, (), None, 0)
        reader = self._searcher.reader()
        count = max(1, reader.doc_count())
        expansions: list[_Expansion] = []
        phrases: list[tuple[str, ...]] = []
        unit_scores: list[dict[int, float]] = []
        for unit in plan.required:
            if isinstance(unit, Phrase):
                scores = self._phrase(unit)
                if scores:
                    phrases.append(tuple(w.forms.fold for w in unit.words))
            else:
                found = self._expand(reader, unit)
                scores = self._score(reader, found)
                if not scores and not unit.quoted:
                    found = self._typos(reader, unit)
                    scores = self._score(reader, found)
                if scores:
                    expansions += found
            unit_scores.append(scores)
        candidates = set.intersection(*(set(s) for s in unit_scores))
        if not candidates and len(unit_scores) > 1:
            candidates = set().union(*unit_scores)
        totals: dict[int, float] = dict.fromkeys(candidates, 0.0)
        for scores in unit_scores:
            weight = 1.0 + RARITY * math.log((count + 1) / (len(scores) + 1)) / math.log(count + 1)
            for doc, score in scores.items():
                if doc in totals:
                    totals[doc] += weight * score
        for word in plan.optional:
            found = self._expand(reader, word)
            scores = self._score(reader, found)
            if any(doc in totals for doc in scores):
                expansions += found
            for doc, score in scores.items():
                if doc in totals:
                    totals[doc] += 0.5 * score
        # The guideline's own sections come first; other texts (the decision tree's)
        # after them: search is first of all the way into the guideline.
        ranked = sorted(
            totals.items(), key=lambda item: (item[0] in self._secondary, -item[1], item[0])
        )[:limit]
        marks = Marks.of(((e.kind, e.term) for e in expansions), phrases)
        hits = tuple(self._hit(doc, score, marks) for doc, score in ranked)
        suggestion = None
        if not hits and suggest:
            suggestion = self._suggest(reader, plan, limit)
        others = len(self._secondary & totals.keys())
        return SearchResult(plan.text, hits, suggestion, len(totals), others)

    def _hit(self, doc: int, score: float, marks: Marks) -> Hit:
        stored = self._searcher.stored_fields(doc)
        title, text = stored.get("title", ""), stored.get("text", "")
        flat = highlight.flatten(text)
        in_title = highlight.matched_ranges(title, marks)
        in_text = highlight.matched_ranges(flat, marks)
        return Hit(
            id=stored.get("id", ""),
            title=title,
            snippet=highlight.window(flat, in_text),
            score=score,
            terms=highlight.words_at(((title, in_title), (flat, in_text))),
            title_spans=highlight.spans(title, in_title),
            kind=stored.get("kind", "section"),
        )

    def _expand(self, reader: Any, word: Word) -> list[_Expansion]:
        """The terms ``word`` stands for, each with its tier's weight."""
        f = word.forms
        best: dict[tuple[Part, Kind, str], float] = {}

        def add(part: Part, kind: Kind, term: str, weight: float) -> None:
            key = (part, kind, term)
            if best.get(key, 0.0) < weight:
                best[key] = weight

        for part in PARTS:
            add(part, "fold", f.fold, EXACT)
            if word.quoted:
                continue
            if not f.stop:
                add(part, "stem", f.stem, STEM)
            if not f.stop and len(f.light) >= COMPOUND_MIN:
                rest = len(f.light) + COMPOUND_REST
                for term in self._prefixed(reader, field(part, "fold"), f.light, rest):
                    add(part, "fold", term, COMPOUND)
                for term in self._prefixed(reader, field(part, "rev"), f.rev, rest):
                    add(part, "rev", term, COMPOUND)
            if word.prefix and (part == "title" or len(f.fold) >= BODY_PREFIX_MIN):
                for term in self._prefixed(
                    reader, field(part, "fold"), f.fold, len(f.fold) + 1, PREFIX_TERMS
                ):
                    if not forms(term).stop:
                        add(part, "fold", term, PREFIX)
        return [_Expansion(p, k, t, w) for (p, k, t), w in best.items()]

    def _typos(self, reader: Any, word: Word) -> list[_Expansion]:
        """Terms one edit (two for long words) from ``word``, most frequent first."""
        term = word.forms.fold
        if len(term) < TYPO1_MIN or word.forms.stop:
            return []
        maxdist = 2 if len(term) >= TYPO2_MIN else 1
        found: list[_Expansion] = []
        for part in PARTS:
            name = field(part, "fold")
            near: list[tuple[int, int, str]] = []
            for candidate in reader.terms_within(name, term, maxdist, prefix=1):
                if candidate == term:
                    continue
                distance = levenshtein(candidate, term, maxdist)
                if 0 < distance <= maxdist:
                    near.append((distance, -reader.doc_frequency(name, candidate), candidate))
            for distance, _, candidate in sorted(near)[:TYPO_TERMS]:
                found.append(_Expansion(part, "fold", candidate, TYPO[distance]))
        return found

    @staticmethod
    def _prefixed(
        reader: Any, name: str, prefix: str, min_length: int, limit: int = COMPOUND_TERMS
    ) -> list[str]:
        """Up to ``limit`` terms of field ``name`` starting with ``prefix`` and at least
        ``min_length`` long, the most frequent first (among the first SCAN_LIMIT)."""
        chosen: list[tuple[int, str]] = []
        for scanned, (raw, info) in enumerate(reader.iter_prefix(name, prefix)):
            if scanned >= SCAN_LIMIT:
                break
            term = raw.decode("utf-8")
            if len(term) >= min_length:
                chosen.append((-info.doc_frequency(), term))
        chosen.sort()
        return [term for _, term in chosen[:limit]]

    @staticmethod
    def _score(reader: Any, expansions: Iterable[_Expansion]) -> dict[int, float]:
        """Each document's score for one word: its best tier in the title (counted
        twice) plus its best tier in the body."""
        best: dict[Part, dict[int, float]] = {"title": {}, "body": {}}
        for expansion in expansions:
            name = field(expansion.part, expansion.kind)
            try:
                postings = reader.postings(name, expansion.term)
            except TermNotFound:
                continue
            scores = best[expansion.part]
            weight = expansion.weight
            for doc in postings.all_ids():
                if scores.get(doc, 0.0) < weight:
                    scores[doc] = weight
        total = {doc: TITLE_WEIGHT * score for doc, score in best["title"].items()}
        for doc, score in best["body"].items():
            total[doc] = total.get(doc, 0.0) + score
        return total

    def _phrase(self, phrase: Phrase) -> dict[int, float]:
        terms = [w.forms.fold for w in phrase.words]
        scores: dict[int, float] = {}
        for part in PARTS:
            query = PhraseQuery(field(part, "fold"), terms)
            weight = EXACT * len(terms) * (TITLE_WEIGHT if part == "title" else 1.0)
            for doc in query.docs(self._searcher):
                scores[doc] = scores.get(doc, 0.0) + weight
        return scores

    # Did you mean ----------------------------------------------------------------

    def _suggest(self, reader: Any, plan: Plan, limit: int) -> str | None:
        """The query with its unknown words replaced by the nearest known ones, if
        that finds something."""
        changed = False
        pieces: list[str] = []
        for unit in plan.required:
            if isinstance(unit, Phrase):
                pieces.append(f'"{unit.text}"')
                continue
            better = None
            if not self._score(reader, self._expand(reader, unit)):
                better = self._spelling(reader, unit.forms.fold)
            if better is not None:
                changed = True
                pieces.append(better)
            else:
                pieces.append(unit.text)
        if not changed:
            return None
        suggestion = " ".join(pieces)
        if not self._search(parse(suggestion + " "), 1, suggest=False).hits:
            return None
        return suggestion

    def _spelling(self, reader: Any, term: str) -> str | None:
        """The known word nearest to ``term`` (two edits at most), as it is spelt in the
        text, or None."""
        if len(term) < 3:
            return None
        for maxdist in (1, 2):
            near: list[tuple[int, int, str, str]] = []
            for part in PARTS:
                name = field(part, "fold")
                for candidate in reader.terms_within(name, term, maxdist, prefix=1):
                    if candidate != term and not forms(candidate).stop:
                        frequency = reader.doc_frequency(name, candidate)
                        near.append((-frequency, len(candidate), candidate, name))
            if near:
                _, _, candidate, name = min(near)
                return self._spelt(reader, name, candidate)
        return None

    def _spelt(self, reader: Any, name: str, term: str) -> str:
        """How the folded ``term`` is spelt in the first document holding it."""
        for doc in reader.postings(name, term).all_ids():
            stored = self._searcher.stored_fields(doc)
            for text in (stored.get("title", ""), stored.get("text", "")):
                for match in words(text):
                    if fold(match.group(0).lower()) == term:
                        return match.group(0).lower()
            break
        return term
