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
problems with the rest, each with its line (the file's shape is :data:`WORD_LIST`,
read by :mod:`paddehatten.content.schema`). Nothing here imports whoosh or Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from paddehatten.content import files, schema, yaml_io
from paddehatten.content.model import Problem

#: The file's name in the handbook folder.
WORD_LIST_FILE = "ord.yaml"
#: A larger file is not read (it would be a mistake, not a word list).
MAX_BYTES = 512 * 1024
#: Longest word or words accepted in one entry.
MAX_ENTRY = 80


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


#: A word or a few, as a handbook word or as words people type.
WORD = schema.Word(MAX_ENTRY)
#: ``ord:``: each handbook word, and the words people type instead.
WORDS = schema.MapOf(
    WORD,
    schema.ListOf(
        schema.At(WORD), noun="et ord", single=True, min_items=1, suffix=" som [ord, ord]"
    ),
    key_noun="et ord",
    example="'kodeord: [login, password]'",
)
#: ``samme:``: groups of handbook words that mean the same.
GROUPS = schema.ListOf(
    schema.ListOf(
        schema.At(WORD),
        noun="et ord",
        single=True,
        min_items=2,
        suffix=" som [jobbet, arbejdspladsen]",
    ),
    noun="en gruppe",
    suffix=" af lister som '- [jobbet, arbejdspladsen]'",
)
#: ord.yaml.
WORD_LIST = schema.Fields(
    {"ord": schema.Key(WORDS, default=()), "samme": schema.Key(GROUPS, default=())}
)


def load_word_list(root: Path) -> tuple[WordList, list[Problem]]:
    """The word list of the handbook in ``root`` (empty when there is none), and the
    problems with the file. Entries with a problem are left out; the rest stand."""
    path = root / WORD_LIST_FILE
    problems: list[Problem] = []
    try:
        absent = files.kind_of(path) is None
    except files.FileProblem:
        absent = False  # reading it says why it cannot be read
    if absent:
        return WordList(), problems
    text = _read(path, problems)
    if text is None:
        return WordList(), problems
    try:
        document = yaml_io.compose(text)
    except yaml_io.YamlProblem as problem:
        return WordList(), [Problem(WORD_LIST_FILE, problem.line, problem.message)]
    data = schema.Reader(WORD_LIST_FILE, problems).read(WORD_LIST, document)
    if data is None:
        return WordList(), problems
    entries: list[Entry] = []
    targets: list[Target] = []
    words: list[tuple[schema.Spot[str], list[schema.Spot[str]]]] = list(data.get("ord", ()))
    for target, typed in words:
        targets.append(Target(target.value, target.line))
        entries.extend(Entry(word.value, target.value, target.line) for word in typed)
    groups: list[list[schema.Spot[str]]] = list(data.get("samme", ()))
    for group in groups:
        if len(group) < 2:
            continue  # a word of it did not fit: told
        targets.extend(Target(word.value, word.line) for word in group)
        for word in group:
            entries.extend(
                Entry(word.value, other.value, word.line)
                for other in group
                if other.value != word.value
            )
    return WordList(tuple(entries), tuple(targets)), problems


def _read(path: Path, problems: list[Problem]) -> str | None:
    try:
        return files.read_text(path, MAX_BYTES)
    except files.FileProblem as problem:
        problems.append(Problem(WORD_LIST_FILE, problem.line, problem.message))
        return None
