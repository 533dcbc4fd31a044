"""One published HTML article page: OpenGraph, JSON-LD, ``<html lang>``, canonical link.

Parsed with selectolax's lexbor engine (about 16 ms to import, well under a
millisecond per page). The article text is read from ``<article>`` (else
``[itemprop=articleBody]``, ``main``, ``body``) once the site's furniture is gone:
navigation, asides such as "Lire aussi", share bars, comment forms and footers.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

from ..errors import SourceError
from ..models import Article
from ._common import deep_freeze, language, make_images, make_tags
from ._depth import flatten_html
from ._text import (
    clean_url,
    first_paragraph,
    html_to_text,
    is_absolute_url,
    marked_blocks,
    normalise,
    parse_datetime,
    strip_furniture,
)
from .boilerplate import article_paragraphs, clean_summary

__all__ = ["feed_link", "is_html", "parse_page"]

_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Byte-order marks, longest first (UTF-32 LE starts like UTF-16 LE).
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_FEED_TYPES = frozenset(
    {"application/rss+xml", "application/atom+xml", "application/feed+json"}
    | {"application/json", "application/rdf+xml", "text/xml", "application/xml"}
)
# What the pages bot walls answer look like (their titles, then their markup).
_CHALLENGE_TITLES = (
    ("just a moment", "Cloudflare challenge"),
    ("attention required! | cloudflare", "Cloudflare challenge"),
    ("checking your browser", "bot-challenge"),
    ("ddos-guard", "DDoS-Guard challenge"),
    ("are you a robot", "captcha"),
    ("verify you are human", "captcha"),
)
_CHALLENGE_NODES = (
    "#challenge-form, #cf-challenge-running, #challenge-platform, .cf-browser-verification,"
    " script[src*='/cdn-cgi/challenge-platform/'], .g-recaptcha, .h-captcha"
)
_BODY_SELECTORS = (
    "article [itemprop=articleBody]",
    "[itemprop=articleBody]",
    "article .entry-content",
    "article",
    ".entry-content",
    ".post-content",
    "main",
    "[role=main]",
    "body",
)
# A heading is short and one phrase: longer, or a sentence end inside, is prose.
_HEADING_MAX = 120
_SENTENCE_INSIDE = re.compile(r"[.!?…]\s+\S")
# What separates the tags of a keywords list.
_TAG_LIST = re.compile(r"\s*[,;]\s*")
# Words of text under which a match of a body selector is a teaser, not the article.
_MIN_BODY = 40
_ARTICLE_TYPES = frozenset(
    {"Article", "NewsArticle", "BlogPosting", "Report", "TechArticle", "ReportageNewsArticle"}
    | {"AnalysisNewsArticle", "OpinionNewsArticle", "ReviewNewsArticle", "ScholarlyArticle"}
    | {"LiveBlogPosting", "SocialMediaPosting", "WebPage"}
)


def is_html(data: bytes) -> bool:
    """Tell whether ``data`` starts like an HTML document (in any encoding a BOM names)."""
    unmarked = _by_bom(data[:8192])
    if unmarked is not None:
        data = unmarked.encode("utf-8", "replace")
    head = data[:2048].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    return head.startswith((b"<!doctype html", b"<html")) or (
        head.startswith((b"<!--", b"<?xml")) and (b"<html" in head or b"<!doctype html" in head)
    )


def parse_page(data: bytes, *, where: str, url: str | None, default_lang: str) -> Article:
    """Return the Article of one HTML page; ``url`` is where it was fetched from, if it was."""
    from selectolax.lexbor import LexborHTMLParser  # lazy: only HTML sources pay for it

    tree = LexborHTMLParser(flatten_html(_decode(data)))
    meta = _metas(tree)
    ld = _json_ld(tree)
    challenge = _challenge(tree)
    if challenge:
        raise SourceError(
            where, f"answers a {challenge} page, not the article; it cannot be read from here"
        )
    canonical = _canonical(tree, meta, ld, url)
    if not canonical:
        raise SourceError(
            where, "no canonical URL (<link rel=canonical> or og:url); add one to the page"
        )
    site = html_to_text(meta.get("og:site_name", ""))
    title = (
        html_to_text(meta.get("og:title", ""))
        or html_to_text(str(ld.get("headline") or ld.get("name") or ""))
        or html_to_text(meta.get("twitter:title", ""))
        or _text_of(tree, "article h1")
        or _text_of(tree, "main h1")
        or _text_of(tree, "h1")
        or _strip_site(_text_of(tree, "title"), site)
    )
    if not title:
        raise SourceError(where, "no title (og:title, JSON-LD headline, <h1> or <title>)")
    title = _without_site_name(
        title, (site, urlsplit(canonical).hostname or "", meta.get("author"))
    )
    _check_article(tree, meta, ld, canonical=canonical, url=url, where=where)
    root = _body_root(tree)
    kicker = ""
    paragraphs: list[str] = []
    headings: tuple[int, ...] = ()
    if root is not None:
        node = root.css_first(".kicker, .surtitre, .overline, .eyebrow")
        kicker = normalise(node.text(deep=True)) if node is not None else ""
        for heading in root.css("h1"):
            heading.decompose()  # the title, already read
        strip_furniture(root)
        blocks = marked_blocks(root)
        kept = article_paragraphs([text for text, _ in blocks])
        paragraphs = [text for _, text in kept]
        headings = tuple(
            n for n, (i, text) in enumerate(kept) if blocks[i][1] and _reads_as_heading(text)
        )
    summary = (
        clean_summary(html_to_text(meta.get("description", "")))
        or clean_summary(html_to_text(meta.get("og:description", "")))
        or clean_summary(html_to_text(meta.get("twitter:description", "")))
        or clean_summary(html_to_text(str(ld.get("description") or "")))
        or first_paragraph(
            [text for n, text in enumerate(paragraphs) if n not in headings], skip=[title, kicker]
        )
    )
    html_node = tree.css_first("html")
    chosen = language(
        ("<html lang>", html_node.attributes.get("lang") if html_node is not None else None),
        ("JSON-LD inLanguage", ld.get("inLanguage")),
        ("og:locale", meta.get("og:locale")),
        ("Content-Language", meta.get("content-language")),
        text=f"{title}\n{summary}\n" + "\n".join(paragraphs),
        default=default_lang,
    )
    extra: dict[str, Any] = {"site_name": site}
    extra.update(chosen.extra())
    if kicker:
        extra["kicker"] = kicker
    if meta.get("twitter:site"):
        extra["twitter_site"] = meta["twitter:site"]
    return Article(
        id=canonical,
        url=canonical,
        title=title,
        summary=summary,
        body="\n\n".join(paragraphs),
        headings=headings,
        tags=make_tags(_tags(tree, ld)),
        lang=chosen.code,
        published=parse_datetime(
            meta.get("article:published_time") or ld.get("datePublished") or _time(tree)
        ),
        author=_author(ld, meta),
        images=make_images(_images(meta, ld, base=canonical)),
        source=where,
        extra=deep_freeze(extra),
    )


def _reads_as_heading(text: str) -> bool:
    """Tell whether an ``<h2>``-``<h6>`` text is a heading, not prose set in one.

    Some authors set whole sentences in heading tags for their size (the SeglerBlog's
    ``<h3>findet in 2020 bereits zum 6. Mal statt. Kinder zwischen …</h3>``): a thread
    must treat those as the prose they are.
    """
    return len(text) <= _HEADING_MAX and not _SENTENCE_INSIDE.search(text)


def _body_root(tree: Any) -> Any:
    """Return the node holding the article: of each selector's matches, the one with most text.

    A news page lists teasers as ``<article>`` elements too (BioBioChile's "latest news"
    comes before the story, each teaser an unrendered ``{{ article.dateHour }}``): a match
    with under ``_MIN_BODY`` words of text is no article body, so the next selector
    is tried, down to ``<body>``.
    """
    for selector in _BODY_SELECTORS:
        nodes = tree.css(selector)
        if not nodes:
            continue
        sizes = [len(node.text(deep=True, separator=" ").split()) for node in nodes]
        best = max(range(len(nodes)), key=sizes.__getitem__)
        if sizes[best] >= _MIN_BODY or selector == "body":
            return nodes[best]
    return None


def feed_link(data: bytes, *, base: str | None) -> str | None:
    """Return the feed an HTML page links (``<link rel=alternate type=...rss+xml>``), if any."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(flatten_html(_decode(data)))
    return _feed_link(tree, base)


