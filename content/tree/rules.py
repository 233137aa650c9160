"""Rules that keep a decision tree to what the guideline says, checked mechanically.

Beside the quotations (word for word, in :mod:`content.tree.loader`):

- A point named in a text ("Råd 8", "HUSK 3") must be one the question or outcome
  cites: what it leans on is then shown, and reviewed, with it.
- A question or outcome that speaks of "retningslinjen" must cite what it speaks of.
- An outcome that is not marked ``gap: true`` must quote the guideline at least once
  (``quotes:`` or «…» in its body): advice that rests on the text shows the text.
  An outcome with no words of the guideline to quote is a gap, and says so.
- A title or a sentence of a body that says the guideline is silent about something
  ("Retningslinjen siger ikke noget om børn") must not name a word the guideline
  does use: a word of four letters or more that begins a word of a cited section or
  of any section ("børn" → «andre børn», «børnene») is an error. Say instead what it
  does not say ("siger ikke, om …"), and quote what it does.

And one thing a person must judge (:func:`cut_quotes`): a quotation that stops inside
a sentence of the guideline. Whether the rest of the sentence changes the meaning
cannot be told mechanically, so ``check`` warns and the review sheet lists each one
with the words left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from paddehatten.content.model import Handbook
from paddehatten.content.text import plain_text
from paddehatten.content.tree.model import DecisionTree, Outcome, Question

_GUILLEMETS = re.compile(r"«[^«»]+»")
_QUOTED = re.compile(r"«([^«»]+)»")
#: "siger ikke noget om X", "nævner ikke X", …: a claim that the guideline is silent on X.
_SILENCE = re.compile(
    r"\b(?:(?:siger|skriver|taler)\s+(?:ikke\s+noget|intet|ingenting|ikke)\s+om"
    r"|nævner\s+(?:ikke|intet|ingenting))\b(?!\s*,)([^.!?\n]*)",
    re.IGNORECASE,
)
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")
#: Words too common to be what a claim of silence is about.
_COMMON = frozenset(
    {
        "andre",
        "også",
        "eller",
        "hvad",
        "hvem",
        "hvis",
        "hvor",
        "hvordan",
        "ikke",
        "nogen",
        "noget",
        "når",
        "over",
        "selv",
        "skal",
        "til",
        "ting",
        "være",
        "deres",
        "dine",
        "dit",
        "din",
        "mere",
        "helt",
    }
)
_SENTENCE_END = ".!?"
_END = re.compile(r"(\w*)[.!?]")
_ABBREVIATIONS = frozenset({"jf", "fx", "evt", "bl", "ca", "osv", "f", "eks", "mv"})
#: The most words of a sentence's rest the review sheet and check show.
REST_WORDS = 30


def _texts(node: Question | Outcome) -> list[str]:
    if isinstance(node, Question):
        return [node.text, node.hint or ""]
    return [node.title, node.body, node.note or "", node.suggestion or ""]


def named_points(handbook: Handbook, text: str) -> Iterator[tuple[str, str]]:
    """(as written, section id) of every point a text names by label: "Råd 8"."""
    for chapter in handbook.chapters:
        if not chapter.label:
            continue
        pattern = re.compile(rf"\b{re.escape(chapter.label)}\s+(\d+)\b", re.IGNORECASE)
        for match in pattern.finditer(text):
            number = int(match.group(1))
            for section in handbook.in_chapter(chapter.id):
                if section.number == number:
                    yield match.group(0), section.id
                    break
            else:
                yield match.group(0), ""


def _words(text: str) -> set[str]:
    return {w.casefold() for w in _WORD.findall(text)}


def silence_claims(node: Question | Outcome) -> Iterator[tuple[str, str]]:
    """(the claim as written, what it says the guideline is silent about) in a node."""
    texts = [node.title, node.body] if isinstance(node, Outcome) else [node.text, node.hint or ""]
    for text in texts:
        for match in _SILENCE.finditer(_GUILLEMETS.sub("", " ".join(text.split()))):
            yield match.group(0).strip(), match.group(1)


def silence_rule(
    node: Question | Outcome, handbook: Handbook, words_of: dict[str, set[str]] | None = None
) -> Iterator[str]:
    """One message for each claim of silence that names words the guideline uses.

    ``words_of``: each section's words, when the caller has them (one tree, many nodes).
    """
    seen: set[str] = set()
    for claim, about in silence_claims(node):
        if words_of is None:
            words_of = section_words(handbook)
        if claim in seen:
            continue
        seen.add(claim)
        used = []
        for word in sorted(_words(about) - _COMMON, key=about.casefold().find):
            found = [
                s
                for s in handbook.sections
                if len(word) >= 4 and any(w.startswith(word) for w in words_of[s.id])
            ]
            # The sections it cites first: that is where the reader looks.
            found.sort(key=lambda s: s.id not in node.cites)
            if found:
                labels = ", ".join(handbook.label(s) for s in found[:3])
                used.append(f"«{word}» ({labels})")
        if used:
            yield (
                f"'{node.id}' siger «{claim}», men retningslinjen bruger {', '.join(used)}: "
                "sig præcist, hvad den ikke siger (fx «siger ikke, om …»), og citér det, "
                "den siger"
            )


def section_words(handbook: Handbook) -> dict[str, set[str]]:
    """Each section's words, folded, for :func:`silence_rule`."""
    return {s.id: _words(plain_text(s.body)) for s in handbook.sections}


