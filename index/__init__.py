"""Danish full-text search over the handbook (whoosh). Never imports Textual.

    from paddehatten.index import open_index
    found = open_index(handbook).search("kodeord")
    for hit in found.hits:
        print(hit.id, hit.title, hit.snippet_text)

Importing this package is cheap: whoosh is imported when an index is opened, so the
app can import the result types on its first-paint path.
"""

from __future__ import annotations

if __name__ != "paddehatten.index":  # e.g. `import index` from the repository's root
    raise ImportError(
        f"{__name__} is paddehatten.index imported under a second name, which would give "
        "every class two identities: import paddehatten.index (install with pip install -e .)"
    )

import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, overload

from paddehatten.content.model import Handbook
from paddehatten.index.documents import Document, extra_documents, handbook_documents

if TYPE_CHECKING:
    from paddehatten.index.search import Hit, SearchIndex, SearchResult


class BuildStopped(Exception):
    """The build was asked to stop (the app that wanted the index closed)."""


class _Stoppable(Sequence[Document]):
    """The documents to index, given one by one until ``stop()`` says otherwise."""

    def __init__(self, documents: list[Document], stop: Callable[[], bool]) -> None:
        self._documents, self._stop = documents, stop

    def __len__(self) -> int:
        return len(self._documents)

    @overload
    def __getitem__(self, index: int) -> Document: ...
    @overload
    def __getitem__(self, index: slice) -> Sequence[Document]: ...
    def __getitem__(self, index: int | slice) -> Document | Sequence[Document]:
        return self._documents[index]

    def __iter__(self) -> Iterator[Document]:
        for document in self._documents:
            if self._stop():
                raise BuildStopped
            yield document


def open_index(
    handbook: Handbook,
    *,
    extra: Iterable[Document] = (),
    cache: bool | None = None,
    cache_dir: str | os.PathLike[str] | None = None,
    stop: Callable[[], bool] | None = None,
) -> SearchIndex:
    """The search index of ``handbook`` plus ``extra`` documents (the decision tree's
    texts, say), searched with the handbook's word list (``ord.yaml``) if it has one.

    Small handbooks are built in memory; from ``index.store.CACHE_MIN_DOCUMENTS``
    documents on (or with ``cache=True``) the index is cached on disk in ``cache_dir``,
    $PADDEHATTEN_CACHE_DIR or the user cache directory. A damaged, locked or
    read-only cache never fails: the index is rebuilt, in memory if need be.

    ``stop``, asked before each document is written, ends a build early with
    :class:`BuildStopped` (a build in the cache leaves nothing behind).
    """
    from paddehatten.index.search import SearchIndex
    from paddehatten.index.store import build_in_memory, cache_key, open_or_build
    from paddehatten.index.synonyms import load_synonyms

    added = extra_documents(handbook, extra)
    made: list[Document] = []

    def documents() -> Sequence[Document]:
        if not made:
            made.extend(handbook_documents(handbook, added))
        return made if stop is None else _Stoppable(made, stop)

    size = len(handbook.sections) + len(added)
    key = cache_key(handbook, added) if cache is not False else ""
    ix, origin = open_or_build(key, documents, size, cache=cache, cache_dir=cache_dir)
    return SearchIndex(
        ix,
        origin=origin,
        rebuild=None if origin == "memory" else lambda: build_in_memory(documents()),
        synonyms=load_synonyms(handbook.root),
        cites={d.id: d.cites for d in added if d.cites},
    )


def __getattr__(name: str) -> Any:
    # The result types live with whoosh-dependent code; load them on first use.
    if name in ("Hit", "SearchIndex", "SearchResult"):
        from paddehatten.index import search

        return getattr(search, name)
    raise AttributeError(f"module 'index' has no attribute {name!r}")


__all__ = [
    "BuildStopped",
    "Document",
    "Hit",
    "SearchIndex",
    "SearchResult",
    "handbook_documents",
    "open_index",
]
