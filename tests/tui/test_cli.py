"""The real ``paddehatten`` command, run as a user runs it."""

from __future__ import annotations

import json
import os
import pty
import re
import select
import subprocess
import time
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT
from tests.conftest import ADOPTED, clean_env, paddehatten_command, run_cli, without_standing

ANSI = re.compile(r"\x1b[\[\]()>=<]")


def sentences(text: str) -> list[str]:
    """The adopted text cut into sentences (and list items), each stripped."""
    parts: list[str] = []
    for line in text.splitlines():
        line = re.sub(r"^(\d\.|-)\s+", "", line.strip())
        parts += [p.strip() for p in re.split(r"(?<=[.?!])\s+(?=[A-ZÆØÅ\"])", line) if p.strip()]
    return parts


def test_version_shows_the_revision() -> None:
    result = run_cli("--version")
    assert result.returncode == 0
    assert re.match(r"paddehatten \d+\.\d+", result.stdout)
    assert "Revideret i MED april 2018" in result.stdout


def test_list_json_has_the_fifteen_ids() -> None:
    result = run_cli("list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert len(rows) == 15
    assert rows[4] == {
        "id": "raad-4",
        "number": 4,
        "title": "Skift dit kodeord ofte",
        "chapter": "raad",
    }


def test_list_as_text() -> None:
    result = run_cli("list")
    assert result.returncode == 0
    assert len(result.stdout.splitlines()) == 15
    assert "husk-5" in result.stdout


def test_show_one_section() -> None:
    result = run_cli("show", "raad-4")
    assert result.returncode == 0
    assert "Skift dit kodeord ofte – så minimere du risikoen for at blive hacket" in result.stdout
    assert result.stdout.startswith("Råd 4 · Skift dit kodeord ofte\n")


def test_show_marks_the_editors_note() -> None:
    result = run_cli("show", "raad-3")
    assert "Redaktionens note – ikke en del af retningslinjen: Persondataloven" in result.stdout


def test_show_json() -> None:
    (row,) = json.loads(run_cli("show", "husk-5", "--json").stdout)
    assert row["text"] == "- Tag stilling til hvorfor I siger JA inden i godkender"
    assert row["label"] == "HUSK 5"


def test_every_sentence_of_the_adopted_text_is_shown_word_for_word() -> None:
    # Lines are wrapped at word boundaries: a sentence may span two of them.
    shown = " ".join(run_cli("show").stdout.split())
    adopted = ADOPTED.read_text(encoding="utf-8")
    found = [" ".join(s.split()) for s in sentences(adopted)]
    assert len(found) > 25
    missing = [s for s in found if s not in shown]
    assert missing == []
    # And in the guideline's own order.
    positions = [shown.index(s) for s in found if s != "Revideret i MED april 2018"]
    assert positions == sorted(positions)


def test_show_unknown_id_names_the_closest() -> None:
    result = run_cli("show", "raad-44")
    assert result.returncode == 2
    assert "ukendt afsnit 'raad-44'" in result.stderr
    assert "raad-4" in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_no_terminal_prints_the_handbook_and_says_why() -> None:
    result = run_cli(timeout=30)
    assert result.returncode == 0
    assert result.stdout.startswith("Sociale medier i Paddehatten\nRevideret i MED april 2018")
    assert "Tag stilling til hvorfor I siger JA inden i godkender" in result.stdout
    assert result.stderr.strip() == (
        "paddehatten: viste håndbogen som ren tekst, fordi standardinput ikke er en terminal."
    )
    assert not ANSI.search(result.stdout)
    # Headings stand on their own line, without "=====" a screen reader reads aloud.
    lines = result.stdout.splitlines()
    assert "Gode råd om hvordan du færdes på de sociale medier" in lines
    assert not [line for line in lines if set(line) <= {"=", "-"} and line]


@pytest.mark.slow
def test_the_reason_for_plain_text_comes_after_the_text() -> None:
    """On a screen, the reason must not scroll away above 60 lines of handbook."""
    import subprocess

    from tests.conftest import clean_env, paddehatten_command

    result = subprocess.run(
        paddehatten_command(),
        input="",
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        env=clean_env(),
        timeout=30,
        check=False,
    )
    lines = result.stdout.rstrip().splitlines()
    assert len(lines) > 60
    assert lines[-1].startswith("paddehatten: viste håndbogen som ren tekst, fordi")
    assert lines[0] == "Sociale medier i Paddehatten"


def test_plain_flag_is_quiet() -> None:
    result = run_cli("--plain")
    assert result.returncode == 0 and result.stderr == ""
    assert "HUSK" in result.stdout


def run_in_pty(args: list[str], env: dict[str, str], timeout: float = 60) -> tuple[int, str]:
    """Run with a real terminal on stdin/stdout/stderr; return (status, output)."""
    main, sub = pty.openpty()
    proc = subprocess.Popen(args, stdin=sub, stdout=sub, stderr=sub, env=env, close_fds=True)
    os.close(sub)
    chunks: list[bytes] = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            ready, _, _ = select.select([main], [], [], 0.2)
            if ready:
                try:
                    data = os.read(main, 65536)
                except OSError:
                    break
                if not data:
                    break
                chunks.append(data)
            elif proc.poll() is not None:
                break
        else:
            proc.kill()
            pytest.fail("the program hung with TERM=dumb")
        status = proc.wait(timeout=5)
    finally:
        os.close(main)
    return status, b"".join(chunks).decode("utf-8", "replace")


@pytest.mark.slow
@pytest.mark.parametrize("term", ["dumb", ""])
def test_dumb_or_missing_term_neither_hangs_nor_draws(term: str) -> None:
    env = clean_env(TERM=term, COLUMNS="100", LINES="30")
    status, output = run_in_pty(paddehatten_command(), env)
    assert status == 0
    assert "Tag stilling til hvorfor I siger JA" in output
    assert not ANSI.search(output)
    reason = "TERM=dumb" if term else "TERM ikke er sat"
    assert f"fordi {reason}." in output


@pytest.mark.slow
def test_tiny_terminal_prints_plain() -> None:
    env = clean_env(TERM="xterm-256color", COLUMNS="30", LINES="8")
    status, output = run_in_pty(paddehatten_command(), env)
    assert status == 0
    assert "terminalen er for lille (30x8" in output
    assert not ANSI.search(output)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda tmp: tmp / "findes-ikke", "mappen findes ikke"),
        (lambda tmp: tmp, "handbook.yaml: mangler"),
    ],
    ids=["missing", "empty"],
)
def test_broken_content_dir_exits_2(tmp_path: Path, make: object, message: str) -> None:
    folder = make(tmp_path)  # type: ignore[operator]
    for args in (["list"], ["show", "raad-4"], [], ["--version"]):
        result = run_cli("--content", str(folder), *args)
        assert result.returncode == 2, args
        assert message in result.stderr
        assert "Traceback" not in result.stderr
        assert result.stdout == ""


