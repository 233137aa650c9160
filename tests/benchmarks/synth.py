"""Synthetic handbooks in the content format, for benchmarks and large-handbook tests.

``write_handbook(folder, sections=1000)`` writes ``handbook.yaml`` and
``sections/*.md`` the way a maintainer would, so the loader, the index and the
command line all see a real handbook directory. The text is Danish-looking: the
guideline's own words, common Danish words, compounds built from them and a long
tail of made-up words, drawn with a Zipf distribution like real text. The same
seed gives the same handbook.

Run as a script to write one: ``python tests/benchmarks/synth.py DIR --sections 1000``.
"""

from __future__ import annotations

import argparse
import random
import re
from pathlib import Path

GUIDELINE = Path(__file__).resolve().parents[2] / "content" / "paddehatten" / "vedtaget-tekst.txt"


def _split(text: str) -> list[str]:
    return text.split()


COMMON = _split("""
og i at det en den til er som på de med han af for ikke der var du vi kan skal
har vil eller men om fra når også hvis efter over under ud op sig sin dig din
barn børn forældre pædagog leg mad tur stue have dag uge morgen aften frokost
personale leder kollega møde plan regel aftale samtale besked telefon billede
video opslag gruppe side profil konto kode sikkerhed oplysning data samtykke
ansvar pligt hensyn omsorg tryghed trivsel udvikling læring sprog musik bog
historie sang dans maleri tegning sommer vinter forår efterår ferie fødselsdag
fest jul påske weekend hjem vej bus bil cykel skov strand park legeplads sandkasse
gynge rutsjebane bold dukke klods puslespil køkken garderobe toilet sovesal
madpakke frugt vand mælk brød ost æble banan gulerod kage skrive læse tænke sige
spørge svare dele sende poste lægge hente bringe vise hjælpe passe lytte tale
lege synge male bygge løbe hoppe sove spise drikke vaske tørre rydde pakke
""")

SYLLABLES_START = _split(
    "b d f g h j k l m n p r s t v bl br dr fl fr gl gr kl kr pl pr sk sl sm sn sp st tr"
)
VOWELS = _split("a e i o u y æ ø å")
SYLLABLES_END = "", "n", "r", "l", "s", "t", "d", "g", "k", "m", "nd", "ng", "rt", "st", "lt"


def _guideline_words() -> list[str]:
    try:
        text = GUIDELINE.read_text(encoding="utf-8")
    except OSError:
        return []
    return [w.lower() for w in re.findall(r"\w+", text) if not w.isdigit()]


def _made_up(rng: random.Random) -> str:
    parts = []
    for _ in range(rng.choice((2, 2, 3, 3, 4))):
        parts.append(rng.choice(SYLLABLES_START) + rng.choice(VOWELS) + rng.choice(SYLLABLES_END))
    return "".join(parts)


def vocabulary(rng: random.Random, size: int = 30000) -> list[str]:
    """Words in rank order: the most frequent first."""
    seen: set[str] = set()
    ranked: list[str] = []

    def add(word: str) -> None:
        if word and word not in seen:
            seen.add(word)
            ranked.append(word)

    for word in COMMON:
        add(word)
    guideline = _guideline_words()
    for word in guideline:
        add(word)
    nouns = [w for w in COMMON[60:] + guideline if len(w) >= 4]
    while len(ranked) < size:
        roll = rng.random()
        if roll < 0.35 and nouns:
            link = rng.choice(("", "", "s", "e"))
            add(rng.choice(nouns) + link + rng.choice(nouns))
        elif roll < 0.45 and nouns:
            add(rng.choice(nouns) + rng.choice(("en", "er", "erne", "et", "ene", "s")))
        else:
            add(_made_up(rng))
    return ranked


class Writer:
    def __init__(self, seed: int = 2018, vocabulary_size: int = 30000) -> None:
        self.rng = random.Random(seed)
        self.words = vocabulary(self.rng, vocabulary_size)
        weights = [1.0 / (rank + 2.7) for rank in range(len(self.words))]
        total = 0.0
        self.cumulative: list[float] = []
        for weight in weights:
            total += weight
            self.cumulative.append(total)

    def word(self) -> str:
        return self.rng.choices(self.words, cum_weights=self.cumulative, k=1)[0]

    def sentence(self, length: int) -> str:
        words = [self.word() for _ in range(length)]
        words[0] = words[0].capitalize()
        if length > 6 and self.rng.random() < 0.4:
            words[length // 2] += ","
        return " ".join(words) + self.rng.choice((".", ".", ".", "!", "?"))

    def body(self, words: int = 100) -> str:
        sentences = []
        left = words
        while left > 0:
            length = min(left, self.rng.randint(6, 16))
            sentences.append(self.sentence(length))
            left -= length
        paragraphs = []
        while sentences:
            take = self.rng.randint(2, 5)
            paragraphs.append(" ".join(sentences[:take]))
            sentences = sentences[take:]
        return "\n\n".join(paragraphs)

    def title(self) -> str:
        words = [self.word() for _ in range(self.rng.randint(2, 5))]
        return " ".join(words).capitalize()


def write_handbook(
    folder: Path, sections: int = 1000, *, words: int = 100, seed: int = 2018
) -> Path:
    """Write a handbook of ``sections`` sections of about ``words`` words to ``folder``."""
    writer = Writer(seed)
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "sections").mkdir(exist_ok=True)
    per_chapter = 100
    chapters = (sections + per_chapter - 1) // per_chapter
    meta = [
        "title: Syntetisk håndbog",
        f"revision: Genereret med {sections} afsnit (frø {seed})",
        "chapters:",
    ]
    for number in range(1, chapters + 1):
        meta += [
            f"  - id: kapitel-{number:03d}",
            f"    title: Kapitel {number}",
            "    style: numbered",
            "    label: Punkt",
        ]
    (folder / "handbook.yaml").write_text("\n".join(meta) + "\n", encoding="utf-8")
    for index in range(sections):
        chapter = index // per_chapter + 1
        ident = f"afsnit-{index + 1:05d}"
        title = writer.title().replace('"', "")
        text = (
            f"---\nid: {ident}\nchapter: kapitel-{chapter:03d}\nnumber: {index % per_chapter + 1}\n"
            f'title: "{title}"\n---\n\n{writer.body(words)}\n'
        )
        (folder / "sections" / f"{ident}.md").write_text(text, encoding="utf-8")
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path)
    parser.add_argument("--sections", type=int, default=1000)
    parser.add_argument("--words", type=int, default=100)
    parser.add_argument("--seed", type=int, default=2018)
    args = parser.parse_args()
    write_handbook(args.folder, args.sections, words=args.words, seed=args.seed)
    print(f"{args.sections} afsnit skrevet i {args.folder}")


if __name__ == "__main__":
    main()
