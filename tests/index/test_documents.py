"""Other parts of the program add their texts to the index (the decision tree will)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paddehatten.content import Handbook
from paddehatten.index import Document, add_document_source, open_index, remove_document_source
from paddehatten.index.documents import handbook_documents, section_documents


def tree_texts(handbook: Handbook) -> list[Document]:
    return [
        Document("tree:billeder", "Må jeg dele et billede?", "Spørg forældrene først.", "tree"),
        Document("raad-4", "Dublet", "Et id der allerede findes, springes over.", "tree"),
    ]


@pytest.fixture
def registered() -> Iterator[None]:
    add_document_source(tree_texts)
    add_document_source(tree_texts)  # twice: still once
    yield
    remove_document_source(tree_texts)


def test_sections_are_documents_with_their_note(handbook: Handbook) -> None:
    documents = {d.id: d for d in section_documents(handbook)}
    assert list(documents) == list(handbook.ids)
    assert "GDPR" in documents["raad-3"].text  # the editor's note is searchable
    assert "**" not in "".join(d.text for d in documents.values())  # plain text


def test_a_source_adds_documents(handbook: Handbook, registered: None) -> None:
    index = open_index(handbook, cache=False)
    assert index.document_count == len(handbook.sections) + 1
    found = index.search("må jeg dele et billede")
    assert found.hits[0].id == "tree:billeder"
    assert found.hits[0].kind == "tree"
    # The duplicate id was skipped: raad-4 is still the section.
    (hit,) = index.search("kodeord").hits
    assert hit.kind == "section" and hit.title == "Skift dit kodeord ofte"


def test_extra_documents_are_cleaned(handbook: Handbook) -> None:
    documents = handbook_documents(handbook, [Document("x", "A\x1b[31m", "b\ud800c")])
    extra = documents[-1]
    assert extra.title == "A [31m" and extra.text == "bc"


def test_the_trees_texts_are_documents_and_a_broken_tree_is_left_out(
    handbook: Handbook, tmp_path: Path
) -> None:
    import shutil

    from paddehatten.content import DEFAULT_CONTENT, load_handbook
    from paddehatten.index.tree_documents import tree_documents, tree_of

    documents = tree_documents(handbook)
    ids = {d.id for d in documents}
    assert "tree:venneanmodning:hvem" in ids and "tree:venneanmodning:vent" in ids
    assert all(d.kind == "tree" and "«" not in d.text for d in documents)
    assert tree_of("tree:venneanmodning:vent") == "venneanmodning"
    assert tree_of("raad-4") is None
    copy = tmp_path / "handbog"
    shutil.copytree(DEFAULT_CONTENT, copy)
    (copy / "trees" / "venneanmodning.yaml").write_text("id: [\n", encoding="utf-8")
    assert tree_documents(load_handbook(copy)) == []
