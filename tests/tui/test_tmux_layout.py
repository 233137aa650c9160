"""The real ``paddehatten`` in tmux at a small window (40x12) and a wide one (200x50)."""

from __future__ import annotations

import pytest

from tests.conftest import paddehatten_command
from tests.tmux import Tmux, tmux_available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (apt-get install tmux)"),
]


def rows(screen: str) -> list[str]:
    return screen.splitlines()


def test_40x12_gives_the_text_the_width_and_the_contents_on_i() -> None:
    with Tmux(paddehatten_command(), size=(40, 12)) as term:
        term.wait_for("Overskrift tilføjet i denne udgave")
        term.wait_for("Indhold")  # the key, in the Footer
        screen = rows(term.screen())
        # No table of contents: the text starts at the left edge, one column in.
        text = next(r for r in screen if "Sociale medier i Paddehatten" in r and "…" not in r)
        assert text.startswith(" Sociale medier i Paddehatten"), screen
        assert "Gode råd om" not in term.screen()
        assert any(r.startswith(" teksten er retningslinjens ordlyd.") for r in screen), screen
        footer = screen[-1]
        assert "F1 Hjælp" in footer and "i Indhold" in footer, footer
        term.send("i")
        term.wait_for("Gode råd om hvordan du færdes")
        term.wait_for("1. Tænk over hvad du lægger ud")  # whole titles
        assert "Overskrift tilføjet" not in term.screen()
        term.send("Down", "Down", "Down", "Enter")
        term.wait_for("Opfør dig som på jobbet")
        term.wait_for("Råd 2 af 9")
        term.wait_until_gone("9. Skriv med omtanke")
        term.send("q")
        assert term.exited(), term.screen()


def test_a_phone_width_44x40_gives_the_introduction_its_lines() -> None:
    """44 columns: what a 400-pixel phone shows of the served page."""
    with Tmux(paddehatten_command(), size=(44, 40)) as term:
        term.wait_for("IT-sikkerhedspolitik.")
        term.wait_for("i Indhold")  # the whole first screen is drawn
        screen = rows(term.screen())
        first = next(i for i, r in enumerate(screen) if "Vejle kommune" in r)
        last = next(i for i, r in enumerate(screen) if "IT-sikkerhedspolitik." in r)
        body = [r for r in screen[first : last + 1] if r.strip()]
        assert all(r.startswith(" ") and not r.startswith("  ") for r in body), body
        # Wrapped at the screen's width: 42 of 44 columns, less a word that did not fit.
        assert max(len(r.rstrip()) for r in body) >= 40, body
        assert len(body) <= 12, body  # 25 columns made it 19 lines
        term.send("q")
        assert term.exited(), term.screen()


def test_200x50_stops_the_lines_at_a_readable_width() -> None:
    with Tmux(paddehatten_command(), size=(200, 50)) as term:
        term.wait_for("IT-sikkerhedspolitik.")
        term.wait_for("g Gå til")  # the whole first screen is drawn
        screen = rows(term.screen())
        assert any("4. Skift dit kodeord ofte" in r for r in screen)  # the contents show
        body = [r for r in screen if "Vejle kommune har lavet" in r or "Når man bruger" in r]
        assert len(body) == 2, screen
        start = body[0].index("Vejle")
        for row in screen[1:-1]:
            text = row[start:].rstrip()
            assert len(text) <= 90, row
        widest = max(len(row[start:].rstrip()) for row in screen[1:-1])
        assert widest >= 80  # not squeezed either: the lines fill the readable width
        term.send("q")
        assert term.exited(), term.screen()