def _feed_link(tree: Any, base: str | None) -> str | None:
    for node in tree.css("link[rel][type][href]"):
        attrs = node.attributes
        rels = (attrs.get("rel") or "").lower().split()
        if "alternate" in rels and (attrs.get("type") or "").lower().strip() in _FEED_TYPES:
            href = clean_url(attrs.get("href") or "", base=base)
            if is_absolute_url(href):
                return href
    return None


def _challenge(tree: Any) -> str:
    """Return what kind of bot challenge the page is ("" when it is none)."""
    title = _text_of(tree, "title").casefold()
    for marker, kind in _CHALLENGE_TITLES:
        if marker in title:
            return kind
    if tree.css_first(_CHALLENGE_NODES) is not None:
        return "bot-challenge"
    return ""


def _check_article(
    tree: Any,
    meta: Mapping[str, str],
    ld: Mapping[str, Any],
    *,
    canonical: str,
    url: str | None,
    where: str,
) -> None:
    """Raise SourceError unless the page shows it is one article, not a home or list page."""
    home = urlsplit(canonical).path in ("", "/")
    if home and url is not None and urlsplit(url).path not in ("", "/"):
        raise SourceError(
            where,
            f"answers the home page ({canonical}), not an article: the address "
            "moved or is gone; give the article's own address",
        )
    kinds = ld.get("@type")
    kinds = kinds if isinstance(kinds, list) else [kinds]
    if (
        meta.get("og:type", "").strip().lower().startswith("article")
        or any(k in _ARTICLE_TYPES and k != "WebPage" for k in kinds)
        or tree.css_first("article") is not None
    ):
        return
    feed = _feed_link(tree, url or canonical)
    hint = f"; it links a feed: give {feed} to post its articles" if feed else ""
    raise SourceError(
        where,
        "does not look like an article (no og:type article, no JSON-LD Article or "
        f"BlogPosting, no <article> element){hint}",
    )


