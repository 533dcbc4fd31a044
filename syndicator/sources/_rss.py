"""A fast reader for plain, well-formed RSS 2.0 feeds, giving what feedparser gives.

feedparser spends about 650 us an item in Python SAX callbacks; the C ElementTree
parser reads the same feed some 40 times faster (benchmarks/bench_feed.py). This
reader covers the common case only: an ``<rss version="2.x">`` document in UTF-8
without a DOCTYPE, ``xml:base`` or ``xml:lang``, whose items hold only the elements
below. For anything else :func:`read_rss` returns None and the caller asks
feedparser, which also recovers broken XML. Where it answers, it answers as
feedparser 6 does for the fields ``feed.py`` reads (tests/sources/test_feed_fast.py
compares both on every feed in tests/), quirks included: text is stripped, the
latin-1-read-as-UTF-8 repair and the cp1252 mapping are applied, a permalink guid
stands in for a missing link.
"""

from __future__ import annotations

import re
from contextlib import suppress
from datetime import UTC, datetime, timedelta
from typing import Any
from xml.etree.ElementTree import Element, ParseError, fromstring

__all__ = ["read_rss"]

_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_MEDIA = ("{http://search.yahoo.com/mrss/}", "{http://search.yahoo.com/mrss}")
_MEDIA_CONTENT = frozenset(f"{namespace}content" for namespace in _MEDIA)
_MEDIA_THUMBNAIL = frozenset(f"{namespace}thumbnail" for namespace in _MEDIA)
_MEDIA_DESCRIPTION = frozenset(f"{namespace}description" for namespace in _MEDIA)
_MEDIA_TITLE = frozenset(f"{namespace}title" for namespace in _MEDIA)
_SYNDICATION = "{http://purl.org/rss/1.0/modules/syndication/}"
_ATOM = "{http://www.w3.org/2005/Atom}"
# Item children feedparser has no handler for: it keeps them under keys feed.py never
# reads (test_feed_fast checks that feedparser still has no handler for them).
_IGNORED = frozenset(
    {
        "{http://wellformedweb.org/CommentAPI/}commentRss",
        "{http://purl.org/rss/1.0/modules/slash/}comments",
    }
)
# Channel children that cannot change the title, link, language or links read here
# (RSS 2.0 spec, "Optional channel elements"), besides the items.
_CHANNEL_OTHERS = frozenset(
    {
        "item",
        "description",
        "copyright",
        "managingEditor",
        "webMaster",
        "pubDate",
        "lastBuildDate",
        "category",
        "generator",
        "docs",
        "cloud",
        "ttl",
        "image",
        "rating",
        "textInput",
        "skipHours",
        "skipDays",
    }
)
_DECLARATION = re.compile(rb"^\s*<\?xml[^>]*?encoding\s*=\s*[\"']([^\"']*)[\"']")
# feedparser's urls._urifixer: slashes after "scheme://" are dropped.
_URI_FIXER = re.compile(r"^([A-Za-z][A-Za-z0-9+-.]*://)(/*)(.*?)")
_ENTITY_LEFT = re.compile(r"&([A-Za-z0-9_]+);")
# feedparser's mixin._cp1252: C1 controls read as the Windows-1252 characters they encode.
_CP1252 = {
    code: bytes([code]).decode("cp1252")
    for code in range(128, 160)
    if code not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)
}
_RFC822 = re.compile(
    r"^(?:[A-Za-z]{3},\s+)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?"
    r"\s+(GMT|UTC?|Z|[+-]\d{4})$"
)
_W3DTF = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:\d{2})$"
)
_MONTHS = {
    name: number
    for number, name in enumerate(
        ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), 1
    )
}


class _Unsupported(Exception):
    """The feed holds something this reader does not cover: feedparser reads it."""


