"""Words in text: the first step of the analysis chain, without whoosh.

Kept apart so that the app can find the words to highlight in a section without
importing whoosh on its first-paint path.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

#: A word: letters and digits (plus combining marks NFC could not compose), with
#: inner dots kept ("f.eks"). Hyphens split: "IT-sikkerhedspolitik" is two words.
WORD = re.compile(r"(?:\w|[\u0300-\u036f])+(?:\.(?:\w|[\u0300-\u036f])+)*")

#: Characters never worth keeping: lone surrogates (they cannot be encoded) and
#: control characters (replaced by spaces, so they also separate words).
_SURROGATES = re.compile(r"[\ud800-\udfff]")
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean(text: str) -> str:
    """NFC text without lone surrogates or control characters (tabs and newlines stay).

    An NFD "å" (a + ring) would otherwise split a word in two, and an escape
    character in content or a query must never reach a terminal.
    """
    text = _SURROGATES.sub("", text)
    text = _CONTROLS.sub(" ", text)
    return unicodedata.normalize("NFC", text)


def printable(text: str) -> str:
    """``text`` with lone surrogates replaced by U+FFFD, so it can be written as UTF-8."""
    return _SURROGATES.sub("\ufffd", text)


def words(text: str) -> Iterator[re.Match[str]]:
    """The words of ``text``, with their places."""
    return WORD.finditer(text)


def word_key(word: str) -> str:
    """How a word is compared when marking it in a text: lower-cased NFC."""
    return unicodedata.normalize("NFC", word).lower()