def test_junk_and_bad_front_matter_and_duplicates(handbook_copy: Path) -> None:
    sections = handbook_copy / "sections"
    (sections / "raad-1.md").write_bytes(os.urandom(64) + b"\xff\xfe")
    (sections / "raad-2.md").write_text("---\nid: [\n---\ntekst\n", encoding="utf-8")
    (sections / "kopi.md").write_text((sections / "raad-3.md").read_text(), encoding="utf-8")
    result = run_cli("--content", str(handbook_copy), "show")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert f"{handbook_copy}/sections/raad-1.md:" in result.stderr
    assert "ikke UTF-8" in result.stderr
    assert f"{handbook_copy}/sections/raad-2.md:" in result.stderr
    assert "YAML kan ikke læses" in result.stderr
    assert "bruges allerede af" in result.stderr


def test_check_valid_invalid_and_usage(handbook_copy: Path, tmp_path: Path) -> None:
    ok = run_cli("check", str(handbook_copy))
    assert ok.returncode == 0
    assert without_standing(ok.stdout) == (
        f"OK: {handbook_copy} har 15 afsnit i 3 kapitler og 1 beslutningstræ; "
        "ordlyden er som i vedtaget-tekst.txt.\n"
    )
    assert run_cli("check").returncode == 0
    (handbook_copy / "sections" / "raad-4.md").write_text("junk")
    bad = run_cli("check", str(handbook_copy))
    assert bad.returncode == 1
    first, unchecked = without_standing(bad.stdout).splitlines()
    assert re.fullmatch(r".*/sections/raad-4\.md:1: filen skal starte med front matter.*", first)
    # Råd 4's words are in the file that did not load: not checked, and said so.
    assert "advarsel: ordlyden kan ikke kontrolleres helt" in unchecked
    usage = run_cli("check", str(tmp_path / "findes-ikke"))
    assert usage.returncode == 2 and "findes ikke" in usage.stderr
    assert run_cli("check", "--nope").returncode == 2


def test_content_flag_reads_another_handbook(handbook_copy: Path) -> None:
    meta = handbook_copy / "handbook.yaml"
    meta.write_text(meta.read_text().replace("april 2018", "maj 2030"), encoding="utf-8")
    result = run_cli("--content", str(handbook_copy), "--version")
    assert "Revideret i MED maj 2030" in result.stdout


@pytest.mark.slow
def test_output_to_a_closed_pipe_is_not_an_error() -> None:
    proc = subprocess.run(
        f"{paddehatten_command()[0]} show | head -n 1",
        shell=True,
        capture_output=True,
        text=True,
        env=clean_env(),
        timeout=30,
        check=False,
    )
    assert proc.stdout == "Sociale medier i Paddehatten\n"
    assert "Traceback" not in proc.stderr


def test_shipped_content_is_the_default() -> None:
    assert (DEFAULT_CONTENT / "handbook.yaml").exists()


def test_show_takes_numbers_and_labels_like_go_to() -> None:
    result = run_cli("show", "3", "h2")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Råd 3 · Billeder og oplysninger om andre\n")
    assert "HUSK 2 · Tilgængelig døgnet rundt" in result.stdout
    refused = run_cli("show", "x9")
    assert refused.returncode == 2
    assert "et nummer (3 = Råd 3) eller fx h2" in refused.stderr


def test_help_says_what_paddehatten_alone_does() -> None:
    out = " ".join(run_cli("--help").stdout.split())
    assert "«paddehatten» alene åbner håndbogen i fuld skærm" in out
    assert "skrives hele håndbogen som ren tekst" in out


def test_the_plain_start_reads_the_empty_command_line_as_the_parser_does() -> None:
    """``paddehatten`` alone skips building the parser (the app's start): what it gets
    instead is what the parser makes of an empty command line, and any argument still
    goes through the parser."""
    from paddehatten.tui.cli import main as cli

    assert vars(cli.start_args()) == vars(cli.build_parser().parse_args([]))
    assert "version" in cli.start_args() and "handler" not in cli.start_args()
    assert vars(cli.parse([])) == vars(cli.build_parser().parse_args([]))
    assert cli.parse(["--screen-reader"]).screen_reader is True
    assert cli.parse(["list", "--json"]).json is True
