"""Sources: turn feeds, Markdown, HTML pages, plain text or CLI fields into Articles.

``load`` detects the kind of a path, URL or ``-`` (stdin) by its extension and by
sniffing its first bytes; every parser is imported only when its kind is met, so
loading one Markdown file imports neither feedparser nor selectolax. Parsed feeds,
front-matter dicts and HTML trees never leave this package: only Articles do.

Rules every source follows:

- ``id``: the feed's guid (JSON Feed ``id``, front matter ``guid``), else the canonical
  URL; never the title. A text without a URL line: its ``file://`` URI (stdin: a hash
  of the body). A Markdown file whose URL comes from its site (no absolute front
  matter URL): ``site:`` and its address under the base URL (``site:/posts/hello/``),
  so moving the site to another domain posts nothing again.
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

import ipaddress
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Literal
from urllib.parse import urlsplit

from ..errors import SourceError, SyndicatorError
from ..fetch import DEFAULT_MAX_BYTES, FetchError, confined, is_url, read_bytes, read_capped
from ..models import Article
from ..sites.base import SiteSettings
from .fields import from_fields

__all__ = ["Kind", "Loaded", "detect", "from_fields", "grant", "load"]

Kind = Literal["feed", "jsonfeed", "markdown", "html", "text"]

_SUFFIXES: dict[str, Kind] = {
    ".xml": "feed", ".rss": "feed", ".atom": "feed", ".rdf": "feed",
    ".json": "jsonfeed",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html",
    ".txt": "text", ".text": "text",
}  # fmt: skip
_FEED_ROOTS = (b"<rss", b"<feed", b"<rdf:rdf", b"<channel")
# A URL that names a feed: /feed, /rss.xml, /atom/, /index.xml, ?feed=rss2 (WordPress).
_FEEDISH = re.compile(
    r"/(?:feeds?|rss|atom)(?:[./?#]|$)|\.(?:xml|rss|atom|rdf)(?:[?#]|$)|[?&]feed=", re.IGNORECASE
)


@dataclass(frozen=True, slots=True)
class Loaded:
    """What one source gave: its articles (oldest first) and the entries that failed.

    ``collection`` is True for a feed or a folder (many articles: "first run" logic
    applies), False for one file, page or set of command-line fields. ``skipped``
    counts a folder's files that are no article, by reason ("draft", "list page").
    """

    articles: tuple[Article, ...]
    errors: tuple[SourceError, ...]
    collection: bool
    skipped: tuple[tuple[str, int], ...] = ()


def load(
    source: str,
    *,
    default_lang: str = "en",
    timeout: float = 30.0,
    allow_private: bool = False,
    allow_files_in: Sequence[Path] = (),
    site: SiteSettings | None = None,
) -> Loaded:
    """Return the articles of a path (file or folder), an http(s) URL or ``-`` (stdin).

    Raises SourceError, one line naming where and what, when the whole source is unusable;
    whatever goes wrong inside one source (a parser's own failure included) is that.
    ``allow_private`` lets URLs reach internal addresses; local images may come from the
    source's own folder and from ``allow_files_in`` (docs/security.md). Markdown files
    are read with their static site's rules (``sites.find_site``); ``site`` is the
    config's ``site:`` block.
    """
    if not source.strip():
        raise SourceError("source", "is empty: give a path, an http(s) URL or - for stdin")
    try:
        loaded, root = _load(source, default_lang, timeout, allow_private, site)
    except SyndicatorError:
        raise
    except RecursionError:
        raise SourceError(source, "nested too deeply to be read; skipped") from None
    except Exception as exc:  # one source's trouble must not stop the others
        raise SourceError(source, f"cannot be read ({exc.__class__.__name__}: {exc})") from None
    folders = (*([root] if root is not None else []), *allow_files_in)
    articles: list[Article] = []
    errors = list(loaded.errors)
    for article in loaded.articles:
        try:
            if not allow_private:
                _check_public(article)
            articles.append(grant(article, folders=folders, allow_private=allow_private))
        except SourceError as exc:
            if not loaded.collection:
                raise
            errors.append(exc)
    return Loaded(tuple(articles), tuple(errors), loaded.collection, loaded.skipped)


def _check_public(article: Article) -> None:
    """Raise SourceError when the article's link is on a local address nobody else reaches.

    A feed built by a development server links ``http://localhost:1313/...`` (Hugo's
    own server); the networks' link detection takes no such link, and no reader could
    follow it. ``allow_private`` (docs/security.md) lets it through for a local test.
    """
    parts = urlsplit(article.url)
    host = (parts.hostname or "").rstrip(".").lower()
    if parts.scheme in ("http", "https") and _is_local(host):
        raise SourceError(
            article.source or article.id,
            f"links {article.url}, a local address no reader can open (a feed built by a "
            "development server?): publish it with the site's public base URL",
        )


def _is_local(host: str) -> bool:
    """Tell whether ``host`` names this machine or a private network, not the internet."""
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return "." not in host or host.endswith((".localhost", ".local", ".internal"))
    from ..netguard import is_internal  # lazy: it imports httpx

    return is_internal(host)


def grant(article: Article, *, folders: Sequence[Path], allow_private: bool) -> Article:
    """Return ``article`` with its images allowed what the source and config allow.

    A local image must lie inside one of ``folders`` (checked here, so the article is
    refused before anything is posted, and again by ``media`` when it is read).
    """
    images = []
    for image in article.images:
        if is_url(image.source):
            images.append(replace(image, allow_private=allow_private))
            continue
        try:
            confined(Path(image.source), image.source, (*map(Path, image.roots), *folders))
        except FetchError as exc:
            raise SourceError(article.source or article.id, f"image {exc}") from None
        roots = tuple(dict.fromkeys((*image.roots, *(str(f) for f in folders))))
        images.append(replace(image, roots=roots))
    return replace(article, images=tuple(images))


def _load(
    source: str,
    default_lang: str,
    timeout: float,
    allow_private: bool,
    site: SiteSettings | None = None,
) -> tuple[Loaded, Path | None]:
    """Return what ``source`` holds, and the folder its local images may come from."""
    if source == "-":
        data = _stdin()
        return _parse(data, where="stdin", kind=None, path=None, url=None, lang=default_lang), None
    if is_url(source):
        data = _read(source, timeout=timeout, allow_private=allow_private)
        suffix = PurePosixPath(urlsplit(source).path).suffix.lower()
        kind = _SUFFIXES.get(suffix)
        loaded = _parse(data, where=source, kind=kind, path=None, url=source, lang=default_lang)
        return loaded, None
    path = Path(source).expanduser()
    if path.is_dir():
        return _folder(path, default_lang=default_lang, site=site), path.resolve()
    data = _read(source, timeout=timeout, allow_private=allow_private)
    kind = _SUFFIXES.get(path.suffix.lower())
    loaded = _parse(
        data, where=source, kind=kind, path=path, url=None, lang=default_lang, site=site
    )
    return loaded, path.resolve().parent


def _stdin() -> bytes:
    """Read stdin, but never more than the cap (a 200 MB pipe is refused, not loaded)."""
    try:
        return read_capped(sys.stdin.buffer, DEFAULT_MAX_BYTES, where="stdin")
    except FetchError as exc:
        raise SourceError("stdin", str(exc).removeprefix("stdin: ")) from None


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


def _read(source: str, *, timeout: float, allow_private: bool) -> bytes:
    try:
        return read_bytes(source, timeout=timeout, allow_private=allow_private)
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
    site: SiteSettings | None = None,
) -> Loaded:
    default_lang = lang
    if kind in (None, "feed"):
        from .feed import unwrap

        data = unwrap(data, where=where)  # gzip, UTF-16 and UTF-32 feeds
    if (kind in ("feed", "jsonfeed") or (url and _FEEDISH.search(url))) and _is_html(data):
        from .page import feed_link

        feed = feed_link(data, base=url)
        hint = f"; the page links its feed: give {feed}" if feed else "; check the feed's address"
        raise SourceError(where, f"answers an HTML page, not a feed{hint}")
    kind = kind or detect(data)
    if kind == "feed":
        from .feed import parse_feed

        articles, errors = parse_feed(data, where=where, default_lang=default_lang, url=url)
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
        from .markdown import parse_markdown, site_of

        found = site_of(path, site)
        article = parse_markdown(
            text, path=path, where=where, default_lang=default_lang, site=found
        )
    else:
        from .text import parse_text

        article = parse_text(text, path=path, where=where, default_lang=default_lang)
    return Loaded((article,), (), collection=False)


def _is_html(data: bytes) -> bool:
    from .page import is_html

    return is_html(data)


def _decode(data: bytes, *, where: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise SourceError(
            f"{where}, line {line}",
            "not UTF-8 text; expected a feed, an HTML page, Markdown or plain text",
        ) from None


def _folder(folder: Path, *, default_lang: str, site: SiteSettings | None) -> Loaded:
    from .markdown import load_folder

    run = load_folder(folder, default_lang=default_lang, settings=site)
    return Loaded(run.articles, run.errors, collection=True, skipped=run.skipped)
