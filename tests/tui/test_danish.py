"""Every text a person meets is Danish: help, usage errors, and (below) the app's screens."""

from __future__ import annotations

import pytest

from paddehatten.tui.cli.main import DANISH_ARGPARSE, build_parser
from tests.conftest import run_cli
from tests.english import english_in

COMMANDS = ["list", "show", "search", "check", "serve", "tree"]


def test_the_word_list_finds_english() -> None:
    found = english_in("usage: paddehatten [-h]\n\noptions:\n  show this help message and exit")
    assert {"usage", "options", "show this help", "and exit"} <= set(found)
    assert english_in("brug: paddehatten search kodeord; tilvalg; vis denne hjælp") == []


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_danish(command: str | None) -> None:
    args = ["--help"] if command is None else [command, "--help"]
    result = run_cli(*args)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("brug: paddehatten")
    assert "tilvalg:" in result.stdout
    assert "vis denne hjælp og afslut" in result.stdout
    assert english_in(result.stdout + result.stderr) == []


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["findes-ikke"], "paddehatten: fejl: KOMMANDO: ukendt valg 'findes-ikke' (vælg mellem"),
        (["search"], "paddehatten: skriv, hvad du søger efter, fx: paddehatten search kodeord"),
        (["search", "   "], "paddehatten: skriv, hvad du søger efter"),
        (["search", "x", "--limit", "mange"], "--limit: «mange» er ikke et helt tal"),
        (["search", "x", "--limit"], "--limit: skal have en værdi"),
        (["show", "--bogus"], "paddehatten: fejl: ukendte argumenter: --bogus"),
        (["tree", "--plain", "--json"], "--json: kan ikke bruges sammen med --plain"),
        (["serve", "--port", "otte"], "--port: «otte» er ikke et helt tal"),
        (["--content"], "--content: skal have en værdi"),
    ],
)
def test_usage_errors_are_danish(args: list[str], message: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert english_in(result.stdout + result.stderr) == []


def test_the_parser_leaves_argparse_as_it_was() -> None:
    """The Danish texts are argparse's only while our parser works: pytest's own
    argparse, in the same process, still speaks English."""
    import argparse

    build_parser().format_help()
    other = argparse.ArgumentParser(prog="x").format_help()
    assert other.startswith("usage: x")
    assert "show this help message and exit" in other
    assert set(DANISH_ARGPARSE) >= {"usage: ", "options", "show this help message and exit"}
