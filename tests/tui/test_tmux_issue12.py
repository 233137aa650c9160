"""In a real terminal (tmux): the decision tree's flow, cut titles, Danish notices, and
screen-reader mode's cursor, as a person meets them."""

from __future__ import annotations

import time

import pytest

from tests.conftest import paddehatten_command
from tests.english import english_in
from tests.tmux import Tmux, cursor, tmux_available

pytestmark = [
    pytest.mark.tmux,
    pytest.mark.skipif(not tmux_available(), reason="tmux is not installed (apt-get install tmux)"),
]


#: The first answers of questions 1 and 2: in view at 80×24 once the window has
#: scrolled to the answers («Spørgsmål 1» above them shows only in the first frame).
FIRST_ANSWER_1 = "1. En forælder til et barn i Paddehatten"
FIRST_ANSWER_2 = "1. Ja, jeg ved, hvorfor jeg vil sige ja"


def rows(term: Tmux) -> list[str]:
    return term.screen().splitlines()


def wait_cursor(term: Tmux, y: int, timeout: float = 30.0) -> tuple[int, int, bool]:
    """The cursor once it stands on row ``y`` (it moves after the screen is drawn)."""
    deadline = time.perf_counter() + timeout
    found = cursor(term)
    while time.perf_counter() < deadline:
        found = cursor(term)
        if found[1] == y:
            return found
        time.sleep(0.02)
    raise AssertionError(f"the cursor is at {found}, not on row {y}:\n{term.screen()}")


def wait_cursor_on(term: Tmux, text: str, timeout: float = 30.0) -> tuple[int, int, bool]:
    """The cursor once it stands on the row that shows ``text``, wherever it is now."""
    deadline = time.perf_counter() + timeout
    found = cursor(term)
    while time.perf_counter() < deadline:
        found = cursor(term)
        shown = rows(term)
        if 0 <= found[1] < len(shown) and text in shown[found[1]]:
            return found
        time.sleep(0.02)
    raise AssertionError(f"the cursor is at {found}, not on «{text}»:\n{term.screen()}")


def test_cut_titles_in_the_contents_end_in_an_ellipsis() -> None:
    with Tmux(paddehatten_command(), size=(80, 24)) as term:
        term.wait_for("F1 Hjælp")
        screen = term.screen()
        assert "1. Tænk over hvad du lægger …" in screen
        assert "Skal jeg acceptere denne ven…" in screen
        for row in rows(term)[1:-1]:
            toc = row.split("▕")[0].rstrip()
            if toc and not toc.endswith("…"):
                # Uncut: the whole title is there (checked against the known titles).
                assert toc.split(". ", 1)[-1].strip("├└▼ ") in screen
        # The footer shows whole keys only, the last one with its label.
        footer = rows(term)[-1]
        assert footer.rstrip().endswith("Ctrl+P Kommandoer")
        assert "Alt+→" not in footer or "Alt+→ Frem" in footer
        term.send("q")


def test_tab_then_down_and_enter_answer_and_answers_stay_on_screen() -> None:
    with Tmux([*paddehatten_command(), "tree"], size=(80, 24)) as term:
        term.wait_for(FIRST_ANSWER_1)
        term.wait_for("Esc Tilbage")
        term.send("Tab")  # to the points question 1 rests on: shown on screen
        term.send("BTab")  # and back to the answers
        term.send("Down", "Enter")  # the second answer: a former parent
        term.wait_for("Har familien stadig et barn i Paddehatten")
        term.send("1")  # yes → "Ved du, hvorfor du vil sige ja?"
        # Question 3 under the answers so far. At 80×24 the window then scrolls to the
        # answers, so the lines above them («Spørgsmål 3», the heading «Dine svar
        # indtil nu») may show for one frame only: wait for what stays.
        answered = (
            "1. Hvem har sendt dig venneanmodningen? En forælder, hvis barn har",
            "2. Har familien stadig et barn i Paddehatten",
            "Ved du, hvorfor du vil sige ja?",
        )
        for line in answered:
            term.wait_for(line)
        # Leave for the handbook and come back: question 3 again, answers and all.
        term.send("t")
        term.wait_for("F1 Hjælp")
        term.wait_until_gone("Ved du, hvorfor du vil sige ja?")
        term.send("t")
        for line in answered:
            term.wait_for(line)
        term.send("q")  # asks first: the answers would be lost
        term.wait_for("Afslutte programmet?")
        term.send("Enter")
        assert term.exited(), term.screen()


