"""Markdown to plain text, for plain output, search and screen readers."""

from __future__ import annotations

from typing import TYPE_CHECKING

from paddehatten.content.markdown import parser

if TYPE_CHECKING:
    from markdown_it.token import Token

#: Plain texts already known (from the handbook cache), so that showing them needs
#: no Markdown parser: markdown-it is imported only when a new text must be parsed.
_KNOWN: dict[str, str] = {}


def remember(markdown: str, plain: str) -> None:
    """Record the plain text of ``markdown`` (computed earlier by :func:`plain_text`)."""
    _KNOWN[markdown] = plain


def plain_text(markdown: str) -> str:
    known = _KNOWN.get(markdown)
    if known is not None:
        return known
    return _plain_text(markdown)


def _plain_text(markdown: str) -> str:
    return plain_text_of(parser().parse(markdown))


def plain_text_of(tokens: list[Token]) -> str:
    """The text a reader sees of parsed Markdown (:func:`content.markdown.parser`),
    without markup; blocks separated by blank lines.

    Links keep their text and show an external address in parentheses; list items
    keep their bullet or number so the text reads as printed.
    """
    blocks: list[str] = []
    prefixes: list[str] = []
    counters: list[int] = []
    for token in tokens:
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
