from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from paddehatten.tui.app.history import History


def test_back_and_forward_like_a_browser() -> None:
    h = History("a").visit("b").visit("c")
    assert h.back().current == "b"
    assert h.back().back().current == "a"
    assert h.back().back().back().current == "a"
    assert h.back().forward().current == "c"
    # A new visit drops the way forward.
    assert not h.back().visit("d").can_go_forward
    assert h.visit("c") is h


@given(st.lists(st.sampled_from("abcde"), max_size=30))
def test_back_then_forward_returns_to_the_same_place(visits: list[str]) -> None:
    h = History("start")
    for v in visits:
        h = h.visit(v)
    steps = len(h.past)
    back = h
    for _ in range(steps):
        back = back.back()
    assert not back.can_go_back
    for _ in range(steps):
        back = back.forward()
    assert back == h


def test_history_is_bounded() -> None:
    h = History("0", limit=5)
    for n in range(1, 50):
        h = h.visit(str(n))
    assert len(h.past) == 5
