"""The decision trees a handbook has, found by file name: no YAML is parsed here.

The table of contents lists the trees on the first paint; loading them (YAML,
validation) waits until one is opened.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

#: The folder of a handbook that holds its decision trees, one YAML file each.
TREES_DIR = "trees"
#: The tree ``paddehatten tree`` opens when no id is given, if the handbook has it.
DEFAULT_TREE = "venneanmodning"


@dataclass(frozen=True)
class TreeRef:
    """A tree file found in a handbook, before it is loaded."""

    id: str
    title: str
    path: Path


def tree_files(root: Path) -> list[Path]:
    """The tree files of the handbook in ``root``, sorted by name."""
    folder = root / TREES_DIR
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.glob("*.yaml") if p.is_file())


def _plain_scalar(text: str) -> str:
    """A one-line YAML scalar's text, for a label: quotes removed, comment dropped."""
    value = text.strip()
    if len(value) >= 2 and value[0] == value[-1] == "'":
        return value[1:-1].replace("''", "'")
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1].replace('\\"', '"')
    return value.split(" #", 1)[0].strip()


def tree_refs(root: Path) -> list[TreeRef]:
    """Id and title of each tree, read without parsing the trees.

    The title is the first top-level ``title:`` line (a label only: the tree's own
    title comes from its YAML when it is opened); the file name stands in when
    there is none.
    """
    refs: list[TreeRef] = []
    for path in tree_files(root):
        title = path.stem
        try:
            with path.open(encoding="utf-8") as handle:
                for row in handle:
                    if row.startswith("title:"):
                        title = _plain_scalar(row.partition(":")[2]) or path.stem
                        break
        except (OSError, UnicodeDecodeError):
            pass
        refs.append(TreeRef(path.stem, title, path))
    return refs
