"""What opening and building an index costs: no stored document is read to find the
decision tree's documents, and a build too large to sort at once works in memory."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from whoosh.reading import SegmentReader

from paddehatten.content import Handbook
from paddehatten.index import BuildStopped, open_index
from paddehatten.index.documents import Document
from paddehatten.index.schema import make_schema
from paddehatten.index.search import SearchIndex
from paddehatten.index.store import PrivateRamStorage, write_documents
from paddehatten.index.tree_documents import TREE_KIND, tree_documents


def test_tree_documents_are_found_without_reading_stored_documents(
    handbook: Handbook, monkeypatch: pytest.MonkeyPatch
) -> None:
    trees = tree_documents(handbook)
    assert trees, "the shipped handbook has a decision tree"
    index = open_index(handbook, extra=trees, cache=False)
    expected = set(index._secondary)
    assert len(expected) == len(trees)

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("every stored document was read to open the index")

    read: list[int] = []
    original = SegmentReader.stored_fields

    def counted(reader: SegmentReader, number: int) -> Any:
        read.append(number)
        return original(reader, number)

    # Opening again (a cached open does the same) finds the tree's documents from terms;
    # only those few are read (for their names), never a section's.
    monkeypatch.setattr(SegmentReader, "iter_docs", refuse)
    monkeypatch.setattr(SegmentReader, "stored_fields", counted)
    again = SearchIndex(index._ix)
    assert again._secondary == expected
    assert set(read) <= expected, "a section's stored document was read"
    stored = index._searcher.reader()
    monkeypatch.undo()
    kinds = {stored.stored_fields(number)["kind"] for number in expected}
    assert kinds == {TREE_KIND}


def test_a_build_that_spills_its_sort_runs_works_in_memory() -> None:
    # whoosh sorts postings in runs once a build outgrows its memory limit (at about
    # 1,000 sections with the limit the program uses); a tiny limit makes 300 documents
    # spill dozens of runs, which must all come back.
    documents = [
        Document(f"afsnit-{n}", f"Afsnit {n}", f"ord{n} fælles tekst nummer {n} " * 20)
        for n in range(300)
    ]
    ix = PrivateRamStorage().create_index(make_schema())
    original = ix.writer

    def small_writer(**kwargs: Any) -> Any:
        return original(**{**kwargs, "limitmb": 0.05})

    ix.writer = small_writer
    write_documents(ix, documents)
    index = SearchIndex(ix)
    assert index.document_count == 300
    assert [h.id for h in index.search("ord123").hits] == ["afsnit-123"]
    assert len(index.search("fælles", limit=1000).hits) == 300


def test_a_stopped_build_leaves_nothing_in_the_cache(handbook: Handbook, tmp_path: Path) -> None:
    asked: list[int] = []

    def stop() -> bool:
        asked.append(1)
        return len(asked) > 3

    with pytest.raises(BuildStopped):
        open_index(handbook, cache=True, cache_dir=tmp_path, stop=stop)
    assert [p.name for p in tmp_path.iterdir() if p.is_dir()] == []
    # Not stopped, the same build is whole.
    assert open_index(handbook, cache=True, cache_dir=tmp_path).origin == "built"
