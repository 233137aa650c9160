"""What a link in a section points at."""

from __future__ import annotations

import re

_SCHEME = re.compile(r"^[a-z][a-z0-9+.-]*:")


def section_link_target(href: str) -> str | None:
    """The section id a link points at (``#raad-3`` or ``raad-3.md``), or None if external."""
    if _SCHEME.match(href):
        return None
    if href.startswith("#"):
        return href[1:] or None
    name = href.split("#", 1)[0].rsplit("/", 1)[-1]
    return name.removesuffix(".md") or None
