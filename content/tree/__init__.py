"""Decision trees: model, loading and validation, and the ``Walk`` through a tree.

Never imports Textual. Trees are loaded when one is opened, never on the app's
first paint: :func:`tree_refs` names them without parsing them.
"""

from content.tree.loader import (
    DEFAULT_TREE,
    TREES_DIR,
    TreeRef,
    check_trees,
    load_tree,
    quote_source,
    tree_files,
    tree_refs,
)
from content.tree.model import (
    MAX_QUESTIONS,
    Answer,
    DecisionTree,
    Node,
    Outcome,
    Question,
    TreePath,
)
from content.tree.walk import Step, Walk, WalkError

__all__ = [
    "DEFAULT_TREE",
    "MAX_QUESTIONS",
    "TREES_DIR",
    "Answer",
    "DecisionTree",
    "Node",
    "Outcome",
    "Question",
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
