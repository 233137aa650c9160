"""Fixtures for the decision-tree tests."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from paddehatten.content import DEFAULT_CONTENT, Handbook
from paddehatten.content.tree import DecisionTree, load_tree

TREE_FILE = DEFAULT_CONTENT / "trees" / "venneanmodning.yaml"


@pytest.fixture(scope="session")
def tree(handbook: Handbook) -> DecisionTree:
    return load_tree(handbook)


@pytest.fixture
def content_copy(tmp_path: Path) -> Callable[[str], Path]:
    """A copy of the shipped handbook with ``trees/<name>.yaml`` replaced by the text given.

    The file is named after the tree's id (``id: x`` → ``trees/x.yaml``); without
    an id line it is ``trees/venneanmodning.yaml``.
    """

    def make(tree_text: str, name: str = "venneanmodning") -> Path:
        root = tmp_path / "handbook"
        if not root.exists():
            shutil.copytree(DEFAULT_CONTENT, root)
            for old in (root / "trees").glob("*.yaml"):
                old.unlink()
        (root / "trees" / f"{name}.yaml").write_text(tree_text, encoding="utf-8")
        return root

    return make
