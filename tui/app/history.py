"""Back and forward through the sections a person has read, like a browser."""

from __future__ import annotations

from typing import NamedTuple


class History(NamedTuple):
    """Immutable: every move returns a new History."""

    current: str
    past: tuple[str, ...] = ()
    future: tuple[str, ...] = ()
    #: How many places the history keeps behind the current one.
    limit: int = 100

    def visit(self, section_id: str) -> History:
        """Go to a section: the current one joins the past, the future is dropped."""
        if section_id == self.current:
            return self
        past = (*self.past, self.current)[-self.limit :]
        return History(section_id, past, (), self.limit)

    @property
    def can_go_back(self) -> bool:
        return bool(self.past)

    @property
    def can_go_forward(self) -> bool:
        return bool(self.future)

    def back(self) -> History:
        if not self.past:
            return self
        return History(self.past[-1], self.past[:-1], (self.current, *self.future), self.limit)

    def forward(self) -> History:
        if not self.future:
            return self
        return History(self.future[0], (*self.past, self.current), self.future[1:], self.limit)
