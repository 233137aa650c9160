"""The one function that makes text safe to show, and the finder check uses."""

from __future__ import annotations

from paddehatten.content.safetext import control_characters, safe_text


def test_safe_text_removes_what_a_terminal_obeys_and_keeps_the_letters() -> None:
    text = "Skift\x1b]2;titel\x07 dit\x9b31m kodeord\u202e\x7f\tofte\r\nså\rmindsk\ud800"
    assert safe_text(text) == "Skift]2;titel dit31m kodeord\tofte\nså\nmindsk"
    assert safe_text("a\tb\nc", one_line=True) == "a b c"
    assert safe_text("Æblegrød – «børn» …") == "Æblegrød – «børn» …"


def test_control_characters_are_found_by_line_once_per_line() -> None:
    text = "ok\nen \x1b og \x07\nok\r\nto\x9b\rtre\u2066"
    assert control_characters(text) == [(2, "\x1b"), (4, "\x9b"), (5, "\u2066")]
