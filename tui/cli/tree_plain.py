"""The decision tree as plain text: a numbered walk on stdin/stdout, and its outcome.

For screen readers and for terminals the full-screen app cannot use. Never
imports Textual. Answers are read, used and forgotten: nothing is written
anywhere but to the output the person is looking at.
"""

from __future__ import annotations

from typing import TextIO

from paddehatten.content.model import Handbook
from paddehatten.content.text import plain_text
from paddehatten.content.tree import DecisionTree, Outcome, Question, Walk, quote_source
from paddehatten.tui.cli.plain import render_section
from paddehatten.tui.labels import (
    GAP_LINE,
    NOT_A_DECISION,
    NOT_A_DECISION_TAG,
    NOTE_LABEL,
    RESULT_HEADING,
    SUGGESTION_LABEL,
    progress,
)

EXIT_OK = 0
EXIT_NO_OUTCOME = 1
EXIT_BAD_INPUT = 2
#: The longest answer line read; the rest of a longer line is skipped, never kept.
MAX_ANSWER_CHARS = 200
#: How much of a wrong answer is shown back.
SHOWN_ANSWER_CHARS = 40


def _read_answer(stdin: TextIO) -> str | None:
    """One answer line (at most MAX_ANSWER_CHARS of it); None at the end of input."""
    try:
        line = stdin.readline(MAX_ANSWER_CHARS + 1)
    except UnicodeDecodeError:
        return "\ufffd\n"  # not text: not an answer either
    if not line:
        return None
    if len(line) > MAX_ANSWER_CHARS and not line.endswith("\n"):
        rest = line
        while rest and not rest.endswith("\n"):
            try:
                rest = stdin.readline(64 * 1024)  # skipped in pieces: memory stays small
            except UnicodeDecodeError:
                rest = "?"
    return line


def _shortened(reply: str) -> str:
    """An answer as it is shown back: one line, at most SHOWN_ANSWER_CHARS."""
    text = reply.replace("\r", " ")
    if len(text) <= SHOWN_ANSWER_CHARS:
        return text
    return text[: SHOWN_ANSWER_CHARS - 1] + "…"


def render_question(walk: Walk) -> str:
    question = walk.current
    assert isinstance(question, Question)
    lines = [f"{progress(walk)}: {question.text}"]
    if question.hint:
        lines.append(" ".join(question.hint.split()))
    for number, answer in enumerate(question.answers, start=1):
        lines.append(f"  {number}. {answer.label}")
    return "\n".join(lines)


def _heading(text: str, underline: str) -> list[str]:
    return [text, underline * len(text)]


def render_outcome(walk: Walk, handbook: Handbook) -> str:
    """The outcome with the points it rests on, the answers given, and the revision."""
    outcome = walk.current
    assert isinstance(outcome, Outcome)
    out = [f"{RESULT_HEADING} ({NOT_A_DECISION_TAG})", ""]
    out += _heading(outcome.title, "=")
    if outcome.gap:
        out += ["", GAP_LINE]
    out += ["", plain_text(outcome.body)]
    for quote in outcome.quotes:
        source = quote_source(handbook, outcome, quote)
        section = handbook.get(source) if source else None
        where = f" ({handbook.label(section)})" if section is not None else ""
        out += ["", f"«{quote}»{where}"]
    if outcome.suggestion:
        out += ["", f"{SUGGESTION_LABEL}: {outcome.suggestion}"]
    if outcome.note:
        out += ["", f"{NOTE_LABEL}: {outcome.note}"]
    out += ["", "", *_heading("Det bygger på", "-")]
    for cite in outcome.cites:
        section = handbook.get(cite)
        if section is not None:
            out += ["", render_section(handbook, section)]
    out += ["", "", *_heading("Dine svar", "-")]
    for number, step in enumerate(walk.answers, start=1):
        out += ["", f"{number}. {step.question.text}", f"   {step.answer.label}"]
    out += ["", "", f"{handbook.title} – {handbook.revision}", NOT_A_DECISION]
    return "\n".join(out) + "\n"


def walk_plain(
    tree: DecisionTree,
    handbook: Handbook,
    stdin: TextIO,
    stdout: TextIO,
    stderr: TextIO,
    *,
    interactive: bool,
) -> int:
    """Ask the questions one by one on ``stdout``, read the answers from ``stdin``.

    An answer is its number or its id; ``b`` goes back, ``r`` starts again and
    ``q`` stops. When ``interactive`` (a person at a terminal) a bad answer is
    asked again; otherwise (a script) it ends the walk with exit status 2. The end
    of the input before an outcome ends it with exit status 1.
    """
    stdout.write(f"{tree.title}\n")
    stdout.write(f"{NOT_A_DECISION} Dine svar gemmes ikke.\n")
    stdout.write("Svar med nummeret og Enter. b = tilbage, r = start forfra, q = afslut.\n")
    walk = Walk(tree)
    while not walk.finished:
        question = walk.current
        assert isinstance(question, Question)
        count = len(question.answers)
        stdout.write(f"\n{render_question(walk)}\n")
        stdout.write(f"Dit svar (1-{count}): ")
        stdout.flush()
        line = _read_answer(stdin)
        if line is None:
            stdout.write("\n")
            stderr.write(
                f"paddehatten: inputtet sluttede ved spørgsmål {walk.question_number}, "
                "før der var et resultat.\n"
            )
            return EXIT_NO_OUTCOME
        reply = line.strip()
        if not interactive:
            stdout.write(f"{_shortened(reply)}\n")
        choice = reply.lower()
        if choice in ("b", "tilbage"):
            if walk.at_start:
                stdout.write("Du er ved det første spørgsmål.\n")
            walk = walk.back()
            continue
        if choice in ("r", "forfra"):
            walk = walk.restart()
            continue
        if choice in ("q", "afslut"):
            stdout.write("Afsluttet uden resultat.\n")
            return EXIT_OK
        answer = None
        # Only the digits 0-9: "²" and "٣" are digits to str.isdigit, not to int().
        if choice.isascii() and choice.isdigit() and 1 <= int(choice) <= count:
            answer = question.answers[int(choice) - 1]
        else:
            answer = question.answer(choice)
        if answer is None:
            message = (
                f"«{_shortened(reply)}» er ikke et af svarene. Skriv et tal fra 1 til {count}."
            )
            if interactive:
                stdout.write(f"{message}\n")
                continue
            stderr.write(f"paddehatten: spørgsmål {walk.question_number}: {message}\n")
            return EXIT_BAD_INPUT
        stdout.write(f"Du svarede: {answer.label}\n")
        walk = walk.answer(answer.id)
    stdout.write("\n" + render_outcome(walk, handbook))
    return EXIT_OK
