"""The Footer, fitted to the width: the keys that matter most, each with its label.

Textual's Footer lays every key out in a row and lets the terminal cut the row
wherever it ends, so at 80 columns a key could stand there without its label. This
one shows the keys in the order the screen declares them (the most important
first), as many whole ones as fit, and Ctrl+P for the palette at the right. F1
lists them all.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NamedTuple

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class Shown(NamedTuple):
    """One key of the Footer (or a group of keys with one label, such as ↑↓ Vælg)."""

    key: str
    display: str
    description: str
    action: str
    enabled: bool
    tooltip: str

    @property
    def width(self) -> int:
        """Columns it takes, compact: key, space, label, and the gap after it."""
        return len(self.display) + 1 + len(self.description) + 1


#: Actions that lead back to somewhere else: never pushed out of the Footer.
WAYS_BACK = frozenset({"help", "toggle_toc", "search", "close"})


def way_back(action: str) -> bool:
    """Whether ``action`` ("app.search('/')", "toggle_toc", …) is a way back."""
    name = action.removeprefix("app.").split("(", 1)[0]
    return name in WAYS_BACK


class KeyFooter(Footer):
    """A Footer that never cuts a key from its label."""

    def __init__(self) -> None:
        super().__init__(compact=True, show_command_palette=False)
        #: What the Footer shows now (the keys and the palette's key), once composed.
        self._showing: tuple[tuple[Shown, ...], Shown | None] | None = None

    def _shown(self) -> list[Shown]:
        """One entry per action, in the screen's order; a group's keys as one."""
        seen: set[str] = set()
        shown: list[Shown] = []
        group = None
        for _node, binding, enabled, tooltip in self.screen.active_bindings.values():
            display = self.app.get_key_display(binding)
            if not binding.show or binding.action in seen or display in seen:
                continue  # a key shown once, though bound on the screen and the app
            seen.update((binding.action, display))
            if binding.group is not None and binding.group == group and shown:
                last = shown[-1]
                shown[-1] = Shown(
                    last.key,
                    last.display + display,
                    last.description,
                    last.action,
                    last.enabled or enabled,
                    last.tooltip,
                )
                continue
            group = binding.group
            description = binding.group.description if binding.group else binding.description
            shown.append(
                Shown(
                    binding.key,
                    display,
                    description,
                    binding.action,
                    enabled,
                    tooltip or binding.tooltip or binding.description,
                )
            )
        return shown

    def _palette(self) -> Shown | None:
        active = self.screen.active_bindings.get(self.app.COMMAND_PALETTE_BINDING)
        if active is None or not self.app.ENABLE_COMMAND_PALETTE:
            return None
        binding = active.binding
        return Shown(
            binding.key,
            self.app.get_key_display(binding),
            binding.description,
            binding.action,
            active.enabled,
            active.tooltip or binding.tooltip or binding.description,
        )

    def fitted(self, width: int) -> tuple[list[Shown], Shown | None]:
        """The keys that fit in ``width`` columns, the most important first, and the
        palette's key if it fits too (it is kept before all but the first).

        The ways back (help, the contents, search, closing a dialog) come before the
        focused widget's own keys, so that a narrow Footer always has one: at 44 columns
        a text opened from a search showed only «F2 Forrige fund»."""
        keys = sorted(self._shown(), key=lambda entry: not way_back(entry.action))
        palette = self._palette()
        room = width
        chosen: list[Shown] = []
        for index, entry in enumerate(keys):
            if index == 1 and palette is not None:
                if palette.width + 1 <= room:
                    room -= palette.width + 1
                else:
                    palette = None
            if entry.width > room:
                break  # the rest matter less: F1 lists them all
            room -= entry.width
            chosen.append(entry)
        return chosen, palette

    def compose(self) -> ComposeResult:
        if not self._bindings_ready:
            return
        width = self.size.width or self.app.size.width
        keys, palette = self.fitted(width)
        self._showing = (tuple(keys), palette)
        self.styles.grid_size_columns = len(keys)
        yield from self._keys(keys)
        if palette is not None:
            yield self._key(palette, classes="-command-palette")

    def _keys(self, keys: Iterable[Shown]) -> ComposeResult:
        for entry in keys:
            yield self._key(entry)

    def _key(self, entry: Shown, classes: str = "") -> FooterKey:
        key = FooterKey(
            entry.key,
            entry.display,
            entry.description,
            entry.action,
            disabled=not entry.enabled,
            tooltip=entry.tooltip,
            classes=classes,
        )
        return key.data_bind(compact=Footer.compact)

    def bindings_changed(self, screen: Screen[Any]) -> None:
        # Textual's Footer builds its keys anew whenever the bindings may have changed:
        # on every focus move and every key, usually to the same keys. This one builds
        # them only when what it shows changes (a key, a label, enabled or not).
        self._bindings_ready = True
        if not screen.app.app_focus:
            return
        if self.is_attached and screen is self.screen:
            self.call_after_refresh(self._recompose_if_changed)

    def on_resize(self) -> None:
        self.call_after_refresh(self._recompose_if_changed)

    async def _recompose_if_changed(self) -> None:
        if not self.is_attached:
            return
        keys, palette = self.fitted(self.size.width or self.app.size.width)
        if self._showing != (tuple(keys), palette):
            await self.recompose()
