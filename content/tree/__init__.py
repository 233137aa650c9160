"""Decision trees: model, loading and validation, and the ``Walk`` through a tree.

Never imports Textual. Trees are loaded when one is opened, never on the app's
first paint: :func:`tree_refs` names them without parsing them.
"""

from typing import TYPE_CHECKING, Any

from paddehatten.content.tree.model import (
    MAX_QUESTIONS,
    Answer,
    DecisionTree,
    Node,
    Outcome,
    Question,
    Review,
    TreePath,
)
from paddehatten.content.tree.refs import DEFAULT_TREE, TREES_DIR, TreeRef, tree_files, tree_refs
from paddehatten.content.tree.walk import Step, Walk, WalkError

if TYPE_CHECKING:
    from paddehatten.content.tree.loader import check_trees, load_tree, quote_source

#: Names from the loader (YAML): imported on first use, not with the package.
_LAZY = {"check_trees", "load_tree", "quote_source"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from paddehatten.content.tree import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'paddehatten.content.tree' has no attribute {name!r}")


__all__ = [
    "DEFAULT_TREE",
    "MAX_QUESTIONS",
    "TREES_DIR",
    "Answer",
    "DecisionTree",
    "Node",
    "Outcome",
    "Question",
    "Review",
    "Step",
    "TreePath",
    "TreeRef",
    "Walk",
    "WalkError",
    "check_trees",
    "load_tree",
    "quote_source",
    "tree_files",
    "tree_refs",
]
