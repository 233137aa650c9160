"""Ctrl+Q at the first frame: the app ends cleanly, even before the section's text has
been swapped for its Markdown (it once ended with MountError and exit status 1, about
one start in fifteen when the key came with the first frame)."""

from __future__ import annotations

import pytest

from paddehatten.content import Handbook
from paddehatten.tui.app.app import PaddehattenApp, make_app
from paddehatten.tui.app.widgets.section_view import SectionView


async def test_quitting_in_the_first_frame_ends_cleanly(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    tried: list[bool] = []
    upgrade = SectionView._upgrade

    async def watched(self: SectionView) -> None:
        await upgrade(self)
        tried.append(self._body is not None)

    first_frame = PaddehattenApp._run_after_first_frame

    def quit_in_first_frame(self: PaddehattenApp) -> None:
        first_frame(self)
        self.exit()  # as Ctrl+Q handled in the first frame, before the text's swap

    monkeypatch.setattr(SectionView, "_upgrade", watched)
    monkeypatch.setattr(PaddehattenApp, "_run_after_first_frame", quit_in_first_frame)
    app = make_app(handbook)
    async with app.run_test(size=(100, 30)) as pilot:
        await pilot.pause()
    assert app.return_code == 0
    assert tried == [False]  # the swap came after the quit, and left the closed app alone
