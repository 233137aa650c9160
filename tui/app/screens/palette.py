"""The command palette (Ctrl+P) and the theme picker, with F1 for help inside them."""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandPalette

from paddehatten.tui.app.keys import KeyHelp, Place


class Palette(Place, CommandPalette):
    """Textual's palette; a dialog, so the app's F1 does not reach into it: bound here."""

    HELP_PLACE = "kommandoerne"
    HELP_KEYS = (
        KeyHelp("up,down", "vælg"),
        KeyHelp("enter", "vælg det markerede"),
        KeyHelp("escape", "luk"),
    )

    BINDINGS = [Binding("f1", "app.help", "Hjælp", id="palette.help", show=False)]
