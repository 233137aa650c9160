"""Where things are: the one constant for the repository's root, for tests and their
helpers (scripts under tests/benchmarks/ find it themselves first, to import this)."""

from __future__ import annotations

from pathlib import Path

#: The repository's root folder (the checkout).
REPO = Path(__file__).resolve().parent.parent
