"""The real ``paddehatten`` in a real terminal (tmux): what a person sees."""

from __future__ import annotations

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
        assert term.server_running()  # the pane stays, to be read
    assert not term.server_running()  # its own tmux server is gone with it
    # After its first frame, the app remembered the validated handbook for next time.
    # (In the cache folder of the program: under $PADDEHATTEN_CACHE_DIR when it is set.)
    from paddehatten.content.userfiles import cache_dir

    assert list(cache_dir("handbooks").glob("*.json"))


def test_a_person_navigates_at_80x24() -> None:
    """Next, go to a number, back, help, quit: what a person sees after each key."""
    with Tmux(paddehatten_command(), size=(80, 24)) as term:
        term.wait_for("Vejle kommune har lavet nogle")
        term.wait_for("F1 Hjælp")
        term.send("n")
        term.wait_for("Råd 1 af 9")
        term.wait_for("Tænk over hvad du lægger ud – der er ingen")
        term.send("g")
        term.wait_for("Gå til afsnit")
        term.send("h", "4", "Enter")
        term.wait_for("HUSK 4 af 5")
        term.wait_for("adskiller sit arbejdsliv og privat liv")
        term.send("M-Left")
        term.wait_for("Råd 1 af 9")
        term.send("/")
        term.wait_for("Søg i retningslinjen")
        term.send("foraeldre", literal=True)
        term.wait_for("2 afsnit og")
        term.wait_for("Tavshedspligt og underretningspligt")
        term.send("Enter")
        term.wait_for("Søgeord markeret: 1 af")
        # HUSK 1, scrolled to its first mark («HUSK 1 af 5» above it may be out of view).
        term.wait_until_gone("Søg i retningslinjen")
        term.wait_for("Tavshedspligt og underretningspligt")
        term.wait_for("F3 Næste fund")  # the text has the focus (its keys are shown)
        term.send("BTab")
        term.send("F1")
        term.wait_for("Taster – indholdsfortegnelsen")
        term.wait_for("Tilbage til det afsnit, du læste før".lower())
        term.send("Escape")
        term.wait_until_gone("Taster – indholdsfortegnelsen")
        term.send("q")
        assert term.exited(), term.screen()
