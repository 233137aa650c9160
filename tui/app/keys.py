"""How keys are named for people, and the help each place of the screen carries.

One spelling of every key: the App's ``get_key_display`` (which Textual's Footer and key
panel call) and the help screen both go through :func:`key_display`, so they agree.

A widget the help screen names (the table of contents, the text, …) mixes in
:class:`Place`: the name help gives it and the keys it has by nature (Textual's own,
which carry no binding of ours). Keys of our own bindings need no entry: help reads them
from the bindings themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, NamedTuple

if TYPE_CHECKING:
    from textual.dom import DOMNode

    from paddehatten.content.model import Handbook

#: Textual's key names that read differently for people.
NAMES = {
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "shift+tab": "Shift+Tab",
    "up": "↑",
    "down": "↓",
    "left": "←",
    "right": "→",
    "question_mark": "?",
    "slash": "/",
    "backspace": "Backspace",
    "pageup": "PgUp",
    "pagedown": "PgDn",
    "home": "Home",
    "end": "End",
    "space": "Mellemrum",
    "delete": "Delete",
}

#: Between keys that do the same: "/" is a key itself, so no slash.
OR = " eller "


def key_display(key: str) -> str:
    """How a key is written for people: "F1", "Esc", "Ctrl+P", "Alt+←", "/", "n"."""
    if key in NAMES:
        return NAMES[key]
    if len(key) == 1 and key.isupper():  # a binding of "C" is Shift+C on the keyboard
        return f"Shift+{key}"
    if "+" in key:
        *modifiers, last = key.split("+")
        named = key_display(last)
        return "+".join([m.capitalize() for m in modifiers] + [named.upper()])
    return key if len(key) == 1 else key.capitalize()


def key_list(names: list[str]) -> str:
    """ "Alt+← eller Backspace"; a run of digits as a range: "1–7"."""
    if len(names) > 2 and all(n.isdigit() for n in names):
        return f"{min(names, key=int)}–{max(names, key=int)}"
    return OR.join(names)


class KeyHelp(NamedTuple):
    """A row of help for keys that are not a binding of ours."""

    #: Textual's key names, comma-separated, as in a Binding: "pageup,pagedown".
    keys: str
    #: What they do, in lower case: "rul en side".
    description: str
    #: Words after the keys, for what is not a key: "eller klik".
    also: str = ""

    def keys_text(self, display: Callable[[str], str]) -> str:
        """The keys as people read them ("PgUp eller PgDn"), through ``display``."""
        text = OR.join(display(key) for key in self.keys.split(","))
        return f"{text} {self.also}" if self.also else text


class Place:
    """Mixed into a widget that help names as where the keyboard is."""

    #: How help names the place: "Taster – indholdsfortegnelsen".
    HELP_PLACE: ClassVar[str] = ""
    #: The keys the place has by nature (Textual's own), listed before ours.
    HELP_KEYS: ClassVar[tuple[KeyHelp, ...]] = ()


def label_tree_key(node: DOMNode, handbook: Handbook) -> None:
    """Name the key that opens the decision tree (``t``) after the handbook's own tree
    (its ``tree_label:`` in the footer, the tree's title in the tooltip).

    Textual's bindings are declared on the class; the handbook is known per instance,
    so the instance's copy of the binding is replaced. Without a tree the key stays
    unlabelled here, and ``check_action`` hides it.
    """
    from dataclasses import replace

    from paddehatten.tui.labels import tree_key

    named = tree_key(handbook)
    bindings = node._bindings.key_to_bindings
    for key, found in bindings.items():
        bindings[key] = [
            replace(b, description=named[0], tooltip=named[1])
            if named is not None and b.action.endswith("open_tree")
            else b
            for b in found
        ]
