"""The handbook as data: model, loading and validation. Never imports Textual.

The loader (markdown-it, YAML) is imported on first use, not with the package: the
app's start can take a validated handbook from the cache without either.
"""

from __future__ import annotations

if __name__ != "paddehatten.content":  # e.g. `import content` from the repository's root
    raise ImportError(
        f"{__name__} is paddehatten.content imported under a second name, which would give "
        "every class two identities: import paddehatten.content (install with pip install -e .)"
    )

from pathlib import Path
from typing import TYPE_CHECKING, Any

from paddehatten.content.model import Chapter, ContentError, Handbook, Problem, Section

if TYPE_CHECKING:
    from paddehatten.content.loader import check_handbook, load_handbook

#: The handbook shipped with the program.
DEFAULT_CONTENT = Path(__file__).resolve().parent / "paddehatten"

_LAZY = {"check_handbook", "load_handbook"}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        from paddehatten.content import loader

        return getattr(loader, name)
    raise AttributeError(f"module 'content' has no attribute {name!r}")


__all__ = [
    "DEFAULT_CONTENT",
    "Chapter",
    "ContentError",
    "Handbook",
    "Problem",
    "Section",
    "check_handbook",
    "load_handbook",
]
