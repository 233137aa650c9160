"""``paddehatten tree`` and ``paddehatten check`` as installed, run as real processes."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from paddehatten.content import Handbook
from paddehatten.content.tree import DecisionTree
from tests.conftest import clean_env, run_cli, run_python
from tests.paths import REPO

PADDEHATTEN = Path(sys.executable).parent / "paddehatten"
TIMEOUT = 60


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """The command line in this process (see tests.conftest.run_cli)."""
    full_env = clean_env(TERM="xterm-256color", **(env or {}))
    return run_cli(*args, input=stdin, env=full_env, timeout=TIMEOUT)


def test_the_command_is_installed() -> None:
    assert PADDEHATTEN.exists(), f"install the package first: {PADDEHATTEN}"


def test_plain_walk_reaches_an_outcome_and_prints_its_grounds(handbook: Handbook) -> None:
    result = run("tree", "--plain", stdin="1\n1\n1\n2\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Spørgsmål 1: Hvem har sendt dig venneanmodningen?" in out
    assert "  1. En forælder til et barn i Paddehatten" in out
    assert "Spørgsmål 4: Er det i orden" in out
    assert "højst" not in out  # no count that shrinks with the answers
    # Every question after the first lists the answers so far.
    before_four = out[: out.index("Spørgsmål 4:")]
    so_far = before_four[before_four.rindex("Dine svar indtil nu:") :]
    # Wrapped at 80 columns (no terminal), at spaces, continuation lines hanging.
    assert so_far.splitlines()[1:7] == [
        "  1. Hvem har sendt dig venneanmodningen? – En forælder til et barn i",
        "     Paddehatten",
        "  2. Ved du, hvorfor du vil sige ja? – Ja, jeg ved, hvorfor jeg vil sige ja",
        "  3. Du har tavshedspligt og kan have en udvidet underretningspligt, uanset om I",
        "     bliver venner. Er du klar til at holde dem, også når du er venner med",
        "     forælderen? – Ja, det er jeg klar til",
    ]
    # Plain headings, without underlines a screen reader would read aloud.
    assert "===" not in out and "---" not in out
    assert "Resultat ud fra dine svar" in out
    assert "Du må gerne sige nej og holde arbejdsliv og privatliv adskilt" in out
    grounds = out[out.index("Det bygger på") : out.index("Dine svar\n")]
    outcome = out[out.rindex("Resultat ud fra dine svar") : out.index("Dine svar\n")]
    said = " ".join(outcome.split())
    for cite in ("husk-2", "husk-4", "husk-3"):
        section = handbook.section(cite)
        assert f"{handbook.label(section)} · {section.title}" in grounds
        # Every point's words are there, once: in full below, or quoted above.
        words = " ".join(section.body.split())
        assert words in said
        assert said.count(words) == 1 or cite == "husk-3"
    # HUSK 2 and HUSK 4 are quoted whole in the advice: named, not read again.
    assert "HUSK 2 · Tilgængelig døgnet rundt (citeret ovenfor)" in grounds
    assert "HUSK 4 · Pas på dig selv (citeret ovenfor)" in grounds
    answers = out[out.index("Dine svar\n") :]
    assert "Ja, det er jeg klar til" in answers
    assert handbook.revision in answers
    assert "ikke en afgørelse" in answers
    assert result.stderr == ""


def test_plain_walk_takes_answer_ids_and_goes_back(handbook: Handbook) -> None:
    # A colleague... no, back: a private friend without a child at Paddehatten.
    result = run("tree", "--plain", stdin="kollega\nb\nprivat\nnej\n")
    assert result.returncode == 0, result.stderr
    assert (
        "Retningslinjen siger ikke, hvem af din familie og dine venner du siger ja til"
        in result.stdout
    )
    assert "Et hul i retningslinjen" in result.stdout
    answers = result.stdout[result.stdout.index("Dine svar\n") :]
    assert "En kollega" not in answers
    assert "En ven eller et familiemedlem, jeg kender privat" in answers


def test_plain_walk_at_the_end_of_a_scripts_input_says_so(handbook: Handbook) -> None:
    """A script that stops early gets an error; a person's Ctrl+D does not (below)."""
    result = run("tree", "--plain", stdin="1\n")
    assert result.returncode == 1
    assert "inputtet sluttede ved spørgsmål 2" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_plain_walk_goes_back_from_the_outcome_and_changes_the_last_answer() -> None:
    # Parent, knows why, ready, fine with messages → "you can say yes"; then b, and
    # the other answer to the last question → "keep work and private life apart".
    result = run("tree", "--plain", stdin="1\n1\n1\n1\nb\n2\nq\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    first = out.index("Siger du ja, så husk det, retningslinjen beder om")
    again = out.index("Spørgsmål 4: Er det i orden", first)
    second = out.index("Du må gerne sige nej og holde arbejdsliv og privatliv adskilt", again)
    assert first < again < second
    final = out[second:]
    answers = final[final.index("Dine svar\n") :]
    assert "Nej, jeg vil gerne holde arbejdsliv og privatliv adskilt" in answers
    assert "Ja, det kan jeg godt håndtere" not in answers
    assert out.rstrip().endswith("q")  # the script's q, echoed, ended it
    assert result.stderr == ""


def test_plain_walk_ends_quietly_after_the_outcome_at_the_end_of_input() -> None:
    result = run("tree", "--plain", stdin="5\n")
    assert result.returncode == 0
    assert result.stderr == ""
    assert result.stdout.rstrip().endswith("eller q for afslut:")


def test_answers_prints_the_outcome_without_asking(handbook: Handbook) -> None:
    result = run("tree", "--answers", "1,ved,1,ikke-i-orden")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("Resultat ud fra dine svar (vejledning – ikke en afgørelse)\n\n")
    assert "Du må gerne sige nej og holde arbejdsliv og privatliv adskilt" in out
    assert "Spørgsmål" not in out and "Dit svar" not in out  # nothing was asked
    answers = out[out.index("Dine svar\n") :]
    assert "Nej, jeg vil gerne holde arbejdsliv og privatliv adskilt" in answers
    assert f"{handbook.title} – {handbook.revision}" in answers
    # The same outcome as the walk with the same answers.
    walked = run("tree", "--plain", stdin="1\n1\n1\n2\n").stdout
    assert out in walked


def test_answers_that_stop_short_or_do_not_fit_say_so() -> None:
    short = run("tree", "--answers", "1,ved")
    assert short.returncode == 2 and short.stdout == ""
    assert short.stderr == (
        "paddehatten: --answers: svarene når ikke frem til et resultat. Spørgsmål 3 "
        "mangler: «Du har tavshedspligt og kan have en udvidet underretningspligt, uanset "
        "om I bliver venner. Er du klar til at holde dem, også når du er venner med "
        "forælderen?» (1 = klar, 2 = ikke-klar)\n"
    )
    wrong = run("tree", "--answers", "1,9")
    assert wrong.returncode == 2
    assert "svar nr. 2 passer ikke til spørgsmålet «Ved du, hvorfor du vil sige ja?»" in (
        wrong.stderr
    )
    for bad in ("", ",", "1,,2"):
        result = run("tree", "--answers", bad)
        assert result.returncode == 2, bad
        assert result.stderr.startswith("paddehatten: --answers ")
        assert "Traceback" not in result.stderr


def test_answers_writes_nothing_anywhere(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    env = {f"XDG_{n}_HOME": str(tmp_path / n.lower()) for n in ("CONFIG", "CACHE", "DATA")}
    result = run("tree", "--answers", "2,ja,forpligtet", env={"HOME": str(home), **env})
    assert result.returncode == 0, result.stderr
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_plain_walk_refuses_a_bad_answer_from_a_script() -> None:
    result = run("tree", "--plain", stdin="1\n9\n")
    assert result.returncode == 2
    assert "«9» er ikke et af svarene. Skriv et tal fra 1 til 4." in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


def test_plain_walk_can_be_stopped() -> None:
    result = run("tree", "--plain", stdin="1\nq\n")
    assert result.returncode == 0
    assert "Afsluttet uden resultat." in result.stdout
    assert "Resultat ud fra" not in result.stdout


def test_without_a_terminal_the_tree_falls_back_to_the_plain_walk() -> None:
    result = run("tree", stdin="7\n")
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "paddehatten: går beslutningstræet igennem som ren tekst, fordi "
        "standardinput ikke er en terminal."
    ]
    assert "Retningslinjen siger ikke noget om folk, du ikke kender" in result.stdout
    assert "\x1b[" not in result.stdout


class PtyWalk:
    """``paddehatten tree`` in a real terminal (a pty) with TERM=dumb: the plain walk,
    interactive, never Textual."""

    def __init__(self) -> None:
        self.master, slave = pty.openpty()
        self.process = subprocess.Popen(
            [str(PADDEHATTEN), "tree"],
            stdin=slave,
            stdout=slave,
            stderr=subprocess.PIPE,
            env={**os.environ, "TERM": "dumb", "COLUMNS": "80", "LINES": "24"},
            close_fds=True,
        )
        os.close(slave)
        self.output = b""
        self.deadline = time.monotonic() + TIMEOUT

    def read_until(self, marker: str) -> str:
        """Everything printed since the last call, up to and including ``marker``."""
        wanted = marker.encode()
        start = len(self.output)
        while wanted not in self.output[start:]:
            assert time.monotonic() < self.deadline, self.output.decode(errors="replace")
            ready, _, _ = select.select([self.master], [], [], 1)
            if ready:
                try:
                    self.output += os.read(self.master, 4096)
                except OSError:
                    break
        return self.output[start:].decode(errors="replace")

    def type(self, text: str) -> None:
        os.write(self.master, text.encode())

    def finish(self) -> tuple[int, str, str]:
        """(exit status, everything printed, stderr)."""
        try:
            status = self.process.wait(timeout=TIMEOUT)
            while select.select([self.master], [], [], 0.5)[0]:  # what is left to read
                try:
                    chunk = os.read(self.master, 4096)
                except OSError:
                    break
                if not chunk:
                    break
                self.output += chunk
        finally:
            if self.process.poll() is None:
                self.process.kill()
            os.close(self.master)
        assert self.process.stderr is not None
        stderr = self.process.stderr.read().decode()
        self.process.stderr.close()
        return status, self.output.decode(), stderr


@pytest.mark.slow
def test_term_dumb_in_a_terminal_falls_back_and_asks_again_after_a_typo() -> None:
    walk = PtyWalk()
    walk.read_until("Dit svar (1 til 9): ")
    walk.type("x\n")  # a typo: only the choices again, not the whole question
    again = walk.read_until("Dit svar (1 til 9): ")
    assert "«x» er ikke et af svarene. Skriv et tal fra 1 til 9." in again
    assert "  1. En forælder til et barn i Paddehatten" in again
    assert "Hvem har sendt" not in again and "Vælg det, der passer bedst" not in again
    walk.type("\n")  # nothing typed: said so in words, not as «»
    again = walk.read_until("Dit svar (1 til 9): ")
    assert "Du skrev ikke noget. Skriv et tal fra 1 til 9 og tryk Enter." in again
    assert "«»" not in again
    walk.type("5\n")
    walk.read_until("q for afslut: ")
    walk.type("q\n")
    status, text, stderr = walk.finish()
    assert status == 0
    assert "fordi TERM=dumb" in stderr
    assert "Retningslinjen siger ikke, om du skal sige ja til et barn eller en ung" in text
    assert "\x1b[" not in text  # no escape codes: Textual never started


@pytest.mark.slow
def test_ctrl_d_at_a_question_ends_the_walk_quietly() -> None:
    walk = PtyWalk()
    walk.read_until("Dit svar (1 til 9): ")
    walk.type("1\n")
    walk.read_until("Dit svar (1 til 4): ")
    walk.type("\x04")  # Ctrl+D at the start of a line: the end of the input
    status, text, stderr = walk.finish()
    assert status == 0
    assert text.rstrip().endswith("Afsluttet uden resultat.")
    assert stderr.splitlines() == [
        "paddehatten: går beslutningstræet igennem som ren tekst, fordi TERM=dumb."
    ]


@pytest.mark.slow
def test_ctrl_d_after_the_outcome_ends_quietly_and_b_went_back_before() -> None:
    walk = PtyWalk()
    walk.read_until("Dit svar (1 til 9): ")
    walk.type("7\n")  # someone I do not know → an outcome at once
    walk.read_until("q for afslut: ")
    walk.type("b\n")  # back from the outcome to the question
    back = walk.read_until("Dit svar (1 til 9): ")
    assert "Spørgsmål 1: Hvem har sendt dig venneanmodningen?" in back
    walk.type("7\n")
    walk.read_until("q for afslut: ")
    walk.type("\x04")
    status, text, _ = walk.finish()
    assert status == 0
    assert text.count("Retningslinjen siger ikke noget om folk, du ikke kender") == 2


def test_json_has_exactly_the_promised_keys(tree: DecisionTree) -> None:
    result = run("tree", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert list(data) == ["id", "title", "start", "questions", "outcomes"]
    assert (data["id"], data["start"]) == ("venneanmodning", "hvem")
    for question in data["questions"]:
        assert list(question) == ["id", "text", "hint", "cites", "answers"]
        for answer in question["answers"]:
            assert list(answer) == ["id", "label", "next"]
    for outcome in data["outcomes"]:
        assert list(outcome) == ["id", "title", "body", "cites"]
    assert [q["id"] for q in data["questions"]] == [q.id for q in tree.questions]
    assert [o["id"] for o in data["outcomes"]] == [o.id for o in tree.outcomes]
    assert data["questions"][0]["hint"] is not None
    assert any(q["hint"] is None for q in data["questions"])


def test_paths_lists_every_path(tree: DecisionTree) -> None:
    result = run("tree", "--paths")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    headers = [row for row in rows if row.startswith("Vej ")]
    # The id line may wrap (at word boundaries): read it to the blank line after it.
    ids = [
        "  Id'er: " + " ".join(found.split())
        for found in re.findall(r"^  Id'er: (.*?)(?:\n\n|\n?\Z)", result.stdout, re.S | re.M)
    ]
    assert len(headers) == len(ids) == len(tree.paths())
    for header, id_row, path in zip(headers, ids, tree.paths(), strict=True):
        # A title in words: where the path ends, never a chain of internal ids.
        assert f"«{path.outcome.title}»".startswith(header.split(": ", 1)[1]) or (
            f"«{path.outcome.title}»" in header
        ), header
        assert "→" not in header and header.startswith("Vej ")
        assert id_row.endswith(f"→ {path.outcome.id}")
        assert id_row.split(": ", 1)[1].startswith("hvem → ")
    assert f"{len(tree.paths())} veje, højst 5 spørgsmål" in result.stdout


def test_mermaid_draws_every_answer(tree: DecisionTree) -> None:
    result = run("tree", "--mermaid")
    assert result.returncode == 0, result.stderr
    rows = result.stdout.splitlines()
    assert rows[0] == "flowchart TD"
    edges = [r for r in rows if "-->" in r]
    assert len(edges) == sum(len(q.answers) for q in tree.questions)
    assert '    q_hvem -->|"En kollega"| q_hvorfor_kollega' in rows


def test_an_unknown_tree_names_the_known_ones() -> None:
    result = run("tree", "findes-ikke", "--paths")
    assert result.returncode == 2
    assert "venneanmodning" in result.stderr
    assert "Traceback" not in result.stderr


def test_a_handbook_without_trees_says_so(content_copy: Callable[[str], Path]) -> None:
    root = content_copy("")
    (root / "trees" / "venneanmodning.yaml").unlink()
    result = run("--content", str(root), "tree", "--plain")
    assert result.returncode == 2
    assert "ingen beslutningstræer" in result.stderr


def test_check_reports_tree_problems_with_file_and_line(
    content_copy: Callable[[str], Path],
) -> None:
    shipped = REPO / "content/paddehatten/trees/venneanmodning.yaml"
    text = shipped.read_text(encoding="utf-8").replace("next: kollega-ja", "next: findes-ikke")
    root = content_copy(text)
    result = run("check", str(root))
    assert result.returncode == 1
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "next: findes-ikke" in row)
    errors = [row for row in result.stdout.splitlines() if ": advarsel: " not in row]
    assert errors == [
        f"{root}/trees/venneanmodning.yaml:{line}: 'next: findes-ikke' peger på et "
        "spørgsmål eller resultat, som ikke findes"
    ]


def test_check_passes_the_shipped_handbook() -> None:
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "stdin"),
    [
        (["tree", "--json"], ""),
        (["tree", "--paths"], ""),
        (["tree", "--mermaid"], ""),
        (["tree", "--plain"], "1\n2\n"),
        (["tree"], "7\n"),
        (["check"], ""),
    ],
)
def test_the_plain_paths_never_import_textual(args: list[str], stdin: str) -> None:
    code = (
        "import sys\n"
        "from paddehatten.tui.cli.main import run\n"
        f"status = run({args!r})\n"
        "sys.stdout.flush()\n"
        "assert 'textual' not in sys.modules, sorted(m for m in sys.modules if 'textual' in m)\n"
        "raise SystemExit(status)\n"
    )
    result = run_python(code, stdin=stdin)
    assert result.returncode == 0, result.stderr
