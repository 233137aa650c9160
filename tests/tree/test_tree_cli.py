"""``paddehatten tree`` and ``paddehatten check`` as installed, run as real processes."""

from __future__ import annotations

import json
import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from paddehatten.content import Handbook
from paddehatten.content.tree import DecisionTree
from tests.conftest import run_python

PADDEHATTEN = Path(sys.executable).parent / "paddehatten"
TIMEOUT = 60


def run(
    *args: str, stdin: str = "", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    full_env = {**os.environ, "TERM": "xterm-256color", **(env or {})}
    return subprocess.run(
        [str(PADDEHATTEN), *args],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=TIMEOUT,
        env=full_env,
        check=False,
    )


def test_the_command_is_installed() -> None:
    assert PADDEHATTEN.exists(), f"install the package first: {PADDEHATTEN}"


def test_plain_walk_reaches_an_outcome_and_prints_its_grounds(handbook: Handbook) -> None:
    result = run("tree", "--plain", stdin="1\n1\n1\n2\n")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Spørgsmål 1 (højst 5): Hvem har sendt dig venneanmodningen?" in out
    assert "  1. En forælder til et barn i Paddehatten" in out
    assert "Spørgsmål 4 (højst 4)" in out
    assert "Resultat ud fra dine svar" in out
    assert "Du må gerne sige nej og holde arbejdsliv og privatliv adskilt" in out
    grounds = out[out.index("Det bygger på") : out.index("Dine svar\n")]
    for cite in ("husk-2", "husk-4", "husk-3"):
        section = handbook.section(cite)
        assert f"{handbook.label(section)} · {section.title}" in grounds
        assert " ".join(section.body.split()) in " ".join(grounds.split())
    answers = out[out.index("Dine svar\n") :]
    assert "Ja, det er jeg klar til" in answers
    assert handbook.revision in answers
    assert "ikke en afgørelse" in answers
    assert result.stderr == ""


def test_plain_walk_takes_answer_ids_and_goes_back(handbook: Handbook) -> None:
    # A colleague... no, back: a private friend without a child at Paddehatten.
    result = run("tree", "--plain", stdin="kollega\nb\nprivat\nnej\n")
    assert result.returncode == 0, result.stderr
    assert "Retningslinjen siger ikke noget om dine private venner" in result.stdout
    assert "Et hul i retningslinjen" in result.stdout
    answers = result.stdout[result.stdout.index("Dine svar\n") :]
    assert "En kollega" not in answers
    assert "En ven eller et familiemedlem, jeg kender privat" in answers


def test_plain_walk_at_the_end_of_input_says_so(handbook: Handbook) -> None:
    result = run("tree", "--plain", stdin="1\n")
    assert result.returncode == 1
    assert "inputtet sluttede ved spørgsmål 2" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout


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


def test_term_dumb_in_a_terminal_falls_back_and_asks_again_after_a_typo() -> None:
    """A real terminal (a pty) with TERM=dumb: plain, interactive, never Textual."""
    master, slave = pty.openpty()
    process = subprocess.Popen(
        [str(PADDEHATTEN), "tree"],
        stdin=slave,
        stdout=slave,
        stderr=subprocess.PIPE,
        env={**os.environ, "TERM": "dumb", "COLUMNS": "80", "LINES": "24"},
        close_fds=True,
    )
    os.close(slave)
    output = b""
    deadline = time.monotonic() + TIMEOUT

    def read_until(marker: bytes) -> None:
        nonlocal output
        while marker not in output:
            assert time.monotonic() < deadline, output.decode(errors="replace")
            ready, _, _ = select.select([master], [], [], 1)
            if ready:
                try:
                    output += os.read(master, 4096)
                except OSError:
                    return

    try:
        read_until(b"Dit svar (1-7): ")
        os.write(master, b"x\n")  # a typo: asked again, not thrown out
        read_until(b"Skriv et tal fra 1 til 7.")
        os.write(master, b"5\n")
        read_until(b"ikke en afg\xc3\xb8relse.\r\n")
        assert process.wait(timeout=TIMEOUT) == 0
    finally:
        if process.poll() is None:
            process.kill()
        os.close(master)
    assert process.stderr is not None
    stderr = process.stderr.read().decode()
    process.stderr.close()
    assert "fordi TERM=dumb" in stderr
    text = output.decode()
    assert "Retningslinjen siger ikke noget om børn og unge" in text
    assert "\x1b[" not in text  # no escape codes: Textual never started


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
    headers = [row for row in result.stdout.splitlines() if row.startswith("Vej ")]
    assert len(headers) == len(tree.paths())
    for header, path in zip(headers, tree.paths(), strict=True):
        assert header.endswith(f"→ {path.outcome.id}")
        assert header.split(": ", 1)[1].startswith("hvem → ")
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
    shipped = Path(__file__).parents[2] / "content/paddehatten/trees/venneanmodning.yaml"
    text = shipped.read_text(encoding="utf-8").replace("next: kollega-ja", "next: findes-ikke")
    root = content_copy(text)
    result = run("check", str(root))
    assert result.returncode == 1
    line = next(n for n, row in enumerate(text.splitlines(), start=1) if "next: findes-ikke" in row)
    assert result.stdout.splitlines() == [
        f"{root}/trees/venneanmodning.yaml:{line}: 'next: findes-ikke' peger på et "
        "spørgsmål eller resultat, som ikke findes"
    ]


def test_check_passes_the_shipped_handbook() -> None:
    result = run("check")
    assert result.returncode == 0, result.stdout + result.stderr


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
