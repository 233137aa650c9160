"""Textual's own key descriptions, in Danish.

Textual's widgets bring key bindings with English descriptions («Scroll Up», «Focus
Next», «Copy selected text»); the keys panel (the palette's «Tastepanel») lists them.
:func:`translate_bindings` gives every widget class loaded, and the widgets already
made, the Danish description instead: right after the app's first frame (which shows
none of them) and when the keys panel opens (widgets loaded later, such as the search
field, are made Danish then).
tests/tui/test_danish.py opens the keys panel where these widgets have the focus and
looks for English.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from textual.binding import BindingsMap
from textual.dom import DOMNode

#: Textual's descriptions (Textual 8) and ours. One not listed stays as it is, and the
#: Danish test fails on it.
DESCRIPTIONS = {
    "Copy selected text": "Kopiér den markerede tekst",
    "Cut selected text": "Klip den markerede tekst",
    "Paste text from the clipboard": "Indsæt fra udklipsholderen",
    "Cursor Down": "Markøren ned",
    "Cursor Up": "Markøren op",
    "Cursor to next ancestor": "Markøren til næste overordnede",
    "Cursor to next sibling": "Markøren til næste på samme niveau",
    "Cursor to parent": "Markøren til det overordnede",
    "Cursor to previous sibling": "Markøren til forrige på samme niveau",
    "Delete all to the left": "Slet alt til venstre",
    "Delete all to the right": "Slet alt til højre",
    "Delete character left": "Slet tegnet til venstre",
    "Delete character right": "Slet tegnet til højre",
    "Delete left to start of word": "Slet til venstre til ordets start",
    "Delete right to start of word": "Slet til højre til næste ord",
    "Dismiss menu": "Luk menuen",
    "Show menu": "Vis menuen",
    "Down": "Ned",
    "Up": "Op",
    "First": "Første",
    "Last": "Sidste",
    "Select": "Vælg",
    "Toggle": "Fold ud eller sammen",
    "Expand or collapse all": "Fold alt ud eller sammen",
    "Exit the command palette": "Luk kommandoerne",
    "Next command": "Næste kommando",
    "Previous command": "Forrige kommando",
    "Next page": "Næste side",
    "Previous page": "Forrige side",
    "Go to bottom": "Til bunden",
    "Go to top": "Til toppen",
    "Go to end": "Til slutningen",
    "Go to start": "Til begyndelsen",
    "Focus Next": "Næste felt",
    "Focus Previous": "Forrige felt",
    "Move cursor left": "Markøren til venstre",
    "Move cursor left a word": "Markøren et ord til venstre",
    "Move cursor left a word and select": "Markér et ord til venstre",
    "Move cursor left and select": "Markér til venstre",
    "Move cursor right a word": "Markøren et ord til højre",
    "Move cursor right a word and select": "Markér et ord til højre",
    "Move cursor right and select": "Markér til højre",
    "Move cursor right or accept the completion suggestion": (
        "Markøren til højre, eller tag forslaget"
    ),
    "Page Down": "Side ned",
    "Page Up": "Side op",
    "Page Left": "Side til venstre",
    "Page Right": "Side til højre",
    "Press button": "Tryk på knappen",
    "Quit": "Afslut",
    "Scroll Down": "Rul ned",
    "Scroll Up": "Rul op",
    "Scroll Left": "Rul til venstre",
    "Scroll Right": "Rul til højre",
    "Scroll End": "Rul til bunden",
    "Scroll Home": "Rul til toppen",
    "Select all": "Markér alt",
    "Select line end": "Markér til linjens slutning",
    "Select line start": "Markér til linjens start",
    "Submit": "Send",
}


def _subclasses(cls: type) -> list[type]:
    found: list[type] = []
    sub: type
    for sub in cls.__subclasses__():
        found.append(sub)
        found.extend(_subclasses(sub))
    return found


def _in_danish(bindings: BindingsMap) -> None:
    for key, listed in bindings.key_to_bindings.items():
        bindings.key_to_bindings[key] = [
            replace(binding, description=DESCRIPTIONS[binding.description])
            if binding.description in DESCRIPTIONS
            else binding
            for binding in listed
        ]


def translate_bindings(nodes: Iterable[DOMNode] = ()) -> None:
    """Danish descriptions for Textual's bindings: in every widget class loaded now
    (the bindings each new widget copies) and in ``nodes`` (widgets already made)."""
    for cls in [DOMNode, *_subclasses(DOMNode)]:
        merged = cls.__dict__.get("_merged_bindings")
        if isinstance(merged, BindingsMap):
            _in_danish(merged)
    for node in nodes:
        _in_danish(node._bindings)
