"""The Danish analysis chain: from text to the terms the index stores and queries look for.

One chain serves indexing, queries and highlighting, so a word is always reduced the
same way. Each word is cleaned (NFC, no control characters) and lower-cased (its
``exact`` form, the real spelling "Mente du …?" offers), then yields one form per kind
of field:

``fold``
    the word with æ/ø/å, ae/oe/aa and accents folded to plain vowels, so "foraeldre",
    "foraldre" and "forældre" meet: a match here counts as exact. Stop words stay in
    (phrases keep their positions).
``stem``
    the Snowball Danish stem of the real spelling, folded, with the irregular forms the
    stemmer misses (forælder/forældre, barn/børn, kollega/kolleger) mapped together.
``rev``
    a light stem (only common inflection endings removed) written backwards: a prefix
    search on it finds compounds *ending* in a word ("pligt" → "tavshedspligt").

Stop words are Danish only: whoosh's StopFilter would add English ones, and "IT" in
"IT-sikkerhedspolitik" would vanish.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Literal

from whoosh.analysis import Token, Tokenizer
from whoosh.lang import stopwords_for_language
from whoosh.lang.snowball.danish import DanishStemmer

from paddehatten.index.words import clean, printable, words

__all__ = ["clean", "printable", "words"]  # re-exported: the chain's first step

Kind = Literal["fold", "stem", "rev"]
#: The kinds of field every text is indexed as.
KINDS: tuple[Kind, ...] = ("fold", "stem", "rev")

#: Snowball's Danish stop list, as whoosh ships it for "da", and nothing else.
DANISH_STOP_WORDS: frozenset[str] = frozenset(stopwords_for_language("da"))

#: Words of questions, and filler found nearly everywhere («samme», «altid», «ting»):
#: in a query they do not decide what matches ("kan forældrene se mine opslag" is about
#: forældre and opslag). Only the query drops them; the index keeps them (they are not
#: stop words there).
_QUESTION_TEXT = """
    hvad hvem hvordan hvorfor hvornår hvilken hvilket hvilke hvorhenne
    kan må måtte skal bør burde gør gøre gjorde gjort får få fik ser se
    ok okay gerne nogen noget nogle lige bare egentlig tit
    samme hele helt tiden altid aldrig igen godt ting lidt nok rigtig virkelig
    haft år gang gange fordi måske vide ved tror synes hej
"""
QUESTION_WORDS: frozenset[str] = frozenset(_QUESTION_TEXT.split())

#: Irregular forms the stemmer does not bring together. Every form of a group gets the
#: stem of the group's first word.
IRREGULAR_GROUPS: tuple[tuple[str, ...], ...] = (
    ("forældre", "forælder", "forælderen", "forælders", "forældrene", "forældres"),
    ("barn", "barnet", "barns", "barnets", "børn", "børnene", "børns", "børnenes"),
    ("kollega", "kollegaen", "kollegaer", "kollegaerne", "kolleger", "kollegerne"),
)

#: Endings the light stemmer removes, longest first. Only inflection: compounds are
#: built from stems, so "tavshedspligten" still ends in "pligt" after this.
_LIGHT_ENDINGS = (
    "ernes", "enes", "erne", "ene", "ens", "ers", "ets", "er", "en", "et", "es", "e",
)  # fmt: skip
#: Inflection endings (definite and plural nouns, past verbs), longest first: a word of
#: the query and a word of the text meet when they are one base with two of these
#: ("vennerne" and "venner", "hackede" and "hacket"). Only words the text has are
#: looked for, and no base is shorter than REDUCED_MIN letters.
INFLECTIONS: tuple[str, ...] = (
    "erne", "ene", "ede", "ende", "ens", "ets", "en", "et", "ne", "te", "er", "e", "s",
)  # fmt: skip

#: A light stem never gets shorter than this.
_LIGHT_MIN = 4

_FOLD_LETTERS = str.maketrans({"æ": "a", "ø": "o", "å": "a", "ä": "a", "ö": "o", "ü": "u"})
_FOLD_PAIRS = re.compile(r"aa|ae|oe")
_PAIR_TO = {"aa": "a", "ae": "a", "oe": "o"}


@lru_cache(maxsize=65536)
def fold(word: str) -> str:
    """æ/ø/å (and ae/oe/aa, ä/ö/ü, accents) folded to plain vowels; expects lower case."""
    word = word.translate(_FOLD_LETTERS)
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _FOLD_PAIRS.sub(lambda m: _PAIR_TO[m.group(0)], word)


_stemmer = DanishStemmer()


@lru_cache(maxsize=65536)
def _snowball(word: str) -> str:
    return str(_stemmer.stem(word))


def _irregular_map() -> dict[str, str]:
    mapping: dict[str, str] = {}
    for group in IRREGULAR_GROUPS:
        target = fold(_snowball(group[0]))
        for form in group:
            mapping[fold(_snowball(form))] = target
    return mapping


_IRREGULAR = _irregular_map()
_FOLDED_STOP_WORDS = frozenset(fold(w) for w in DANISH_STOP_WORDS)
_FOLDED_QUESTION_WORDS = frozenset(fold(w) for w in QUESTION_WORDS)


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The folded Snowball stem of a lower-case word, irregular forms brought together."""
    folded = fold(_snowball(word))
    return _IRREGULAR.get(folded, folded)


