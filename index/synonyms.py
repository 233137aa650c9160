"""The maintainers' word list (``ord.yaml``) as search uses it, and its check.

A word typed is looked up by its folded form and by its stem, so "Pinkoden", "pinkode"
and "PINKODE" all reach «kodeord»; an entry of several words ("log ind", "user name")
matches those words typed one after the other. While a word is still being typed, the
entries it begins are found too ("tikt" → TikTok). The analysis (and so whoosh) is
imported only when a list is built or checked: ``paddehatten check`` imports this
module on start.
"""

from __future__ import annotations

import bisect
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from paddehatten.content.model import ContentError, Handbook, Problem
from paddehatten.index.words import words

if TYPE_CHECKING:
    from paddehatten.content.wordlist import Target, WordList

#: Entries a word still being typed may begin; shorter beginnings find none.
PREFIX_MIN = 3
#: An entry is also found by its stem when the stem has this many letters.
STEM_MIN = 4


def _folds(text: str) -> tuple[str, ...]:
    from paddehatten.index.analysis import forms

    return tuple(forms(m.group(0)).fold for m in words(text))


@dataclass
class Synonyms:
    """Lookups built from a :class:`WordList`: typed form → the handbook's words."""

    by_fold: dict[str, list[str]] = field(default_factory=dict)
    by_stem: dict[str, list[str]] = field(default_factory=dict)
    #: Entries of several words, by their first word's folded form.
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = field(default_factory=dict)
    #: Single-word entries, folded, sorted: for the word being typed.
    sorted_folds: list[str] = field(default_factory=list)

    @classmethod
    def of(cls, word_list: WordList) -> Synonyms:
        from paddehatten.index.analysis import fold, forms

        made = cls()
        for entry in word_list.entries:
            parts = _folds(entry.typed)
            if not parts:
                continue
            if len(parts) > 1:
                made.phrases.setdefault(parts[0], []).append((parts, entry.target))
                # "pin-kode" and "e-mail" are also typed as one word.
                joined = "".join(parts)
                if "-" in entry.typed and len(joined) >= PREFIX_MIN:
                    made._add(joined, fold(joined), entry.target)
            else:
                word = forms(entry.typed)
                made._add(word.fold, word.stem, entry.target)
        made.sorted_folds = sorted(made.by_fold)
        return made

    def _add(self, folded: str, stemmed: str, target: str) -> None:
        tables = [(self.by_fold, folded)]
        if len(stemmed) >= STEM_MIN:
            # A short stem is shared by unrelated words ("some" and "sommeren" are
            # both "som"): such an entry is found by its own spelling only.
            tables.append((self.by_stem, stemmed))
        for table, key in tables:
            found = table.setdefault(key, [])
            if target not in found:
                found.append(target)

    def __bool__(self) -> bool:
        return bool(self.by_fold or self.phrases)

    def lookup(self, folded: str, stemmed: str) -> list[str]:
        """The handbook's words for one word typed (by its fold and stem, or, failing
        those, an entry that is the same base with another inflection ending: "adde"
        for "add")."""
        from paddehatten.index.analysis import INFLECTIONS

        found = list(self.by_fold.get(folded, ()))
        for target in self.by_stem.get(stemmed, ()):
            if target not in found:
                found.append(target)
        if found:
            return found
        for ending in INFLECTIONS:
            if folded.endswith(ending) and len(folded) - len(ending) >= PREFIX_MIN:
                base = folded[: len(folded) - len(ending)]
                for key in (base, *(base + other for other in INFLECTIONS)):
                    for target in self.by_fold.get(key, ()):
                        if key != folded and target not in found:
                            found.append(target)
        return found

    def begun(self, folded: str, limit: int = 8) -> list[str]:
        """The handbook's words for entries that begin with ``folded`` (not equal to it)."""
        if len(folded) < PREFIX_MIN:
            return []
        found: list[str] = []
        at = bisect.bisect_right(self.sorted_folds, folded)
        while at < len(self.sorted_folds) and self.sorted_folds[at].startswith(folded):
            for target in self.by_fold[self.sorted_folds[at]]:
                if target not in found:
                    found.append(target)
            at += 1
            if len(found) >= limit:
                break
        return found

    def near(self, folded: str, maxdist: int) -> list[str]:
        """The handbook's words for single-word entries at most ``maxdist`` edits from
        ``folded`` (a swap of two neighbouring letters is one): a typo in a word only
        the word list knows ("venneanmodnig", "pasword")."""
        from whoosh.support.levenshtein import damerau_levenshtein

        found: list[str] = []
        for key in self.sorted_folds:
            if abs(len(key) - len(folded)) > maxdist or key == folded:
                continue
            if damerau_levenshtein(key, folded) <= maxdist:
                for target in self.by_fold[key]:
                    if target not in found and " " not in target:
                        found.append(target)
        return found

    def spans(self, sequence: Sequence[str]) -> list[tuple[int, int, str]]:
        """(start, end, handbook word) for every entry of several words found in the
        folded words ``sequence``."""
        found: list[tuple[int, int, str]] = []
        for start, first in enumerate(sequence):
            for parts, target in self.phrases.get(first, ()):
                end = start + len(parts)
                if tuple(sequence[start:end]) == parts:
                    found.append((start, end, target))
        return found


