"""Extended grapheme clusters (UAX #29) with the ``regex`` module's up-to-date Unicode."""

from __future__ import annotations

import re
from functools import cache, lru_cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

__all__ = ["boundaries", "count", "utf8_length"]


@cache
def _cluster() -> regex.Pattern[str]:
    """Compile ``\\X`` on first use (importing ``regex`` costs ~20 ms)."""
    import regex

    return regex.compile(r"\X")


@lru_cache(maxsize=32)  # a fitted text is measured again as the post's length
def count(text: str) -> int:
    """Return the number of extended grapheme clusters in ``text``.

    Line by line: a line feed is a cluster of its own and breaks on both sides (UAX #29
    GB4, GB5; a CR before it stays with it), so lines count apart, and fitting, which
    measures texts that differ in one line, scans only that line again.
    """
    if text.isascii():
        return len(text) - text.count("\r\n")
    if "\n" not in text:
        return _line_count(text)
    lines = text.split("\n")
    # A line ending in CR joins its line feed (GB3): that feed is not a cluster.
    joined = sum(1 for line in lines[:-1] if line.endswith("\r"))
    return sum(map(_line_count, lines)) + len(lines) - 1 - joined


@lru_cache(maxsize=1024)
def _line_count(line: str) -> int:
    """Return the number of clusters in ``line`` (no line feed in it).

    A long line is counted space by space: UAX #29 breaks before a space unless a
    Prepend character comes first (GB9b), so without one, the chunks that start at
    each space count apart, and a line cut at another word rescans only its last chunk.
    """
    if line.isascii():
        return len(line)
    if len(line) > CHUNKED and " " in line and not _prepend().search(line):
        return sum(map(_chunk_count, _CHUNKS.findall(line)))
    return len(_cluster().findall(line))


#: Lines longer than this are measured chunk by chunk (see ``_line_count``).
CHUNKED = 80
#: The chunks of a line: its start, then each space with what follows up to the next.
_CHUNKS = re.compile("(?:^| )[^ ]*")


@lru_cache(maxsize=8192)
def _chunk_count(chunk: str) -> int:
    """Return the number of clusters in one chunk of a line."""
    if chunk.isascii():
        return len(chunk)
    return len(_cluster().findall(chunk))


@cache
def _prepend() -> regex.Pattern[str]:
    """Compile the class of characters UAX #29 does not break after (GB9b)."""
    import regex

    return regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")


def boundaries(text: str) -> list[int]:
    """Return every index of ``text`` where a cluster starts, and ``len(text)``."""
    if text.isascii() and "\r\n" not in text:
        return list(range(len(text) + 1))
    found = [match.start() for match in _cluster().finditer(text)]
    found.append(len(text))
    return found


def utf8_length(text: str) -> int:
    """Return the length of ``text`` in UTF-8 bytes."""
    if text.isascii():
        return len(text)
    return len(text.encode("utf-8", "surrogatepass"))