@lru_cache(maxsize=65536)
def light_stem(folded: str) -> str:
    """A folded word without its inflection ending ("pligten" → "pligt")."""
    for ending in _LIGHT_ENDINGS:
        if folded.endswith(ending) and len(folded) - len(ending) >= _LIGHT_MIN:
            return folded[: -len(ending)]
    return folded


def is_stop_word(exact: str) -> bool:
    """True for Danish stop words, also typed without æøå ("pa" for "på")."""
    return exact in DANISH_STOP_WORDS or fold(exact) in _FOLDED_STOP_WORDS


def is_question_word(exact: str) -> bool:
    """True for the words of :data:`QUESTION_WORDS`, also typed without æøå."""
    return exact in QUESTION_WORDS or fold(exact) in _FOLDED_QUESTION_WORDS


@dataclass(frozen=True)
class Forms:
    """Every form of one word the index knows."""

    exact: str
    fold: str
    stem: str
    light: str
    #: ``light`` backwards.
    rev: str
    stop: bool
    #: A stop word or a question word: it does not decide what a query matches.
    common: bool = False

    def of(self, kind: Kind) -> str:
        value: str = getattr(self, kind)
        return value


@lru_cache(maxsize=65536)
def forms(word: str) -> Forms:
    """The forms of one word as it stands in the text (any case)."""
    exact = word.lower()
    folded = fold(exact)
    light = light_stem(folded)
    stop = is_stop_word(exact)
    return Forms(
        exact=exact,
        fold=folded,
        stem=stem(exact),
        light=light,
        rev=light[::-1],
        stop=stop,
        common=stop or is_question_word(exact),
    )


class DanishAnalyzer(Tokenizer):  # type: ignore[misc]
    """The whoosh analyzer of one kind of field: tokenize, clean, reduce.

    A single pass per field, with every reduction memoised per word: a handbook of
    10,000 sections has a million words but only tens of thousands of distinct ones.
    Stop words are dropped from every kind but ``fold``, where they keep phrases whole.
    """

    def __init__(self, kind: Kind) -> None:
        self.kind = kind

    def __eq__(self, other: object) -> bool:
        return isinstance(other, DanishAnalyzer) and other.kind == self.kind

    def __hash__(self) -> int:
        return hash((DanishAnalyzer, self.kind))

    def __repr__(self) -> str:
        return f"DanishAnalyzer({self.kind!r})"

    def __call__(
        self,
        value: str,
        positions: bool = False,
        chars: bool = False,
        keeporiginal: bool = False,
        removestops: bool = True,
        start_pos: int = 0,
        start_char: int = 0,
        tokenize: bool = True,
        mode: str = "",
        **kwargs: Any,
    ) -> Iterator[Any]:
        token = Token(positions, chars, removestops=removestops, mode=mode, **kwargs)
        kind = self.kind
        keep_stops = kind == "fold"
        pos = start_pos
        for match in words(clean(value)):
            word = forms(match.group(0))
            if word.stop and not keep_stops:
                continue
            token.text = word.of(kind)
            token.boost = 1.0
            token.stopped = False
            if keeporiginal:
                token.original = match.group(0)
            if positions:
                token.pos = pos
            if chars:
                token.startchar = start_char + match.start()
                token.endchar = start_char + match.end()
            pos += 1
            yield token
