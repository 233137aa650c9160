"""Is the handbook the adopted text, word for word? The comparison behind that claim.

``handbook.yaml`` names the adopted text (``adopted_text: vedtaget-tekst.txt``). The
edition's words, in reading order, are: the handbook's title, then for every chapter
its heading (unless the edition added it: ``editorial: true``) and its sections (each
body as printed, "4." or "-" included; the section titles too unless they are the
edition's: ``editorial_titles: true``), and last the revision line. The adopted text's
words must be exactly those, in that order: every word, typos and punctuation
included; only line breaks and spaces may differ. Editor's notes are never compared.

A difference becomes one :class:`Problem` at the file and line where the edition's
words stand, with both wordings side by side:
``står: «hver uge» – vedtaget: «ofte» (vedtaget-tekst.txt:16)``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from difflib import SequenceMatcher

from paddehatten.content.model import Handbook, Problem, Section, warning
from paddehatten.content.text import plain_text

METADATA_FILE = "handbook.yaml"
#: The most words shown on each side of a difference; longer runs are shortened.
SHOWN_WORDS = 14
#: The most differing words (on either side) compared word by word; difflib's time
#: grows with the product of the two, so beyond this the difference is told at once.
MAX_DIFF_WORDS = 5_000


@dataclass(frozen=True)
class Word:
    text: str
    #: Where the word stands: a file (relative to the handbook) and its line.
    file: str
    line: int
    #: The "4." or "-" the edition prints before a point (not in its file).
    marker: bool = False


def adopted_words(text: str, file: str) -> list[Word]:
    """The words of the adopted text, each with its line."""
    words: list[Word] = []
    for number, row in enumerate(text.removeprefix("\ufeff").splitlines(), start=1):
        words += [Word(token, file, number) for token in row.split()]
    return words


def edition_words(handbook: Handbook, metadata: str) -> list[Word]:
    """The words the edition presents as the guideline's, in reading order."""
    words = _located(handbook.title, METADATA_FILE, _value_line(metadata, handbook.title))
    for chapter in handbook.chapters:
        if not chapter.editorial:
            words += _located(chapter.title, METADATA_FILE, _value_line(metadata, chapter.title))
        for section in handbook.in_chapter(chapter.id):
            if not handbook.editorial_titles:
                words += _located(section.title, section.source, 1)
            words += section_words(handbook, section)
    words += _located(handbook.revision, METADATA_FILE, _value_line(metadata, handbook.revision))
    return words


def section_words(handbook: Handbook, section: Section) -> list[Word]:
    """A section's words as printed ("4." or "-" first), each on the line it stands on."""
    style = handbook.chapter(section.chapter).style
    marker: list[Word] = []
    if style == "numbered" and section.number is not None:
        marker = [Word(f"{section.number}.", section.source, section.line, marker=True)]
    elif style == "bullets":
        marker = [Word("-", section.source, section.line, marker=True)]
    words: list[Word] = []
    raw = section.body
    cursor = 0
    line = section.line
    for token in plain_text(section.body).split():
        found = raw.find(token, cursor)
        if found >= 0:
            # Counted from the last word on, never from the start: linear, not quadratic.
            line += raw.count("\n", cursor, found)
            cursor = found + len(token)
        words.append(Word(token, section.source, line))
    return marker + words


def _located(text: str, file: str, line: int) -> list[Word]:
    return [Word(token, file, line) for token in text.split()]


def _value_line(metadata: str, value: str) -> int:
    """The line of ``handbook.yaml`` where ``value`` is written (1 when not found)."""
    for number, row in enumerate(metadata.splitlines(), start=1):
        if re.match(r"^\s*(-\s+)?[A-Za-z_]+\s*:", row) and value in row:
            return number
    return 1


