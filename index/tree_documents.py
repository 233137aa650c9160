"""The decision trees' texts as search documents: questions, hints, answers, outcomes.

Trees are loaded here, in the background build of the index, never on the first
paint. A tree that cannot be loaded is left out: it never stops search.
"""

from __future__ import annotations

from paddehatten.content.model import ContentError, Handbook
from paddehatten.content.text import plain_text
from paddehatten.index.documents import Document

#: ``kind`` of a tree document, and the start of its id: "tree:venneanmodning:vent".
TREE_KIND = "tree"


def tree_documents(handbook: Handbook) -> list[Document]:
    from paddehatten.content.tree import load_tree
    from paddehatten.content.tree.refs import tree_refs

    found: list[Document] = []
    for ref in tree_refs(handbook.root):
        try:
            tree = load_tree(handbook, ref.id)
        except ContentError:
            continue
        # The tree itself, by its title (its question): what search offers first when
        # a query is about it. It cites what the tree's questions cite.
        cites = tuple(section for question in tree.questions for section in question.cites)
        found.append(Document(tree_doc_id(tree.id), tree.title, "", TREE_KIND, cites))
        for question in tree.questions:
            parts = [question.hint or "", *(a.label for a in question.answers)]
            found.append(_document(tree.id, question.id, question.text, parts, question.cites))
        for outcome in tree.outcomes:
            parts = [plain_text(outcome.body), outcome.note or "", outcome.suggestion or ""]
            found.append(_document(tree.id, outcome.id, outcome.title, parts))
    return found


def _document(
    tree_id: str, node_id: str, title: str, parts: list[str], cites: tuple[str, ...] = ()
) -> Document:
    # The tree quotes the guideline in «…», which snippets use to mark matches:
    # its quotes become “…” here, so a marked word is never mistaken for a quote.
    text = "\n".join(p for p in parts if p).replace("«", "“").replace("»", "”")
    return Document(tree_doc_id(tree_id, node_id), title, text, TREE_KIND, cites)


def tree_doc_id(tree_id: str, node_id: str = "") -> str:
    """The id of a tree's text ("tree:venneanmodning:vent"), or of the tree itself
    ("tree:venneanmodning") without ``node_id``."""
    return f"{TREE_KIND}:{tree_id}:{node_id}" if node_id else f"{TREE_KIND}:{tree_id}"


def is_tree_itself(document_id: str) -> bool:
    """Whether ``document_id`` stands for a whole tree (its title), not one of its texts."""
    kind, _, rest = document_id.partition(":")
    return kind == TREE_KIND and bool(rest) and ":" not in rest


def tree_of(document_id: str) -> str | None:
    """The tree a tree document's id points into, or None for other documents."""
    kind, _, rest = document_id.partition(":")
    if kind != TREE_KIND:
        return None
    return rest.split(":", 1)[0] or None
