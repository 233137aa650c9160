"""The one way the program reads YAML: nodes with exact lines, within limits.

Every YAML file (``handbook.yaml``, the sections' front matter, the decision trees and
``ord.yaml``) is read through :func:`compose`, and its nodes are then read against
the file's shape by :mod:`paddehatten.content.schema`. It builds PyYAML's nodes (every value keeps
its line) from the parser's events with an explicit stack, so no nesting depth can
exhaust Python's recursion, and it refuses, with a Danish sentence and the line:

- more than :data:`MAX_DEPTH` levels of nesting, more than :data:`MAX_NODES` values
  counted with every alias expanded (a "billion laughs" file is refused, never built),
  more than :data:`MAX_ALIASES` aliases, or more than :data:`MAX_TEXT_CHARS`
  characters of text with every alias expanded (one 3.8 MB value named 199 times by
  aliases would be 750 MB once read);
- tags other than YAML's own text, number, true/false, null, list and mapping (no
  ``!!python/…``, no ``!!timestamp``, no ``!!binary``); an explicit ``!!int`` or
  ``!!bool`` whose text is not one;
- more than one document;
- a value holding a control character written as an escape (``"\\e[31m"``).

Dates are not read as dates: ``revision: 2018-04-31`` is the text "2018-04-31".
:func:`plain` turns nodes into plain Python values (str, int, float, bool, None,
lists, dicts) for readers that want them; integers longer than :data:`MAX_INT_DIGITS`
digits and duplicate keys are refused there.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import yaml
from yaml.events import (
    AliasEvent,
    DocumentEndEvent,
    DocumentStartEvent,
    MappingEndEvent,
    MappingStartEvent,
    ScalarEvent,
    SequenceEndEvent,
    SequenceStartEvent,
    StreamEndEvent,
    StreamStartEvent,
)
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import Resolver

from paddehatten.content.safetext import has_control, name_of

#: Nesting levels (lists and mappings inside each other). The trees use 4.
MAX_DEPTH = 40
#: Values in one file, every alias counted as what it stands for.
MAX_NODES = 50_000
#: Aliases (``*name``) in one file.
MAX_ALIASES = 200
#: Characters of text in one file's values, every alias counted as what it stands for:
#: no more than a file may hold (:data:`paddehatten.content.files.MAX_FILE_BYTES`).
MAX_TEXT_CHARS = 4 * 1024 * 1024
#: Digits of an integer (``number: 4``).
MAX_INT_DIGITS = 18

STR = "tag:yaml.org,2002:str"
INT = "tag:yaml.org,2002:int"
FLOAT = "tag:yaml.org,2002:float"
BOOL = "tag:yaml.org,2002:bool"
NULL = "tag:yaml.org,2002:null"
SEQ = "tag:yaml.org,2002:seq"
MAP = "tag:yaml.org,2002:map"
TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SCALAR_TAGS = {STR, INT, FLOAT, BOOL, NULL}

_Parser: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class YamlProblem(Exception):
    """The YAML cannot be used: ``message`` (Danish) and ``line`` (1-based, 0 unknown)."""

    def __init__(self, message: str, line: int) -> None:
        super().__init__(message)
        self.message = message
        self.line = line


#: PyYAML's and libyaml's words for what is wrong, and what a maintainer reads instead.
_DANISH: tuple[tuple[str, str], ...] = (
    ("maximum nesting depth", "lister og tabeller står for dybt inden i hinanden"),
    ("unexpected end of stream", "filen slutter midt i en værdi (mangler et anførselstegn?)"),
    ("mapping values are not allowed", "et kolon står et sted, hvor det ikke må stå"),
    ("cannot start any token", "et tegn (fx et tabulatortegn) må ikke stå her"),
    ("tab character", "et tabulatortegn bruges til indrykning; ryk ind med mellemrum"),
    ("could not find expected ':'", "der mangler et kolon efter en nøgle"),
    ("did not find expected key", "indrykningen passer ikke: en nøgle står forkert"),
    ("did not find expected '-' indicator", "indrykningen passer ikke i en liste ('- ...')"),
    ("did not find expected ',' or ']'", "en liste i [ ] er ikke lukket med ]"),
    ("did not find expected ',' or '}'", "en tabel i { } er ikke lukket med }"),
    ("did not find expected node content", "der mangler en værdi"),
    ("unknown escape character", 'en \\-kode i et citat med " " findes ikke'),
    ("control characters are not allowed", "filen indeholder et kontroltegn"),
    ("special characters are not allowed", "filen indeholder et kontroltegn"),
    ("document start", "filen har noget efter sin slutning ('...' eller '---')"),
    ("expected <block end>", "indrykningen passer ikke"),
    ("expected alphabetic or numeric character", "et anker eller alias (& eller *) er tomt"),
    ("undefined tag handle", "et mærke (!) er ikke defineret"),
    ("duplicate %YAML directive", "%YAML står to gange"),
    ("found incompatible YAML document", "filen bruger en YAML-version, som ikke læses"),
)


def _danish(problem: str | None) -> str:
    text = (problem or "").lower()
    for words, danish in _DANISH:
        if words.lower() in text:
            return f"YAML kan ikke læses: {danish}"
    return "YAML kan ikke læses: teksten følger ikke YAML's regler her"


def _line_at(text: str, position: int) -> int:
    return text.count("\n", 0, max(0, position)) + 1


@dataclass
class _Open:
    node: SequenceNode | MappingNode
    anchor: str | None = None
    #: Values in it, itself included, every alias counted as what it stands for.
    weight: int = 1
    #: Characters of text in it, counted the same way.
    chars: int = 0


def compose(text: str) -> Node | None:
    """The one YAML document in ``text`` as nodes (None when empty); YamlProblem else."""
    try:
        return _compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else 1
        raise YamlProblem(_danish(error.problem), line) from None
    except yaml.reader.ReaderError as error:
        raise YamlProblem(_danish(error.reason), _line_at(text, error.position)) from None
    except yaml.YAMLError:
        raise YamlProblem(_danish(None), 1) from None


def _compose(text: str) -> Node | None:
    resolver: Any = Resolver()
    anchors: dict[str, tuple[Node, int, int]] = {}
    stack: list[_Open] = []
    root: Node | None = None
    documents = 0
    total = 0
    total_chars = 0
    aliases = 0

    def add(node: Node, weight: int, chars: int, line: int) -> None:
        """Put ``node`` (worth ``weight`` values and ``chars`` characters, aliases
        expanded) into its parent."""
        nonlocal root, total_chars
        total_chars += chars
        if total_chars > MAX_TEXT_CHARS:
            raise YamlProblem(
                f"filens tekst fylder over {MAX_TEXT_CHARS // 1_048_576} MB, når hvert "
                "alias (*navn) tælles som det, det står for; så meget læses ikke",
                line,
            )
        if not stack:
            root = node
            return
        parent = stack[-1]
        parent.weight += weight
        parent.chars += chars
        if isinstance(parent.node, SequenceNode):
            parent.node.value.append(node)
        else:
            pairs: list[Any] = parent.node.value
            if pairs and pairs[-1][1] is None:
                pairs[-1] = (pairs[-1][0], node)
            else:
                pairs.append((node, None))

    def count(values: int, line: int) -> None:
        nonlocal total
        total += values
        if total > MAX_NODES:
            raise YamlProblem(
                f"filen har for mange værdier (over {MAX_NODES}, aliaser talt med); "
                "så stor en fil læses ikke",
                line,
            )

    events: Iterator[Any] = yaml.parse(text, Loader=_Parser)
    for event in events:
        line = event.start_mark.line + 1 if event.start_mark is not None else 1
        if isinstance(event, StreamStartEvent | StreamEndEvent | DocumentEndEvent):
            continue
        if isinstance(event, DocumentStartEvent):
            documents += 1
            if documents > 1:
                raise YamlProblem(
                    "filen har mere end ét YAML-dokument ('---'); en fil skal have ét", line
                )
            continue
        if isinstance(event, AliasEvent):
            aliases += 1
            if aliases > MAX_ALIASES:
                raise YamlProblem(f"filen har mere end {MAX_ALIASES} aliaser (*navn)", line)
            known = anchors.get(str(event.anchor))
            if known is None:
                raise YamlProblem(f"aliaset *{event.anchor} er ikke defineret med &", line)
            count(known[1], line)
            add(known[0], known[1], known[2], line)
            continue
        if isinstance(event, ScalarEvent):
            if has_control(event.value):
                # Written as an escape ("\\e", "\\x1b"): the raw characters never
                # get here (files.decode removes them, and check reports them).
                char = next(c for c in event.value if has_control(c))
                raise YamlProblem(
                    f"en værdi indeholder et kontroltegn ({name_of(char)}), skrevet med "
                    "en \\-kode; skriv almindelig tekst",
                    line,
                )
            tag = _scalar_tag(resolver, event, line)
            start: Any = event.start_mark
            end: Any = event.end_mark
            node: Node = ScalarNode(tag, event.value, start, end, event.style)
            if event.anchor is not None:
                anchors[str(event.anchor)] = (node, 1, len(event.value))
            count(1, line)
            add(node, 1, len(event.value), line)
            continue
        if isinstance(event, SequenceStartEvent | MappingStartEvent):
            is_seq = isinstance(event, SequenceStartEvent)
            wanted = SEQ if is_seq else MAP
            if event.tag not in (None, "!", wanted):
                raise _bad_tag(str(event.tag), line)
            if len(stack) >= MAX_DEPTH:
                raise YamlProblem(
                    f"filen har mere end {MAX_DEPTH} niveauer af lister og tabeller inden i "
                    "hinanden; så dybt læses ikke",
                    line,
                )
            opened: Any = event.start_mark
            if is_seq:
                collection: SequenceNode | MappingNode = SequenceNode(
                    SEQ, [], opened, None, event.flow_style
                )
            else:
                collection = MappingNode(MAP, [], opened, None, event.flow_style)
            # An anchor is known from the end of its collection on: an alias inside it
            # (a collection that holds itself) is "not defined", never a loop.
            stack.append(_Open(collection, anchor=event.anchor))
            continue
        if isinstance(event, SequenceEndEvent | MappingEndEvent):
            done = stack.pop()
            done.node.end_mark = event.end_mark
            if done.anchor is not None:
                anchors[str(done.anchor)] = (done.node, done.weight, done.chars)
            count(1, line)
            # Its characters were counted as they came; only the parent learns them now.
            total_chars -= done.chars
            add(done.node, done.weight, done.chars, line)
    return root


def _scalar_tag(resolver: Any, event: Any, line: int) -> str:
    if event.tag is None or event.tag == "!":
        tag = str(resolver.resolve(ScalarNode, event.value, event.implicit))
        if tag not in _SCALAR_TAGS:
            # Dates (timestamps), merge keys ("<<") and "=" are read as text.
            return STR
        return tag
    tag = str(event.tag)
    if tag == STR:
        return tag
    if tag in (INT, BOOL, NULL, FLOAT):
        implicit = str(resolver.resolve(ScalarNode, event.value, (True, False)))
        if implicit != tag:
            what = {INT: "et helt tal", BOOL: "true eller false", NULL: "tom", FLOAT: "et tal"}
            raise YamlProblem(
                f"'{_short(event.value)}' er mærket !!{tag.rsplit(':', 1)[-1]}, men er ikke "
                f"{what[tag]}",
                line,
            )
        return tag
    raise _bad_tag(tag, line)


def _bad_tag(tag: str, line: int) -> YamlProblem:
    shown = tag.replace("tag:yaml.org,2002:", "!!")
    return YamlProblem(
        f"mærket '{_short(shown)}' bruges ikke i håndbogens filer; skriv værdien uden mærke",
        line,
    )


def _short(text: str, size: int = 40) -> str:
    one_line = " ".join(text.split())
    return one_line if len(one_line) <= size else one_line[: size - 1] + "…"


def line_of(node: Node | None) -> int:
    """The 1-based line a node starts on (0 for none)."""
    return node.start_mark.line + 1 if node is not None else 0


_INT_TEXT = re.compile(r"[-+]?[0-9_]+")


def plain(node: Node | None) -> Any:
    """Plain Python values for ``node``: str, int, float, bool, None, lists and dicts.

    Raises YamlProblem for an integer of more than :data:`MAX_INT_DIGITS` digits, a
    key that is not text, and a key given twice. Iterative: any depth compose allows.
    """
    if node is None:
        return None
    constructor = yaml.constructor.SafeConstructor()
    results: dict[int, Any] = {}
    work: list[tuple[Node, bool]] = [(node, False)]
    while work:
        current, expanded = work.pop()
        key = id(current)
        if isinstance(current, ScalarNode):
            results[key] = _scalar(constructor, current)
        elif not expanded:
            work.append((current, True))
            children = (
                current.value
                if isinstance(current, SequenceNode)
                else [n for pair in current.value for n in pair]
            )
            work.extend((child, False) for child in children if id(child) not in results)
        elif isinstance(current, SequenceNode):
            results[key] = [results[id(child)] for child in current.value]
        else:
            mapping: dict[str, Any] = {}
            lines: dict[str, int] = {}
            for key_node, value_node in current.value:
                if not isinstance(key_node, ScalarNode) or key_node.tag != STR:
                    raise YamlProblem(
                        "en nøgle skal være et ord som 'title', ikke en liste eller et tal",
                        line_of(key_node),
                    )
                name = str(key_node.value)
                if name in mapping:
                    raise YamlProblem(
                        f"nøglen '{_short(name)}' står to gange (også linje {lines[name]}); "
                        "skriv den kun én gang",
                        line_of(key_node),
                    )
                mapping[name] = results[id(value_node)]
                lines[name] = line_of(key_node)
            results[key] = mapping
    return results[id(node)]


def _scalar(constructor: Any, node: ScalarNode) -> Any:
    if node.tag == STR:
        return str(node.value)
    if node.tag == INT:
        digits = sum(ch.isdigit() for ch in str(node.value))
        if digits > MAX_INT_DIGITS:
            raise YamlProblem(
                f"tallet har {digits} cifre; et tal må højst have {MAX_INT_DIGITS}",
                line_of(node),
            )
        return int(constructor.construct_yaml_int(node))
    if node.tag == FLOAT:
        if len(str(node.value)) > 100:
            raise YamlProblem("tallet er for langt", line_of(node))
        return float(constructor.construct_yaml_float(node))
    if node.tag == BOOL:
        return bool(constructor.construct_yaml_bool(node))
    return None


def key_lines(node: Node | None) -> dict[str, int]:
    """The line of each key of a mapping node (the first, for a repeated key)."""
    found: dict[str, int] = {}
    if isinstance(node, MappingNode):
        for key_node, _ in node.value:
            if isinstance(key_node, ScalarNode):
                found.setdefault(str(key_node.value), line_of(key_node))
    return found


def value_node(node: Node | None, key: str) -> Node | None:
    """The value node of ``key`` in a mapping node, if it is there."""
    if isinstance(node, MappingNode):
        for key_node, value in node.value:
            if isinstance(key_node, ScalarNode) and key_node.value == key:
                return value  # type: ignore[no-any-return]
    return None


def item_lines(node: Node | None) -> list[int]:
    """The line of each item of a sequence node."""
    if isinstance(node, SequenceNode):
        return [line_of(item) for item in node.value]
    return []


__all__ = [
    "MAX_ALIASES",
    "MAX_DEPTH",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "MappingNode",
    "Node",
    "ScalarNode",
    "SequenceNode",
    "YamlProblem",
    "compose",
    "item_lines",
    "key_lines",
    "line_of",
    "plain",
    "value_node",
]
