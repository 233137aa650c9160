"""Other texts (the decision tree's) go into the index beside the sections."""

from __future__ import annotations

from pathlib import Path

from paddehatten.content import Handbook
from paddehatten.index import Document, open_index
from paddehatten.index.documents import handbook_documents, section_documents


def tree_texts(handbook: Handbook) -> list[Document]:
    return [
        Document("tree:billeder", "Må jeg dele et billede?", "Spørg forældrene først.", "tree"),
        Document("raad-4", "Dublet", "Et id der allerede findes, springes over.", "tree"),
    ]


def test_sections_are_documents_with_their_note(handbook: Handbook) -> None:
    documents = {d.id: d for d in section_documents(handbook)}
    assert list(documents) == list(handbook.ids)
    assert "GDPR" in documents["raad-3"].text  # the editor's note is searchable
    assert "**" not in "".join(d.text for d in documents.values())  # plain text


def test_extra_documents_are_searched_after_the_sections(handbook: Handbook) -> None:
    index = open_index(handbook, extra=tree_texts(handbook), cache=False)
    assert index.document_count == len(handbook.sections) + 1
    # Only the tree's text holds every word; no section does, so the sections holding
    # some of them come first, and the tree's text after them.
    found = index.search("må jeg dele et billede")
    kinds = [hit.kind for hit in found.hits]
    assert kinds[-1] == "tree" and set(kinds[:-1]) == {"section"}
    assert found.hits[-1].id == "tree:billeder"
    assert index.search('"dele et billede"').hits[0].id == "tree:billeder"
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
