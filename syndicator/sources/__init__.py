"""Sources: turn feeds, Markdown, HTML pages, plain text or CLI fields into Articles.

``load`` detects the kind of a path, URL or ``-`` (stdin) by its extension and by
sniffing its first bytes; every parser is imported only when its kind is met, so
loading one Markdown file imports neither feedparser nor selectolax. Parsed feeds,
front-matter dicts and HTML trees never leave this package: only Articles do.

Rules every source follows:

- ``id``: the feed's guid (JSON Feed ``id``, front matter ``guid``), else the canonical
  URL; never the title. A text without a URL line: its ``file://`` URI (stdin: a hash
  of the body).
- ``url``: canonical (``<link rel=canonical>`` before ``og:url``), absolute, without
  tracking parameters (``utm_*``, ``at_*``, ``fbclid``, ``gclid``, ``mc_cid``, ``mc_eid``,
  ``igshid``, ``ref_src``, ``xtor`` ... see ``_text.TRACKING_PARAMS``; ``ref`` is kept).
- ``lang``: the primary subtag, lowercase ("fr-FR" -> "fr"), from the source (front
  matter, ``<html lang>``, feed ``language``), else ``default_lang``; the full tag is
  in ``extra["lang_tag"]``.
- Text is plain: tags dropped, entities decoded, whitespace collapsed, no-break spaces
  kept; site boilerplate ("Lire aussi", share bars, comment forms, feed footers) is
  left out of ``summary`` and ``body``.
- ``published`` is timezone-aware; naive dates are taken as UTC.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from ..errors import SourceError
from ..fetch import FetchError, is_url, read_bytes
from ..models import Article
from .fields import from_fields

__all__ = ["Kind", "Loaded", "detect", "from_fields", "load"]

Kind = Literal["feed", "jsonfeed", "markdown", "html", "text"]

_SUFFIXES: dict[str, Kind] = {
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".json": "jsonfeed",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text",
}  # fmt: skip
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")


@dataclass(frozen=True, slots=True)
class Loaded:
    """What one source gave: its articles (oldest first) and the entries that failed.

    ``collection`` is True for a feed or a folder (many articles: "first run" logic
    applies), False for one file, page or set of command-line fields.
    """

    articles: tuple[Article, ...]
    errors: tuple[SourceError, ...]
    collection: bool


def load(source: str, *, default_lang: str = "en", timeout: float = 30.0) -> Loaded:
    """Return the articles of a path (file or folder), an http(s) URL or ``-`` (stdin).

    Raises SourceError, one line naming where and what, when the whole source is unusable.
    """
    if not source.strip():
        raise SourceError("source", "is empty: give a path, an http(s) URL or - for stdin")
    if source == "-":
        data = sys.stdin.buffer.read()
        return _parse(data, where="stdin", kind=None, path=None, url=None, lang=default_lang)
    if is_url(source):
        data = _read(source, timeout=timeout)
        suffix = PurePosixPath(urlsplit(source).path).suffix.lower()
        kind = _SUFFIXES.get(suffix)
        return _parse(data, where=source, kind=kind, path=None, url=source, lang=default_lang)
    path = Path(source).expanduser()
    if path.is_dir():
        return _folder(path, default_lang=default_lang)
    data = _read(source, timeout=timeout)
    kind = _SUFFIXES.get(path.suffix.lower())
    return _parse(data, where=source, kind=kind, path=path, url=None, lang=default_lang)


def detect(data: bytes, *, suffix: str = "") -> Kind:
    """Return the kind of a document from its extension, else from its first bytes."""
    known = _SUFFIXES.get(suffix.lower())
    if known is not None:
        return known
    from .jsonfeed import is_json_feed
    from .markdown import has_front_matter
    from .page import is_html

    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n")
    if is_json_feed(data):
        return "jsonfeed"
    if is_html(data):
        return "html"
    if head.startswith(b"<?xml") or head.lower().startswith(_FEED_ROOTS):
        return "feed"
    if has_front_matter(head.decode("utf-8", "replace")):
        return "markdown"
    return "text"


def _read(source: str, *, timeout: float) -> bytes:
    try:
        return read_bytes(source, timeout=timeout)
    except FetchError as exc:
        message = str(exc)
        for prefix in (f"{source}: ", f"{Path(source).expanduser()}: "):
            if message.startswith(prefix):
                message = message[len(prefix) :]
                break
        if message == "no such file":
            message = "no such file; check the path (or give an http(s) URL)"
        raise SourceError(source, message) from None


def _parse(
    data: bytes,
    *,
    where: str,
    kind: Kind | None,
    path: Path | None,
    url: str | None,
    lang: str,
) -> Loaded:
    default_lang = lang
    kind = kind or detect(data)
    if kind == "feed":
        from .feed import parse_feed

        articles, errors = parse_feed(data, where=where, default_lang=default_lang)
        return Loaded(articles, errors, collection=True)
    if kind == "jsonfeed":
        from .jsonfeed import parse_json_feed

        articles, errors = parse_json_feed(data, where=where, default_lang=default_lang)
        return Loaded(articles, errors, collection=True)
    if kind == "html":
        from .page import parse_page

        article = parse_page(data, where=where, url=url, default_lang=default_lang)
        return Loaded((article,), (), collection=False)
    text = _decode(data, where=where)
    if kind == "markdown":
        from .markdown import parse_markdown

        article = parse_markdown(text, path=path, where=where, default_lang=default_lang)
    else:
        from .text import parse_text

        article = parse_text(text, path=path, where=where, default_lang=default_lang)
    return Loaded((article,), (), collection=False)


def _decode(data: bytes, *, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"{where}, line {line}",
            "not UTF-8 text; expected a feed, an HTML page, Markdown or plain text",
        ) from None


def _folder(folder: Path, *, default_lang: str) -> Loaded:
    from .markdown import load_folder

    if not any(folder.rglob("*.md")) and not any(folder.rglob("*.markdown")):
        raise SourceError(str(folder), "no Markdown files (*.md, *.markdown) in this folder")
    articles, errors = load_folder(folder, default_lang=default_lang)
    return Loaded(articles, errors, collection=True)
