"""Where "Mente du" starts to help: how often the nearest word of the text is right, by
word length.

    python tests/benchmarks/bench_typo_cutoff.py

For every length, two kinds of unknown words are put to the suggester (the nearest word
of the guideline, two edits at most, a swap counting as one, that finds a section):

- typos: every word of the guideline's sections of that length with one edit (a letter
  changed, left out, added or two neighbours swapped; a sample, the same every run);
  right when the suggestion is the word meant;
- real words the guideline does not use (everyday Danish from the synthetic handbooks'
  common words and the word list's everyday words): any suggestion is wrong.

Precision is right suggestions over all suggestions, counting both kinds with the same
weight; "any edit" is the same for the rule before issue 10 (any word one or two edits
away, the most frequent). Below 5 letters only a swap is suggested: any other edit of a
short word is more often wrong than right. ``index.search.TYPO1_MIN`` is the shortest
length where "any edit" is right more often than wrong.
Not collected by pytest.
"""

from __future__ import annotations

import random
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from paddehatten.content import DEFAULT_CONTENT, load_handbook  # noqa: E402
from paddehatten.content.wordlist import load_word_list  # noqa: E402
from paddehatten.index import open_index  # noqa: E402
from paddehatten.index.analysis import fold, forms, words  # noqa: E402
from paddehatten.index.documents import section_documents  # noqa: E402
from paddehatten.index.search import TYPO1_MIN  # noqa: E402
from paddehatten.index.tree_documents import tree_documents  # noqa: E402
from tests.benchmarks.synth import COMMON  # noqa: E402

LETTERS = "abcdefghijklmnoprstuvyæøå"
PER_WORD = 12


def typos(word: str, rng: random.Random) -> list[str]:
    made: set[str] = set()
    for at in range(len(word)):
        made.add(word[:at] + word[at + 1 :])
        made.add(word[:at] + rng.choice(LETTERS) + word[at + 1 :])
        made.add(word[:at] + rng.choice(LETTERS) + word[at:])
        if at + 1 < len(word) and word[at] != word[at + 1]:
            made.add(word[:at] + word[at + 1] + word[at] + word[at + 2 :])
    made.discard(word)
    chosen = sorted(made)
    rng.shuffle(chosen)
    return chosen[:PER_WORD]


def main() -> None:
    handbook = load_handbook(DEFAULT_CONTENT)
    index = open_index(handbook, extra=tree_documents(handbook), cache=False)
    reader = index._searcher.reader()
    known = {forms(m.group(0)).fold for d in section_documents(handbook) for m in words(d.text)}
    everything = set(known)
    for document in tree_documents(handbook):
        everything.update(forms(m.group(0)).fold for m in words(document.text))
    guideline = sorted({w for w in known if not forms(w).stop and w.isalpha()})
    word_list, _ = load_word_list(DEFAULT_CONTENT)
    real = {w.lower() for w in COMMON} | {e.typed.lower() for e in word_list.entries}
    real_words = sorted(w for w in real if w.isalpha() and fold(w) not in everything)
    rng = random.Random(2018)

    def suggest(term: str) -> str | None:
        better = index._spelling(reader, fold(term))
        if better is None or not index._finds_section(better):
            return None
        return fold(better)

    def any_edit(term: str) -> str | None:
        """The rule before issue 10: any word one, then two edits away, most frequent."""
        for maxdist in (1, 2):
            near = [
                (-reader.doc_frequency(name, c), c)
                for name in ("title_fold", "body_fold")
                for c in reader.terms_within(name, fold(term), maxdist, prefix=1)
                if c != fold(term) and not forms(c).stop
            ]
            if near:
                return str(min(near)[1])
        return None

    def precision(
        rule: Callable[[str], str | None], made: list[tuple[str, str]], others: list[str]
    ) -> float:
        r = sum(1 for w, t in made if rule(t) == w) / max(1, len(made))
        m = sum(1 for w, t in made if (s := rule(t)) is not None and s != w) / max(1, len(made))
        q = sum(1 for w in others if rule(w) is not None) / max(1, len(others))
        return r / (r + m + q) if r + m + q else 0.0

    print(
        f"{'letters':>7} {'typos':>6} {'right':>6} {'wrong':>6} {'real':>5} {'sugg.':>6}"
        f" {'precision':>9}"
    )
    for length in range(3, 10):
        meant = [w for w in guideline if len(w) == length]
        made = [(w, t) for w in meant for t in typos(w, rng) if fold(t) not in everything]
        right = sum(1 for w, t in made if suggest(t) == w)
        wrong = sum(1 for w, t in made if (s := suggest(t)) is not None and s != w)
        others = [w for w in real_words if len(fold(w)) == length]
        suggested = sum(1 for w in others if suggest(w) is not None)
        r = right / len(made) if made else 0.0
        m = wrong / len(made) if made else 0.0
        q = suggested / len(others) if others else 0.0
        ours = r / (r + m + q) if r + m + q else 0.0
        mark = " ← TYPO1_MIN: any edit from here" if length == TYPO1_MIN else ""
        print(
            f"{length:>7} {len(made):>6} {r:>6.2f} {m:>6.2f} {len(others):>5} {q:>6.2f}"
            f" {ours:>9.2f} {precision(any_edit, made, others):>9.2f}{mark}"
        )


if __name__ == "__main__":
    main()
