"""Whatever is typed: no exception, a JSON answer, and `*` is not "everything"."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from paddehatten.index import SearchIndex
from paddehatten.index.query import MAX_INPUT

ROOT = Path(__file__).resolve().parents[2]

HOSTILE = [
    '"',
    "(",
    ")",
    "AND",
    "OR NOT",
    "NOT kodeord",
    "*",
    "*e*",
    "?",
    "k*",
    "x~9",
    "kodeord~2",
    "title:",
    "title:kodeord",
    "id:raad-4",
    "[red]",
    "{}",
    "\\",
    "a" * 10_000,
    "kodeord " * 1_250,
    " ".join(["x"] * 5_000),
    "\x00\x01\x02\x1b\x7f",
    "kode\x00ord",
    "\x1b[31mkodeord\x1b[0m",
    "\x1b]0;title\x07",
    "😀",
    "kodeord 😀 👩‍👩‍👧",
    "\ud800",
    "kode\udffford",
    "\u200b\u200d\ufeff",
    "e\u0301",
    "ﬁ",
    "١٢٣",
    "",
    "   ",
]


@pytest.mark.parametrize("query", HOSTILE, ids=range(len(HOSTILE)))
def test_hostile_input_gives_an_answer(search_index: SearchIndex, query: str) -> None:
    found = search_index.search(query)
    answer = json.dumps(found.to_json(), ensure_ascii=False).encode("utf-8")
    assert json.loads(answer)["hits"] == found.to_json()["hits"]
    assert len(found.hits) <= 20


@pytest.mark.parametrize("query", ["*", "*e*", "?", "**", "* *", "(", '"*"', "AND", "OR", "NOT"])
def test_wildcards_and_operators_do_not_match_everything(
    search_index: SearchIndex, query: str
) -> None:
    assert len(search_index.search(query).hits) < search_index.document_count // 2


@given(st.text(max_size=300))
@settings(max_examples=300, deadline=None)
def test_any_text(search_index_for_hypothesis: SearchIndex, text: str) -> None:
    found = search_index_for_hypothesis.search(text, 10)
    json.dumps(found.to_json(), ensure_ascii=False).encode("utf-8")
    assert len(found.hits) <= 10
    assert found.total >= len(found.hits)
    if not any(c.isalnum() for c in text):
        assert found.hits == ()


@given(st.text(alphabet=st.characters(blacklist_categories=("L", "N")), max_size=50))
@settings(max_examples=200, deadline=None)
def test_text_without_letters_finds_nothing(
    search_index_for_hypothesis: SearchIndex, text: str
) -> None:
    assert search_index_for_hypothesis.search(text).hits == ()


@pytest.fixture(scope="module")
def search_index_for_hypothesis(search_index: SearchIndex) -> SearchIndex:
    # Module-scoped, so hypothesis sees no function-scoped fixture.
    return search_index


SECTION_IDS = (
    {"indledning"} | {f"raad-{n}" for n in range(1, 10)} | {f"husk-{n}" for n in range(1, 6)}
)


def _run(*args: str | bytes) -> subprocess.CompletedProcess[bytes]:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(
        [sys.executable, "-m", "paddehatten", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "query",
    [
        b"*",
        b'"',
        b"title:",
        b"x~9",
        b"\xff\xfe",  # not UTF-8: arrives as lone surrogates
        b"\x1b[31mkodeord",
        "😀 forældre".encode(),
        b"a" * 10_000,
    ],
    ids=["star", "quote", "field", "tilde", "not-utf8", "ansi", "emoji", "long"],
)
def test_cli_json_for_hostile_input(query: bytes) -> None:
    done = _run("search", "--json", query)
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"Traceback" not in done.stderr
    answer = json.loads(done.stdout.decode("utf-8"))  # valid UTF-8, valid JSON
    assert set(answer) == {"query", "hits", "suggestion", "tree_offer"}
    if query in (b"*", b'"'):
        assert answer["hits"] == []
    if query == b"x~9":
        # "~9" is no typo operator: "9" is a word like any other, found only where
        # it stands ("Råd 9" in the decision tree), and no section has it.
        assert all("«9»" in hit["snippet"] for hit in answer["hits"])
        assert not any(hit["id"] in SECTION_IDS for hit in answer["hits"])


def test_cli_star_does_not_list_every_section() -> None:
    done = _run("search", "*")
    assert done.returncode == 0
    assert "Intet fundet" in done.stdout.decode()


def test_input_beyond_the_cap_is_ignored(search_index: SearchIndex) -> None:
    found = search_index.search("x" * MAX_INPUT + " kodeord")
    assert found.hits == ()
