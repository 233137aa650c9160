"""What the index holds: documents with an id, a title and plain text.

The handbook's sections are documents; other texts (the decision tree's, see
``index.tree_documents``) are given to :func:`index.open_index` as ``extra``.
Nothing here imports whoosh or Textual.
"""

from __future__ import annotations

from collections.abc import Iterable
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
    #: The guideline's sections this text rests on (a tree's questions cite them; a
    #: section cited by several questions is named as often). Not indexed: search
    #: uses it to bring those sections along when a tree is offered.
    cites: tuple[str, ...] = ()


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
    """``extra``, cleaned (NFC, no control characters). Ids must not clash with the
    handbook's section ids; a clashing document is skipped when the index is built."""
    return [Document(clean(d.id), clean(d.title), clean(d.text), d.kind, d.cites) for d in extra]


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
            Document(
                clean(document.id),
                clean(document.title),
                clean(document.text),
                document.kind,
                document.cites,
            )
        )
    return found
