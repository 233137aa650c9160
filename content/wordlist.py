"""The maintainers' word list for search: the words staff type, and the guideline's words.

The file is ``ord.yaml`` in the handbook folder. It is the committee's to edit::

    ord:
      kodeord: [login, log ind, adgangskode, password, pinkode]
    samme:
      - [jobbet, arbejdspladsen]

Under ``ord:`` each key is a word that stands in the handbook, and its list holds the
words people type instead (Danish or English, one word or more). Under ``samme:`` each
list holds words of the handbook that mean the same: each of them also finds the others.

Reading it never fails: :func:`load_word_list` returns what it could read and the
problems with the rest, each with its line. Nothing here imports whoosh or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from paddehatten.content.model import Problem

#: The file's name in the handbook folder.
WORD_LIST_FILE = "ord.yaml"
#: A larger file is not read (it would be a mistake, not a word list).
MAX_BYTES = 512 * 1024
#: Longest word or words accepted in one entry.
MAX_ENTRY = 80

_KEYS = ("ord", "samme")


@dataclass(frozen=True)
class Entry:
    """One rule: typing ``typed`` (one or more words) also finds ``target``, a word of
    the handbook. ``line`` is where ``target`` is written in the file."""

    typed: str
    target: str
    line: int


@dataclass(frozen=True)
class Target:
    """A word the list says stands in the handbook, and the line it is written on."""

    word: str
    line: int


@dataclass(frozen=True)
class WordList:
    entries: tuple[Entry, ...] = ()
    #: Every handbook word the file names, for ``check`` to look for in the handbook.
    targets: tuple[Target, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.entries)


def load_word_list(root: Path) -> tuple[WordList, list[Problem]]:
    """The word list of the handbook in ``root`` (empty when there is none), and the
    problems with the file. Entries with a problem are left out; the rest stand."""
    path = root / WORD_LIST_FILE
    problems: list[Problem] = []
    if not path.exists():
        return WordList(), problems
    text = _read(path, problems)
    if text is None:
        return WordList(), problems
    try:
        document = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark is not None else 1
        reason = getattr(error, "problem", None) or "det er ikke gyldig YAML"
        return WordList(), [Problem(WORD_LIST_FILE, line, f"YAML kan ikke læses: {reason}")]
    if document is None:
        return WordList(), problems
    if not isinstance(document, MappingNode):
        problems.append(Problem(WORD_LIST_FILE, _line(document), "forventede 'ord:' og 'samme:'"))
        return WordList(), problems
    entries: list[Entry] = []
    targets: list[Target] = []
    for key, value in document.value:
        name = key.value if isinstance(key, ScalarNode) else ""
        if name == "ord":
            _read_words(value, entries, targets, problems)
        elif name == "samme":
            _read_groups(value, entries, targets, problems)
        else:
            problems.append(
                Problem(
                    WORD_LIST_FILE,
                    _line(key),
                    f"ukendt nøgle '{name}:'; filen kender kun 'ord:' og 'samme:'",
                )
            )
    return WordList(tuple(entries), tuple(targets)), problems


def _read(path: Path, problems: list[Problem]) -> str | None:
    if not path.is_file():
        problems.append(Problem(WORD_LIST_FILE, 0, "er ikke en almindelig fil"))
        return None
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_BYTES + 1)
    except OSError as error:
        problems.append(Problem(WORD_LIST_FILE, 0, f"filen kan ikke læses ({error.strerror})"))
        return None
    if len(data) > MAX_BYTES:
        problems.append(
            Problem(WORD_LIST_FILE, 0, f"filen er over {MAX_BYTES // 1024} KB; den læses ikke")
        )
        return None
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        problems.append(Problem(WORD_LIST_FILE, line, "filen er ikke UTF-8; gem den som UTF-8"))
        return None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        problems.append(Problem(WORD_LIST_FILE, line, "filen indeholder en NUL-byte"))
        return None
    return text.removeprefix("\ufeff")


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _word(node: Node, problems: list[Problem], what: str) -> str | None:
    """One entry's text, cleaned of extra spaces, or None (with a problem)."""
    if not isinstance(node, ScalarNode) or node.tag != "tag:yaml.org,2002:str":
        if isinstance(node, ScalarNode) and node.value:
            # A number or yes/no written bare: still the word as written.
            return " ".join(str(node.value).split()) or None
        problems.append(Problem(WORD_LIST_FILE, _line(node), f"{what} skal være et ord"))
        return None
    value = " ".join(str(node.value).split())
    if not value or not any(c.isalnum() for c in value):
        problems.append(Problem(WORD_LIST_FILE, _line(node), f"{what} er tom"))
        return None
    if len(value) > MAX_ENTRY:
        problems.append(
            Problem(WORD_LIST_FILE, _line(node), f"{what} er længere end {MAX_ENTRY} tegn")
        )
        return None
    return value


def _items(node: Node, problems: list[Problem], what: str) -> list[Node]:
    """The nodes of a list (a single word counts as a list of one)."""
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, ScalarNode) and node.value:
        return [node]
    problems.append(
        Problem(WORD_LIST_FILE, _line(node), f"{what} skal være en liste som [ord, ord]")
    )
    return []


def _read_words(
    node: Node, entries: list[Entry], targets: list[Target], problems: list[Problem]
) -> None:
    if not isinstance(node, MappingNode):
        problems.append(
            Problem(
                WORD_LIST_FILE,
                _line(node),
                "'ord:' skal have linjer som 'kodeord: [login, password]'",
            )
        )
        return
    for key, value in node.value:
        target = _word(key, problems, "ordet fra håndbogen")
        if target is None:
            continue
        line = _line(key)
        targets.append(Target(target, line))
        typed = [
            word
            for item in _items(value, problems, f"listen under '{target}:'")
            if (word := _word(item, problems, f"et ord under '{target}:'")) is not None
        ]
        if not typed and isinstance(value, SequenceNode):
            problems.append(Problem(WORD_LIST_FILE, line, f"'{target}:' har ingen ord"))
        entries.extend(Entry(word, target, line) for word in typed)


def _read_groups(
    node: Node, entries: list[Entry], targets: list[Target], problems: list[Problem]
) -> None:
    if not isinstance(node, SequenceNode):
        problems.append(
            Problem(
                WORD_LIST_FILE,
                _line(node),
                "'samme:' skal være en liste af lister som '- [jobbet, arbejdspladsen]'",
            )
        )
        return
    for group in node.value:
        found = [
            (word, _line(item))
            for item in _items(group, problems, "en gruppe under 'samme:'")
            if (word := _word(item, problems, "et ord under 'samme:'")) is not None
        ]
        if len(found) < 2:
            problems.append(
                Problem(WORD_LIST_FILE, _line(group), "en gruppe under 'samme:' skal have to ord")
            )
            continue
        for word, line in found:
            targets.append(Target(word, line))
        for word, line in found:
            entries.extend(Entry(word, other, line) for other, _ in found if other != word)
