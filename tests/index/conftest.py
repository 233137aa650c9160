"""Fixtures for the search tests: the shipped handbook's index, and a cache
directory that is never the real user's."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from paddehatten.content import Handbook
from paddehatten.index import SearchIndex, open_index
from paddehatten.index.store import CACHE_ENV


@pytest.fixture(scope="session")
def search_index(handbook: Handbook) -> SearchIndex:
    return open_index(handbook, cache=False)


@pytest.fixture(autouse=True)
def private_cache(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Never the user's cache: every test here (and the commands they start) caches in
    a temporary directory. Tests of the cache itself pass their own ``cache_dir``.
    Per test: a session-wide setting would outlive these tests and leak into the next
    folder's (the handbook cache's tests then found this folder's entries)."""
    folder = tmp_path_factory.mktemp("cache")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv(CACHE_ENV, str(folder))
        yield folder