def test_ctrl_c_and_the_theme_picker_speak_danish() -> None:
    with Tmux(paddehatten_command(), size=(100, 30)) as term:
        term.wait_for("F1 Hjælp")
        term.send("C-c")
        term.wait_for("Vil du afslutte?")
        assert "Tryk q eller Ctrl+Q for at" in term.screen()
        assert english_in(term.screen()) == []
        term.send("C-p")
        term.wait_for("Søg efter afsnit og kommandoer")
        term.send("Tema", literal=True)
        term.wait_for("Skift farvetema")
        term.send("Enter")
        term.wait_for("Søg efter et tema")
        assert english_in(term.screen()) == [], term.screen()
        term.send("Escape")
        term.wait_until_gone("Søg efter et tema")
        term.send("q")


def test_screen_reader_mode_puts_the_cursor_on_the_focused_row() -> None:
    with Tmux([*paddehatten_command(), "--screen-reader"], size=(80, 24)) as term:
        term.wait_for("F1 Hjælp")
        term.send("i")  # the reading layout shows the text alone: the contents on i
        x, y, shown = wait_cursor(term, 1)
        assert shown and x == 0  # on "Indledning", the first entry
        assert rows(term)[1].startswith("Indledning")
        for row in (2, 3, 4):
            term.send("Down")
            x, y, shown = wait_cursor(term, row)
            assert shown
            title = rows(term)[row][x:]
            assert title.startswith(("▼ Gode råd", "1. Tænk", "2. Opfør")), title
        term.send("Up")
        wait_cursor(term, 3)
        # A question's answers: the cursor on the highlighted one, down and up.
        term.send("t")
        term.wait_for("Spørgsmål 1")
        # The question first (tests/tui/test_tmux_screen_reader.py), then the answers.
        # The screen scrolls the answers into view after it is drawn: each row is
        # looked up on the screen as it is when the cursor is checked.
        x, y, shown = wait_cursor_on(term, "Hvem har sendt dig")
        term.send("Home")
        x, y, shown = wait_cursor_on(term, "1. En forælder til et barn")
        assert shown and rows(term)[y][x:].startswith("1. En forælder")
        term.send("Down")
        x, y, _ = wait_cursor_on(term, "2. En forælder, hvis barn")
        assert rows(term)[y][x:].startswith("2. En forælder, hvis barn")
        term.send("Down")
        x, y, _ = wait_cursor_on(term, "3. En kollega")
        assert rows(term)[y][x:].startswith("3. En kollega")
        term.wait_for(" Svar 3 af 9: En kollega")  # what it is, in words, in the Header
        term.send("Up")
        wait_cursor_on(term, "2. En forælder, hvis barn")
        term.send("q")
        assert term.exited(), term.screen()


def test_without_screen_reader_mode_the_cursor_stays_hidden() -> None:
    with Tmux(paddehatten_command(), size=(80, 24)) as term:
        term.wait_for("F1 Hjælp")
        term.send("Down")
        time.sleep(0.3)
        assert cursor(term)[2] is False
        term.send("q")


def test_the_answers_are_gone_when_the_program_ends() -> None:
    with Tmux([*paddehatten_command(), "tree"], size=(80, 24)) as term:
        term.wait_for(FIRST_ANSWER_1)
        term.send("1")
        term.wait_for(FIRST_ANSWER_2)
        term.send("t")  # kept while the program runs …
        term.wait_for("F1 Hjælp")
        term.send("q")
        term.wait_for("Afslutte programmet?")
        term.send("q")
        assert term.exited(), term.screen()
    with Tmux([*paddehatten_command(), "tree"], size=(80, 24)) as term:
        term.wait_for(FIRST_ANSWER_1)  # … and not after
        assert "Dine svar indtil nu" not in term.screen()
        term.send("q")