@dataclass(frozen=True)
class CutQuote:
    """A quotation that stops inside a sentence of the section it comes from."""

    node: str
    line: int
    quote: str
    section: str
    #: The words of the sentence after the quotation.
    rest: str


def cut_quotes(tree: DecisionTree, handbook: Handbook) -> list[CutQuote]:
    """Every quotation (``quotes:`` or «…») that stops before its sentence ends."""
    texts = {s.id: " ".join(plain_text(s.body).split()) for s in handbook.sections}
    found: list[CutQuote] = []
    for node in tree.nodes:
        running = node.body if isinstance(node, Outcome) else node.hint or ""
        quotes = list(node.quotes) if isinstance(node, Outcome) else []
        quotes += _QUOTED.findall(running)
        seen: set[str] = set()
        for raw in quotes:
            quote = " ".join(raw.split()).rstrip()
            if quote in seen or not quote:
                continue
            seen.add(quote)
            for cite in node.cites:
                text = texts.get(cite, "")
                at = text.find(quote)
                if at < 0:
                    continue
                if quote[-1] in _SENTENCE_END:
                    break
                rest = _rest_of_sentence(text[at + len(quote) :])
                if rest and rest not in _SENTENCE_END:
                    found.append(CutQuote(node.id, node.line, quote, cite, rest))
                break
    return found


def _rest_of_sentence(after: str) -> str:
    """The words from ``after``'s start to the end of its sentence ("jf." and "fx."
    do not end one), shortened to :data:`REST_WORDS` words."""
    end = len(after)
    for match in _END.finditer(after):
        if match.group(1).casefold() not in _ABBREVIATIONS:
            end = match.end()
            break
    words = after[:end].split()
    if len(words) > REST_WORDS:
        words = [*words[:REST_WORDS], "…"]
    return " ".join(words)


def guideline_rules(
    tree: DecisionTree,
    handbook: Handbook,
    lines: dict[tuple[str, str], int],
    *,
    partial: bool = False,
) -> Iterator[tuple[int, str]]:
    """(line, message) for every break of the rules above.

    ``partial``: some sections did not load, so a point that is not found may well
    be one of them (that is told elsewhere, as unchecked).
    """
    words_of: dict[str, set[str]] | None = None
    for node in tree.nodes:
        line = lines.get((node.id, "«»"), node.line)
        text = "\n".join(_texts(node))
        for written, section_id in named_points(handbook, text):
            if not section_id:
                if not partial:
                    yield line, f"'{node.id}' nævner {written}, som ikke findes i håndbogen"
            elif section_id not in node.cites:
                yield (
                    line,
                    f"'{node.id}' nævner {written}, men har ikke '{section_id}' i 'cites:'; "
                    "det, der nævnes, skal også citeres",
                )
        if "retningslinje" in _GUILLEMETS.sub("", text).casefold() and not node.cites:
            yield (
                node.line,
                f"'{node.id}' taler om retningslinjen, men bygger ikke på noget afsnit: "
                "skriv de afsnit, det handler om, i 'cites:'",
            )
        if words_of is None and any(True for _ in silence_claims(node)):
            words_of = section_words(handbook)
        for message in silence_rule(node, handbook, words_of):
            yield node.line, message
        quoted = isinstance(node, Outcome) and (node.quotes or _GUILLEMETS.search(node.body))
        if isinstance(node, Outcome) and not node.gap and not quoted:
            yield (
                node.line,
                f"resultatet '{node.id}' citerer ikke retningslinjen: citér de ord, det "
                "bygger på ('quotes:' eller «…» i 'body:'), eller markér det som et hul "
                "('gap: true')",
            )
