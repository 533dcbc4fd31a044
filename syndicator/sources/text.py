"""A plain-text article as copied from a page: the title on the first line.

Then, optionally, a short kicker line; the paragraphs, separated by blank lines; and
the site's tail ("Pour retrouver…", "Laisser un commentaire", "Retour en haut",
"Copy link"), which is left out. A line holding only a URL (or ``URL: …``) gives the
canonical link; without one the id is the file's ``file://`` URI (stdin: a hash of
the body) and ``url`` is empty.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from ..errors import SourceError
from ..models import Article, frozen_mapping
from ._common import language
from ._text import (
    clean_url,
    first_paragraph,
    is_absolute_url,
    normalise,
    url_problem,
)
from .boilerplate import drop_boilerplate, is_aside, is_boilerplate

__all__ = ["parse_text"]

_URL_LINE = re.compile(
    r"^(?:(?:url|lien|link|source|canonical)\s*:\s*)?(https?://\S+)$", re.IGNORECASE
)
_SEPARATOR = re.compile(r"^[_\-=*~•·]{3,}$")
_SENTENCE_END = (".", "!", "?", "…", ":", ";", "»", '"', ")")


def parse_text(text: str, *, path: Path | None, where: str, default_lang: str) -> Article:
    """Return the Article of a plain-text document; raise SourceError when it is empty."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    url = ""
    kept: list[str] = []
    for line in lines:
        match = _URL_LINE.match(line.strip())
        if match and not url:
            url = clean_url(match.group(1))
            continue
        kept.append(line)
    title_index = next((i for i, line in enumerate(kept) if line.strip()), None)
    if title_index is None:
        raise SourceError(where, "empty: put the title on the first line, then the text")
    title = normalise(kept[title_index])
    blocks = _blocks(kept[title_index + 1 :])
    kicker = ""
    if len(blocks) > 1 and _is_kicker(blocks[0]):
        kicker = blocks.pop(0)
    paragraphs = drop_boilerplate(blocks)
    body = "\n\n".join(paragraphs)
    if url and not is_absolute_url(url):
        raise SourceError(where, f"url {url!r} {url_problem(url)}: fix the URL line or remove it")
    if url:
        ident = url
    elif path is not None:
        ident = path.resolve().as_uri()
    else:
        ident = "sha256:" + hashlib.sha256(body.encode()).hexdigest()[:32]
    chosen = language(text=f"{title}\n{body}", default=default_lang)
    return Article(
        id=ident,
        url=url,
        title=title,
        summary=first_paragraph(paragraphs),
        body=body,
        lang=chosen.code,
        source=where,
        extra=frozen_mapping({**chosen.extra(), **({"kicker": kicker} if kicker else {})}),
    )


def _blocks(lines: list[str]) -> list[str]:
    """Return paragraphs: runs of non-blank lines joined by a space, separator lines dropped.

    A line of site furniture ("Retour en haut", "Copy link") is a paragraph of its own,
    even without a blank line around it; "Lire aussi :" opens one that takes the lines
    after it (the related article's title).
    """
    blocks: list[str] = []
    current: list[str] = []

    def flush() -> None:
        if current:
            blocks.append(normalise(" ".join(current)))
            current.clear()

    for line in [*lines, ""]:
        stripped = line.strip()
        if not stripped or _SEPARATOR.match(stripped):
            flush()
        elif is_aside(stripped):
            flush()
            current.append(stripped)
        elif is_boilerplate(stripped):
            flush()
            blocks.append(normalise(stripped))
        else:
            current.append(stripped)
    flush()
    return blocks


def _is_kicker(block: str) -> bool:
    return len(block) <= 60 and len(block.split()) <= 6 and not block.endswith(_SENTENCE_END)
