"""Rules that keep a decision tree to what the guideline says, checked mechanically.

Beside the quotations (word for word, in :mod:`content.tree.loader`):

- A point named in a text ("Råd 8", "HUSK 3") must be one the question or outcome
  cites: what it leans on is then shown, and reviewed, with it.
- A question or outcome that speaks of "retningslinjen" must cite what it speaks of.
- An outcome that is not marked ``gap: true`` must quote the guideline at least once
  (``quotes:`` or «…» in its body): advice that rests on the text shows the text.
  An outcome with no words of the guideline to quote is a gap, and says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from paddehatten.content.model import Handbook
from paddehatten.content.tree.model import DecisionTree, Outcome, Question

_GUILLEMETS = re.compile(r"«[^«»]+»")


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
        quoted = isinstance(node, Outcome) and (node.quotes or _GUILLEMETS.search(node.body))
        if isinstance(node, Outcome) and not node.gap and not quoted:
            yield (
                node.line,
                f"resultatet '{node.id}' citerer ikke retningslinjen: citér de ord, det "
                "bygger på ('quotes:' eller «…» i 'body:'), eller markér det som et hul "
                "('gap: true')",
            )
