"""The decision tree as plain text: a numbered walk on stdin/stdout, and its outcome.

For screen readers and for terminals the full-screen app cannot use. Never
imports Textual. Answers are read, used and forgotten: nothing is written
anywhere but to the output the person is looking at.
"""

from __future__ import annotations

from typing import TextIO

from paddehatten.content.model import Handbook
from paddehatten.content.tree import DecisionTree, Question, Walk, WalkError
from paddehatten.tui import plain
from paddehatten.tui.labels import NOT_A_DECISION
from paddehatten.tui.plain import (
    answer_range,
    outcome_plain,
    render_answers_so_far,
    render_choices,
    render_question,
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


#: What the keys do, said once at the start of a walk (in words: «b = tilbage» reads
#: «b lig med tilbage» aloud).
KEYS_LINE = "Svar med nummeret og Enter. Skriv b for tilbage, r for start forfra, q for afslut."
#: Asked after the outcome: the walk is not over until the person says so.
AFTER_OUTCOME = (
    "Skriv b for tilbage og skift det sidste svar, r for start forfra, "
    "eller tryk Enter eller q for afslut: "
)


def render_outcome(walk: Walk, handbook: Handbook) -> str:
    """The outcome with the points it rests on, the answers given, and the revision."""
    return outcome_plain(handbook, walk, answers=True)


def outcome_for_answers(tree: DecisionTree, handbook: Handbook, replies: str) -> tuple[int, str]:
    """``tree --answers 1,ved,…``: (exit status, text) without asking anything.

    The text is the outcome, or (status 2) a Danish sentence that says which reply
    does not fit, or which question is still unanswered."""
    parts = [part.strip() for part in replies.split(",")]
    if not any(parts):
        return EXIT_BAD_INPUT, "--answers skal have mindst ét svar, fx --answers 1,ved"
    if "" in parts:
        return EXIT_BAD_INPUT, "--answers har et tomt svar: skriv svarene adskilt af komma"
    try:
        walk = Walk.from_answers(tree, parts)
    except WalkError as error:
        return EXIT_BAD_INPUT, f"--answers: {error}."
    if not walk.finished:
        question = walk.current
        assert isinstance(question, Question)
        choices = ", ".join(f"{n} = {a.id}" for n, a in enumerate(question.answers, start=1))
        return EXIT_BAD_INPUT, (
            f"--answers: svarene når ikke frem til et resultat. Spørgsmål "
            f"{walk.question_number} mangler: «{question.text}» ({choices})"
        )
    return EXIT_OK, render_outcome(walk, handbook)


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

    An answer is its number or its id; ``b`` goes back (after the outcome too),
    ``r`` starts again and ``q`` stops. When ``interactive`` (a person at a terminal)
    a bad answer is asked again with the choices alone, and the end of the input
    (Ctrl+D) stops quietly; otherwise (a script) a bad answer ends the walk with exit
    status 2, and the end of the input before an outcome with exit status 1.
    """
    plain.write(f"{tree.title}\n", stdout)
    plain.write(f"{NOT_A_DECISION} Dine svar gemmes ikke.\n", stdout)
    plain.write(f"{KEYS_LINE}\n", stdout)
    walk = Walk(tree)
    ask_whole = True
    while True:
        if walk.finished:
            plain.write("\n" + render_outcome(walk, handbook), stdout)
            plain.write(f"\n{AFTER_OUTCOME}", stdout)
            stdout.flush()
            after = _read_answer(stdin)
            if after is None:
                plain.write("\n", stdout)
                return EXIT_OK
            choice = after.strip().lower()
            if not interactive:
                plain.write(f"{_shortened(after.strip())}\n", stdout)
            if choice in ("b", "tilbage"):
                walk = walk.back()
            elif choice in ("r", "forfra"):
                walk = walk.restart()
            elif choice in ("", "q", "afslut"):
                return EXIT_OK
            else:
                plain.write("Skriv b, r eller q.\n", stdout)
                continue
            ask_whole = True
            continue
        question = walk.current
        assert isinstance(question, Question)
        count = len(question.answers)
        if ask_whole:
            so_far = render_answers_so_far(walk)
            plain.write(f"\n{so_far}\n" if so_far else "", stdout)
            plain.write(f"\n{render_question(walk)}\n", stdout)
        else:
            plain.write(f"{render_choices(question)}\n", stdout)
        ask_whole = True
        plain.write(f"Dit svar ({answer_range(count)}): ", stdout)
        stdout.flush()
        line = _read_answer(stdin)
        if line is None:
            plain.write("\n", stdout)
            if interactive:  # Ctrl+D: the person is done, not an error
                plain.write("Afsluttet uden resultat.\n", stdout)
                return EXIT_OK
            stderr.write(
                f"paddehatten: inputtet sluttede ved spørgsmål {walk.question_number}, "
                "før der var et resultat.\n"
            )
            return EXIT_NO_OUTCOME
        reply = line.strip()
        if not interactive:
            plain.write(f"{_shortened(reply)}\n", stdout)
        choice = reply.lower()
        if choice in ("b", "tilbage"):
            if walk.at_start:
                plain.write("Du er ved det første spørgsmål.\n", stdout)
            walk = walk.back()
            continue
        if choice in ("r", "forfra"):
            walk = walk.restart()
            continue
        if choice in ("q", "afslut"):
            plain.write("Afsluttet uden resultat.\n", stdout)
            return EXIT_OK
        answer = walk.find_answer(choice)
        if answer is None:
            if not choice:
                message = f"Du skrev ikke noget. Skriv et tal fra 1 til {count} og tryk Enter."
            else:
                message = (
                    f"«{_shortened(reply)}» er ikke et af svarene. Skriv et tal fra 1 til {count}."
                )
            if interactive:
                plain.write(f"{message}\n", stdout)
                ask_whole = False
                continue
            stderr.write(f"paddehatten: spørgsmål {walk.question_number}: {message}\n")
            return EXIT_BAD_INPUT
        plain.write(f"Du svarede: {answer.label}\n", stdout)
        walk = walk.answer(answer.id)
