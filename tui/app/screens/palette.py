"""The command palette (Ctrl+P) and the theme picker, with F1 for help inside them."""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandPalette


class Palette(CommandPalette):
    """Textual's palette; a dialog, so the app's F1 does not reach into it: bound here."""

    BINDINGS = [Binding("f1", "app.help", "Hjælp", id="palette.help", show=False)]
