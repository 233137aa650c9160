"""The one schema reader: a YAML file's shape, said once, read into typed values.

Every YAML file of a handbook (``handbook.yaml``, each section's front matter, the
trees in ``trees/``, the word list ``ord.yaml``) is parsed by
:func:`paddehatten.content.yaml_io.compose` into nodes that keep their lines, and
read here against a declared shape: :class:`Fields` (a mapping with known keys, each
required or optional), :class:`Text`, :class:`Line` (one line of text),
:class:`Ident`, :class:`Flag`, :class:`Count`, :class:`Choice`, :class:`Day`,
:class:`Word`, :class:`ListOf` (with limits), :class:`MapOf`, :class:`Either` and
:class:`At` (a value with its line). What does not fit becomes a
:class:`~paddehatten.content.model.Problem` with the file and the exact line of the
offending key or value, and the part that does not fit is left out of the result
(a list keeps its good items, a mapping its good keys): :meth:`Reader.read` returns
the rest, and :attr:`Reader.ok` says whether anything was left out.

One style of message, for every file (Danish, the subject first):

- the subject is the key as it is written, with a colon: ``'title:'``; a key inside
  a list's item or a nested table says where: ``'label:' i et svar under
  'answers:'``, ``'text:' under 'note:'``; a list's item is ``et punkt under
  'chapters:'`` (or the item's own noun: ``et kapitel``, ``et ord``);
- ``'title:' mangler`` (on the line of the table that should hold it);
- ``'title:' er tom``; ``'chapters:' er tom; skriv mindst ét punkt``;
- ``'title:' skal være tekst``, ``… skal være én linje tekst``, ``… skal være et id
  (små bogstaver a-z, tal og '-'), fx 'raad-4'``, ``… skal være true eller false``,
  ``… skal være et helt tal``, ``… skal være en liste ('- ...')``, ``… skal være
  linjer med 'nøgle: værdi' (id, title)``, ``… skal være en af numbered, bullets,
  paragraphs``, ``… skal være en dato som 2026-12-01``; a shape may add an
  example: ``…, fx 'kodeord: [login, password]'``;
- ``'chapters:' har 1200 punkter; højst 1000``; ``en gruppe under 'samme:' skal
  have mindst 2 punkter (har 1)``; ``et ord under 'kodeord:' er længere end 80 tegn``;
- ``ukendt nøgle 'kilde:' (kendte: id, title, chapter, number, note)``; a key close to
  a known one that is not written (``titel:`` for ``title:``) is one problem on its
  line, ``ukendt nøgle 'titel:' – mente du 'title:'?``, and the key meant is not also
  told as missing;
- ``'text:' står to gange (også linje 4); skriv den kun én gang``.

Problems come in the order of their lines; a missing key is told last, on the line
of its table. An optional key with nothing after it (``hint:``) counts as not there;
a required one (``title:``) is empty. A table tells at most
:data:`MAX_UNKNOWN_TOLD` unknown keys one by one and counts the rest. Where text or
an id belongs, a plain value YAML reads as a number (``institution: 7100``,
``title: 2018``, ``id: 2024``) is the text as it is written.

The loaders keep the checks that are not about shape (a tree's id is its file's
name, cited sections exist, a section or chapter id is used once) and word them the
same way, the key and its value first: ``'id: raad-4' bruges allerede af
sections/raad-4-kopi.md``, ``'chapter: raaad' er ikke et af kapitlerne i
handbook.yaml``, ``'next: x' peger på …``, on the line of that key.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from paddehatten.content.model import Problem
from paddehatten.content.yaml_io import (
    BOOL,
    FLOAT,
    INT,
    NULL,
    STR,
    MappingNode,
    Node,
    ScalarNode,
    SequenceNode,
    YamlProblem,
    line_of,
    plain,
)

T = TypeVar("T")
K = TypeVar("K")
V = TypeVar("V")

#: An id: small letters a-z, digits and '-', starting with a letter or digit.
ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*\Z")
#: Words YAML 1.1 reads as true or false (``yes``, ``off``, ...).
BOOLEAN_WORDS = frozenset({"y", "n", "yes", "no", "true", "false", "on", "off"})
#: Unknown keys told one by one in one table; the rest are counted in one more problem.
MAX_UNKNOWN_TOLD = 10
_ISO_DAY = re.compile(r"^\d{4}-\d{2}-\d{2}\Z")


class Reader:
    """Reads one file's nodes against shapes, noting each problem with its line.

    ``offset`` is added to every line (front matter starts below its ``---``).
    """

    def __init__(self, file: str, problems: list[Problem], offset: int = 0) -> None:
        self.file = file
        self.problems = problems
        self.offset = offset
        self._start = len(problems)

    @property
    def ok(self) -> bool:
        """True while this reader has noted no problem."""
        return len(self.problems) == self._start

    def line(self, node: Node | None) -> int:
        """The line of ``node`` in the file (that of the file's start for none)."""
        return self.offset + max(line_of(node), 1)

    def problem(self, node: Node | None, message: str) -> None:
        self.problems.append(Problem(self.file, self.line(node), message))

    def problem_at(self, line: int, message: str) -> None:
        """A problem on a line the loader knows (from :class:`Record` or :class:`Spot`)."""
        self.problems.append(Problem(self.file, line, message))

    def read(self, shape: Shape[T], node: Node | None, subject: str = "filen") -> T | None:
        """The value of ``node`` (None: an empty file) as ``shape`` says, or None
        when it does not fit at all (the problems are noted)."""
        return shape.read(self, node, subject, "")


class Shape(Generic[T]):
    """What a value must be. ``description`` follows "skal være" in a message."""

    description = "en værdi"
    example = ""

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> T | None:
        """The value, or None (with a problem noted) when it does not fit.

        ``node`` is None only for an empty file; ``subject`` names the value as
        messages name it (``'title:'``) and ``where`` is what the keys inside it
        add (`` i et svar under 'answers:'``).
        """
        raise NotImplementedError

    def wrong(self, reader: Reader, node: Node | None, subject: str) -> None:
        example = f", fx {self.example}" if self.example else ""
        reader.problem(node, f"{subject} skal være {self.description}{example}")

    #: The value of a list shape given as nothing (``answers:``): an empty list.
    def absent(self) -> T | None:
        return None


def is_null(node: Node | None) -> bool:
    return isinstance(node, ScalarNode) and node.tag == NULL


def _is_text(node: Node | None) -> bool:
    return isinstance(node, ScalarNode) and node.tag == STR


def _is_number(node: Node | None) -> bool:
    """A plain value YAML reads as a number (``2018``, ``1.5``): as text, it is the
    text written, so ``title: 2018`` is the title «2018»."""
    return isinstance(node, ScalarNode) and node.tag in (INT, FLOAT) and not node.style


@dataclass(frozen=True)
class Spot(Generic[T]):
    """A value and the line it is written on."""

    value: T
    line: int


class At(Shape[Spot[T]]):
    """``shape``'s value together with its line."""

    def __init__(self, shape: Shape[T]) -> None:
        self.shape = shape
        self.description = shape.description
        self.example = shape.example

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> Spot[T] | None:
        value = self.shape.read(reader, node, subject, where)
        return None if value is None else Spot(value, reader.line(node))

    def absent(self) -> Spot[T] | None:
        value = self.shape.absent()
        return None if value is None else Spot(value, 0)


class Text(Shape[str]):
    """Text that is not empty, without spaces at its ends."""

    description = "tekst"

    def __init__(self, *, example: str = "") -> None:
        self.example = example

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> str | None:
        if is_null(node):
            reader.problem(node, f"{subject} er tom")
            return None
        if not _is_text(node) and not _is_number(node):
            self.wrong(reader, node, subject)
            return None
        assert isinstance(node, ScalarNode)
        value = str(node.value).strip()  # a number as written: «revision: 2018»
        if not value:
            reader.problem(node, f"{subject} er tom")
            return None
        return self.check(reader, node, subject, value)

    def check(self, reader: Reader, node: Node, subject: str, value: str) -> str | None:
        return value


class Line(Text):
    """One line of text."""

    description = "én linje tekst"

    def check(self, reader: Reader, node: Node, subject: str, value: str) -> str | None:
        if "\n" in value:
            self.wrong(reader, node, subject)
            return None
        return value


class Word(Shape[str]):
    """A word or a few words, spaces made single; a bare number or ``yes`` is the
    word as it is written."""

    description = "et ord eller nogle få ord"

    def __init__(self, max_chars: int) -> None:
        self.max_chars = max_chars

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> str | None:
        if not isinstance(node, ScalarNode) or is_null(node):
            if is_null(node):
                reader.problem(node, f"{subject} er tom")
            else:
                self.wrong(reader, node, subject)
            return None
        value = " ".join(str(node.value).split())
        if not any(c.isalnum() for c in value):
            reader.problem(node, f"{subject} er tom")
            return None
        if len(value) > self.max_chars:
            reader.problem(node, f"{subject} er længere end {self.max_chars} tegn")
            return None
        return value


class Ident(Shape[str]):
    """An id: small letters a-z, digits and '-'. ``no_boolean_words`` also refuses
    a quoted ``'yes'``: one lost pair of quotes would make it true."""

    description = "et id (små bogstaver a-z, tal og '-')"

    def __init__(self, *, example: str = "'raad-4'", no_boolean_words: bool = False) -> None:
        self.example = example
        self.no_boolean_words = no_boolean_words

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> str | None:
        if is_null(node):
            reader.problem(node, f"{subject} er tom")
            return None
        if isinstance(node, ScalarNode) and node.tag == BOOL:
            truth = "true" if str(node.value).lower() in ("yes", "true", "on", "y") else "false"
            reader.problem(
                node,
                f"{subject} skal være et id, men YAML læser '{node.value}' som "
                f"sandhedsværdien {truth}; vælg et andet id, fx 'ja' eller 'nej'",
            )
            return None
        if not _is_text(node) and not _is_number(node):
            self.wrong(reader, node, subject)
            return None
        assert isinstance(node, ScalarNode)
        value = str(node.value)  # not stripped: "raad-4\n" is not an id
        if not value.strip():
            reader.problem(node, f"{subject} er tom")
            return None
        if self.no_boolean_words and value.lower() in BOOLEAN_WORDS:
            reader.problem(
                node,
                f"{subject} skal være et id, men '{value}' kan læses som en sandhedsværdi "
                "i YAML; vælg et andet id, fx 'ja' eller 'nej'",
            )
            return None
        if not ID_PATTERN.match(value):
            reader.problem(
                node,
                f"{subject} skal være {self.description}, fx {self.example}; "
                f"'{_short(value)}' er ikke et gyldigt id",
            )
            return None
        return value


class Flag(Shape[bool]):
    """true or false."""

    description = "true eller false"

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> bool | None:
        if not isinstance(node, ScalarNode) or node.tag != BOOL:
            self.wrong(reader, node, subject)
            return None
        return str(node.value).lower() in ("yes", "true", "on", "y")


class Count(Shape[int]):
    """A whole number, 0 or more."""

    description = "et helt tal (0 eller større)"

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> int | None:
        if not isinstance(node, ScalarNode) or node.tag != INT:
            self.wrong(reader, node, subject)
            return None
        try:
            value = plain(node)
        except YamlProblem as problem:
            reader.problem(node, f"{subject} er for langt: {problem.message}")
            return None
        if not isinstance(value, int) or value < 0:
            self.wrong(reader, node, subject)
            return None
        return value


class Choice(Shape[str]):
    """One of a few words."""

    def __init__(self, choices: Sequence[str]) -> None:
        self.choices = tuple(choices)
        self.description = f"en af {', '.join(self.choices)}"

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> str | None:
        value = str(node.value).strip() if isinstance(node, ScalarNode) else ""
        if not _is_text(node) or value not in self.choices:
            self.wrong(reader, node, subject)
            return None
        return value


class Day(Shape[str]):
    """A date written as 2026-12-01."""

    description = "en dato som 2026-12-01"

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> str | None:
        if isinstance(node, ScalarNode) and node.tag == STR:
            value = str(node.value).strip()
            if _ISO_DAY.match(value):
                try:
                    return datetime.date.fromisoformat(value).isoformat()
                except ValueError:
                    pass
        self.wrong(reader, node, subject)
        return None


class Raw(Shape[Node]):
    """The node itself, for a value the loader reads on its own terms."""

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> Node | None:
        return node


class ListOf(Shape[list[T]]):
    """A list of ``item`` (``- ...`` or ``[a, b]``); nothing (``answers:``) is an
    empty list. ``single``: one value alone counts as a list of one. Items that do
    not fit are left out; the others stay."""

    def __init__(
        self,
        item: Shape[T],
        *,
        noun: str = "et punkt",
        min_items: int = 0,
        max_items: int | None = None,
        single: bool = False,
        suffix: str = " ('- ...')",
    ) -> None:
        self.item = item
        self.noun = noun
        self.min_items = min_items
        self.max_items = max_items
        self.single = single
        self.description = "en liste"
        #: Said after "en liste" and after "skriv mindst ét punkt": how one is written.
        self.suffix = suffix

    def wrong(self, reader: Reader, node: Node | None, subject: str) -> None:
        reader.problem(node, f"{subject} skal være {self.description}{self.suffix}")

    def absent(self) -> list[T] | None:
        return [] if self.min_items == 0 else None

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> list[T] | None:
        if node is None or is_null(node):
            items: list[Node] = []
        elif isinstance(node, SequenceNode):
            items = list(node.value)
        elif self.single and isinstance(node, ScalarNode):
            items = [node]
        else:
            self.wrong(reader, node, subject)
            return None
        if not items and self.min_items:
            reader.problem(node, f"{subject} er tom; skriv mindst ét punkt{self.suffix}")
            return None
        if len(items) < self.min_items:
            reader.problem(
                node, f"{subject} skal have mindst {self.min_items} punkter (har {len(items)})"
            )
            return None
        if self.max_items is not None and len(items) > self.max_items:
            reader.problem(node, f"{subject} har {len(items)} punkter; højst {self.max_items}")
            return None
        if subject.startswith("'"):
            inner = f"{self.noun} under {subject.split(' ', 1)[0]}"
        else:
            inner = f"{self.noun} i {subject}"
        values = [self.item.read(reader, item, inner, f" i {inner}") for item in items]
        return [v for v in values if v is not None]


@dataclass(frozen=True)
class Key(Generic[T]):
    """One key of :class:`Fields`: its shape, whether it must be there, and the
    value when it is not (also when it is there with nothing after it)."""

    shape: Shape[T]
    required: bool = False
    default: Any = None


class Record(dict[str, Any]):
    """The keys of a table that fit their shapes, with the lines they stand on."""

    def __init__(self, line: int, key_lines: dict[str, int]) -> None:
        super().__init__()
        #: The line the table starts on.
        self.line = line
        self.key_lines = key_lines
        #: Every required key is there and every key fits its shape: the table's
        #: own values are all here (a list in it may still have left an item out).
        self.complete = True
        #: Keys given with a value that did not fit (their problem is told already).
        self.failed: set[str] = set()

    def empty(self, key: str) -> bool:
        """Whether ``key:`` is written with nothing after it."""
        return key in self.key_lines and key not in self and key not in self.failed

    def line_of(self, key: str) -> int:
        """The line of ``key:``, else the table's."""
        return self.key_lines.get(key, self.line)


class Fields(Shape[Record]):
    """A table (``key: value`` lines) with known keys; unknown keys are refused with
    the known ones listed, and a key given twice is refused."""

    def __init__(self, keys: dict[str, Key[Any]], *, example: str = "") -> None:
        self.keys = keys
        self.required = [k for k, key in keys.items() if key.required]
        shown = ", ".join(self.required or list(keys))
        self.description = f"linjer med 'nøgle: værdi' ({shown})"
        self.example = example

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> Record | None:
        if node is None:
            pairs: list[tuple[Node, Node]] = []  # an empty file: every required key is missing
        elif isinstance(node, MappingNode):
            pairs = list(node.value)
        else:
            self.wrong(reader, node, subject)
            return None
        record = Record(reader.line(node), {})
        known = ", ".join(self.keys)
        unknown: list[Node] = []
        failed = record.failed  # given, but not usable: no default stands in
        meant_for: dict[str, str] = {}  # a missing key -> the misspelt key told instead
        # In the file's order, so the problems come in the order of their lines.
        for key_node, value_node in pairs:
            if not _is_text(key_node):
                reader.problem(
                    key_node,
                    f"en nøgle{where} skal være et ord som '{next(iter(self.keys))}:', "
                    "ikke en liste, et tal eller true/false",
                )
                continue
            name = str(key_node.value)
            if name in record.key_lines:
                reader.problem(
                    key_node,
                    f"'{_short(name)}:'{where} står to gange (også linje "
                    f"{record.key_lines[name]}); skriv den kun én gang",
                )
                record.pop(name, None)
                record.complete = False
                failed.add(name)
                continue
            record.key_lines[name] = reader.line(key_node)
            key = self.keys.get(name)
            if key is None:
                unknown.append(key_node)
                meant = self._meant(name, pairs)
                if meant is not None:
                    # One message on the typo's line, not also «'chapters:' mangler».
                    meant_for[meant] = name
                    reader.problem(
                        key_node,
                        f"ukendt nøgle '{_short(name)}:'{where} – mente du '{meant}:'?",
                    )
                elif len(unknown) <= MAX_UNKNOWN_TOLD:
                    reader.problem(
                        key_node, f"ukendt nøgle '{_short(name)}:'{where} (kendte: {known})"
                    )
                continue
            if is_null(value_node) and not key.required:
                # Nothing after an optional key: as if it were not there.
                continue
            value = key.shape.read(reader, value_node, f"'{name}:'{where}", f" under '{name}:'")
            if value is None:
                record.complete = False
                failed.add(name)
            else:
                record[name] = value
        if len(unknown) > MAX_UNKNOWN_TOLD:
            reader.problem(
                unknown[MAX_UNKNOWN_TOLD],
                f"og {len(unknown) - MAX_UNKNOWN_TOLD} ukendte nøgler mere{where} "
                f"(kendte: {known})",
            )
        for name, key in self.keys.items():
            if name in record or name in failed:
                continue
            if name in record.key_lines:
                absent = key.shape.absent()  # given with nothing after it
                if absent is not None or key.default is not None:
                    record[name] = key.default if absent is None else absent
            elif key.required:
                if name not in meant_for:
                    reader.problem(node, f"'{name}:'{where} mangler")
                record.complete = False
            elif key.default is not None:
                record[name] = key.default
        return record

    def _meant(self, name: str, pairs: list[tuple[Node, Node]]) -> str | None:
        """The known key ``name`` is a misspelling of, if one close to it is not
        written itself (``chapter:`` for ``chapters:``, ``titel:`` for ``title:``)."""
        written = {str(k.value) for k, _ in pairs if isinstance(k, ScalarNode)}
        free = [k for k in self.keys if k not in written]
        close = difflib.get_close_matches(name.lower(), free, n=1, cutoff=0.75)
        return close[0] if close else None


class MapOf(Shape[list[tuple[Spot[K], V]]]):
    """A table whose keys are the data (``kodeord: [login, password]``): each key
    read as ``key``, each value as ``value``; a pair that does not fit is left out."""

    description = "linjer med 'nøgle: værdi'"

    def __init__(self, key: Shape[K], value: Shape[V], *, key_noun: str, example: str) -> None:
        self.key = key
        self.value = value
        self.key_noun = key_noun
        self.example = example

    def read(
        self, reader: Reader, node: Node | None, subject: str, where: str
    ) -> list[tuple[Spot[K], V]] | None:
        if not isinstance(node, MappingNode):
            self.wrong(reader, node, subject)
            return None
        found: list[tuple[Spot[K], V]] = []
        seen: dict[str, int] = {}
        for key_node, value_node in node.value:
            place = "under" if subject.startswith("'") else "i"
            key = self.key.read(reader, key_node, f"{self.key_noun} {place} {subject}", "")
            if key is None:
                continue
            text = str(key_node.value)
            line = reader.line(key_node)
            if text in seen:
                reader.problem(
                    key_node,
                    f"'{_short(text)}:' {place} {subject} står to gange (også linje "
                    f"{seen[text]}); skriv den kun én gang",
                )
                continue
            seen[text] = line
            name = f"'{_short(text)}:'"
            inner = f"{name} under {subject}" if subject.startswith("'") else name
            value = self.value.read(reader, value_node, inner, f" under {name}")
            if value is not None:
                found.append((Spot(key, line), value))
        return found


class Either(Shape[T]):
    """``text`` for a single value, ``table`` for ``key: value`` lines
    (``note:`` is a text, or a table with ``text:``)."""

    def __init__(self, text: Shape[T], table: Shape[T]) -> None:
        self.text = text
        self.table = table
        self.description = f"{text.description} eller {table.description}"

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> T | None:
        if isinstance(node, MappingNode):
            return self.table.read(reader, node, subject, where)
        if isinstance(node, ScalarNode) and node.tag in (STR, NULL):
            return self.text.read(reader, node, subject, where)
        self.wrong(reader, node, subject)
        return None


class Check(Shape[T]):
    """``shape``, then ``test``: None when the value is good, else what is wrong
    (said after the subject)."""

    def __init__(self, shape: Shape[T], test: Callable[[T], str | None]) -> None:
        self.shape = shape
        self.test = test
        self.description = shape.description
        self.example = shape.example

    def read(self, reader: Reader, node: Node | None, subject: str, where: str) -> T | None:
        value = self.shape.read(reader, node, subject, where)
        if value is None:
            return None
        wrong = self.test(value)
        if wrong is not None:
            reader.problem(node, f"{subject} {wrong}")
            return None
        return value


def _short(text: str, size: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= size else one_line[: size - 1] + "…"


__all__ = [
    "BOOLEAN_WORDS",
    "ID_PATTERN",
    "At",
    "Check",
    "Choice",
    "Count",
    "Day",
    "Either",
    "Fields",
    "Flag",
    "Ident",
    "Key",
    "Line",
    "ListOf",
    "MapOf",
    "Raw",
    "Reader",
    "Record",
    "Shape",
    "Spot",
    "Text",
    "Word",
]
