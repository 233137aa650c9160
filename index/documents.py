"""What the index holds: documents with an id, a title and plain text.

The handbook's sections are documents; other parts of the program (the decision
tree, for one) can add theirs with :func:`add_document_source` before the index is
built. Nothing here imports whoosh or Textual.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from paddehatten.content.model import Handbook
from paddehatten.content.text import plain_text
from paddehatten.index.words import clean


@dataclass(frozen=True)
class Document:
    """One searchable unit. ``id`` is what a hit points at; ``kind`` says what it is
    ("section" for the handbook's sections) so a user interface knows how to open it.
    ``text`` is plain text, not Markdown."""

    id: str
    title: str
    text: str
    kind: str = "section"


#: Functions that give extra documents for a handbook (the decision tree's texts).
DocumentSource = Callable[[Handbook], Iterable[Document]]
_SOURCES: list[DocumentSource] = []


def add_document_source(source: DocumentSource) -> None:
    """Have ``source(handbook)`` add documents to every index built from now on.

    For the decision tree, for example::

        add_document_source(
            lambda handbook: [Document(f"tree:{n.id}", n.question, n.help, "tree") ...]
        )

    Ids must not clash with the handbook's section ids; a clashing document is skipped.
    """
    if source not in _SOURCES:
        _SOURCES.append(source)


def remove_document_source(source: DocumentSource) -> None:
    """Undo :func:`add_document_source` (for tests)."""
    if source in _SOURCES:
        _SOURCES.remove(source)


def section_documents(handbook: Handbook) -> list[Document]:
    """The handbook's sections as documents: title, text and the editor's note."""
    found = []
    for section in handbook.sections:
        text = plain_text(section.body)
        if section.note:
            text = f"{text}\n\n{section.note}"
        found.append(Document(section.id, section.title, text))
    return found


def extra_documents(handbook: Handbook, extra: Iterable[Document] = ()) -> list[Document]:
    """``extra`` and the documents of every registered source, cleaned (NFC, no control
    characters)."""
    found = list(extra)
    for source in _SOURCES:
        found += source(handbook)
    return [Document(clean(d.id), clean(d.title), clean(d.text), d.kind) for d in found]


def handbook_documents(handbook: Handbook, extra: Iterable[Document] = ()) -> list[Document]:
    """Everything to index: the handbook's sections, then ``extra`` (as given: see
    :func:`extra_documents`), cleaned, with duplicate ids dropped (the first wins)."""
    found: list[Document] = []
    seen: set[str] = set()
    for document in [*section_documents(handbook), *extra]:
        if document.id in seen:
            continue
        seen.add(document.id)
        found.append(
            Document(clean(document.id), clean(document.title), clean(document.text), document.kind)
        )
    return found
