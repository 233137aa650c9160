"""Plain text for ears and narrow screens (paddehatten.tui.plain): wrapped at word
boundaries at the output's width, each quotation said once, no ids read aloud unless
asked for, and nothing espeak-ng's Danish voice reads in English or as a symbol's name.
"""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from paddehatten.content import Handbook
from paddehatten.tui.plain import output_width, wrapped
from tests.conftest import clean_env, run_cli
from tests.paths import REPO

ESPEAK = shutil.which("espeak-ng")


def words(text: str) -> list[str]:
    return text.split()


def test_show_at_60_columns_breaks_no_word() -> None:
    wide = run_cli("show", "raad-3", env=clean_env(COLUMNS="1000")).stdout
    narrow = run_cli("show", "raad-3", env=clean_env(COLUMNS="60")).stdout
    # The same words in the same order: every break is at a space, none in a word.
    assert words(narrow) == words(wide)
    lines = narrow.splitlines()
    assert len(lines) > len(wide.splitlines())  # it was wrapped
    for line in lines:
        assert len(line) <= 60 or " " not in line.strip(), line
    # A numbered point's continuation lines hang under its text.
    first = next(n for n, line in enumerate(lines) if line.startswith("3. "))
    assert lines[first + 1].startswith("   ") and not lines[first + 1].startswith("    ")


def test_without_a_terminal_or_columns_the_width_is_80() -> None:
    out = run_cli("show", env=clean_env()).stdout
    env = clean_env()
    env.pop("COLUMNS", None)
    out = run_cli("show", env=env).stdout
    assert max(len(line) for line in out.splitlines()) <= 80
    assert words(out) == words(run_cli("show", env=clean_env(COLUMNS="1000")).stdout)


def test_wrapping_keeps_long_words_whole_and_a_prompts_space() -> None:
    address = "https://" + "x" * 90
    text = f"Se {address} for mere.\nDit svar (1 til 7): "
    assert wrapped(text, 40).splitlines()[1] == address
    assert wrapped("ord " * 30 + "svar: ", 40).endswith("svar: ")
    assert output_width(environ={"COLUMNS": "55"}) == 55


def test_an_outcome_says_each_quotation_once() -> None:
    out = run_cli("tree", "--answers", "3,2").stdout
    quote = "Tag stilling til hvorfor I siger JA inden i godkender"
    assert out.count(quote) == 1, out
    assert "HUSK 5 · Tag stilling til, hvorfor I siger ja (citeret ovenfor)" in out


def test_search_reads_no_ids_unless_asked(handbook: Handbook) -> None:
    out = run_cli("search", "kodeord").stdout
    assert "raad-4" not in out and "Råd 4 · Skift dit kodeord ofte" in out
    asked = run_cli("search", "--ids", "kodeord").stdout
    assert "(raad-4)" in asked


def _espeak(text: str) -> str:
    """What espeak-ng's Danish voice says for ``text``, as phoneme mnemonics."""
    assert ESPEAK is not None, "espeak-ng is not installed (apt-get install espeak-ng)"
    done = subprocess.run(
        [ESPEAK, "-v", "da", "-q", "-x"],
        input=text,
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=True,
    )
    return " ".join(re.sub(r"_[:!]*", " ", done.stdout).split())


#: The guideline's own words: kept as they are (faithful), symbols included.
ADOPTED = (REPO / "content" / "paddehatten" / "vedtaget-tekst.txt").read_text(encoding="utf-8")


def _letters_only(line: str) -> str:
    """``line`` with every character that is not a letter, a digit, a space or a
    sentence's punctuation taken out: what a reader should hear.

    Kept, because they are read as the words they stand for: «§» (paragraf), a
    hyphen inside a name (eur-lex), an apostrophe inside a word (HUSK 1's), a slash
    inside a number (forordning 2016/679) and anything inside a word the guideline
    itself writes so («24/7», «skrev/postede»): its words are quoted faithfully."""
    kept = set()
    for token in line.split():
        bare = token.strip("«»\"'().,:;")
        if "/" in bare and (bare in ADOPTED or re.fullmatch(r"\d+/\d+", bare)):
            kept.add(bare)
    for number, token in enumerate(sorted(kept)):
        line = line.replace(token, f"\x00{number}\x00")
    line = re.sub(r"(?<=\w)-(?=\w)", "\x01", line)
    line = re.sub(r"(?<=\w)'(?=\w)", "\x02", line)  # Danish genitive: «HUSK 1's»
    line = re.sub(r"[^\w\s.,:;!?§\x00\x01\x02]", " ", line)
    line = line.replace("\x01", "-").replace("\x02", "'")
    for number, token in enumerate(sorted(kept)):
        line = line.replace(f"\x00{number}\x00", token)
    return line


def _read_as_symbols(line: str) -> bool:
    """Whether espeak-ng reads ``line`` differently from ``line`` without its symbols.
    A line that has nothing to take out sounds the same by definition: espeak-ng is
    asked only about the lines that hold a symbol."""
    letters = _letters_only(line)
    return letters != line and _espeak(line) != _espeak(letters)


@pytest.mark.slow  # espeak-ng is a real process
def test_espeak_reads_an_outcome_in_danish_words_only() -> None:
    """The plain outcome (and the walk's own lines), read by espeak-ng's Danish voice:
    it never switches to English, and no symbol is read out by its name (every line
    sounds the same as the line with its symbols taken out)."""
    outcome = run_cli("tree", "--answers", "3,1").stdout
    walk = run_cli("tree", "--plain", input="3\n1\nq\n").stdout
    assert not re.search(r"\d-\d", outcome + walk)  # ranges say «til»
    transcript = _espeak(outcome)
    assert "(en)" not in transcript, transcript
    lines = [line for line in (outcome + walk).splitlines() if line.strip()]
    spoken_as_symbols = [line for line in lines if _read_as_symbols(line)]
    assert spoken_as_symbols == []
    walk_lines = sorted({line for line in walk.splitlines() if line.strip()})
    transcript = _espeak("\n".join(walk_lines))
    assert "(en)" not in transcript, transcript


@pytest.mark.slow  # espeak-ng is a real process
def test_the_checks_would_catch_english_and_symbol_names() -> None:
    """The listening test hears what it should: arrows in English, a slash by name."""
    assert "(en)" in _espeak("Vælg med ↑/↓")
    assert _espeak("a/b") != _espeak(_letters_only("a/b"))
    assert _read_as_symbols("a/b") and not _read_as_symbols("a b")


@pytest.mark.slow  # espeak-ng is a real process
def test_no_outcome_of_the_tree_has_symbols_read_by_name(handbook: Handbook) -> None:
    """Every path's outcome, as ``tree --answers`` prints it, line by line."""
    from paddehatten.content.tree import Walk, load_tree
    from paddehatten.tui.plain import outcome_plain

    tree = load_tree(handbook, None)
    lines: set[str] = set()
    for path in tree.paths():
        walk = Walk.from_answers(tree, [answer.id for _, answer in path.steps])
        lines.update(wrapped(outcome_plain(handbook, walk), 80).splitlines())
    said = [line for line in lines if line.strip()]
    assert len(said) > 100
    wrong = [line for line in said if _read_as_symbols(line)]
    assert wrong == []
    assert "(en)" not in _espeak("\n".join(sorted(said)))
