"""The handbook as data: model, loading and validation. Never imports Textual."""

from pathlib import Path

from content.loader import check_handbook, load_handbook
from content.model import Chapter, ContentError, Handbook, Problem, Section

#: The handbook shipped with the program.
DEFAULT_CONTENT = Path(__file__).resolve().parent / "paddehatten"

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
