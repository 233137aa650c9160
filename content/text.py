"""Markdown to plain text, for plain output, search and screen readers; and the
bounds on what Markdown is parsed at all.

markdown-it's time grows with the size of a text, but at very different rates: plain
sentences cost about 0.02–0.2 µs a character, while every heading, emphasis mark,
bracket, backtick, entity, escape, autolink or hard line break costs 5–15 µs, so a
4 MB section of nothing but ``[`` or ``*a`` or ``# a`` lines took 12 s to over 100 s
to load. :func:`markdown_limit_problem` refuses, before parsing, a text with more than
:data:`MAX_MARKUP` characters that mean something in Markdown or more than
:data:`MAX_LINES` lines: then every text costs at most about a second to parse, and
``check`` says which limit was passed. The guideline's longest section has under 100
of either.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

#: The most characters with a meaning in Markdown (see :data:`MARKUP`) one text holds.
MAX_MARKUP = 50_000
#: The most lines one Markdown text holds.
MAX_LINES = 100_000
#: The characters whose Markdown meaning makes parsing them cost.
MARKUP = "[]*_`\\&<>|!#"


def markdown_limit_problem(text: str) -> str | None:
    """Why ``text`` is too costly to parse as Markdown (Danish), or None.

    Linear: one count per character kind, no parsing."""
    lines = text.count("\n") + 1
    if lines > MAX_LINES:
        return (
            f"teksten har {lines} linjer; en tekst må højst have {MAX_LINES}, "
            "så den kan læses på rimelig tid. Del den i flere afsnit"
        )
    markup = sum(text.count(char) for char in MARKUP)
    if markup > MAX_MARKUP:
        return (
            f"teksten har {markup} tegn, der betyder noget i Markdown ({' '.join(MARKUP)}); "
            f"en tekst må højst have {MAX_MARKUP}, så den kan læses på rimelig tid. "
            "Del den i flere afsnit"
        )
    return None


#: Plain texts already known (from the handbook cache), so that showing them needs
#: no Markdown parser: markdown-it is imported only when a new text must be parsed.
_KNOWN: dict[str, str] = {}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    from markdown_it import MarkdownIt

    return MarkdownIt("commonmark")


def remember(markdown: str, plain: str) -> None:
    """Record the plain text of ``markdown`` (computed earlier by :func:`plain_text`)."""
    _KNOWN[markdown] = plain


def plain_text(markdown: str) -> str:
    known = _KNOWN.get(markdown)
    if known is not None:
        return known
    return _plain_text(markdown)


def _plain_text(markdown: str) -> str:
    """The text a reader sees, without Markdown markup; blocks separated by blank lines.

    Links keep their text and show an external address in parentheses; list items
    keep their bullet or number so the text reads as printed.
    """
    blocks: list[str] = []
    prefixes: list[str] = []
    counters: list[int] = []
    for token in _parser().parse(markdown):
        if token.type == "bullet_list_open":
            counters.append(-1)
        elif token.type == "ordered_list_open":
            counters.append(int(token.attrs.get("start", 1) or 1))
        elif token.type in ("bullet_list_close", "ordered_list_close"):
            counters.pop()
        elif token.type == "list_item_open":
            if counters and counters[-1] >= 0:
                prefixes.append(f"{counters[-1]}. ")
                counters[-1] += 1
            else:
                prefixes.append("- ")
        elif token.type == "blockquote_open":
            prefixes.append("> ")
        elif token.type in ("list_item_close", "blockquote_close"):
            if prefixes:
                prefixes.pop()
        elif token.type == "inline":
            text = _inline(token.children or [])
            blocks.append(_prefix(text, prefixes))
            prefixes = [p if p.startswith(">") else " " * len(p) for p in prefixes]
        elif token.type in ("fence", "code_block"):
            blocks.append(_prefix(token.content.rstrip("\n"), prefixes))
    return "\n\n".join(blocks)


def _prefix(text: str, prefixes: list[str]) -> str:
    lead = "".join(prefixes)
    return "\n".join(lead + line for line in text.split("\n"))


def _inline(children: list[Token]) -> str:
    out: list[str] = []
    hrefs: list[str] = []
    for child in children:
        if child.type in ("text", "code_inline", "html_inline"):
            out.append(child.content)
        elif child.type == "softbreak":
            out.append(" ")
        elif child.type == "hardbreak":
            out.append("\n")
        elif child.type == "image":
            out.append(child.content)
        elif child.type == "link_open":
            hrefs.append(str(child.attrs.get("href", "")))
        elif child.type == "link_close" and hrefs:
            href = hrefs.pop()
            if "://" in href or href.startswith("mailto:"):
                out.append(f" ({href})")
    return "".join(out)
