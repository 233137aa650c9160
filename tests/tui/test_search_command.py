"""`paddehatten search`: ranked hits with snippets, as text or JSON; exit 0 when
nothing is found, 2 on usage errors, never a traceback, never Textual."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from paddehatten.tui.cli.main import run
from tests.conftest import clean_env, run_cli, run_python


@pytest.fixture(autouse=True)
def private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PADDEHATTEN_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.delenv("NO_COLOR", raising=False)


def test_text_output(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["search", "forældre"]) == 0
    out = capsys.readouterr().out
    # The guideline's two sections, then the decision tree's texts, counted apart.
    counted = r"2 afsnit og [1-9]\d* i beslutningstræet om «forældre»( \(de 10 bedste vises\))?:"
    assert re.match(counted, out)
    assert out.index("HUSK 1 ·") < out.index("HUSK 3 ·") < out.index("Beslutningstræ · ")
    # Read aloud, ids are noise: only with --ids.
    assert "\nHUSK 1 · Tavshedspligt og underretningspligt\n" in out
    assert "husk-1" not in out and "(paddehatten tree)" not in out
    assert "«forældre»" in out and "«forældrene»" in out
    assert "\x1b" not in out  # not a terminal: marks are «», no ANSI


def test_ids_are_shown_when_asked_for(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["search", "--ids", "forældre"]) == 0
    out = capsys.readouterr().out
    assert "HUSK 1 · Tavshedspligt og underretningspligt  (husk-1)" in out
    assert "(paddehatten tree)" in out


def test_several_words_are_one_query(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["search", "skift", "dit", "kode"]) == 0
    out = capsys.readouterr().out
    assert "Råd 4 · Skift dit kodeord ofte" in out and "«kodeord»" in out


def test_json_shape(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["search", "--json", "--limit", "2", "sociale", "medier"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert list(answer) == ["query", "hits", "suggestion", "tree_offer"]
    assert answer["query"] == "sociale medier"
    assert answer["suggestion"] is None
    assert answer["tree_offer"] is None
    assert len(answer["hits"]) == 2
    for hit in answer["hits"]:
        assert list(hit) == ["id", "title", "snippet", "score", "found_as", "kind", "weak"]
        assert hit["kind"] == "section" and hit["weak"] is False
        assert isinstance(hit["score"], float)
        assert "«sociale»" in hit["snippet"]


def test_the_tree_is_offered_first_in_plain_text_and_json(
    capsys: pytest.CaptureFixture[str],
) -> None:
    query = "må jeg være venner med forældre på facebook"
    assert run(["search", query]) == 0
    out = capsys.readouterr().out
    first = out.split("\n\n")[1]
    assert first.startswith("Beslutningstræ – start her · Skal jeg acceptere denne venneanmodning?")
    assert out.index("HUSK 1 ·") > out.index("Beslutningstræ – start her")
    assert run(["search", "--json", query]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer["tree_offer"] == {
        "id": "tree:venneanmodning",
        "title": "Skal jeg acceptere denne venneanmodning?",
    }
    sections = [hit["id"] for hit in answer["hits"] if hit["kind"] == "section"]
    assert {"husk-1", "husk-3", "husk-5"} <= set(sections[:3])


def test_a_weak_hit_says_so(capsys: pytest.CaptureFixture[str]) -> None:
    # Only one of the two words is in the guideline: the hit is shown, marked.
    assert run(["search", "barn med nøddeallergi"]) == 0
    out = capsys.readouterr().out
    assert "– måske relevant" in out
    assert all("måske relevant" in line for line in out.splitlines() if line.startswith("HUSK "))


def test_nothing_found_exits_zero_with_a_suggestion(capsys: pytest.CaptureFixture[str]) -> None:
    # Two edits in a word of seven letters: too far to find, near enough to suggest.
    assert run(["search", "hotmiel"]) == 0
    out = capsys.readouterr().out
    assert "Intet fundet for «hotmiel»." in out
    assert "Mente du: hotmail?" in out
    assert run(["search", "--json", "hotmiel"]) == 0
    answer = json.loads(capsys.readouterr().out)
    assert answer == {"query": "hotmiel", "hits": [], "suggestion": "hotmail", "tree_offer": None}


def test_a_hit_says_the_word_it_was_found_as(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["search", "login"]) == 0
    out = capsys.readouterr().out
    assert "Råd 4 · Skift dit kodeord ofte" in out
    assert "(fundet som «kodeord»)" in out
    assert run(["search", "--json", "hotmial"]) == 0  # two letters swapped: one edit
    answer = json.loads(capsys.readouterr().out)
    assert answer["hits"][0]["id"] == "raad-5"
    assert answer["hits"][0]["found_as"] == ["hotmail"]
    assert answer["suggestion"] is None
    assert run(["search", "kodeord"]) == 0  # the word itself: nothing to explain
    assert "fundet som" not in capsys.readouterr().out


def test_bad_limit_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["search", "--limit", "0", "kodeord"]) == 2
    assert "--limit" in capsys.readouterr().err
    with pytest.raises(SystemExit) as stop:
        run(["search", "--limit", "mange", "kodeord"])
    assert stop.value.code == 2
    assert run(["search"]) == 2  # no words: a sentence that says what to type
    assert "paddehatten search kodeord" in capsys.readouterr().err


def test_broken_content_dir_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(["--content", str(tmp_path / "missing"), "search", "kodeord"]) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_index_failure_is_a_message_not_a_traceback(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from paddehatten.tui.cli import search_plain

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(search_plain, "open_index", broken)
    assert run(["search", "kodeord"]) == 2
    err = capsys.readouterr().err
    assert "søgningen kunne ikke gennemføres" in err and "Traceback" not in err


@pytest.mark.slow
def test_search_never_imports_textual() -> None:
    script = (
        "import sys\n"
        "from paddehatten.tui.cli.main import run\n"
        "status = run(['search', 'kodeord'])\n"
        "assert status == 0\n"
        "assert 'textual' not in sys.modules, 'textual was imported'\n"
    )
    done = run_python(script)
    assert done.returncode == 0, done.stderr


def test_large_content_dir_is_cached(tmp_path: Path) -> None:
    from tests.benchmarks.synth import write_handbook

    folder = write_handbook(tmp_path / "stor", sections=220, words=40)
    cache = tmp_path / "cache"
    env = {"PADDEHATTEN_CACHE_DIR": str(cache)}
    env = clean_env(**env)
    first = run_cli("--content", str(folder), "search", "--json", "kodeord", env=env)
    assert first.returncode == 0, first.stderr
    assert [p for p in cache.iterdir() if p.is_dir()], "no cache entry written"
    second = run_cli("--content", str(folder), "search", "--json", "kodeord", env=env)
    assert second.returncode == 0, second.stderr
    assert json.loads(first.stdout) == json.loads(second.stdout)


def test_ansi_marks_only_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    from paddehatten.tui.cli.search_plain import use_ansi

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    monkeypatch.setenv("TERM", "xterm-256color")
    assert use_ansi(Terminal())
    assert not use_ansi(io.StringIO())
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_ansi(Terminal())
    monkeypatch.delenv("NO_COLOR")
    monkeypatch.setenv("TERM", "dumb")
    assert not use_ansi(Terminal())
