"""How Threads counts a post's text, and its links, as Meta documents them (sans I/O).

Text posts take 500 characters, and "emojis are counted as the number of UTF-8 bytes"
(docs/platforms.md §8.2: Meta's *Threads Posts*, Limitations, and the reference for
``text`` on POST /{threads-user-id}/threads). Meta links
the grapheme-splitter package there, so a character is a grapheme cluster; a cluster
that is an emoji counts its UTF-8 bytes instead of 1 (a thumbs-up is 4, a family of
three 18). A post holds at most 5 unique links, counted as Meta counts them: every
unique URL in the text, and the link attachment when it differs from all of them.
"""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

__all__ = ["MAX_CHARACTERS", "MAX_LINKS", "is_emoji", "length", "links", "over"]

#: Text posts are limited to 500 characters (docs/platforms.md §8.2).
MAX_CHARACTERS = 500
#: At most 5 unique links in a post, the link attachment included (docs/platforms.md §8.2).
MAX_LINKS = 5

_KEYCAP = "\u20e3"
_VS16 = "\ufe0f"


@cache
def _patterns() -> tuple[regex.Pattern[str], regex.Pattern[str]]:
    """Compile the cluster and emoji patterns on first use (``regex`` costs ~20 ms)."""
    import regex

    cluster = regex.compile(r"\X")
    # An emoji: a character shown as emoji by default, a regional indicator (flags),
    # or any pictograph that a VS16 asks to show as emoji. "©" alone is text.
    emoji = regex.compile(
        r"[\p{Emoji_Presentation}\p{Regional_Indicator}]|\p{Extended_Pictographic}\uFE0F"
    )
    return cluster, emoji


def is_emoji(cluster: str) -> bool:
    """Tell whether a grapheme cluster is an emoji (Meta counts those in UTF-8 bytes)."""
    if cluster.isascii():
        return False
    if _KEYCAP in cluster and _VS16 in cluster:  # keycaps: 1️⃣, #️⃣
        return True
    return _patterns()[1].search(cluster) is not None


def length(text: str) -> int:
    """Return the length Threads computes: graphemes, each emoji as its UTF-8 bytes."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    total = 0
    for cluster in _patterns()[0].findall(text):
        total += len(cluster.encode("utf-8", "surrogatepass")) if is_emoji(cluster) else 1
    return total


def links(text: str, attachment: str | None = None) -> int:
    """Return how many links Meta counts: unique URLs in ``text``, plus a new attachment."""
    from ...compose.x_length import url_spans

    found = {_same_link(text[start:end]) for start, end in url_spans(text)}
    if attachment:
        found.add(_same_link(attachment))
    return len(found)


def link_attachment(text: str, url: str | None) -> str | None:
    """Return the ``link_attachment`` of a text post: ``url``, unless it were a 6th link.

    Threads previews that link; with 5 others in the text it previews the text's first
    link instead (docs/platforms.md §8.1, §8.2). The adapter sends it, the preview draws it.
    """
    if url and links(text, url) <= MAX_LINKS:
        return url
    return None


def over(text: str, *, limit: int = MAX_CHARACTERS, attachment: str | None = None) -> int:
    """Return by how much ``text`` exceeds Threads' limits (0 or less when it fits).

    A text with more than 5 links is over by at least 1 whatever its length, so that
    the length engine keeps cutting until 5 links at most are left.
    """
    excess = length(text) - limit
    if links(text, attachment) > MAX_LINKS:
        excess = max(excess, 1)
    return excess


def _same_link(url: str) -> str:
    """Return ``url`` in the form in which two spellings of one link compare equal."""
    url = url.strip().rstrip("/")
    scheme, sep, rest = url.partition("://")
    if not sep:
        scheme, rest = "https", url
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}://{host.lower()}{slash}{path}"
