"""Extended grapheme clusters (UAX #29) with the ``regex`` module's up-to-date Unicode."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import regex

__all__ = ["boundaries", "count", "utf8_length"]


@cache
def _cluster() -> regex.Pattern[str]:
    """Compile ``\\X`` on first use (importing ``regex`` costs ~20 ms)."""
    import regex

    return regex.compile(r"\X")


def count(text: str) -> int:
    """Return the number of extended grapheme clusters in ``text``."""
    if text.isascii():
        return len(text) - text.count("\r\n")
    return len(_cluster().findall(text))


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
