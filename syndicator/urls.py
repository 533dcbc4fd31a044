"""Article links that every network detects whole: checked, sent as URIs, shown readable.

X and Mastodon find links in the text themselves, and their extractors (twitter-text,
Mastodon's variant of it) stop at the first character outside ASCII or at trailing
punctuation: ``https://example.org/статьи/`` would link to ``https://example.org/``. So
the text and Bluesky's link facets carry the URI form of an IRI (RFC 3987 §3.1): the host
in IDNA, the rest percent-encoded as UTF-8, an existing ``%XX`` left as it is. yarl does
the conversion (it requotes without double-encoding and encodes hosts with ``idna``);
Bluesky's visible text may show the readable form (``readable``).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import unquote, urlsplit

__all__ = ["problem", "readable", "to_uri"]

# RFC 3986 unreserved, reserved and "%": an ASCII URL made only of these needs no requoting.
_URI_CHARS = re.compile(r"[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]*")
_STRAY_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# twitter-text's validUrlPathEndingChars and validUrlQueryEndingChars (regexp/
# validUrlPathEndingChars.js, validUrlQueryEndingChars.js in twitter-text 3.1.0): a URL
# ending in any other character is extracted without it; "%XX" ends in a hex digit.
_ENDING = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789=_#/+-&")
_ENCODED = re.compile(r"(?:%[0-9A-Fa-f]{2})+")


def problem(url: str) -> str | None:
    """Return what makes ``url`` unfit as an article's address, or None when it is fit."""
    if not url:
        return "is empty"
    if _CONTROL.search(url):
        return "holds a control character"
    if any(char.isspace() for char in url):
        return "holds a space (encode it as %20)"
    try:
        parts = urlsplit(url)
    except ValueError as exc:
        return f"is not a valid URL ({exc})"
    if not parts.scheme and url.startswith(("/", ".", "?", "#")):
        return "is not absolute"
    if parts.scheme.lower() not in ("http", "https"):
        return "is not an http(s) URL"
    if not parts.hostname:
        return "has no host"
    try:
        parts.port  # noqa: B018 (urllib checks the port when it is read)
        to_uri(url)
    except ValueError as exc:
        return f"has an invalid host or port ({exc})"
    return None


@lru_cache(maxsize=1024)  # compose asks again for the same link at every fitting step
def to_uri(url: str) -> str:
    """Return ``url`` as an ASCII URI that link extractors take whole (an IRI is converted).

    Raise ValueError when the host cannot be encoded (IDNA) or the port is out of range.
    """
    if not (_URI_CHARS.fullmatch(url) and not _STRAY_PERCENT.search(url)):
        import yarl  # lazy: only non-ASCII or odd URLs need it

        url = str(yarl.URL(url))
    return _whole_ending(url)


def _whole_ending(uri: str) -> str:
    """Percent-encode a last character that twitter-text would leave out of the link."""
    if uri.endswith("?"):
        uri = uri[:-1]  # an empty query: the same resource
    if not uri or uri[-1] in _ENDING:
        return uri
    last = uri[-1]
    if last == ")" and uri.count("(") == uri.count(")"):
        return uri  # balanced parentheses are extracted (validUrlBalancedParens)
    parts = urlsplit(uri)
    if not (parts.path or parts.query or parts.fragment):
        return uri  # the host's own last character: not ours to encode
    return uri[:-1] + f"%{ord(last):02X}"


@lru_cache(maxsize=1024)  # as to_uri: one link, many fitting steps
def readable(uri: str) -> str:
    """Return ``uri`` for people: Unicode host, and UTF-8 escapes of printable text decoded.

    Escapes of ASCII, spaces, controls and invisible or bidi characters stay encoded,
    so the readable form never hides where a link goes.
    """
    if "%" not in uri and "xn--" not in uri:
        return uri
    try:
        parts = urlsplit(uri)
        host = parts.hostname or ""
    except ValueError:
        return uri
    if "xn--" in host:
        uri = uri.replace(host, _unicode_host(host), 1)
    return _ENCODED.sub(_decoded, uri)


@lru_cache(maxsize=1024)  # per domain: an IDNA decode takes ~50 µs, and links share hosts
def _unicode_host(host: str) -> str:
    """Return an IDNA host in Unicode (as it is when it does not decode)."""
    import idna

    try:
        return str(idna.decode(host))
    except idna.IDNAError:
        return host


def _decoded(match: re.Match[str]) -> str:
    """Decode a run of escapes into the printable non-ASCII characters it spells."""
    escapes = match.group()
    text = unquote(escapes, errors="strict") if _is_utf8(escapes) else escapes
    if text == escapes:
        return escapes
    out: list[str] = []
    for char in text:
        if char.isascii() or unicodedata.category(char)[0] not in "LMNPS":
            out.append("".join(f"%{byte:02X}" for byte in char.encode("utf-8")))
        else:
            out.append(char)
    return "".join(out)


def _is_utf8(escapes: str) -> bool:
    """Tell whether a run of ``%XX`` escapes is valid UTF-8."""
    try:
        bytes.fromhex(escapes.replace("%", "")).decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
