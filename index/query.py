"""What a person typed, turned into a plan of words and phrases: never a syntax error.

User text never reaches whoosh's QueryParser: that parser reads ``*`` as "everything",
``NOT x`` as "all but x", ``field:`` as a field search, and its parse time grows with
the square of the input. Here every character is text. Words are extracted with the
same tokenizer the index uses; ``*``, ``?``, ``~``, ``:``, brackets and operators are
separators like spaces; AND/OR/NOT are plain words. Only double quotes mean something:
a quoted run of words is a phrase. Stop words and question words ("kan", "må", "hvad")
do not decide what matches; quoted, they do. Input is capped in length, in words (counted
after stop words are left out) and in word length, so no input can make a search slow.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from paddehatten.index.analysis import Forms, clean, forms, words

#: Characters of input considered; the rest is ignored.
MAX_INPUT = 1000
#: Words and phrases considered, not counting stop words; the rest are ignored.
MAX_UNITS = 10
#: Longer words are cut to this many characters.
MAX_WORD = 40
#: Quote characters that open or close a phrase: "…", “…”, „…“, «…», »…«.
QUOTES = '"“”„«»'
_QUOTE = re.compile(f"[{QUOTES}]")


@dataclass(frozen=True)
class Word:
    """One word of the query.

    ``prefix``: the last word, still being typed: words starting with it match too.
    ``quoted``: typed inside quotes on its own: only the word itself matches.
    """

    text: str
    forms: Forms
    prefix: bool = False
    quoted: bool = False


@dataclass(frozen=True)
class Phrase:
    """Quoted words that must stand together, in order."""

    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)


Unit = Word | Phrase


@dataclass(frozen=True)
class Plan:
    """``required``: the words and phrases a hit should have (all of them first, any of
    them when nothing has all). ``optional``: words that only add to the score (a stop
    word still being typed, which may become "forældre" or stay "for")."""

    text: str
    required: tuple[Unit, ...]
    optional: tuple[Word, ...] = ()
    #: The folded words typed outside quotes, in order, stop words too: where the word
    #: list's entries of several words ("log ind") are looked for.
    sequence: tuple[str, ...] = ()
    #: The required words among ``sequence``: (position in sequence, the Word).
    placed: tuple[tuple[int, Word], ...] = ()

    @property
    def empty(self) -> bool:
        return not self.required and not self.optional


def _segments(text: str) -> list[tuple[str, bool]]:
    """(text, quoted) pieces; an unclosed quote is just a separator."""
    pieces = _QUOTE.split(text)
    closed = len(pieces) if len(pieces) % 2 == 1 else len(pieces) - 1
    out = [(piece, i % 2 == 1 and i < closed) for i, piece in enumerate(pieces[:closed])]
    if closed < len(pieces):
        out.append((pieces[-1], False))
    return out


def parse(text: str) -> Plan:
    """The plan for ``text``, whatever it holds."""
    raw = text[:MAX_INPUT]
    cleaned = clean(raw)
    # The last word is still being typed unless something (space, punctuation,
    # closing quote) follows it, or the input was cut.
    typing = len(text) <= MAX_INPUT and bool(cleaned) and cleaned[-1:].isalnum()
    units: list[Unit] = []
    sequence: list[str] = []
    where: dict[int, int] = {}
    seen: set[tuple[str, ...]] = set()
    segments = _segments(cleaned)
    for number, (segment, quoted) in enumerate(segments):
        found = [m.group(0)[:MAX_WORD] for m in words(segment)]
        if not found:
            continue
        if quoted:
            phrase = tuple(Word(w, forms(w), quoted=True) for w in found)
            key = tuple(w.forms.fold for w in phrase)
            if key not in seen:
                seen.add(key)
                units.append(phrase[0] if len(phrase) == 1 else Phrase(phrase))
            continue
        last_segment = number == len(segments) - 1
        for position, word in enumerate(found):
            last = last_segment and position == len(found) - 1
            item = Word(word, forms(word), prefix=last and typing)
            sequence.append(item.forms.fold)
            key = (item.forms.fold,)
            if key in seen and not item.prefix:
                continue
            seen.add(key)
            where[id(item)] = len(sequence) - 1
            units.append(item)
    # Stop words and question words carry no meaning on their own: leave them out,
    # unless the query is nothing but such words ("hvem er du"), or one is the word
    # still being typed. A quoted word stays.
    content = [u for u in units if not _common(u)][:MAX_UNITS]
    if not content:
        kept = tuple(units[:MAX_UNITS])
        return Plan(text, kept, (), tuple(sequence), _placed(kept, where))
    optional = tuple(u for u in units if isinstance(u, Word) and _common(u) and u.prefix)
    return Plan(text, tuple(content), optional, tuple(sequence), _placed(content, where))


def _common(unit: Unit) -> bool:
    return isinstance(unit, Word) and not unit.quoted and unit.forms.common


def _placed(units: Sequence[Unit], where: dict[int, int]) -> tuple[tuple[int, Word], ...]:
    return tuple((where[id(u)], u) for u in units if isinstance(u, Word) and id(u) in where)