def compare(
    edition: Sequence[Word],
    adopted: Sequence[Word],
    *,
    unloaded: Iterable[str] = (),
) -> list[Problem]:
    """Every difference between the edition's words and the adopted text's.

    ``unloaded``: section files that could not be loaded; their words are reported
    as missing, and the message says why.
    """
    broken = sorted(unloaded)
    problems: list[Problem] = []
    for tag, i1, i2, j1, j2 in _opcodes(edition, adopted):
        if tag == "equal":
            continue
        if tag == "too-long":
            at = edition[min(i1, len(edition) - 1)] if edition else Word("", "", 0)
            problems.append(
                Problem(
                    at.file,
                    at.line,
                    f"ordlyden er ikke den vedtagne herfra: står: «{_shown(edition[i1 : i1 + 8])}» "
                    f"– vedtaget: «{_shown(adopted[j1 : j1 + 8])}» ({_where(adopted, j1)}); "
                    f"forskellen er over {MAX_DIFF_WORDS} ord, så den vises ikke ord for ord",
                )
            )
            continue
        if i1 < i2:
            at = edition[i1]
            spans = sorted({w.file for w in edition[i1:i2]} - {at.file})
            further = f"; fortsætter i {', '.join(spans)}" if spans else ""
        else:
            at = edition[i1 - 1] if i1 > 0 else edition[0] if edition else Word("", "", 0)
            further = ""
        source = _where(adopted, j1)
        if tag == "replace":
            message = (
                f"ordlyden er ikke den vedtagne: står: «{_shown(edition[i1:i2])}» – "
                f"vedtaget: «{_shown(adopted[j1:j2])}» ({source}){further}"
            )
        elif tag == "delete":
            message = (
                f"ord, der ikke står i den vedtagne tekst: står: «{_shown(edition[i1:i2])}» – "
                f"vedtaget: ingenting mellem «{_context(adopted, j1)}» ({source}){further}"
            )
        else:
            before = [w for w in edition[max(i1 - 3, 0) : i1] if w.file == at.file]
            while before and before[0].marker:
                before = before[1:]
            where = f"efter «{_shown(before)}»" if before else "i begyndelsen af afsnittet"
            missing = f"«{_shown(adopted[j1:j2])}» ({source})"
            if broken:
                # The words may well stand in a file that did not load: unchecked,
                # not wrong (that file's own problem is the error).
                problems.append(
                    warning(
                        at.file,
                        at.line,
                        f"ordlyden kan ikke kontrolleres helt: vedtaget tekst {missing} står "
                        f"ikke i de afsnit, der kunne indlæses; måske står den i "
                        f"{', '.join(broken)}, som ikke kunne indlæses (se ovenfor)",
                    )
                )
                continue
            message = f"vedtaget tekst mangler {where}: vedtaget: {missing} – står: ingenting"
        problems.append(Problem(at.file, at.line, message))
    return problems


def _opcodes(
    edition: Sequence[Word], adopted: Sequence[Word]
) -> list[tuple[str, int, int, int, int]]:
    """difflib's opcodes for the two word lists, in time linear in their length.

    The words both start and end with are equal (found in one pass); only what lies
    between goes to difflib, whose time grows with the product of the two. When that
    is more than :data:`MAX_DIFF_WORDS` words on either side, the answer is one
    ``"too-long"`` span from the first difference on.
    """
    a = [w.text for w in edition]
    b = [w.text for w in adopted]
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end_a, end_b = len(a), len(b)
    while end_a > start and end_b > start and a[end_a - 1] == b[end_b - 1]:
        end_a -= 1
        end_b -= 1
    if end_a - start > MAX_DIFF_WORDS or end_b - start > MAX_DIFF_WORDS:
        return [("too-long", start, end_a, start, end_b)]
    matcher = SequenceMatcher(None, a[start:end_a], b[start:end_b], autojunk=False)
    return [
        (tag, i1 + start, i2 + start, j1 + start, j2 + start)
        for tag, i1, i2, j1, j2 in matcher.get_opcodes()
    ]


def _where(adopted: Sequence[Word], index: int) -> str:
    if not adopted:
        return "den vedtagne tekst er tom"
    word = adopted[min(index, len(adopted) - 1)]
    return f"{word.file}:{word.line}"


def _context(adopted: Sequence[Word], index: int) -> str:
    before = _shown(adopted[max(index - 3, 0) : index]) or "begyndelsen"
    after = _shown(adopted[index : index + 3]) or "slutningen"
    return f"{before}» og «{after}"


def _shown(words: Sequence[Word]) -> str:
    texts = [w.text for w in words]
    if len(texts) > SHOWN_WORDS:
        texts = [*texts[: SHOWN_WORDS - 4], "…", *texts[-3:]]
    return " ".join(texts)