def _by_bom(data: bytes) -> str | None:
    """Return the text a byte-order mark says how to read (None without a mark)."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(codec, "replace")
    return None


def _decode(data: bytes) -> str:
    """Return the page as text: by its BOM, UTF-8, its declared charset, else Windows-1252."""
    marked = _by_bom(data)
    if marked is not None:
        return marked  # the BOM wins over any <meta charset> (HTML, "encoding sniffing")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    match = _CHARSET.search(data[:4096])
    if match:
        declared = match.group(1).decode("ascii").lower()
        if declared.startswith(("utf-16", "utf-32")):
            declared = "utf-8"  # an ASCII-readable page cannot be UTF-16: HTML says so too
        try:
            return data.decode(declared, "replace")
        except LookupError:
            pass
    return data.decode("cp1252", "replace")


def _metas(tree: Any) -> dict[str, str]:
    found: dict[str, str] = {}
    for node in tree.css("meta[content]"):
        attrs = node.attributes
        key = attrs.get("property") or attrs.get("name") or attrs.get("http-equiv") or ""
        key = key.strip().lower()
        if key and key not in found and attrs.get("content"):
            found[key] = attrs["content"]
    return found


def _json_ld(tree: Any) -> Mapping[str, Any]:
    """Return the page's JSON-LD article object (empty when none or unreadable).

    A block nested too deeply for the json module is unreadable like a broken one.
    """
    for node in tree.css('script[type="application/ld+json"]'):
        try:
            document = json.loads(node.text(deep=True) or "null")
            for item in _ld_items(document):
                kinds = item.get("@type")
                kinds = kinds if isinstance(kinds, list) else [kinds]
                if any(isinstance(k, str) and k in _ARTICLE_TYPES for k in kinds):
                    return item
        except (json.JSONDecodeError, RecursionError):
            continue
    return {}


def _ld_items(document: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(document, list):
        for item in document:
            yield from _ld_items(item)
    elif isinstance(document, dict):
        yield document
        yield from _ld_items(document.get("@graph", []))


def _canonical(tree: Any, meta: Mapping[str, str], ld: Mapping[str, Any], url: str | None) -> str:
    link = tree.css_first('link[rel="canonical"][href]')
    entity = ld.get("mainEntityOfPage")
    if isinstance(entity, Mapping):
        entity = entity.get("@id")
    for candidate in (
        link.attributes.get("href") if link is not None else None,
        meta.get("og:url"),
        ld.get("url"),
        entity if isinstance(entity, str) else None,
        url,
    ):
        if candidate:
            cleaned = clean_url(str(candidate), base=url)
            if is_absolute_url(cleaned):
                return cleaned
    return ""


def _text_of(tree: Any, selector: str) -> str:
    node = tree.css_first(selector)
    return normalise(node.text(deep=True)) if node is not None else ""


def _without_site_name(title: str, names: tuple[str | None, ...]) -> str:
    """Return ``title`` without the site's name or the byline a site adds to its titles.

    Sites put their name in ``og:title`` too: "La voix des nuls | ARTE Radio" (no
    og:site_name, host www.arteradio.com), "… - BBC News", "NEWS WEB EASY|子ども…", The
    Guardian's "… | Eleanor Ainge Roy" (the author). Only a name the page itself gives
    (og:site_name, its host, its author meta) is taken off, and never the whole title.
    """
    keys = {key for name in names if name for key in _name_keys(name)}
    for separator in _TITLE_SEPARATORS:
        head, sep, tail = title.rpartition(separator)
        if sep and head.strip() and _key(tail) in keys:
            return head.strip()
        lead, sep, rest = title.partition(separator)
        if sep and rest.strip() and _key(lead) in keys:
            return rest.strip()
    return title


_TITLE_SEPARATORS = (" | ", " - ", " – ", " — ", " · ", " :: ", "|")


def _key(text: str) -> str:
    return "".join(char for char in text.casefold() if char.isalnum())


def _name_keys(name: str) -> set[str]:
    """Return the forms a site's name takes at a title's end: whole, before its tagline."""
    if "." in name and " " not in name.strip():  # a host: www.arteradio.com -> arteradio
        labels = [label for label in name.split(".") if label not in ("www", "m", "amp")]
        return {_key(labels[0])} if len(labels) > 1 else set()
    keys = {_key(name)}
    for separator in _TITLE_SEPARATORS:  # "Aktuálně.cz - Víte, co se právě děje"
        keys.add(_key(name.partition(separator)[0]))
    return {key for key in keys if len(key) >= 3}


def _strip_site(title: str, site: str) -> str:
    for separator in (" - ", " | ", " – ", " — ", " · "):
        head, sep, tail = title.rpartition(separator)
        if sep and head and (not site or tail.strip() == site):
            return head.strip()
    return title


def _tags(tree: Any, ld: Mapping[str, Any]) -> list[object]:
    """Return the page's tags: ``article:tag`` metas, else JSON-LD keywords, else keywords.

    Each value may be a list of its own, "," or ";" between tags: The Guardian puts all
    its tags in one ``article:tag`` ("Higher education,Academics,Lecturers' pay"),
    Royal Road writes keywords as "webnovel; web novel; web fiction".
    """
    tags: list[object] = [
        n.attributes.get("content") for n in tree.css('meta[property="article:tag"]')
    ]
    if not tags:
        keywords = ld.get("keywords")
        if isinstance(keywords, str):
            tags = [keywords]
        elif isinstance(keywords, list):
            tags = list(keywords)
    if not tags:
        node = tree.css_first('meta[name="keywords"]')
        tags = [node.attributes.get("content")] if node is not None else []
    # entities first: the ";" of "Kil&#243;metro Cero" separates nothing (Diario Libre)
    return [
        piece
        for tag in tags
        for piece in (_TAG_LIST.split(html.unescape(tag)) if isinstance(tag, str) else [tag])
    ]


def _time(tree: Any) -> str | None:
    node = tree.css_first("article time[datetime], time[datetime]")
    return node.attributes.get("datetime") if node is not None else None


def _author(ld: Mapping[str, Any], meta: Mapping[str, str]) -> str | None:
    author: Any = ld.get("author")
    if isinstance(author, list):
        author = author[0] if author else None
    if isinstance(author, Mapping):
        author = author.get("name")
    if not author:
        author = meta.get("author") or meta.get("article:author")
        if author and is_absolute_url(author):
            author = None
    return html_to_text(str(author)) if author else None


def _images(
    meta: Mapping[str, str], ld: Mapping[str, Any], *, base: str
) -> list[tuple[str | None, str | None]]:
    alt = html_to_text(meta.get("og:image:alt") or meta.get("twitter:image:alt") or "")
    pairs: list[tuple[str | None, str | None]] = []
    for key in ("og:image", "og:image:secure_url", "og:image:url", "twitter:image"):
        if meta.get(key):
            pairs.append((clean_url(meta[key], base=base), alt))
            break
    image: Any = ld.get("image")
    if isinstance(image, list):
        image = image[0] if image else None
    if isinstance(image, Mapping):
        image = image.get("url") or image.get("contentUrl")
    if isinstance(image, str) and image:
        pairs.append((clean_url(image, base=base), alt))
    return pairs
