"""Each network's own count of a text, and whether a text fits its limits.

X: twitter-text v3 weighted length (``x_length``). Mastodon: grapheme clusters of the
content warning and the text, where ``http(s)://`` URLs count 23 and ``@user@domain``
counts as ``@user`` (``StatusLengthValidator``, docs/platforms.md §2.1). Bluesky: grapheme
clusters, and separately UTF-8 bytes (docs/platforms.md §3.1).
"""

from __future__ import annotations

import re

from ..models import Limits
from . import graphemes, x_length

__all__ = ["NETWORKS", "fits", "mastodon_length", "measure", "over"]

#: The networks the length engine knows.
NETWORKS = ("x", "mastodon", "bluesky")

# Mastodon's Account::MENTION_RE (app/models/account.rb), as Python: the domain is dropped.
_MENTION = re.compile(r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\w.-]+\w+)", re.IGNORECASE)


def measure(network: str, text: str, limits: Limits) -> int:
    """Return the length the network's server computes for ``text``."""
    if network == "x":
        return x_length.weighted_length(text)
    if network == "mastodon":
        return mastodon_length(text, limits.url_length)
    if network == "bluesky":
        return graphemes.count(text)
    raise ValueError(f"unknown network {network!r} (known: {', '.join(NETWORKS)})")


def mastodon_length(text: str, url_length: int = 23, spoiler_text: str = "") -> int:
    """Return Mastodon's count of a status: graphemes of spoiler + countable text."""
    countable = text
    spans = [
        (start, end)
        for start, end in x_length.url_spans(text)
        if text[start : start + 8].lower().startswith(("http://", "https://"))
    ]
    if spans:
        pieces = []
        index = 0
        for start, end in spans:
            pieces.append(text[index:start])
            pieces.append("x" * url_length)
            index = end
        pieces.append(text[index:])
        countable = "".join(pieces)
    if "@" in countable:
        countable = _MENTION.sub(r"@\1", countable)
    return graphemes.count(spoiler_text + countable)


def over(network: str, text: str, limits: Limits, spoiler_text: str = "") -> int:
    """Return by how much ``text`` exceeds the limits (0 or less when it fits)."""
    if network == "mastodon":
        return mastodon_length(text, limits.url_length, spoiler_text) - limits.max_characters
    excess = measure(network, text, limits) - limits.max_characters
    if limits.max_bytes is not None:
        excess = max(excess, graphemes.utf8_length(text) - limits.max_bytes)
    return excess


def fits(network: str, text: str, limits: Limits, spoiler_text: str = "") -> bool:
    """Return whether ``text`` is within every limit of the network."""
    return over(network, text, limits, spoiler_text) <= 0