def read_rss(data: bytes) -> tuple[dict[str, Any], list[dict[str, Any]]] | None:
    """Return the channel and its items shaped as feedparser's, or None to use feedparser."""
    if b"<rss" not in data or b"<!DOCTYPE" in data or b"xml:base" in data:
        return None  # no DOCTYPE: no entity declarations to expand (feedparser's turn)
    if b"lang=" in data:  # xml:lang or lang: feedparser tracks it per element
        return None
    declared = _DECLARATION.match(data)
    if declared and declared.group(1).lower() not in (b"utf-8", b"utf8"):
        return None
    try:
        root = fromstring(data)
    except (ParseError, ValueError):
        return None
    if root.tag != "rss" or not root.get("version", "").startswith("2."):
        return None
    channels = [child for child in root if child.tag == "channel"]
    if len(channels) != 1 or len(root) != 1:
        return None
    try:
        channel = _channel(channels[0])
        entries = [_entry(item) for item in channels[0] if item.tag == "item"]
    except _Unsupported:
        return None
    return (channel, entries) if entries else None


def _channel(element: Element) -> dict[str, Any]:
    channel: dict[str, Any] = {"links": []}
    for child in element:
        tag = child.tag
        if tag in ("title", "language") and tag not in channel:
            channel[tag] = _text(child)
        elif tag == "link":
            link = _ENTITY_LEFT.sub(r"&\1", _uri(_text(child)))
            channel["link"] = link
            channel["links"].append({"rel": "alternate", "type": "text/html", "href": link})
        elif tag == f"{_ATOM}link":
            attrs = _href(_attributes(child))
            rel = attrs.setdefault("rel", "alternate")
            if rel == "alternate" or "href" not in attrs or len(child) or _has_text(child):
                raise _Unsupported  # it would set the channel's link, or be its text
            attrs["href"] = _uri(attrs["href"])
            channel["links"].append(attrs)
        elif tag not in _CHANNEL_OTHERS and not tag.startswith(_SYNDICATION):
            raise _Unsupported
    return channel


def _entry(item: Element) -> dict[str, Any]:
    if item.attrib:
        raise _Unsupported
    entry: dict[str, Any] = {"links": [], "tags": []}
    described = False
    for child in item:
        tag = child.tag
        if tag == "title":
            if "title" in entry:
                raise _Unsupported
            entry["title"] = _text(child)
            entry["title_detail"] = {"language": None}
        elif tag == "link":
            link = _ENTITY_LEFT.sub(r"&\1", _uri(_text(child)).replace("&amp;", "&"))
            entry["link"] = link
            entry["links"].append({"rel": "alternate", "type": "text/html"})
            if link:
                entry["links"][-1]["href"] = link
        elif tag == "guid":
            if "id" in entry:
                raise _Unsupported
            permalink = _attributes(child, "ispermalink").get("ispermalink", "true") == "true"
            value = _text(child, "ispermalink")
            entry["id"] = _uri(value) if permalink and value else value
            if permalink:
                entry.setdefault("link", entry["id"])
        elif tag == "description":
            if described:
                raise _Unsupported  # a second one becomes content in feedparser
            described = True
            entry["summary"] = _text(child)
            entry["summary_detail"] = {"language": None}
        elif tag == f"{_CONTENT}encoded":
            value = _text(child)
            entry.setdefault("content", []).append({"type": "text/html", "value": value})
            entry.setdefault("summary", value)  # feedparser copies content to a missing summary
        elif tag == "category":
            term = _text(child, "domain")
            if term:
                entry["tags"].append({"term": term})
        elif tag == "comments":
            entry["comments"] = _uri(_text(child))
        elif tag in ("author", f"{_DC}creator"):
            entry["author"] = _text(child)
        elif tag == "pubDate":
            entry["published_parsed"] = _date(_text(child))
        elif tag == f"{_DC}date":
            entry["updated_parsed"] = _date(_text(child))
        elif tag == "enclosure":
            if len(child) or _has_text(child):
                raise _Unsupported
            attrs = _href(_attributes(child))
            attrs["rel"] = "enclosure"
            entry["links"].append(attrs)
        elif tag in _MEDIA_CONTENT or tag in _MEDIA_THUMBNAIL:
            if _has_text(child) or (len(child) and not _inert(child, entry, described)):
                raise _Unsupported
            key = "media_content" if tag in _MEDIA_CONTENT else "media_thumbnail"
            entry.setdefault(key, []).append(_attributes(child))
        elif tag not in _IGNORED or len(child):
            raise _Unsupported
    return entry


