"""Stemmers and lemmatizers on the guideline's own vocabulary (issue 21).

    python tests/benchmarks/bench_stemmers.py            # the table
    python tests/benchmarks/bench_stemmers.py --groups   # also every group each one merges

Forms a person types (definite, plural, past: -en, -et, -ene, -erne, -ede, -te …) are
paired with the word the guideline has (``PAIRS``). For each way of reducing words it
reports how many pairs meet (the typed form and the text's word reduce to the same
thing), how many of the guideline's distinct words it merges into groups (where a wrong
merge makes a word find an unrelated section; ``--groups`` lists them to judge), and
its speed per word.

- ``snowball``: Snowball's Danish stemmer as whoosh ships it (what the index used);
- ``snowballstemmer``: the same algorithm from the ``snowballstemmer`` package, if
  installed (``pip install snowballstemmer``);
- ``hunspell-da``: Debian's ``hunspell-da`` dictionary through the ``hunspell``
  command's stemmer (``apt-get install hunspell hunspell-da``), if installed;
- ``lemmy``: the Danish lemmatizer ``lemmy`` (``pip install lemmy``), if installed;
- ``ours``: the index's own: the Snowball stem with the irregular forms brought together,
  plus the reduction of an inflected form to a word the text has (search's stem tier).

Not collected by pytest; figures are printed, never asserted.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT))

from paddehatten.content import DEFAULT_CONTENT, load_handbook  # noqa: E402
from paddehatten.index import analysis, open_index  # noqa: E402
from paddehatten.index.analysis import fold, forms, stem  # noqa: E402
from paddehatten.index.documents import section_documents  # noqa: E402
from paddehatten.index.words import words  # noqa: E402

#: (what a person types, the guideline's word it means).
PAIRS: list[tuple[str, str]] = [
    ("aftenen", "aften"),
    ("aftener", "aften"),
    ("kodeordet", "kodeord"),
    ("kodeordene", "kodeord"),
    ("billedet", "billeder"),
    ("billederne", "billeder"),
    ("billede", "billeder"),
    ("annoncen", "annoncer"),
    ("annoncerne", "annoncer"),
    ("annonce", "annoncer"),
    ("vennen", "venner"),
    ("vennerne", "venner"),
    ("ven", "venner"),
    ("forælderen", "forældre"),
    ("forældrenes", "forældrene"),
    ("barnet", "barns"),
    ("børnene", "børn"),
    ("pædagogerne", "pædagog"),
    ("pædagogen", "pædagog"),
    ("kollegaen", "kollegaer"),
    ("kollegaerne", "kollegerne"),
    ("profilen", "profil"),
    ("profiler", "profil"),
    ("applikationen", "applikationer"),
    ("applikation", "applikationer"),
    ("beskeden", "besked"),
    ("beskeder", "besked"),
    ("relationen", "relation"),
    ("relationer", "relation"),
    ("oplysningerne", "oplysninger"),
    ("oplysning", "oplysninger"),
    ("mailadressen", "mailadresse"),
    ("mailen", "mail"),
    ("mails", "mail"),
    ("chef", "chefen"),
    ("chefer", "chefen"),
    ("job", "jobbet"),
    ("arbejdsplads", "arbejdspladsen"),
    ("risiko", "risikoen"),
    ("godkende", "godkender"),
    ("godkendte", "godkender"),
    ("godkendt", "godkender"),
    ("skrive", "skriver"),
    ("skrevet", "skrev"),
    ("poste", "postede"),
    ("postet", "postede"),
    ("lægge", "lægger"),
    ("lagde", "lægger"),
    ("dele", "deler"),
    ("delte", "deler"),
    ("offentliggøre", "offentliggør"),
    ("offentliggjorde", "offentliggør"),
    ("hacke", "hacket"),
    ("hackede", "hacket"),
    ("tavshedspligten", "tavshedspligt"),
    ("underretningen", "underretning"),
    ("underretninger", "underretning"),
    ("vennelisten", "vennelister"),
    ("venneliste", "vennelister"),
    ("søndagen", "søndag"),
    ("turen", "tur"),
    ("situationen", "situationer"),
    ("familien", "familie"),
    ("respekten", "respekt"),
    ("omtanken", "omtanke"),
    ("fortrydelsesretten", "fortrydelsesret"),
    ("informationerne", "informationer"),
    ("sikkerhedspolitikken", "sikkerhedspolitik"),
    ("tilgængelige", "tilgængelig"),
    ("professionelle", "professionel"),
]

Reducer = Callable[[list[str]], list[str]]


def vocabulary() -> list[str]:
    handbook = load_handbook(DEFAULT_CONTENT)
    found: dict[str, None] = {}
    for document in section_documents(handbook):
        for match in words(f"{document.title}\n{document.text}"):
            word = match.group(0).lower()
            if word.isalpha() and not forms(word).stop:
                found.setdefault(word, None)
    return list(found)


def whoosh_snowball(batch: list[str]) -> list[str]:
    from whoosh.lang.snowball.danish import DanishStemmer

    stemmer = DanishStemmer()
    return [str(stemmer.stem(w)) for w in batch]


def snowballstemmer_package() -> Reducer | None:
    try:
        import snowballstemmer  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    stemmer = snowballstemmer.stemmer("danish")
    return lambda batch: [str(s) for s in stemmer.stemWords(batch)]


def hunspell() -> Reducer | None:
    if shutil.which("hunspell") is None or not Path("/usr/share/hunspell/da_DK.dic").exists():
        return None

    def reduce(batch: list[str]) -> list[str]:
        done = subprocess.run(
            ["hunspell", "-d", "da_DK", "-s", "-i", "utf-8"],
            input="\n".join(batch) + "\n",
            capture_output=True,
            text=True,
            check=True,
        )
        stems: dict[str, str] = {}
        for line in done.stdout.splitlines():
            parts = line.split()
            if len(parts) >= 2:
                stems.setdefault(parts[0], parts[1])  # the first analysis
            elif parts:
                stems.setdefault(parts[0], parts[0])  # unknown: the word itself
        return [stems.get(w, w) for w in batch]

    return reduce


def lemmy_lemmatizer() -> Reducer | None:
    try:
        import lemmy  # type: ignore[import-untyped, import-not-found, unused-ignore]
    except ImportError:
        return None
    lemmatizer = lemmy.load("da")
    return lambda batch: [lemmatizer.lemmatize("", w)[0] for w in batch]


def ours_pairs(pairs: list[tuple[str, str]]) -> list[bool]:
    """Whether search's own analysis brings each pair together: the same stem, or the
    typed form reduced to the text's word (the index's stem tier)."""
    handbook = load_handbook(DEFAULT_CONTENT)
    index = open_index(handbook, cache=False)
    reader = index._searcher.reader()
    met = []
    for typed, text in pairs:
        same = forms(typed).stem == forms(text).stem
        reduced = fold(text) in index._reduced(reader, "body", fold(typed))
        met.append(same or reduced)
    return met


def groups(words_: list[str], keys: list[str]) -> list[list[str]]:
    by_key: dict[str, list[str]] = {}
    for word, key in zip(words_, keys, strict=True):
        by_key.setdefault(key, []).append(word)
    return [g for g in by_key.values() if len(g) > 1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--groups", action="store_true", help="list the groups each merges")
    args = parser.parse_args()
    vocab = vocabulary()
    typed = [t for t, _ in PAIRS]
    texts = [w for _, w in PAIRS]
    systems: dict[str, Reducer | None] = {
        "snowball": whoosh_snowball,
        "snowballstemmer": snowballstemmer_package(),
        "hunspell-da": hunspell(),
        "lemmy": lemmy_lemmatizer(),
        "ours": lambda batch: [stem(w) for w in batch],
    }
    print(f"{len(PAIRS)} pairs (typed form → the guideline's word); {len(vocab)} distinct words")
    print(f"\n{'':<16} {'pairs met':>10} {'groups':>7} {'words merged':>13} {'µs/word':>9}")
    for name, reduce in systems.items():
        if reduce is None:
            print(f"{name:<16} not installed")
            continue
        forms.cache_clear()
        stem.cache_clear()
        analysis._snowball.cache_clear()
        start = time.perf_counter()
        keys = reduce(vocab)
        elapsed = time.perf_counter() - start
        if name == "ours":
            met = ours_pairs(PAIRS)
        else:
            a, b = reduce(typed), reduce(texts)
            met = [x.lower() == y.lower() for x, y in zip(a, b, strict=True)]
        merged = groups(vocab, keys)
        missed = [p for p, ok in zip(PAIRS, met, strict=True) if not ok]
        print(
            f"{name:<16} {sum(met):>4}/{len(PAIRS):<5} {len(merged):>7} "
            f"{sum(len(g) for g in merged):>13} {elapsed / len(vocab) * 1e6:>9.1f}"
        )
        print(f"{'':<16} missed: {', '.join(f'{t}→{w}' for t, w in missed) or '—'}")
        if args.groups:
            for group in merged:
                print(f"{'':<16}   {' '.join(group)}")


if __name__ == "__main__":
    main()
