"""The answers to one question: ↑/↓ and Enter, or the answer's number."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.binding import Binding
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from paddehatten.tui.app.widgets.option_lines import option_line

#: Answers 1-9 can be chosen by their number.
DIGITS = 9


class AnswerList(OptionList, inherit_bindings=False):
    """Numbered answers. Posts :class:`Chosen` with the answer's position.

    Its own bindings, not OptionList's, so that help lists them in Danish.
    """

    DEFAULT_CSS = """
    AnswerList { height: auto; max-height: 100%; min-width: 16; }
    """
    # min-width: Textual's OptionList raises when its text gets no columns at all (a
    # terminal of 10 columns or less); wider than the screen, it is cut off instead.

    BINDINGS = [
        Binding("down", "cursor_down", "Næste svar", show=False, id="tree.answer-down"),
        Binding("up", "cursor_up", "Forrige svar", show=False, id="tree.answer-up"),
        Binding("home", "first", "Første svar", show=False, id="tree.answer-first"),
        Binding("end", "last", "Sidste svar", show=False, id="tree.answer-last"),
        Binding("enter", "select", "Vælg svaret", show=False, id="tree.answer-select"),
        # The digits are explained on the screen itself; the Footer has no room for them.
        *(
            Binding(
                str(n), f"pick({n})", "Vælg svaret med det nummer", show=False, id=f"tree.pick-{n}"
            )
            for n in range(1, DIGITS + 1)
        ),
    ]

    @dataclass
    class Chosen(Message):
        """An answer was chosen. Only its position: the message names no answer.

        ``question_id`` says which question the list asked, so a key pressed twice
        (the second arriving after the next question is shown) is not taken as an
        answer to a question the person never saw."""

        index: int
        question_id: str

    def __init__(
        self,
        labels: Sequence[str],
        *,
        question_id: str,
        highlighted: int | None = None,
        id: str | None = None,
    ) -> None:
        options = [
            Option(Text.assemble((f"{n}. ", "bold"), label), id=f"answer-{n}")
            for n, label in enumerate(labels, start=1)
        ]
        super().__init__(*options, id=id)
        self.question_id = question_id
        self.labels = tuple(labels)
        self._start_at = highlighted
        #: Whether the person moved the highlight (screen-reader mode: until then the
        #: cursor stands on the question, which is read before its answers).
        self.moved = False

    @property
    def highlighted_line(self) -> int:
        """The line, within the list, where the highlighted answer begins (0 if none)."""
        return option_line(self, self.highlighted)

    @property
    def spoken(self) -> str:
        """The highlighted answer in reading order: "Svar 2 af 4: …"."""
        if self.highlighted is None:
            return ""
        number = self.highlighted + 1
        return f"Svar {number} af {self.option_count}: {self.labels[self.highlighted]}."

    def action_cursor_down(self) -> None:
        self.moved = True
        super().action_cursor_down()

    def action_cursor_up(self) -> None:
        self.moved = True
        super().action_cursor_up()

    def action_first(self) -> None:
        self.moved = True
        super().action_first()

    def action_last(self) -> None:
        self.moved = True
        super().action_last()

    def on_mount(self) -> None:
        if self._start_at is not None and 0 <= self._start_at < self.option_count:
            self.highlighted = self._start_at
        elif self.option_count:
            self.highlighted = 0

    def action_pick(self, number: int) -> None:
        if 1 <= number <= self.option_count:
            self.highlighted = number - 1
            self.post_message(self.Chosen(number - 1, self.question_id))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Chosen(event.option_index, self.question_id))
