"""The command palette (Ctrl+P) and the theme picker, with F1 for help inside them."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.binding import Binding
from textual.command import CommandList, CommandPalette
from textual.widgets import Input

from paddehatten.tui.app.keys import KeyHelp, Place

if TYPE_CHECKING:
    from paddehatten.tui.app.screen_reader import Point


class Palette(Place, CommandPalette):
    """Textual's palette; a dialog, so the app's F1 does not reach into it: bound here."""

    HELP_PLACE = "kommandoerne"
    HELP_KEYS = (
        KeyHelp("up,down", "vælg"),
        KeyHelp("enter", "vælg det markerede"),
        KeyHelp("escape", "luk"),
    )

    BINDINGS = [Binding("f1", "app.help", "Hjælp", id="palette.help", show=False)]

    def reader_point(self) -> Point | None:
        """Screen-reader mode: the suggestion chosen, with how many there are, once
        there are any; the field while there are none."""
        from paddehatten.tui.app.screen_reader import Point
        from paddehatten.tui.app.widgets.option_lines import option_line

        listed = self.query(CommandList)
        field = self.query(Input)
        if not listed or not field or not field.first().value:
            return None
        options = listed.first()
        index = options.highlighted
        if index is None or not options.option_count:
            return None
        prompt = options.get_option_at_index(index).prompt
        text = str(getattr(prompt, "plain", prompt)).split("\n")[0]
        count = options.option_count
        return Point(
            options,
            option_line(options, index),
            f"{count} forslag. Valgt {index + 1} af {count}: {text}",
        )
