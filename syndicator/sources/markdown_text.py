"""Markdown to plain text with a CommonMark parser (markdown-it-py), walking its tokens.

markdown-it-py is chosen over mistune for correctness: it passes the CommonMark spec
(reference and shortcut links, emphasis across line breaks, escapes, entities, HTML
blocks), its plugins cover what blogs use (footnotes, definition lists, front matter),
and its flat token stream is simple to walk (see ``benchmarks/bench_markdown.py``).

Prose only: code blocks, tables, images, footnotes and front matter are left out;
headings are kept as blocks of their own, marked, so that a thread starts a new part
at each; link text is kept; inline and block HTML is made plain. Hugo shortcodes
(``{{< >}}``, ``{{% %}}``), Liquid tags (``{% %}``, ``{{ }}``) and kramdown attribute
lists (``{:.class}``) are removed before parsing, with the code they wrap. For a site
whose generator renders emoji shortcodes, prose text (not code) gets them (``emoji_codes``).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from ._text import html_blocks, normalise
from .boilerplate import article_paragraphs

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

__all__ = ["Block", "article_text", "markdown_blocks", "markdown_line"]

# Paired shortcodes and tags whose content is code or a comment: removed with it.
_WRAPPED_CODE = re.compile(
    r"\{\{[<%]\s*(highlight|code|comment)\b.*?[%>]\}\}.*?\{\{[<%]\s*/\1\s*[%>]\}\}"
    r"|\{%-?\s*(highlight|comment|codeblock|raw)\b.*?%\}.*?\{%-?\s*end\2\s*-?%\}",
    re.DOTALL,
)
# Single shortcodes and Liquid tags/outputs, kramdown attribute lists, HTML comments.
_TEMPLATE = re.compile(
    r"\{\{[<%].*?[%>]\}\}|\{%.*?%\}|\{\{[^{}\n]*\}\}|\{:[^}\n]*\}|<!--.*?-->", re.DOTALL
)
# Openings whose whole content is left out, with their closing token type.
_SKIPPED_CONTAINERS = {
    "table_open": "table_close",
    "footnote_block_open": "footnote_block_close",
}


# A reference whose definition is missing stays literal text in CommonMark: an image
# (a README badge, ``[![v][badge]][url]``) is dropped, a link keeps its text.
_LOST_IMAGE = re.compile(r"!\[[^\]]*\](?:\[[^\]]*\])?")
_LOST_LINK = re.compile(r"\[([^\]]*)\]\[[^\]]*\]")


@dataclass(frozen=True, slots=True)
class Block:
    """One block of a Markdown document as plain text; ``heading`` marks a heading."""

    text: str
    heading: bool = False


@cache
def _parser() -> MarkdownIt:
    """Build the CommonMark parser once, with the plugins blogs use."""
    from markdown_it import MarkdownIt  # lazy: only Markdown sources pay for it
    from mdit_py_plugins.deflist import deflist_plugin
    from mdit_py_plugins.footnote import footnote_plugin
    from mdit_py_plugins.front_matter import front_matter_plugin

    parser = MarkdownIt("commonmark", {"html": True})
    parser.enable(["table", "strikethrough"])
    return parser.use(front_matter_plugin).use(footnote_plugin).use(deflist_plugin)


def markdown_blocks(markdown: str, *, emoji: bool = False) -> list[Block]:
    """Return the prose blocks of a Markdown text as plain text, headings marked.

    ``emoji``: turn ``:shortcodes:`` in prose into emoji, as the site's generator does.
    """
    source = _TEMPLATE.sub("", _WRAPPED_CODE.sub("", markdown.replace("\r\n", "\n")))
    if not source.strip():
        return []
    return list(_blocks(_parser().parse(source), emoji=emoji))


def markdown_line(markdown: str, *, emoji: bool = False) -> str:
    """Return a short Markdown text (a summary, an intro) as one line of plain text."""
    return " ".join(block.text for block in markdown_blocks(markdown, emoji=emoji))


def article_text(markdown: str, *, emoji: bool = False) -> tuple[list[str], tuple[int, ...]]:
    """Return an article body's paragraphs without boilerplate, and which are headings."""
    blocks = markdown_blocks(markdown, emoji=emoji)
    kept = article_paragraphs([block.text for block in blocks])
    headings = tuple(n for n, (i, _) in enumerate(kept) if blocks[i].heading)
    return [text for _, text in kept], headings


def _blocks(tokens: Sequence[Token], *, emoji: bool) -> Iterator[Block]:
    """Yield a block for every inline run of the token stream, skipping non-prose."""
    skip_until: tuple[str, int] | None = None
    heading = False
    for token in tokens:
        kind = token.type
        if skip_until is not None:
            if (kind, token.level) == skip_until:
                skip_until = None
            continue
        if kind in _SKIPPED_CONTAINERS:
            skip_until = (_SKIPPED_CONTAINERS[kind], token.level)
        elif kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "inline":
            text = _inline(token.children or (), emoji=emoji)
            if text:
                yield Block(text, heading)
        elif kind == "html_block":
            for text in html_blocks(token.content):
                yield Block(text)


def _inline(children: Sequence[Token], *, emoji: bool) -> str:
    """Return the plain text of an inline run: text and code kept, markup and images out.

    With ``emoji``, shortcodes become emoji in each run of text, never in code spans.
    """
    pieces: list[str] = []
    prose: list[str] = []  # the text tokens since the last code span or break
    for child in children:
        kind = child.type
        if kind == "text":
            prose.append(child.content)
            continue
        if prose:
            pieces.append(_prose(prose, emoji))
            prose = []
        if kind == "code_inline":
            pieces.append(child.content)
        elif kind in ("softbreak", "hardbreak") or (
            kind == "html_inline" and child.content[:3].lower() == "<br"
        ):
            pieces.append(" ")
        # Left out: images (their alt text too), footnote markers, inline HTML tags
        # (their text is kept: it comes as text tokens), emphasis and link markers.
    if prose:
        pieces.append(_prose(prose, emoji))
    text = "".join(pieces)
    if "][" in text or "![" in text:
        text = _LOST_LINK.sub(r"\1", _LOST_IMAGE.sub("", text))
    return normalise(text)


def _prose(texts: list[str], emoji: bool) -> str:
    """Return a run of text tokens as one text, its shortcodes turned into emoji if asked."""
    text = "".join(texts)
    if not emoji:
        return text
    from .emoji_codes import emojize  # lazy: only sites with emoji turned on pay for it

    return emojize(text)
