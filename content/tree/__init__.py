"""Decision trees: model, loading and validation, and the ``Walk`` through a tree.

Never imports Textual. Trees are loaded when one is opened, never on the app's
first paint: :func:`tree_refs` names them without parsing them.
"""

from typing import TYPE_CHECKING, Any

from paddehatten.content.tree.refs import TREES_DIR, TreeRef, tree_files, tree_refs

if TYPE_CHECKING:
    from paddehatten.content.tree.loader import check_trees, load_tree, quote_source
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
    from paddehatten.content.tree.walk import Step, Walk, WalkError

#: Names imported from their module on first use, not with the package: the app's
#: first paint needs only the refs (the table of contents lists the trees).
_LAZY = {
    **dict.fromkeys(("check_trees", "load_tree", "quote_source"), "loader"),
    **dict.fromkeys(
        (
            "MAX_QUESTIONS",
            "Answer",
            "DecisionTree",
            "Node",
            "Outcome",
            "Question",
            "Review",
            "TreePath",
        ),
        "model",
    ),
    **dict.fromkeys(("Step", "Walk", "WalkError"), "walk"),
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'paddehatten.content.tree' has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f"paddehatten.content.tree.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
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
