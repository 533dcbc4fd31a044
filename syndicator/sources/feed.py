"""RSS 2.0, RSS 1.0 and Atom feeds; one Article per entry.

Plain well-formed RSS 2.0 is read by :mod:`._rss` with the C ElementTree parser (40
times faster); everything else, and anything unusual in it, by feedparser.

feedparser is chosen over fastfeedparser for its robustness (bozo recovery, encodings)
and its correct guid/link semantics; it misses ``media:description``, which is read
here from the entry's own XML. JSON Feed is handled by :mod:`.jsonfeed`.
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from ..errors import SourceError
from ..models import Article
from ._common import chronological, deep_freeze, language, make_images, make_tags
from ._rss import read_rss
from ._text import (
    clean_url,
    first_paragraph,
    html_blocks,
    html_to_text,
    is_absolute_url,
    url_problem,
)
from .boilerplate import drop_boilerplate

__all__ = ["parse_feed"]

_ENTRY_START = re.compile(rb"<(?:[A-Za-z0-9_]+:)?(?:item|entry)[\s>/]")
_MEDIA_DESCRIPTION = re.compile(
    r"<media:(?:description|title)\b[^>]*>(.*?)</media:(?:description|title)>", re.DOTALL
)
_CDATA = re.compile(r"<!\[CDATA\[(.*?)\]\]>", re.DOTALL)

# XML 1.0 Appendix F: a byte-order mark, or the zero bytes around the first "<".
_BOMS = (
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\xfe\xff", "utf-16-be"),
    (b"\xff\xfe", "utf-16-le"),
)
_ZERO_PATTERNS = (
    (re.compile(rb"\x00\x00\x00[^\x00]"), "utf-32-be"),
    (re.compile(rb"[^\x00]\x00\x00\x00"), "utf-32-le"),
    (re.compile(rb"\x00[^\x00]\x00[^\x00]"), "utf-16-be"),
    (re.compile(rb"[^\x00]\x00[^\x00]\x00"), "utf-16-le"),
)
_DECLARED_ENCODING = re.compile(rb"""^(<\?xml[^>]*?encoding\s*=\s*)(["'])[^"']*\2""")
_GZIP_MAGIC = b"\x1f\x8b"
_MAX_UNPACKED = 64 * 1024 * 1024  # a gzip feed may not unpack past this (a "zip bomb")
# Markup left as text after one HTML pass: the item's HTML was escaped twice (Reddit).
_ESCAPED_MARKUP = re.compile(
    r"<(?:!-- SC_OFF --|/?(?:p|div|span|a|br|em|strong|ul|ol|li|blockquote|td)\b[^<>]{0,200})>",
    re.IGNORECASE,
)


def unwrap(data: bytes, *, where: str) -> bytes:
    """Return feed bytes as UTF-8 XML: gzip unpacked, UTF-16 and UTF-32 transcoded.

    Only what looks like XML once decoded is transcoded (an HTML page is left to
    ``page``); the XML declaration then says ``utf-8`` so feedparser reads it right.
    """
    if data.startswith(_GZIP_MAGIC):
        data = _gunzip(data, where=where)
    encoding = next((name for bom, name in _BOMS if data.startswith(bom)), None)
    if encoding is None:
        encoding = next((name for p, name in _ZERO_PATTERNS if p.match(data[:4])), None)
    if encoding is None:
        return data
    try:
        text = data.decode(encoding).removeprefix("\ufeff")
    except UnicodeDecodeError as exc:
        raise SourceError(where, f"not valid {encoding.upper()} ({exc.reason})") from None
    if not text.lstrip().startswith("<"):
        return data
    return _DECLARED_ENCODING.sub(rb"\1\2utf-8\2", text.encode("utf-8"), count=1)


def _gunzip(data: bytes, *, where: str) -> bytes:
    """Return gzip-compressed bytes unpacked, refusing more than ``_MAX_UNPACKED``."""
    unpacker = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    try:
        unpacked = unpacker.decompress(data, _MAX_UNPACKED)
    except zlib.error as exc:
        raise SourceError(where, f"gzip-compressed but damaged ({exc})") from None
    if unpacker.unconsumed_tail:
        limit = _MAX_UNPACKED // (1024 * 1024)
        raise SourceError(where, f"gzip-compressed and unpacks to more than {limit} MB")
    if not unpacker.eof:
        raise SourceError(where, "gzip-compressed but damaged (the data is cut short)")
    return unpacked


def parse_feed(
    data: bytes, *, where: str, default_lang: str, url: str | None = None
) -> tuple[tuple[Article, ...], tuple[SourceError, ...]]:
    """Return the feed's articles (oldest first) and the entries that could not be read.

    Relative links are resolved against ``xml:base`` (feedparser does it), else the
    feed's ``rel="self"`` link, else ``url`` (where the feed was read from), else the
    feed's own ``<link>``. Plain RSS 2.0 is read by :mod:`._rss`, the rest by feedparser.
    """
    data = unwrap(data, where=where)
    head = data.lstrip(b"\xef\xbb\xbf \t\r\n")[:40].decode("utf-8", "replace")
    if not head.startswith("<"):
        first = head.split("\n", 1)[0].strip()
        raise SourceError(where, f"not an XML feed: it starts with {first!r}, not with <")
    channel, entries = read_rss(data) or _feedparser(data, where=where)
    return articles_from(channel, entries, data, where=where, default_lang=default_lang, url=url)


def _feedparser(data: bytes, *, where: str) -> tuple[Any, list[Any]]:
    """Return the channel and entries feedparser reads, for what ``read_rss`` does not cover."""
    import feedparser  # lazy: ~50 ms of imports that preview of one page does not need

    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    if parsed.get("bozo") and not parsed.entries:
        raise SourceError(where, f"not a readable RSS or Atom feed ({_bozo(parsed)})")
    if not parsed.entries and not parsed.get("version"):
        raise SourceError(where, "not an RSS or Atom feed: no <rss>, <feed> or <rdf:RDF> root")
    return parsed.feed, parsed.entries


def articles_from(
    channel: Any,
    entries: Sequence[Any],
    data: bytes,
    *,
    where: str,
    default_lang: str,
    url: str | None = None,
) -> tuple[tuple[Article, ...], tuple[SourceError, ...]]:
    """Return the Articles of entries shaped as feedparser's, and the unreadable entries."""
    base = _base(channel, url)
    starts = [m.start() for m in _ENTRY_START.finditer(data)]
    if len(starts) != len(entries):
        starts = []  # cannot pair entries with their text: name them by number instead
    lines = _line_numbers(data, starts)
    articles: list[Article] = []
    errors: list[SourceError] = []
    for index, entry in enumerate(entries):
        start = starts[index] if index < len(starts) else None
        end = starts[index + 1] if index + 1 < len(starts) else len(data)
        line = lines[index] if start is not None else None
        place = f"{where}, line {line}" if line else f"{where}, entry {index + 1}"
        raw = data[start:end].decode("utf-8", "replace") if start is not None else ""
        try:
            articles.append(
                _article(
                    entry, channel, raw, where=where, place=place, lang=default_lang, base=base
                )
            )
        except SourceError as exc:
            errors.append(exc)
        except (TypeError, ValueError, AttributeError) as exc:  # odd shapes in one entry
            errors.append(SourceError(place, f"entry cannot be read ({exc}); skipped"))
    articles.reverse()  # feeds list newest first
    return chronological(articles), tuple(errors)


def _line_numbers(data: bytes, starts: list[int]) -> list[int]:
    """Return the line of each offset in ``starts`` (ascending), counting each byte once."""
    numbers: list[int] = []
    line, previous = 1, 0
    for start in starts:
        line += data.count(b"\n", previous, start)
        previous = start
        numbers.append(line)
    return numbers


def _bozo(parsed: Any) -> str:
    exc = parsed.get("bozo_exception")
    line = getattr(exc, "getLineNumber", lambda: None)()
    message = getattr(exc, "getMessage", lambda: str(exc))()
    return f"line {line}: {message}" if line else str(message or exc)


def _article(
    entry: Any, channel: Any, raw: str, *, where: str, place: str, lang: str, base: str | None
) -> Article:
    default_lang = lang
    title = html_to_text(entry.get("title", ""))
    guid = str(entry.get("id") or "").strip()
    link = _link(entry, base=base)
    label = f"entry {guid or title or '(untitled)'}"
    if not link:
        raise SourceError(place, f"{label} has no link; skipped (add a <link> to the item)")
    if not is_absolute_url(link):
        raise SourceError(place, f"{label}: link {link!r} {url_problem(link)}; skipped")
    if not title:
        raise SourceError(place, f"{label} has no title; skipped")
    body_paragraphs = drop_boilerplate(_blocks(_content_html(entry)))
    summary_paragraphs = drop_boilerplate(_blocks(entry.get("summary", "")))
    summary = first_paragraph(summary_paragraphs or body_paragraphs, skip=[title])
    body = "\n\n".join(body_paragraphs or summary_paragraphs)
    detail = entry.get("title_detail") or {}
    chosen = language(
        ("entry xml:lang", detail.get("language")),
        ("entry xml:lang", (entry.get("summary_detail") or {}).get("language")),
        ("feed language", channel.get("language")),
        text=f"{title}\n{summary}\n{body}",
        default=default_lang,
    )
    extra: dict[str, Any] = {"site_name": html_to_text(channel.get("title", ""))}
    extra.update(chosen.extra())
    if guid:
        extra["guid"] = guid
    if entry.get("comments"):
        extra["comments"] = entry["comments"]
    return Article(
        id=guid or link,
        url=link,
        title=title,
        summary=summary,
        body=body,
        tags=make_tags(t.get("term") or t.get("label") for t in entry.get("tags", [])),
        lang=chosen.code,
        published=_when(entry),
        author=html_to_text(entry.get("author", "")) or None,
        images=make_images(_images(entry, raw, base=link)),
        source=where,
        extra=deep_freeze(extra),
    )


def _base(channel: Any, url: str | None) -> str | None:
    """Return what relative links resolve against: the self link, the feed's URL, its link."""
    for candidate in channel.get("links", []):
        if candidate.get("rel") == "self" and candidate.get("href"):
            self_link = clean_url(candidate["href"], base=url)
            if is_absolute_url(self_link):
                return self_link
    if url and is_absolute_url(url):
        return url
    home = clean_url(channel.get("link") or "")
    return home if is_absolute_url(home) else None


def _link(entry: Any, *, base: str | None) -> str:
    link = entry.get("link") or ""
    if not link:
        for candidate in entry.get("links", []):
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    if not link:
        return ""
    return clean_url(link, base=base)


def _content_html(entry: Any) -> str:
    contents = entry.get("content") or []
    for content in contents:
        if "html" in (content.get("type") or ""):
            return str(content.get("value") or "")
    return str(contents[0].get("value") or "") if contents else ""


def _blocks(html: str) -> list[str]:
    """Return the paragraphs of an item's HTML, unescaping it once more if it was escaped twice.

    Reddit's ``&lt;div class="md"&gt;`` inside an already escaped description would
    otherwise be posted as raw tags.
    """
    if not html.strip():
        return []
    blocks = html_blocks(html)
    text = "\n".join(blocks)
    if len(_ESCAPED_MARKUP.findall(text)) >= 2 and "</" in text:
        import html as entities

        blocks = html_blocks(entities.unescape(html))
    return blocks


def _when(entry: Any) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        moment = entry.get(key)
        if moment:
            year, month, day, hour, minute, second = moment[:6]
            return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    return None


def _images(entry: Any, raw: str, *, base: str) -> list[tuple[str | None, str | None]]:
    alt = _media_alt(raw)
    pairs: list[tuple[str | None, str | None]] = []
    for media in [*entry.get("media_content", []), *entry.get("media_thumbnail", [])]:
        kind = f"{media.get('medium', '')} {media.get('type', '')}"
        if media.get("url") and ("image" in kind or not kind.strip()):
            pairs.append((clean_url(media["url"], base=base), alt))
    for link in entry.get("links", []):
        if link.get("rel") == "enclosure" and str(link.get("type", "")).startswith("image/"):
            pairs.append((clean_url(link.get("href", ""), base=base), alt))
    if not pairs:
        pairs.extend(_first_img(_content_html(entry) or entry.get("summary", ""), base=base))
    return pairs


def _media_alt(raw: str) -> str | None:
    match = _MEDIA_DESCRIPTION.search(raw)
    if not match:
        return None
    text = _CDATA.sub(lambda m: m.group(1), match.group(1))
    return html_to_text(text)


def _first_img(html: str, *, base: str) -> list[tuple[str | None, str | None]]:
    if "<img" not in html:
        return []
    from selectolax.lexbor import LexborHTMLParser

    from ._depth import flatten_html

    img = LexborHTMLParser(flatten_html(html)).css_first("img[src]")
    if img is None:
        return []
    attrs: Mapping[str, str | None] = img.attributes
    return [(clean_url(attrs.get("src") or "", base=base), attrs.get("alt"))]
