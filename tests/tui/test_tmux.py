"""The real ``paddehatten`` in a real terminal (tmux): what a person sees."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.conftest import paddehatten_command
from tests.tmux import Tmux, tmux_available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (apt-get install tmux)"),
]


def test_reader_at_120x40_shows_title_contents_and_introduction() -> None:
    with Tmux(paddehatten_command(), size=(120, 40)) as term:
        term.wait_for("Vejle kommune har lavet nogle vejledninger")
        screen = term.screen()
        assert "Sociale medier i Paddehatten" in screen
        assert "Revideret i MED april 2018" in screen
        assert "Gode råd om hvordan du færdes" in screen
        assert "4. Skift dit kodeord ofte" in screen
        assert "HUSK" in screen
        term.wait_for("Afslut")  # the Footer shows the keys
        term.send("Down", "Down", "Down", "Down", "Down", "Enter")
        term.wait_for("Skift dit kodeord ofte – så minimere du risikoen")
        term.send("q")
        assert term.exited(), term.screen()
    # After its first frame, the app remembered the validated handbook for next time.
    assert list(Path(os.environ["XDG_CACHE_HOME"]).rglob("handbooks/*.json"))
