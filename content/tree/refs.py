"""The decision trees a handbook has, found by file name: no YAML is parsed here.

The table of contents lists the trees on the first paint; loading them (YAML,
validation) waits until one is opened.
"""

from __future__ import annotations

from pathlib import Path
from typing import NamedTuple

from paddehatten.content import files

#: The folder of a handbook that holds its decision trees, one YAML file each.
TREES_DIR = "trees"


class TreeRef(NamedTuple):
    """A tree file found in a handbook, before it is loaded."""

    id: str
    title: str
    path: Path


#: How the temporary files of earlier versions of ``check --mark-reviewed`` began.
LEFTOVER_PREFIX = ".tmp-"


def tree_files(root: Path) -> list[Path]:
    """The tree files of the handbook in ``root``, sorted by name.

    Every ``*.yaml`` entry counts, a FIFO or a device too: loading it says what it is
    (never silently left out of ``check``). Not a temporary file an earlier version
    of ``check --mark-reviewed`` left when it was killed (``.tmp-*.yaml``): that is no
    tree, and the next ``--mark-reviewed`` removes it. Nothing when the folder cannot
    be read; :func:`folder_problems` says why.
    """
    try:
        if files.kind_of(root / TREES_DIR) != "dir":
            return []
        found = files.list_folder(root / TREES_DIR, ".yaml")[0]
        return [path for path in found if not path.name.startswith(LEFTOVER_PREFIX)]
    except files.FileProblem:
        return []


def folder_problems(root: Path) -> list[tuple[str, str]]:
    """(shown path, Danish message) for a trees folder or file names that cannot be read."""
    folder = root / TREES_DIR
    try:
        kind = files.kind_of(folder)
        if kind is None:
            return []
        if kind != "dir":
            return [(f"{TREES_DIR}/", "trees skal være en mappe med beslutningstræer")]
        bad = files.list_folder(folder, ".yaml")[1]
    except files.FileProblem as problem:
        return [(f"{TREES_DIR}/", problem.message)]
    return [(f"{TREES_DIR}/{name}", message) for name, message in bad]


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
            text = files.read_text(path)
        except files.FileProblem:
            text = ""  # opening the tree says what is wrong with it
        for row in text.splitlines():
            if row.startswith("title:"):
                title = _plain_scalar(row.partition(":")[2]) or path.stem
                break
        refs.append(TreeRef(path.stem, title, path))
    return refs


def default_ref(root: Path, default_tree: str | None) -> TreeRef | None:
    """The tree opened when none is named: ``default_tree`` (handbook.yaml's
    ``default_tree:``) if the handbook has it, else the first by name; None without
    trees."""
    refs = tree_refs(root)
    chosen = [r for r in refs if r.id == default_tree] or refs[:1]
    return chosen[0] if chosen else None
