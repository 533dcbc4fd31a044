"""Emoji as the two twitter-text references find them, for the X measure.

The Python port (twitter-text-parser 3.0.0) matches the sequences of Unicode
``emoji-test.txt`` v12.0, longest first; the official JS (3.1.0) runs twemoji-parser
11.0.2's regex over UTF-16 code units. Both are reproduced here from ``_x_emoji_tables``
(imported on first use); each only tries its big table where an emoji can start
(``_x_data``), and a text where none can start needs no table.
"""

from __future__ import annotations

import re
from functools import cache

from . import _x_data

__all__ = ["js_emoji", "may_hold_emoji", "port_emoji", "to_surrogates"]


@cache
def _twemoji() -> re.Pattern[str]:
    """Compile twemoji-parser's regex (it matches UTF-16 code units), on first use."""
    from . import _x_emoji_tables

    return re.compile(_x_emoji_tables.TWEMOJI_REGEX)


@cache
def _port_tables() -> tuple[frozenset[str], frozenset[str], dict[str, tuple[int, ...]]]:
    """Return the port's sequences and singles, and its sequence lengths by first character
    (longest first), on first use."""
    from . import _x_emoji_tables

    lengths: dict[str, set[int]] = {}
    for sequence in _x_emoji_tables.PORT_EMOJI_SEQUENCES:
        lengths.setdefault(sequence[0], set()).add(len(sequence))
    return (
        _x_emoji_tables.PORT_EMOJI_SEQUENCES,
        _x_emoji_tables.PORT_EMOJI_SINGLES,
        {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()},
    )


@cache
def _starts() -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Compile where a port emoji and a twemoji-parser match may start (``_x_data``).

    Keycap bases (``#*0-9``) only count when a VS16 or a keycap follows; astral starts
    are one range (port) or a high surrogate (twemoji, on UTF-16 code units).
    """
    return re.compile(_x_data.PORT_EMOJI_START), re.compile(_x_data.TWEMOJI_START)


def may_hold_emoji(text: str) -> bool:
    """Tell whether either reference could find an emoji in ``text`` (False: neither does)."""
    port, twemoji = _starts()
    return bool(port.search(text) or twemoji.search(text))


def port_emoji(text: str) -> dict[int, int]:
    """Return {start: length} of emoji as twitter-text-parser's regex finds them."""
    found: dict[int, int] = {}
    after = 0
    for match in _starts()[0].finditer(text):
        index = match.start()
        if index < after:
            continue
        sequences, singles, lengths = _port_tables()  # loaded where an emoji may start
        char = text[index]
        if char not in lengths and char not in singles:
            continue
        for length in lengths.get(char, ()):
            if text[index : index + length] in sequences:
                found[index] = length
                after = index + length
                break
        else:
            if char in singles:
                found[index] = 1
                after = index + 1
    return found


def js_emoji(utf16: str) -> dict[int, int]:
    """Return {start: length} (UTF-16 units) of emoji as twemoji-parser finds them.

    Same as its ``regex.exec`` loop, but the big regex is only tried where a match can start.
    """
    found: dict[int, int] = {}
    after = 0
    for candidate in _starts()[1].finditer(utf16):
        index = candidate.start()
        if index < after:
            continue
        match = _twemoji().match(utf16, index)  # compiled where an emoji may start
        if match:
            after = match.end()
            found[index] = after - index
    return found


def to_surrogates(match: re.Match[str]) -> str:
    """Return the UTF-16 surrogate pair of one astral character, as two code points."""
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))
