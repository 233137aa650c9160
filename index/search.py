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
word list  0.3     a word of the handbook the maintainers' word list gives for it
                   ("login" → «kodeord»); 0.2 for an entry the word being typed begins
split      0.5     each part of a compound the text does not contain, split into parts
                   of 4 letters or more that it does ("privatprofil" → privat, profil);
                   tried when the word finds no section otherwise
typo       0.25    one edit away (words of 5 letters or more; a swap of two neighbouring
                   letters is one edit, from 4 letters), 0.15 for two edits (9 or more);
                   tried when the word finds no section otherwise
=========  ======  =====================================================================

A word scores its best tier in the title twice, plus its best tier in the body; a
rarer word counts more than a common one. A hit found through the word list, a split
or a typo says which word of the handbook it was found as (``Hit.found_as``).

Which hits: the guideline's sections holding every word, if there are any, and the
other texts (the decision tree's) holding every word after them. When no section holds
every word, any word will do: sections by how many of the words they hold, then the
other texts. Quoted phrases must stand together. Prefix and typo expansions are bounded
(the most frequent terms first), so a short prefix on a 10,000-section handbook stays
cheap.
"""

from __future__ import annotations

import heapq
import math
import threading
from array import array
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

from whoosh.query import Phrase as PhraseQuery
from whoosh.reading import TermNotFound
from whoosh.support.levenshtein import damerau_levenshtein

from paddehatten.index import highlight
from paddehatten.index.analysis import INFLECTIONS, Kind, fold, forms, printable, words
from paddehatten.index.highlight import Marks, Spans
from paddehatten.index.query import Phrase, Plan, Word, parse
from paddehatten.index.schema import PARTS, Part, field
from paddehatten.index.synonyms import Synonyms

EXACT = 1.0
STEM = 0.7
COMPOUND = 0.5
PREFIX = 0.4
TYPO = (0.0, 0.25, 0.15)
#: A word of the handbook reached through the word list (its own tiers times this).
SYNONYM = 0.3
SYNONYM_BEGUN = 0.2
#: Each part of a split compound (its own tiers times this, summed over the parts).
SPLIT = 0.5
#: A stop word still being typed only breaks ties.
OPTIONAL = 0.1
#: How surely a document holds a word found as a split, through the word list or as a
#: typo, against 1 for the word itself in any form.
SPLIT_SURE = 0.8
SPLIT_UNSURE = 0.5
PART_SURE = 0.6
WORD_LIST_SURE = 0.6
TYPO_SURE = 0.6
#: A typo in a shorter word is a guess («søger» read as «siger»): alone, a weak hit.
TYPO_UNSURE = 0.5
TYPO_SURE_MIN = 7
#: A hit is weak («måske relevant») unless it holds more than this share of the
#: query's concepts (each counted by how surely it holds it).
CONFIDENT = 0.5
#: A tree is offered when a concept of the query is in its title this surely.
OFFER_QUALITY = 0.6
#: What a concept in an offered tree's texts counts for the sections its questions
#: rest on: a share of a concept (in the count) and of an exact word (in the score).
THROUGH_TREE_HELD = 0.5
THROUGH_TREE = 0.2
#: A tree's text passes its concepts on only to the sections it rests on when it rests
#: on this many at most (one that cites nine says little about each).
CITING_MAX = 3
TITLE_WEIGHT = 2.0
#: How much more the rarest word counts than one found in every document.
RARITY = 0.5

#: A compound part must have this many letters, and the rest of the compound this many.
COMPOUND_MIN = 4
COMPOUND_REST = 3
#: Words shorter than this get no typo tolerance but a swap; from TYPO2_MIN letters, two
#: edits. Measured for "Mente du" (tests/benchmarks/bench_typo_cutoff.py): below 5
#: letters the nearest word one or two edits away is right for a third of the typos
#: only, a swap for nine in ten.
TYPO1_MIN = 5
TYPO2_MIN = 9
#: A swap of two neighbouring letters is found from this many letters, and suggested
#: from SUGGEST_MIN.
SWAP_MIN = 4
SUGGEST_MIN = 3
#: A compound is split into parts of at least this many letters; longer words than
#: SPLIT_MAX are not split.
SPLIT_MIN = 4
SPLIT_MAX = 30
REDUCED_MIN = 3
#: A word the index does not know is looked for among the word list's entries from
#: this many letters, one edit away (two from TYPO2_MIN).
WORD_LIST_TYPO_MIN = 6
#: A compound's part is looked up in the word list from this many letters.
SPLIT_LISTED_MIN = 7
#: Cuts of a compound tried for a typo in its last part.
SPLIT_TYPO_TRIES = 3
#: Found-as words shown per hit.
FOUND_AS = 3
#: Terms a prefix may expand to, chosen by frequency among the first SCAN_LIMIT.
PREFIX_TERMS = 30
#: Terms a beginning of 1, 2 or 3 letters may expand to in bodies.
SHORT_PREFIX_TERMS = {1: 5, 2: 10, 3: 20}
#: Terms a single letter may expand to in titles.
TITLE_LETTER_TERMS = 10
COMPOUND_TERMS = 30
TYPO_TERMS = 20
SCAN_LIMIT = 600

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
    #: The handbook's words it was found as, when not as the words typed: through the
    #: word list ("login" → "kodeord"), a split compound or a typo.
    found_as: tuple[str, ...] = ()
    #: Holds too little of the query to be a sure answer: shown as «måske relevant».
    weak: bool = False

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
    #: A decision tree to offer before the hits, when the query is about its question
    #: (a hit of kind "tree" for the tree itself: opening it starts the tree).
    tree_offer: Hit | None = None

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
                    "found_as": list(hit.found_as),
                    "kind": hit.kind,
                    "weak": hit.weak,
                }
                for hit in self.hits
            ],
            "suggestion": self.suggestion,
            "tree_offer": (
                {"id": self.tree_offer.id, "title": self.tree_offer.title}
                if self.tree_offer is not None
                else None
            ),
        }


@dataclass(frozen=True)
class _Expansion:
    part: Part
    kind: Kind
    term: str
    weight: float


@dataclass
class _Found:
    """What one word or phrase of the query found: each document's score, the
    expansions that matched (to mark), and for documents reached only through the word
    list, a split or a typo, the expansions that reached them (to say "fundet som")."""

    scores: dict[int, float]
    expansions: list[_Expansion]
    phrases: list[tuple[str, ...]]
    #: For each document: the expansions that reached it, and the word to say when
    #: that is not a word of the document itself (a phrase of the word list).
    via: dict[int, list[tuple[list[_Expansion], str | None]]]
    #: For each document, how surely it holds the word: 1 for the word itself (any
    #: form, a compound, a beginning), less for a split, the word list or a typo.
    quality: dict[int, float] = dataclass_field(default_factory=dict)


class _Memo:
    """A bounded memo (least recently used out). The index never changes, so what was
    looked up once holds: typing "k", "ko", "kod" asks much the same questions."""

    def __init__(self, size: int) -> None:
        self.size = size
        self.data: OrderedDict[Any, Any] = OrderedDict()

    def get(self, key: Any, make: Callable[[], Any]) -> Any:
        try:
            self.data.move_to_end(key)
            return self.data[key]
        except KeyError:
            value = self.data[key] = make()
            if len(self.data) > self.size:
                self.data.popitem(last=False)
            return value


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
        synonyms: Synonyms | None = None,
        cites: dict[str, tuple[str, ...]] | None = None,
    ) -> None:
        self._ix = ix
        self._synonyms = synonyms or Synonyms()
        self._cites = cites or {}
        self._memos()
        self._searcher = ix.searcher()
        self._read_docs()
        self._rebuild = rebuild
        self._lock = threading.Lock()
        #: How sure the last split (of the search under way) is: see ``_split``.
        self._last_split_sure = SPLIT_SURE
        self.origin = origin

    def _memos(self) -> None:
        self._postings = _Memo(4096)
        self._prefixes = _Memo(4096)
        self._nearby = _Memo(1024)
        self._stored = _Memo(4096)

    def _read_docs(self) -> None:
        """The numbers of the documents that are not sections (a handful), of the trees
        themselves among them, and the sections each tree rests on: read once."""
        from paddehatten.index.tree_documents import is_tree_itself

        secondary: set[int] = set()
        topics: dict[int, str] = {}
        texts: dict[int, str] = {}
        wanted = {section for cited in self._cites.values() for section in cited}
        numbers: dict[str, int] = {}
        # From the terms recorded at build time (the ``kind`` and ``id`` fields): only the
        # handful of tree documents is read, never every stored section.
        reader = self._searcher.reader()
        for kind in reader.lexicon("kind"):
            if kind != b"section":
                secondary.update(reader.postings("kind", kind).all_ids())
        for number in secondary:
            name = reader.stored_fields(number).get("id", "")
            if is_tree_itself(name) and name in self._cites:
                topics[number] = name
            else:
                texts[number] = name
        for name in wanted:
            if ("id", name) in reader:
                numbers[name] = reader.first_id("id", name)
        self._secondary = frozenset(secondary)
        self._topics = topics
        # The tree's questions that rest on few sections, with those sections.
        self._citing: dict[int, tuple[int, ...]] = {}
        for number, name in texts.items():
            cited = [numbers[c] for c in dict.fromkeys(self._cites.get(name, ())) if c in numbers]
            if 0 < len(cited) <= CITING_MAX:
                self._citing[number] = tuple(cited)
        # The texts of each tree (its title and every question and outcome).
        tree_docs: dict[int, set[int]] = {number: {number} for number in topics}
        by_name = {name: number for number, name in topics.items()}
        for number, name in texts.items():
            tree = by_name.get(name.rsplit(":", 1)[0])
            if tree is not None:
                tree_docs[tree].add(number)
        self._tree_docs = {tree: frozenset(docs) for tree, docs in tree_docs.items()}
        # Each tree's sections with their share: how many of its questions cite them,
        # against the section cited most.
        self._rests_on: dict[int, dict[int, float]] = {}
        for number, name in topics.items():
            counts: dict[int, int] = {}
            for section in self._cites.get(name, ()):
                if section in numbers:
                    counts[numbers[section]] = counts.get(numbers[section], 0) + 1
            most = max(counts.values(), default=1)
            self._rests_on[number] = {doc: count / most for doc, count in counts.items()}

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
        self._memos()
        self._read_docs()
        self._rebuild = None
        self.origin = "memory (rebuilt after a damaged cache)"

    # The search itself ------------------------------------------------------------

    def _search(self, plan: Plan, limit: int, *, suggest: bool = True) -> SearchResult:
        if plan.empty:
            return SearchResult(plan.text, (), None, 0)
        reader = self._searcher.reader()
        count = max(1, reader.doc_count())
        targets, demoted = self._word_list(plan)
        found: list[_Found] = []
        for number, unit in enumerate(plan.required):
            if number in demoted:
                continue
            found.append(self._unit(reader, unit, targets.get(number, [])))
        # Every document holding any of the query's concepts (its words, each found in
        # any way) is a candidate; those holding more of them rank first.
        topics = self._topics
        totals: dict[int, float] = {}
        held: Counter[int] = Counter()
        # Parts of concepts lent through a tree: counted, and as sure as they are.
        credit: dict[int, float] = {}
        offered: dict[int, float] = {}
        weights: list[float] = []
        expansions: list[_Expansion] = []
        phrases: list[tuple[str, ...]] = []
        for each in found:
            scores = each.scores
            weight = 1.0 + RARITY * math.log((count + 1) / (len(scores) + 1)) / math.log(count + 1)
            weights.append(weight)
            for doc in topics.keys() & scores.keys():
                if each.quality.get(doc, 1.0) >= OFFER_QUALITY:
                    offered[doc] = offered.get(doc, 0.0) + scores[doc]
            if totals:
                get = totals.get
                for doc, score in scores.items():
                    totals[doc] = get(doc, 0.0) + weight * score
            else:
                totals = {doc: weight * score for doc, score in scores.items()}
            held.update(scores.keys())
            if scores:
                expansions += each.expansions
                phrases += each.phrases
        for doc in topics:
            totals.pop(doc, None)
            held.pop(doc, None)
        tree_offer = max(offered, key=lambda doc: (offered[doc], -doc)) if offered else None
        if tree_offer is not None:
            self._through_tree(tree_offer, found, weights, totals, credit)
        self._through_texts(found, weights, totals, held, credit)
        # Words that do not decide: a stop word still being typed, and the other words
        # of a word-list entry of several words ("name" of "user name").
        extra: list[tuple[Word | Phrase, float, bool]] = [
            (w, OPTIONAL, False) for w in plan.optional
        ]
        extra += [(plan.required[n], 0.5, True) for n in sorted(demoted)]
        for word, factor, mark in extra:
            if not isinstance(word, Word):
                continue
            more = self._expand(reader, word)
            scores = self._score(reader, more)
            if mark and any(doc in totals for doc in scores):
                expansions += more
            for doc, score in scores.items():
                if doc in totals:
                    totals[doc] += factor * score
        # The guideline's own sections come first; other texts (the decision tree's)
        # after them: search is first of all the way into the guideline. Within each,
        # documents holding more of the concepts first; how they hold them (the word
        # itself before the word list, a rarer word before a common one) breaks ties.
        secondary = self._secondary
        ranked = [
            (doc, score)
            for _, _, score, doc in heapq.nsmallest(
                limit,
                (
                    (doc in secondary, -held[doc] - credit.get(doc, 0.0), -score, doc)
                    for doc, score in totals.items()
                )
                if credit
                else ((doc in secondary, -held[doc], -score, doc) for doc, score in totals.items()),
            )
        ]
        concepts = max(1, len(found))
        marks = Marks.of(((e.kind, e.term) for e in expansions), phrases)
        hits = tuple(
            self._hit(
                doc,
                -score,
                marks,
                found,
                weak=self._sure(doc, found, credit) <= CONFIDENT * concepts,
            )
            for doc, score in ranked
        )
        offer = None
        if tree_offer is not None:
            offer = self._hit(tree_offer, offered[tree_offer], marks, found)
        suggestion = None
        if not hits and suggest:
            suggestion = self._suggest(reader, plan, limit)
        others = len(secondary & totals.keys())
        return SearchResult(plan.text, hits, suggestion, len(totals), others, offer)

    @staticmethod
    def _sure(doc: int, found: list[_Found], credit: dict[int, float]) -> float:
        """How surely ``doc`` holds the query's concepts: each counted by how surely it
        holds it (see ``_Found.quality``), plus what a tree lent it."""
        return credit.get(doc, 0.0) + sum(
            each.quality.get(doc, 1.0) for each in found if doc in each.scores
        )

    def _through_texts(
        self,
        found: list[_Found],
        weights: list[float],
        totals: dict[int, float],
        held: Counter[int],
        credit: dict[int, float],
    ) -> None:
        """A question of a tree that holds several of the query's concepts itself (not
        through the word list or a typo), more than any section does, tells which
        sections they are about: it rests on them (``cites``). Each concept it holds
        counts, in part, for those sections when they do not hold it themselves: «en
        forælder skriver om aftenen» meets the tree's question about parents writing
        at any hour, which rests on HUSK 2 and HUSK 4."""
        citing = self._citing
        if len(found) < 2 or not citing:
            return
        holds: dict[int, list[int]] = {}
        for number, each in enumerate(found):
            for doc in citing.keys() & each.scores.keys():
                if each.quality.get(doc, 1.0) >= 1.0:
                    holds.setdefault(doc, []).append(number)
        holds = {doc: numbers for doc, numbers in holds.items() if len(numbers) >= 2}
        if not holds:
            return
        # Only a text holding more of them than any section does.
        secondary = self._secondary
        most = max((n for doc, n in held.items() if doc not in secondary), default=0)
        credited: set[tuple[int, int]] = set()
        for doc, numbers in holds.items():
            if len(numbers) <= most:
                continue
            for section in citing[doc]:
                for number in numbers:
                    if section in found[number].scores or (section, number) in credited:
                        continue
                    credited.add((section, number))
                    totals[section] = totals.get(section, 0.0) + weights[number] * THROUGH_TREE
                    credit[section] = credit.get(section, 0.0) + THROUGH_TREE_HELD

    def _through_tree(
        self,
        tree: int,
        found: list[_Found],
        weights: list[float],
        totals: dict[int, float],
        credit: dict[int, float],
    ) -> None:
        """A tree is offered: the query is about its question. Each concept the tree's
        texts hold counts, in part, for the sections the tree's questions rest on (the
        more questions cite a section, the more), when they do not hold it themselves:
        «venner med forældre» is about HUSK 5 too, which names neither."""
        rests_on = self._rests_on.get(tree, {})
        if not rests_on:
            return
        mine = self._tree_docs.get(tree, frozenset())
        for each, weight in zip(found, weights, strict=True):
            if not any(doc in mine for doc in each.scores):
                continue
            for doc, share in rests_on.items():
                if doc in each.scores:
                    continue
                totals[doc] = totals.get(doc, 0.0) + weight * THROUGH_TREE * share
                credit[doc] = credit.get(doc, 0.0) + THROUGH_TREE_HELD

    def _word_list(self, plan: Plan) -> tuple[dict[int, list[tuple[str, float]]], set[int]]:
        """The handbook words the word list gives for the query's words (by their place
        in ``plan.required``, with a weight), and the places of words that only complete
        an entry of several words (they no longer decide what matches)."""
        targets: dict[int, list[tuple[str, float]]] = {}
        demoted: set[int] = set()
        synonyms = self._synonyms
        if not synonyms:
            return targets, demoted
        for number, unit in enumerate(plan.required):
            if isinstance(unit, Phrase) or unit.quoted:
                continue
            chosen = [(t, SYNONYM) for t in synonyms.lookup(unit.forms.fold, unit.forms.stem)]
            if unit.prefix:
                chosen += [
                    (t, SYNONYM_BEGUN)
                    for t in synonyms.begun(unit.forms.fold)
                    if all(t != c for c, _ in chosen)
                ]
            if chosen:
                targets[number] = chosen
        number_of = {id(word): n for n, word in enumerate(plan.required)}
        at = {position: number_of.get(id(word)) for position, word in plan.placed}
        for start, end, target in synonyms.spans(plan.sequence):
            inside = [at[p] for p in range(start, end) if at.get(p) is not None]
            numbers = [n for n in inside if n is not None]
            if not numbers:
                continue
            first, *rest = numbers
            targets.setdefault(first, [])
            if all(target != t for t, _ in targets[first]):
                targets[first].append((target, SYNONYM))
            demoted.update(n for n in rest if n not in targets)
        return targets, demoted

    def _unit(self, reader: Any, unit: Word | Phrase, targets: list[tuple[str, float]]) -> _Found:
        """Everything one word or phrase of the query finds."""
        if isinstance(unit, Phrase):
            scores = self._phrase([w.forms.fold for w in unit.words], EXACT)
            folds = tuple(w.forms.fold for w in unit.words)
            return _Found(scores, [], [folds] if scores else [], {}, dict.fromkeys(scores, 1.0))
        direct = self._expand(reader, unit)
        scores = self._score(reader, direct)
        # Held as a part of a longer word only ("plads" in «arbejdspladsen»), or as
        # its beginning, is less sure than the word itself.
        held = {doc: 1.0 if score >= STEM else PART_SURE for doc, score in scores.items()}
        found = _Found(dict(scores), direct if scores else [], [], {}, held)
        for target, weight in targets:
            # Entries the word being typed begins only help a word that finds nothing
            # of its own ("tikt" → TikTok), never one that does ("forældre…").
            if weight == SYNONYM_BEGUN and self._has_section(scores):
                continue
            self._add_target(reader, found, target, weight)
        if unit.quoted or self._has_section(found.scores):
            return found
        parts = self._split(reader, unit)
        if parts:
            self._add_split(reader, found, parts, self._last_split_sure)
        if not self._has_section(found.scores):
            typos = self._typos(reader, unit)
            by_term: dict[str, list[_Expansion]] = {}
            for expansion in typos:
                by_term.setdefault(expansion.term, []).append(expansion)
            sure = TYPO_SURE if len(unit.forms.fold) >= TYPO_SURE_MIN else TYPO_UNSURE
            for group in by_term.values():
                self._add_labelled(found, group, self._score(reader, group), sure=sure)
        if not self._has_section(found.scores) and len(unit.forms.fold) >= WORD_LIST_TYPO_MIN:
            # A typo in a word only the word list knows.
            maxdist = 2 if len(unit.forms.fold) >= TYPO2_MIN else 1
            sure = TYPO_SURE if len(unit.forms.fold) >= TYPO_SURE_MIN else TYPO_UNSURE
            for target in self._synonyms.near(unit.forms.fold, maxdist):
                self._add_target(reader, found, target, SYNONYM, sure)
        return found

    def _has_section(self, scores: dict[int, float]) -> bool:
        return any(doc not in self._secondary for doc in scores)

    def _add_labelled(
        self,
        found: _Found,
        expansions: list[_Expansion],
        scores: dict[int, float],
        label: str | None = None,
        *,
        sure: float = WORD_LIST_SURE,
    ) -> None:
        """Merge what one word of the handbook found (a word-list word, a typo) into
        ``found``: documents it scores higher than the word typed are found as it."""
        if not scores:
            return
        found.expansions += expansions
        quality = found.quality
        for doc, score in scores.items():
            if quality.get(doc, 0.0) < sure:
                quality[doc] = sure
            before = found.scores.get(doc, 0.0)
            if score > before:
                found.scores[doc] = score
                if doc not in found.via or before > 0.0:
                    found.via[doc] = []
                found.via[doc].append((expansions, label))

    def _add_target(
        self,
        reader: Any,
        found: _Found,
        target: str,
        weight: float,
        sure: float = WORD_LIST_SURE,
    ) -> None:
        terms = [forms(m.group(0)) for m in words(target)]
        if not terms:
            return
        if len(terms) == 1:
            word = Word(target, terms[0])
            expansions = [
                _Expansion(e.part, e.kind, e.term, e.weight * weight)
                for e in self._expand(reader, word)
            ]
            self._add_labelled(found, expansions, self._score(reader, expansions), sure=sure)
            return
        folds = [t.fold for t in terms]
        scores = self._phrase(folds, weight / len(folds))
        if scores:
            found.phrases.append(tuple(folds))
            # A phrase is marked through ``phrases``; "found as" needs expansions.
            marks = [_Expansion("body", "fold", f, 0.0) for f in folds]
            self._add_labelled(found, marks, scores, " ".join(target.lower().split()), sure=sure)
            found.expansions = [e for e in found.expansions if e.weight > 0.0]

    # Compounds the text does not contain -----------------------------------------

    def _split(self, reader: Any, word: Word) -> list[list[_Expansion]]:
        """A compound the text does not hold, as parts that it does: the expansions of
        each part, or [] when no split finds something. Both parts must find something;
        failing that, the last part alone will do ("computervirus" → virus), as it
        carries a Danish compound's meaning."""
        term = word.forms.fold
        if word.forms.common or not SPLIT_MIN * 2 <= len(term) <= SPLIT_MAX:
            return []
        best: tuple[int, int] | None = None
        chosen: list[list[_Expansion]] = []
        head_only: list[list[_Expansion]] = []
        for cut in range(SPLIT_MIN, len(term) - SPLIT_MIN + 1):
            left, right = term[:cut], term[cut:]
            right_quality = self._part_quality(reader, right, word.prefix)
            if not right_quality:
                continue
            lefts = [left]
            if left[-1] in "se" and len(left) > SPLIT_MIN:
                lefts.append(left[:-1])  # the linking s or e: "tavshed-s-pligt"
            for first in lefts:
                left_quality = self._part_quality(reader, first, False)
                if not left_quality:
                    if not head_only:
                        head_only = [self._part(reader, right, word.prefix)]
                    continue
                rank = (left_quality + right_quality, min(len(first), len(right)))
                if best is None or rank > best:
                    best = rank
                    chosen = [
                        self._part(reader, first, False),
                        self._part(reader, right, word.prefix),
                    ]
        if not chosen and not head_only:
            chosen = self._split_with_typo(reader, term)
            best = (0, 0)
        # Two words of the text make a sure split; a part that is only the beginning
        # or end of longer words ("tion" of «relation»), a typo, or the head alone is a
        # guess.
        self._last_split_sure = SPLIT_SURE if chosen and best and best[0] >= 4 else SPLIT_UNSURE
        return chosen or head_only

    def _split_with_typo(self, reader: Any, term: str) -> list[list[_Expansion]]:
        """A compound with a typo in one part ("kodeordskfit", "spammial"): a word of
        the text, then a part one edit (or a swap) from a word of the text, tried at
        the first cuts where the first part is a word of the text."""
        tried = 0
        for cut in range(len(term) - SPLIT_MIN, SPLIT_MIN - 1, -1):
            left, right = term[:cut], term[cut:]
            lefts = [left, left[:-1]] if left[-1] in "se" and len(left) > SPLIT_MIN else [left]
            first = next((f for f in lefts if self._part_quality(reader, f, False) == 2), None)
            if first is None:
                continue
            spelt = self._nearest(reader, right)
            if spelt is not None:
                return [self._part(reader, first, False), self._part(reader, spelt, False)]
            tried += 1
            if tried >= SPLIT_TYPO_TRIES:
                break
        return []

    def _nearest(self, reader: Any, part: str) -> str | None:
        """The most frequent word of the text one edit (or a swap) from ``part``."""
        near: list[tuple[int, int, str]] = []
        for name in PARTS:
            field_name = field(name, "fold")
            for candidate, distance in self._near(reader, field_name, part, 1).items():
                if not forms(candidate).stop:
                    near.append((distance, -reader.doc_frequency(field_name, candidate), candidate))
        return min(near)[2] if near else None

    def _part_quality(self, reader: Any, part: str, prefix: bool) -> int:
        """2 when ``part`` is a word of the text (or the stem of one), 1 when a word of
        the text begins or ends with it, 0 when it finds nothing."""
        word = forms(part)
        if word.stop:
            return 0
        for name in PARTS:
            if (field(name, "fold"), part) in reader or (field(name, "stem"), word.stem) in reader:
                return 2
        for name in PARTS:
            rest = len(word.light) + COMPOUND_REST
            if self._begins(reader, field(name, "fold"), word.light, rest):
                return 1
            if self._begins(reader, field(name, "rev"), word.rev, rest):
                return 1
            if prefix and self._begins(reader, field(name, "fold"), part, len(part) + 1):
                return 1
        return 1 if self._listed(part) else 0

    def _listed(self, part: str) -> list[str]:
        """The handbook's single words the word list gives for a compound's part."""
        if len(part) < SPLIT_LISTED_MIN:
            return []
        word = forms(part)
        return [t for t in self._synonyms.lookup(word.fold, word.stem) if " " not in t]

    def _part(self, reader: Any, part: str, prefix: bool) -> list[_Expansion]:
        found = self._expand(reader, Word(part, forms(part), prefix=prefix))
        if self._score(reader, found):
            return found
        # A part only the word list knows ("bekymring" of "bekymringsskrivelse").
        for target in self._listed(part):
            found += [
                _Expansion(e.part, e.kind, e.term, e.weight * SYNONYM)
                for e in self._expand(reader, Word(target, forms(target)))
            ]
        return found

    def _add_split(
        self,
        reader: Any,
        found: _Found,
        parts: list[list[_Expansion]],
        sure: float = SPLIT_SURE,
    ) -> None:
        summed: dict[int, float] = {}
        reached: dict[int, list[tuple[list[_Expansion], str | None]]] = {}
        for expansions in parts:
            scores = self._score(reader, expansions)
            if not scores:
                continue
            found.expansions += expansions
            for doc, score in scores.items():
                summed[doc] = summed.get(doc, 0.0) + SPLIT * score
                reached.setdefault(doc, []).append((expansions, None))
        for doc, score in summed.items():
            if found.quality.get(doc, 0.0) < sure:
                found.quality[doc] = sure
            if score > found.scores.get(doc, 0.0):
                found.scores[doc] = score
                found.via[doc] = reached[doc]

    def _hit(
        self, doc: int, score: float, marks: Marks, found: list[_Found], *, weak: bool = False
    ) -> Hit:
        stored: dict[str, Any] = self._stored.get(doc, lambda: self._searcher.stored_fields(doc))
        title, text = stored.get("title", ""), stored.get("text", "")
        flat = highlight.flatten(text)
        in_title = highlight.matched_ranges(title, marks)
        in_text = highlight.matched_ranges(flat, marks)
        found_as: dict[str, None] = {}
        for unit in found:
            for expansions, label in unit.via.get(doc, ()):
                if label is not None:
                    found_as.setdefault(label, None)
                    continue
                these = Marks.of((e.kind, e.term) for e in expansions)
                spelt = highlight.words_at(
                    (
                        (title, highlight.matched_ranges(title, these)),
                        (flat, highlight.matched_ranges(flat, these)),
                    )
                )
                if spelt:
                    found_as.setdefault(spelt[0], None)
        return Hit(
            id=stored.get("id", ""),
            title=title,
            snippet=highlight.window(flat, in_text),
            score=score,
            terms=highlight.words_at(((title, in_title), (flat, in_text))),
            title_spans=highlight.spans(title, in_title),
            kind=stored.get("kind", "section"),
            found_as=tuple(found_as)[:FOUND_AS],
            weak=weak,
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
                for term in self._reduced(reader, part, f.fold):
                    add(part, "fold", term, STEM)
            if not f.stop and len(f.light) >= COMPOUND_MIN:
                rest = len(f.light) + COMPOUND_REST
                for term in self._prefixed(reader, field(part, "fold"), f.light, rest):
                    add(part, "fold", term, COMPOUND)
                for term in self._prefixed(reader, field(part, "rev"), f.rev, rest):
                    add(part, "rev", term, COMPOUND)
            if word.prefix:
                # A short beginning expands to fewer words in bodies: they are many,
                # and each is in many documents.
                short = TITLE_LETTER_TERMS if len(f.fold) == 1 else PREFIX_TERMS
                many = (
                    short if part == "title" else SHORT_PREFIX_TERMS.get(len(f.fold), PREFIX_TERMS)
                )
                for term in self._prefixed(
                    reader, field(part, "fold"), f.fold, len(f.fold) + 1, many
                ):
                    if not forms(term).stop:
                        add(part, "fold", term, PREFIX)
        return [_Expansion(p, k, t, w) for (p, k, t), w in best.items()]

    def _reduced(self, reader: Any, part: Part, folded: str) -> list[str]:
        """The words of the text that are another form of ``folded``: its inflection
        ending taken off ("aftenen" → "aften", "fortrydelsesretten" → "…ret") and
        another put on ("hackede" → "hacket", "postet" → "postede"), kept only when the
        text has the word so. The stemmer alone misses some, as it cuts the text's word
        too ("aften" → "aft", "aftenen" → "aften")."""

        def look() -> list[str]:
            name = field(part, "fold")
            found: list[str] = []
            bases: list[str] = []
            for ending in (*INFLECTIONS, ""):
                if not folded.endswith(ending) or len(folded) - len(ending) < REDUCED_MIN:
                    continue
                base = folded[: len(folded) - len(ending)]
                bases.append(base)
                if len(base) > REDUCED_MIN and base[-1] == base[-2] and base[-1] not in "aeiouy":
                    bases.append(base[:-1])  # "rett" of "retten" is "ret"
            for base in dict.fromkeys(bases):
                for ending in ("", *INFLECTIONS):
                    candidate = base + ending
                    if (
                        candidate != folded
                        and candidate not in found
                        and (name, candidate) in reader
                    ):
                        found.append(candidate)
            return found

        reduced: list[str] = self._prefixes.get(("reduced", part, folded), look)
        return reduced

    def _typos(self, reader: Any, word: Word) -> list[_Expansion]:
        """Terms one edit (two for long words) from ``word``, most frequent first."""
        term = word.forms.fold
        if len(term) < SWAP_MIN or word.forms.stop:
            return []
        found: list[_Expansion] = []
        for part in PARTS:
            name = field(part, "fold")
            near = [
                (distance, -reader.doc_frequency(name, candidate), candidate)
                for candidate, distance in self._near(reader, name, term).items()
            ]
            for distance, _, candidate in sorted(near)[:TYPO_TERMS]:
                found.append(_Expansion(part, "fold", candidate, TYPO[distance]))
        return found

    def _near(
        self, reader: Any, name: str, term: str, maxdist: int | None = None
    ) -> dict[str, int]:
        """Terms of field ``name`` near ``term``, with their distance: a swap of two
        neighbouring letters counts as one edit (from SWAP_MIN letters), any other
        edit from TYPO1_MIN letters, two edits from TYPO2_MIN."""
        if maxdist is None:
            maxdist = 2 if len(term) >= TYPO2_MIN else 1
        wider = self._nearby.data.get((name, term, maxdist + 1))
        if wider is not None:
            # Already looked further ("Mente du" after the typo tier): no new search.
            return {c: d for c, d in wider.items() if d <= maxdist}
        found: dict[str, int] = self._nearby.get(
            (name, term, maxdist), lambda: self._find_near(reader, name, term, maxdist)
        )
        return found

    @staticmethod
    def _find_near(reader: Any, name: str, term: str, maxdist: int) -> dict[str, int]:
        near: dict[str, int] = {}
        if len(term) >= TYPO1_MIN:
            for candidate in reader.terms_within(name, term, maxdist, prefix=1):
                if candidate != term:
                    # Levenshtein found it; a swap within it makes it nearer still.
                    near[candidate] = min(damerau_levenshtein(candidate, term), maxdist)
        # Swaps: the Levenshtein automaton counts them as two edits.
        for at in range(len(term) - 1):
            if term[at] == term[at + 1]:
                continue
            swapped = term[:at] + term[at + 1] + term[at] + term[at + 2 :]
            if (name, swapped) in reader:
                near[swapped] = 1
        return near

    def _prefixed(
        self, reader: Any, name: str, prefix: str, min_length: int, limit: int = COMPOUND_TERMS
    ) -> list[str]:
        """Up to ``limit`` terms of field ``name`` starting with ``prefix`` and at least
        ``min_length`` long, the most frequent first (among the first SCAN_LIMIT)."""
        found: list[str] = self._prefixes.get(
            (name, prefix, min_length, limit),
            lambda: self._find_prefixed(reader, name, prefix, min_length, limit),
        )
        return found

    def _begins(self, reader: Any, name: str, prefix: str, min_length: int) -> bool:
        """Whether a term of field ``name`` at least ``min_length`` long starts with
        ``prefix``."""

        def look() -> bool:
            for scanned, (raw, _) in enumerate(reader.iter_prefix(name, prefix)):
                if scanned >= SCAN_LIMIT:
                    break
                if len(raw.decode("utf-8")) >= min_length:
                    return True
            return False

        found: bool = self._prefixes.get((name, prefix, min_length, 0), look)
        return found

    @staticmethod
    def _find_prefixed(
        reader: Any, name: str, prefix: str, min_length: int, limit: int
    ) -> list[str]:
        chosen: list[tuple[int, str]] = []
        for scanned, (raw, info) in enumerate(reader.iter_prefix(name, prefix)):
            if scanned >= SCAN_LIMIT:
                break
            term = raw.decode("utf-8")
            if len(term) >= min_length:
                chosen.append((-info.doc_frequency(), term))
        chosen.sort()
        return [term for _, term in chosen[:limit]]

    def _docs(self, reader: Any, name: str, term: str) -> array[int]:
        """The numbers of the documents holding ``term`` in field ``name``."""

        def look() -> array[int]:
            try:
                return array("I", reader.postings(name, term).all_ids())
            except TermNotFound:
                return array("I")

        found: array[int] = self._postings.get((name, term), look)
        return found

    def _score(self, reader: Any, expansions: Iterable[_Expansion]) -> dict[int, float]:
        """Each document's score for one word: its best tier in the title (counted
        twice) plus its best tier in the body."""
        best: dict[Part, dict[int, float]] = {"title": {}, "body": {}}
        # The best tier first: a document keeps the first weight it gets, and the work
        # is done in set operations, not one document at a time.
        for expansion in sorted(expansions, key=lambda e: -e.weight):
            docs = self._docs(reader, field(expansion.part, expansion.kind), expansion.term)
            if not docs:
                continue
            scores = best[expansion.part]
            fresh = set(docs).difference(scores) if scores else docs
            scores.update(dict.fromkeys(fresh, expansion.weight))
        title, body = best["title"], best["body"]
        if not title:
            return body
        total = {doc: TITLE_WEIGHT * score for doc, score in title.items()}
        for doc in body.keys() & total.keys():
            total[doc] += body[doc]
        for doc in body.keys() - total.keys():
            total[doc] = body[doc]
        return total

    def _phrase(self, terms: list[str], each: float) -> dict[int, float]:
        """Documents holding the folded words ``terms`` together, in order; each word
        counts ``each`` (twice in the title)."""
        scores: dict[int, float] = {}
        for part in PARTS:
            query = PhraseQuery(field(part, "fold"), terms)
            weight = each * len(terms) * (TITLE_WEIGHT if part == "title" else 1.0)
            for doc in query.docs(self._searcher):
                scores[doc] = scores.get(doc, 0.0) + weight
        return scores

    # Did you mean ----------------------------------------------------------------

    def _suggest(self, reader: Any, plan: Plan, limit: int) -> str | None:
        """The query with its unknown words replaced by the nearest known ones, if each
        such word finds a section of the guideline on its own, and the whole does too.
        A word shorter than TYPO1_MIN is only ever suggested with two letters swapped:
        any other guess would more often be wrong than right."""
        changed = False
        pieces: list[str] = []
        for unit in plan.required:
            if isinstance(unit, Phrase):
                pieces.append(f'"{unit.text}"')
                continue
            better = None
            if (
                not unit.quoted
                and len(unit.forms.fold) >= SUGGEST_MIN
                and not self._score(reader, self._expand(reader, unit))
            ):
                better = self._spelling(reader, unit.forms.fold)
                if better is not None and not self._finds_section(better):
                    better = None
            if better is not None:
                changed = True
                pieces.append(better)
            else:
                pieces.append(unit.text)
        if not changed:
            return None
        suggestion = " ".join(pieces)
        return suggestion if self._finds_section(suggestion) else None

    def _finds_section(self, text: str) -> bool:
        found = self._search(parse(text + " "), 5, suggest=False)
        return any(hit.kind == "section" for hit in found.hits)

    def _spelling(self, reader: Any, term: str) -> str | None:
        """The known word nearest to ``term`` (two edits at most; a swap is one), as it
        is spelt in the text, or None."""
        for maxdist in (1, 2):
            near: list[tuple[int, int, int, str, str]] = []
            for part in PARTS:
                name = field(part, "fold")
                for candidate, distance in self._near(reader, name, term, maxdist).items():
                    if not forms(candidate).stop:
                        frequency = reader.doc_frequency(name, candidate)
                        near.append((distance, -frequency, len(candidate), candidate, name))
            if near:
                *_, candidate, name = min(near)
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
