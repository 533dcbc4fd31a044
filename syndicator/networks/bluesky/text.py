"""Bluesky's visible text: links shown short, and facets in UTF-8 byte offsets.

Bluesky counts the visible text, not the URL (docs/platforms.md §3.1): a link may be shown
as ``example.fr/actu/threads-el…`` while its link facet carries the full URL. Nothing
is detected server-side, so every link and hashtag needs its facet.
"""

from __future__ import annotations

from collections.abc import Iterable
from urllib.parse import urlsplit

import regex

from ... import urls
from ...compose import graphemes
from ...compose.fit import ELLIPSIS
from ...compose.hashtags import HASHTAG
from ...models import Facet

__all__ = ["facets", "show_link"]

_MAX_TAG_GRAPHEMES = 64  # app.bsky.richtext.facet#tag maxGraphemes (docs/platforms.md §3.1)
_PATH_SHOWN = 16  # characters of path kept, as in the "example.fr/actu/threads-el…"
_HTTP_URL = regex.compile(r"https?://[^\s<>\"]+[^\s<>\".,;:!?)\]}'’”»…]")


def show_link(url: str) -> str:
    """Return how a link is shown: readable, no scheme or ``www.``, a long path cut with ``…``."""
    url = urls.readable(url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return url
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return url
    host = parts.netloc.removeprefix("www.")
    rest = url.split(parts.netloc, 1)[1]
    if rest in ("", "/"):
        return host
    if len(rest) > _PATH_SHOWN + 2:
        return host + rest[:_PATH_SHOWN] + ELLIPSIS
    return host + rest


def facets(text: str, links: Iterable[tuple[str, str]]) -> tuple[Facet, ...]:
    """Return link facets (shown links and bare http(s) URLs) and tag facets of ``text``."""
    spans: list[tuple[int, int, str, str]] = []
    taken: list[tuple[int, int]] = []
    position = 0
    for shown, url in links:
        start = text.find(shown, position)
        if start < 0:
            continue
        end = start + len(shown)
        spans.append((start, end, "link", url))
        taken.append((start, end))
        position = end
    for match in _HTTP_URL.finditer(text):
        start, end = match.span()
        if not any(a < end and start < b for a, b in taken):
            try:
                uri = urls.to_uri(match.group())
            except ValueError:
                continue  # a host no resolver takes: no link
            spans.append((start, end, "link", uri))
            taken.append((start, end))
    for match in HASHTAG.finditer(text):
        start, end = match.span()
        if graphemes.count(match.group(1)) > _MAX_TAG_GRAPHEMES:
            continue
        if not any(a < end and start < b for a, b in taken):
            spans.append((start, end, "tag", match.group(1)))
    spans.sort()
    return tuple(
        Facet(_bytes(text, start), _bytes(text, end), kind, value)  # type: ignore[arg-type]
        for start, end, kind, value in spans
    )


def _bytes(text: str, index: int) -> int:
    """Return the UTF-8 byte offset of code point ``index`` in ``text``."""
    return len(text[:index].encode("utf-8"))
