"""Any output encoding: the real command into streams that cannot hold æøå or arrows.

Each run is a real subprocess with ``PYTHONIOENCODING`` set as a Windows pipe (cp1252)
or a bare cron job (ascii) would have it; its bytes are decoded strictly with that
encoding, so a test fails if anything outside the encoding got out.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from paddehatten.tui.cli.encoding import is_utf, spell
from tests.conftest import clean_env, paddehatten_command, run_in_process
from tests.tui.test_cli import ANSI, run_in_pty


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_in(encoding: str, *args: str, stdin: str = "") -> Run:
    """The command line with stdout and stderr pipes in ``encoding`` (in this process,
    as tests.conftest.run_cli runs it), decoded strictly."""
    done = run_in_process(list(args), stdin, clean_env(PYTHONIOENCODING=encoding), None, raw=True)
    return Run(
        done.returncode,
        done.stdout.decode(encoding),  # strict: raises if a byte is not in the encoding
        done.stderr.decode(encoding),
    )


ENCODINGS = ["ascii", "cp1252"]


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_show_spells_out_what_the_encoding_lacks(encoding: str) -> None:
    result = run_in(encoding, "show", "raad-4")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    if encoding == "ascii":
        assert "Raad 4 - Skift dit kodeord ofte" in result.stdout
        assert "4. Skift dit kodeord ofte - saa minimere du risikoen" in result.stdout
    else:  # cp1252 holds æøå and the dash: the guideline's own letters
        assert "Råd 4 · Skift dit kodeord ofte" in result.stdout
        assert "4. Skift dit kodeord ofte – så minimere du risikoen" in result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_tree_paths_write_arrows_as_ascii_arrows(encoding: str) -> None:
    result = run_in(encoding, "tree", "--paths")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert "  Id'er: hvem -> " in result.stdout
    assert "    -> " in result.stdout
    assert "→" not in result.stdout
    parent = "forælder" if encoding == "cp1252" else "foraelder"
    assert f"-> En {parent} til et barn i Paddehatten" in result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_search_marks_stay_readable(encoding: str) -> None:
    result = run_in(encoding, "search", "kodeord")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not ANSI.search(result.stdout)
    if encoding == "ascii":
        assert '1 afsnit om "kodeord":' in result.stdout
        assert 'Skift dit "kodeord" ofte - saa minimere' in result.stdout
    else:
        assert "1 afsnit om «kodeord»:" in result.stdout
        assert "Skift dit «kodeord» ofte – så minimere" in result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(
    "args",
    [["list"], ["--plain"], ["show"], ["check"], ["tree", "--mermaid"], ["--help"]],
    ids=lambda a: " ".join(a),
)
def test_every_plain_command_runs(encoding: str, args: list[str]) -> None:
    result = run_in(encoding, *args)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout.strip()


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_the_plain_walk_in_ascii_or_cp1252(encoding: str) -> None:
    result = run_in(encoding, "tree", "--plain", stdin="1\n1\nq\n")
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    question = "Spørgsmål 2" if encoding == "cp1252" else "Spoergsmaal 2"
    assert question in result.stdout


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_errors_are_one_danish_line_on_stderr(encoding: str, tmp_path: Path) -> None:
    result = run_in(encoding, "show", "raad-44")
    assert result.returncode == 2
    assert result.stdout == ""
    assert result.stderr.startswith("paddehatten: ukendt afsnit 'raad-44'. Mente du: raad-4")
    assert "Traceback" not in result.stderr

    missing = tmp_path / "håndbøger"
    result = run_in(encoding, "check", str(missing))
    assert result.returncode == 2
    shown = str(missing) if encoding == "cp1252" else str(missing).replace("å", "aa")
    shown = shown.replace("ø", "oe") if encoding == "ascii" else shown
    assert result.stderr == f"paddehatten: mappen '{shown}' findes ikke\n"


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize(
    "args", [["list", "--json"], ["show", "raad-4", "--json"], ["search", "kodeord", "--json"]]
)
def test_json_stays_exact_in_any_encoding(encoding: str, args: list[str]) -> None:
    """JSON is data: escaped (\\u00e5), never spelled out, so it parses to the real text."""
    result = run_in(encoding, *args)
    assert result.returncode == 0, result.stderr
    text = json.dumps(json.loads(result.stdout), ensure_ascii=False)
    assert "å" in text
    assert "\\u00e5" in result.stdout


def test_utf8_output_is_left_as_it_is() -> None:
    result = run_in("utf-8", "tree", "--paths")
    assert "  Id'er: hvem → " in result.stdout
    result = run_in("utf-8", "list", "--json")
    assert "å" in result.stdout and "\\u00e5" not in result.stdout


@pytest.mark.slow
def test_a_terminal_in_latin1_gets_plain_text_not_a_broken_screen() -> None:
    """A TTY whose Python encoding is not UTF-8 cannot draw the app's frames."""
    env = clean_env(TERM="xterm-256color", COLUMNS="100", LINES="30", PYTHONIOENCODING="latin-1")
    status, output = run_in_pty(paddehatten_command(), env)
    assert status == 0
    # run_in_pty decodes UTF-8: the latin-1 "æ" of "tegnsæt" is not one, hence the cut.
    assert "fordi terminalens tegns" in output
    assert "er iso8859-1, ikke UTF-8." in output
    assert "Tag stilling til hvorfor I siger JA" in output
    assert not ANSI.search(output)


@pytest.mark.parametrize(
    ("char", "encoding", "spelled"),
    [
        ("→", "cp1252", "->"),
        ("å", "ascii", "aa"),
        ("Ø", "ascii", "Oe"),
        ("«", "ascii", '"'),
        ("–", "ascii", "-"),
        ("…", "ascii", "..."),
        ("é", "ascii", "e"),
        ("ü", "ascii", "u"),
        ("☃", "ascii", "?"),
        ("☃", "cp1252", "?"),
    ],
)
def test_spellings(char: str, encoding: str, spelled: str) -> None:
    assert spell(char, encoding) == spelled


def test_which_encodings_hold_everything() -> None:
    assert is_utf("utf-8") and is_utf("UTF8") and is_utf("utf_16")
    assert not is_utf("cp1252") and not is_utf("ascii") and not is_utf(None)
    assert not is_utf("no-such-codec")
