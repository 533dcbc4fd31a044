"""X's weighted length, as twitter-text v3 computes it, without twitter-text.

The algorithm (docs/platforms.md §1.1, twitter-text ``config/v3.json`` and ``parseTweet.js``):
NFC, then every URL found by twitter-text's extractor costs 23, every emoji sequence 2,
every other code point 1 inside the v3 ranges and 2 outside. Line endings are folded to
``\\n`` first (the Python port does it; X is sent the folded text by ``normalize``).

The two references disagree on a few inputs (docs/platforms.md §1.2): their emoji tables
(Unicode 12 ``emoji-test.txt`` for the Python port, twemoji-parser 11.0.2 for the
official JS) and their IDNA checks. We compute the length under both readings only
when they can differ and keep the longer, so the result is never below either, except
on BMP symbols: there the data follows the official JS exactly (bare ``©`` and ``®``
weigh 1, ``⌚`` + VS16 is one emoji; ``scripts/gen_x_data.py``), checked over every code
point of the symbol blocks by ``tests/compose/test_x_length.py``.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from functools import cache, lru_cache

from .x_emoji import js_emoji, may_hold_emoji, port_emoji, to_surrogates
from .x_urls import ascii_domains, find_urls, tco_url

__all__ = ["X_INVALID", "normalize", "url_spans", "weighted_length"]

# twitter-text config v3 (docs/platforms.md §1.1): weight 1 inside these ranges, 2 elsewhere.
_LIGHT = "\u0000-\u10ff\u2000-\u200d\u2010-\u201f\u2032-\u2037"
_HEAVY = re.compile(f"[^{_LIGHT}]")
_URL_WEIGHT = 23  # transformedURLLength, config/v3.json (docs/platforms.md §1.1)
_EMOJI_WEIGHT = 2  # defaultWeight 200 / scale 100, config/v3.json (docs/platforms.md §1.1)
_MAX_URL_LENGTH = 4096  # MAX_URL_LENGTH in twitter-text extractUrlsWithIndices.js
_MAX_TCO_SLUG = 40  # MAX_TCO_SLUG_LENGTH in twitter-text extractUrlsWithIndices.js
_MAX_LABEL = 63  # MAX_DOMAIN_LABEL_LENGTH in twitter-text lib/idna.js

#: Characters that make a post invalid on X (twitter-text ``invalidCharsGroup``).
X_INVALID = "\ufffe\ufeff\uffff"

_ASTRAL = re.compile("[\U00010000-\U0010ffff]")
#: The ideographic full stops lib/idna.js splits labels at, as a table to make them dots.
_IDEOGRAPHIC_STOPS = dict.fromkeys(map(ord, "\u3002\uff0e\uff61"), ".")

_URL_REGION = re.compile(
    "[^\x09-\x0d\x20\x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*"
    "\\.[^\x09-\x0d\x20\x85\xa0\u1680\u180e\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+"
)


def normalize(text: str) -> str:
    """Return ``text`` as X counts it: line endings folded to ``\\n``, then NFC."""
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if text.isascii() or unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


@lru_cache(maxsize=32)  # a fitted text is measured again as the post's length
def weighted_length(text: str) -> int:
    """Return X's weighted length of ``text`` (normalised first), the longer reading.

    The official JS library works on UTF-16 code units: with astral characters in the
    text, its reading is computed on a UTF-16 view, exactly as it would see the text.
    Line by line: no URL or emoji spans a line feed, so each reading is the sum of its
    lines' readings, and a line measured before is not measured again.
    """
    text = normalize(text)
    if "\n" not in text:
        return max(_readings(text))
    js, port = zip(*map(_readings, _lines(text)), strict=True)
    longer: int = max(sum(js), sum(port))
    return longer


def _lines(text: str) -> list[str]:
    """Return the lines of ``text``, each after the first with its line feed before it.

    The line feed stays: it is the character before a URL that starts the line, which
    the URL pattern reads (without it, the line's first character would be taken).
    """
    lines = text.split("\n")
    return [lines[0], *("\n" + line for line in lines[1:])]


@lru_cache(maxsize=1024)
def _readings(text: str) -> tuple[int, int]:
    """Return the official JS library's and the Python port's lengths of one line.

    A long line is measured space by space, as text is line by line: no URL or emoji
    holds a space, and each chunk keeps its space (the character before a URL).
    """
    if len(text) > _CHUNKED and " " in text:
        js, port = zip(*map(_chunk_readings, _CHUNKS.findall(text)), strict=True)
        return sum(js), sum(port)
    return _chunk_readings(text)


#: Lines longer than this are measured chunk by chunk (see ``_readings``).
_CHUNKED = 80
#: The chunks of a line: its start, then each space with what follows up to the next.
_CHUNKS = re.compile("(?:^| )[^ ]*")


@lru_cache(maxsize=8192)
def _chunk_readings(text: str) -> tuple[int, int]:
    """Return both readings of a text in which every URL and emoji is whole."""
    if "." not in text and (text.isascii() or not (_ASTRAL.search(text) or may_hold_emoji(text))):
        length = _base(text, 0, len(text))  # no URL, no emoji: code points by their weight
        return length, length
    if text.isascii():
        urls_js, urls_port = _url_entities(text)
        length = _walk(text, urls_js, {})
        return length, length if urls_port == urls_js else _walk(text, urls_port, {})
    emoji_port = port_emoji(text)
    if _ASTRAL.search(text) is None:
        urls_js, urls_port = _url_entities(text)
        emoji_js = js_emoji(text)
        length = _walk(text, urls_js, emoji_js)
        if urls_port == urls_js and emoji_port == emoji_js:
            return length, length
        return length, _walk(text, urls_port, emoji_port)
    utf16 = _ASTRAL.sub(to_surrogates, text)
    urls_js, urls_port = _url_entities(text)
    if "." in text and any(
        _ASTRAL.search(text, max(region.start() - 1, 0), region.end())
        for region in _URL_REGION.finditer(text)
    ):
        urls_js, _ = _url_entities(utf16, utf16=True)
    elif urls_js:  # no astral character near a URL: only the indices move
        astral = [match.start() for match in _ASTRAL.finditer(text)]
        urls_js = {start + bisect_right(astral, start): skip for start, skip in urls_js.items()}
    emoji_js = js_emoji(utf16)
    return _walk_utf16(utf16, urls_js, emoji_js), _walk(text, urls_port, emoji_port)


def url_spans(text: str) -> list[tuple[int, int]]:
    """Return the (start, end) code point spans of the URLs X finds in normalised ``text``."""
    spans: list[tuple[int, int]] = []
    for start, _skip, end, _js, _port in _urls(text):
        spans.append((start, end))
    return spans


def _base(text: str, start: int, end: int) -> int:
    """Return the weight of ``text[start:end]`` counted code point by code point."""
    if end <= start:
        return 0
    segment = text[start:end]
    if segment.isascii():
        return end - start
    return end - start + len(_HEAVY.findall(segment))


def _walk(text: str, urls: dict[int, int], emoji: dict[int, int]) -> int:
    """Sum weights as parseTweet's loop does: entities by start index, skipping their length."""
    if not urls and not emoji:
        return _base(text, 0, len(text))
    total = 0
    index = 0
    for start in sorted(urls.keys() | emoji.keys()):
        if start < index:
            continue
        total += _base(text, index, start)
        if start in urls:
            total += _URL_WEIGHT
            index = start + urls[start]
        else:
            total += _EMOJI_WEIGHT
            index = start + emoji[start]
    return total + _base(text, index, len(text))


@cache
def _surrogate_pairs() -> re.Pattern[str]:
    """Compile a surrogate pair (on first use: only texts with astral characters need it)."""
    return re.compile("[\ud800-\udbff][\udc00-\udfff]")


def _walk_utf16(text: str, urls: dict[int, int], emoji: dict[int, int]) -> int:
    """Sum weights over UTF-16 code units as parseTweet.js does (a surrogate pair once)."""
    total = 0
    index = 0
    starts = sorted(urls.keys() | emoji.keys())
    starts.append(len(text))
    for start in starts:
        if start < index:
            continue
        segment = text[index:start]
        pairs = len(_surrogate_pairs().findall(segment))
        total += len(segment) + len(_HEAVY.findall(segment)) - 2 * pairs
        index = start
        if (
            segment
            and "\ud800" <= segment[-1] <= "\udbff"
            and index < len(text)
            and "\udc00" <= text[index] <= "\udfff"
        ):
            index += 1  # the loop takes the pair whole, stepping over this entity
            continue
        if start in urls:
            total += _URL_WEIGHT
            index = start + urls[start]
        elif start in emoji:
            total += _EMOJI_WEIGHT
            index = start + emoji[start]
    return total


def _url_entities(text: str, *, utf16: bool = False) -> tuple[dict[int, int], dict[int, int]]:
    """Return {start: length to skip} of URLs for the JS reading and the port's."""
    js: dict[int, int] = {}
    port: dict[int, int] = {}
    for start, skip, _end, ok_js, ok_port in _urls(text, utf16=utf16):
        if ok_js:
            js[start] = skip
        if ok_port:
            port[start] = skip if ok_port is True else ok_port
    return js, port


def _urls(text: str, *, utf16: bool = False) -> list[tuple[int, int, int, bool, bool | int]]:
    """Run twitter-text's URL extraction; return (start, skip, end, valid JS, valid port).

    The port's flag is an int (its own skip length) when its reading of the skip differs.
    """
    if "." not in text:
        return []
    if "\n" not in text:
        return list(_line_urls(text, utf16))
    # No URL spans a line feed: each line's URLs are found (and cached) apart.
    found: list[tuple[int, int, int, bool, bool | int]] = []
    offset = 0
    for line in _lines(text):
        if "." in line:
            for start, skip, end, ok_js, ok_port in _line_urls(line, utf16):
                found.append((start + offset, skip, end + offset, ok_js, ok_port))
        offset += len(line)
    return found


@lru_cache(maxsize=1024)
def _line_urls(text: str, utf16: bool) -> tuple[tuple[int, int, int, bool, bool | int], ...]:
    """Return the URL entities of one line, as ``_urls`` does."""
    found: list[tuple[int, int, int, bool, bool | int]] = []
    # A URL never holds a space: scan only the runs of non-spaces with a dot inside, from
    # the character before each (the regex's "preceding character", a space or nothing).
    # A run gives the same URLs wherever it stands, so its result is cached.
    for region in _URL_REGION.finditer(text):
        begin = max(region.start() - 1, 0)
        for start, skip, end, ok_js, ok_port in _region_urls(text[begin : region.end()], utf16):
            found.append((start + begin, skip, end + begin, ok_js, ok_port))
    return tuple(found)


@lru_cache(maxsize=4096)
def _region_urls(text: str, utf16: bool) -> tuple[tuple[int, int, int, bool, bool | int], ...]:
    """Return the URL entities of one run of non-spaces (with its preceding character)."""
    found: list[tuple[int, int, int, bool, bool | int]] = []
    for match in find_urls(text):
        before, url, protocol, domain, path, end = match
        start = end - len(url)
        ok_js, ok_port = _valid(url, protocol or "https://", domain, utf16=utf16)
        if not (ok_js or ok_port):
            continue
        if not protocol:
            if before and before[-1] in "-_./":
                continue
            last = [(start + a, b - a) for a, b in ascii_domains(domain)]
            if not last:
                continue
            for entity_start, length in last[:-1]:
                found.append((entity_start, length, entity_start + length, ok_js, ok_port))
            entity_start, length = last[-1]
            ascii_text = text[entity_start : entity_start + length]
            if path:
                js_skip = len(url.replace(domain, ascii_text, 1))
                port_skip = len(url.replace(domain, ascii_text))
                port_flag: bool | int = ok_port and (port_skip if port_skip != js_skip else True)
                found.append((entity_start, js_skip, end, ok_js, port_flag))
            else:
                found.append((entity_start, length, entity_start + length, ok_js, ok_port))
        else:
            tco_match = tco_url(url, domain)
            if tco_match:
                if len(tco_match.group(1)) > _MAX_TCO_SLUG:
                    continue
                url = tco_match.group(0)
                end = start + len(url)
            found.append((start, len(url), end, ok_js, ok_port))
    return tuple(found)


def _valid(url: str, protocol: str, domain: str, *, utf16: bool = False) -> tuple[bool, bool]:
    """Return whether the JS library and the Python port accept this URL (IDNA, length)."""
    if (
        domain.isascii()
        and "\x7f" not in domain
        and not domain.startswith("xn--")
        and max(len(label) for label in domain.split(".")) <= _MAX_LABEL
    ):
        ok = len(protocol) + len(url) <= _MAX_URL_LENGTH
        return ok, ok
    if utf16:
        return _valid_js(url, protocol, domain, utf16=True), False
    return _valid_js(url, protocol, domain), _valid_port(url, protocol, domain)


def _valid_js(url: str, protocol: str, domain: str, *, utf16: bool = False) -> bool:
    """Apply twitter-text's lib/idna.js and isValidUrl (lengths in UTF-16 units)."""
    if domain.startswith("xn--") and not ascii_domains(domain):
        return False
    if utf16:  # punycode.js decodes surrogate pairs; lone surrogates stay as they are
        domain = domain.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
    for label in domain.split("."):
        parts = []
        for piece in label.translate(_IDEOGRAPHIC_STOPS).split("."):
            if piece.isascii() and "\x7f" not in piece:  # nothing past U+007E: kept as is
                parts.append(piece)
                continue
            try:
                parts.append("xn--" + piece.encode("punycode").decode("ascii"))
            except UnicodeError:
                return False
        if not 1 <= len(".".join(parts)) <= _MAX_LABEL:
            return False
    units = len(url) if utf16 else len(url) + len(_ASTRAL.findall(url))
    return len(protocol) + units <= _MAX_URL_LENGTH


def _valid_port(url: str, protocol: str, domain: str) -> bool:
    """Apply twitter-text-parser's is_valid_url (Python's IDNA 2003 codec)."""
    try:
        encoded = domain.encode("idna").decode("ascii")
    except UnicodeError:
        return False
    if not encoded:
        return False
    return len(protocol) + len(url) + len(encoded) - len(domain) <= _MAX_URL_LENGTH