def load_synonyms(root: Path) -> Synonyms:
    """The word list of the handbook in ``root`` for search; a faulty file gives what
    could be read (``check`` reports the rest), and never an error."""
    from paddehatten.content.wordlist import load_word_list

    try:
        word_list, _ = load_word_list(root)
    except Exception:  # the file is the maintainers'; search must go on without it
        return Synonyms()
    return Synonyms.of(word_list)


# The check -------------------------------------------------------------------------


def _texts(handbook: Handbook) -> list[str]:
    from paddehatten.index.documents import handbook_documents
    from paddehatten.index.tree_documents import tree_documents

    return [f"{d.title}\n{d.text}" for d in handbook_documents(handbook, tree_documents(handbook))]


def check_word_list(
    folder: Path, problems: Sequence[Problem] = (), handbook: Handbook | None = None
) -> list[Problem]:
    """The problems of ``ord.yaml`` in ``folder``: the file itself, and every word of the
    handbook it names that stands nowhere in the handbook (so its words would find
    nothing). The second needs a handbook that loads: with ``problems`` already found,
    only the file is checked. ``handbook``: the folder's handbook, when the caller has
    loaded it already (``paddehatten check`` loads a folder once)."""
    from paddehatten.content.wordlist import WORD_LIST_FILE, load_word_list

    word_list, found = load_word_list(folder)
    if problems or not word_list.targets:
        return found
    from paddehatten.content.loader import load_handbook
    from paddehatten.index.analysis import forms

    if handbook is None:
        try:
            handbook = load_handbook(folder)
        except ContentError:
            return found
    known_folds: set[str] = set()
    known_stems: set[str] = set()
    lines: list[str] = []
    for text in _texts(handbook):
        folded = _folds(text)
        lines.append(" " + " ".join(folded) + " ")
        known_folds.update(folded)
        known_stems.update(forms(m.group(0)).stem for m in words(text))
    reported: set[tuple[str, int]] = set()
    for target in word_list.targets:
        parts = _folds(target.word)
        if len(parts) == 1:
            here = parts[0] in known_folds or forms(target.word).stem in known_stems
        else:
            phrase = " " + " ".join(parts) + " "
            here = any(phrase in line for line in lines)
        if here or (target.word, target.line) in reported:
            continue
        reported.add((target.word, target.line))
        found.append(
            Problem(
                WORD_LIST_FILE,
                target.line,
                f"«{target.word}» står ikke nogen steder i håndbogen, så søgeordene til det "
                "finder intet; skriv ordet, som retningslinjen staver det, eller fjern linjen",
            )
        )
    found += _common_targets(handbook, word_list.targets)
    return found


#: A word of the handbook the word list leads to is "very common" when it stands in more
#: than this share of the sections (and in at least COMMON_MIN of them).
COMMON_SHARE = 1 / 3
COMMON_MIN = 3


def _common_targets(handbook: Handbook, targets: Sequence[Target]) -> list[Problem]:
    """A warning for each word of the handbook the word list leads to that is a stop
    word, a question word, or stands in most sections: the words typed for it would
    find nearly everything, and make questions the guideline does not cover hit."""
    from paddehatten.content.model import warning
    from paddehatten.content.wordlist import WORD_LIST_FILE
    from paddehatten.index.analysis import forms
    from paddehatten.index.documents import section_documents

    sections = [
        {forms(m.group(0)).stem for m in words(f"{d.title}\n{d.text}")}
        for d in section_documents(handbook)
    ]
    warned: list[Problem] = []
    seen: set[str] = set()
    for target in targets:
        parts = [forms(m.group(0)) for m in words(target.word)]
        if len(parts) != 1 or target.word in seen:
            continue
        seen.add(target.word)
        word = parts[0]
        many = sum(word.stem in stems for stems in sections)
        if word.common:
            why = "er et ord, søgningen ser bort fra"
        elif many >= COMMON_MIN and many > COMMON_SHARE * len(sections):
            why = f"står i {many} af {len(sections)} afsnit"
        else:
            continue
        warned.append(
            warning(
                WORD_LIST_FILE,
                target.line,
                f"«{target.word}» {why}, så søgeordene til det finder næsten alt; "
                "vælg et mere præcist ord fra retningslinjen",
            )
        )
    return warned
