"""Screen-reader mode the way a terminal sees it (tmux): where the real cursor stands,
the text under it, and the one-line status in the Header, on every kind of screen.

A screen reader or braille display follows the terminal's cursor; the Header's first
line is the status it can always go back to. Each screen puts the cursor on what
matters now: the number of hits and the hit chosen, the question before its answers,
the outcome's title, the first line of a dialog's content.
"""

from __future__ import annotations

import time

import pytest

from tests.conftest import paddehatten_command
from tests.tmux import Tmux, cursor, tmux_available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (apt-get install tmux)"),
]

#: Frame characters a screen reader would read out; none in the reading layout.
FRAME = set("│─╭╮╰╯▕▏▊▎▔▁▂▃▄▅▆▇█┃━└├")


def under_cursor(term: Tmux, text: str, timeout: float = 45.0) -> tuple[int, int, str]:
    """(x, y, the row under the cursor from x on) once that row shows ``text``."""
    deadline = time.perf_counter() + timeout
    found: tuple[int, int, bool] = cursor(term)
    row = ""
    while time.perf_counter() < deadline:
        found = cursor(term)
        rows = term.screen().splitlines()
        row = rows[found[1]] if 0 <= found[1] < len(rows) else ""
        if found[2] and text in row[found[0] :]:
            return found[0], found[1], row[found[0] :]
        time.sleep(0.05)
    raise AssertionError(f"the cursor is at {found} on «{row}», not «{text}»:\n{term.screen()}")


def header(term: Tmux) -> str:
    return term.screen().splitlines()[0]


def header_words(term: Tmux, start: int, words: list[str], timeout: float = 45.0) -> None:
    """Wait until the Header's words from ``start`` on are ``words``. A new screen's
    first frame can draw its question on the row where the cursor still stands from the
    screen before; the status follows a frame later, which a busy machine makes long
    enough for a test to read the Header in between."""
    deadline = time.perf_counter() + timeout
    shown = header(term)
    while time.perf_counter() < deadline:
        shown = header(term)
        if shown.split()[start : start + len(words)] == words:
            return
        time.sleep(0.05)
    raise AssertionError(f"the Header says «{shown}», not «{' '.join(words)}»")


@pytest.mark.parametrize("size", [(120, 40), (80, 24), (44, 40)])
def test_search_question_and_outcome_put_the_cursor_on_what_matters(
    size: tuple[int, int],
) -> None:
    with Tmux([*paddehatten_command(), "--screen-reader"], size=size) as term:
        term.wait_for("Hjælp")
        # The reading layout: no contents column, no frame characters.
        assert not FRAME & set(term.screen()), term.screen()
        assert "0x" not in header(term) and "<" not in header(term)

        # Search: the number of hits and the hit chosen reach the cursor ...
        term.send("/")
        term.wait_for("Søg i retningslinjen")
        term.send("kodeord", literal=True)
        _, _, row = under_cursor(term, "1 afsnit")
        assert "Valgt: Råd 4" in row or size[0] < 80
        # In a dialog, the line under the cursor is the status.
        # ... and ↓/↑ put it on the hit itself.
        term.send("Down")
        under_cursor(term, "Råd 4 · Skift dit kodeord ofte")
        assert not FRAME & set(term.screen()), term.screen()
        term.send("Escape")
        term.wait_until_gone("Søg i retningslinjen")

        # A question: the question before its answers.
        term.send("t")
        under_cursor(term, "Hvem har sendt dig venneanmodningen?")
        header_words(term, 1, ["Spørgsmål", "1:"])
        term.send("Down")
        under_cursor(term, "2. En forælder, hvis barn")
        term.wait_for("Svar 2 af 9")
        header_words(term, 1, ["Svar", "2", "af"])

        # An outcome: its title, and the Header says it (never a Python repr).
        term.send("3")  # «En kollega»
        under_cursor(term, "Ved du, hvorfor du vil sige ja?")
        term.send("1")
        _, _, row = under_cursor(term, "Retningslinjen siger ikke, om du skal")
        header_words(term, 1, ["Resultat", "ud", "fra"])
        assert "object at 0x" not in term.screen()
        assert not FRAME & set(term.screen()), term.screen()
        term.send("C-q")
        assert term.exited(), term.screen()


def test_the_first_screen_and_help_say_how_to_turn_it_on() -> None:
    with Tmux(paddehatten_command(), size=(100, 30)) as term:
        term.wait_for("Bruger du skærmlæser?")
        assert "--screen-reader" in term.screen()
        term.send("F1")
        # The help's last line says it; the first screen's own line saying it is gone
        # at the first key (waiting for «Skærmlæser» here once passed on that line).
        term.wait_for("Taster – ")
        term.wait_until_gone("Bruger du skærmlæser?")
        term.send("End")
        term.wait_for("Skærmlæser  ")
        term.wait_for("--screen-reader")
        term.send("C-q")
        assert term.exited(), term.screen()


def test_every_dialog_puts_the_cursor_on_its_first_line_or_its_answer() -> None:
    with Tmux([*paddehatten_command(), "--screen-reader"], size=(80, 24)) as term:
        term.wait_for("Hjælp")
        term.send("F1")
        under_cursor(term, "Taster – ")
        term.send("Escape")
        term.wait_until_gone("Taster – ")
        term.send("g")
        under_cursor(term, "Skriv et nummer: 4 = Råd 4")
        term.send("99", literal=True)
        term.send("Enter")
        under_cursor(term, "Intet afsnit hedder «99»")
        term.send("Escape")
        term.wait_until_gone("Gå til afsnit")
        term.send("C-p")
        term.wait_for("Søg efter afsnit og kommandoer")
        term.send("kodeord", literal=True)
        under_cursor(term, "Skift dit kodeord ofte")
        assert not FRAME & set(term.screen().splitlines()[1]), term.screen()
        term.send("Escape")
        term.wait_until_gone("Søg efter afsnit og kommandoer")
        term.send("C-q")
        assert term.exited(), term.screen()