def _inert(media: Element, entry: dict[str, Any], described: bool) -> bool:
    """Tell whether a media element's children leave the fields feed.py reads as they are.

    feedparser reads ``media:description`` as a ``<description>``: it replaces the
    summary unless the item's own description came first, and becomes the content if
    there is no ``content:encoded`` yet. ``media:title`` is a title, ignored after the
    item's own. (feed.py reads the image's alt text from the item's XML itself.)
    """
    for child in media:
        if len(child):
            return False
        if child.tag in _MEDIA_DESCRIPTION:
            if not (described and "content" in entry):
                return False
        elif child.tag not in _MEDIA_TITLE or "title" not in entry:
            return False
    return True


def _text(element: Element, *allowed: str) -> str:
    """Return an element's text as feedparser stores it; refuse markup or attributes in it."""
    if len(element) or any(key.lower() not in allowed for key in element.attrib):
        raise _Unsupported
    text = (element.text or "").strip()
    if text.isascii():
        return text
    with suppress(UnicodeError):  # feedparser's repair of UTF-8 read as latin-1, re-encoded
        text = text.encode("iso-8859-1").decode("utf-8")
    return text.translate(_CP1252)


def _has_text(element: Element) -> bool:
    return bool((element.text or "").strip())


def _href(attrs: dict[str, str]) -> dict[str, str]:
    """Return attributes with ``url`` or ``uri`` renamed ``href`` (feedparser's _enforce_href)."""
    href = attrs.get("url", attrs.get("uri", attrs.get("href")))
    if href:
        attrs.pop("url", None)
        attrs.pop("uri", None)
        attrs["href"] = href
    return attrs


def _attributes(element: Element, *only: str) -> dict[str, str]:
    """Return attributes with lowercased names (and ``rel``/``type`` values), as feedparser."""
    attrs: dict[str, str] = {}
    for key, value in element.attrib.items():
        name = key.lower()
        if key.startswith("{") or (only and name not in only):
            raise _Unsupported
        attrs[name] = value.lower() if name in ("rel", "type") else value
    return attrs


def _uri(value: str) -> str:
    return _URI_FIXER.sub(r"\1\3", value)


def _date(value: str) -> tuple[int, ...] | None:
    """Return a date as (year, month, day, hour, minute, second) in UTC, as feedparser."""
    moment = _strict_date(value)
    if moment is not None:
        return moment.timetuple()[:6]
    from feedparser.datetimes import _parse_date  # the forms not covered here

    parsed = _parse_date(value)
    return tuple(parsed[:6]) if parsed else None


def _strict_date(value: str) -> datetime | None:
    """Return the two common date forms (RFC 822, W3C) read the way feedparser reads them."""
    rfc822 = _RFC822.match(value)
    w3c = None if rfc822 else _W3DTF.match(value)
    if rfc822:
        day, month_name, year, hour, minute, second, zone = rfc822.groups()
        month = _MONTHS.get(month_name.lower(), 0)
        zone = "+0000" if zone in ("GMT", "UT", "UTC", "Z") else zone
    elif w3c:
        year, month_text, day, hour, minute, second, zone = w3c.groups()
        month = int(month_text)
        zone = "+0000" if zone == "Z" else zone.replace(":", "")
    else:
        return None
    offset = int(zone[0] + "1") * (int(zone[1:3]) * 60 + int(zone[3:5]))
    try:
        local = datetime(
            int(year), month, int(day), int(hour), int(minute), int(second or 0), tzinfo=UTC
        )
    except ValueError:
        return None
    return local - timedelta(minutes=offset)
