"""Emoji as the two twitter-text references find them, for the X measure.

The Python port (twitter-text-parser 3.0.0) matches the sequences of Unicode
``emoji-test.txt`` v12.0, longest first; the official JS (3.1.0) runs twemoji-parser
11.0.2's regex over UTF-16 code units. Both are reproduced here from ``_x_data``; each
only tries its big table where an emoji can start.
"""

from __future__ import annotations

import re
from functools import cache

from . import _x_data

__all__ = ["js_emoji", "may_hold_emoji", "port_emoji", "to_surrogates"]


@cache
def _twemoji() -> re.Pattern[str]:
    """Compile twemoji-parser's regex (it matches UTF-16 code units)."""
    return re.compile(_x_data.TWEMOJI_REGEX)


@cache
def _port_emoji_start() -> tuple[re.Pattern[str], dict[str, tuple[int, ...]]]:
    """Return a regex of where a port emoji may start, and sequence lengths by first char.

    Keycap bases (``#*0-9``) only count when a VS16 or a keycap follows; other BMP starts
    are listed exactly (a bitmap for ``re``); astral ones as one range, checked afterwards.
    """
    lengths: dict[str, set[int]] = {}
    for sequence in _x_data.PORT_EMOJI_SEQUENCES:
        lengths.setdefault(sequence[0], set()).add(len(sequence))
    starts = set(lengths) | set(_x_data.PORT_EMOJI_SINGLES)
    bmp = {c for c in starts if c < "\U00010000"}
    # Astral starts all lie in U+1F004-U+1FA95: one range is much faster than their list.
    assert all("\U0001f000" <= c <= "\U0001faff" for c in starts - bmp)
    pattern = _start_pattern(bmp, "\U0001f000-\U0001faff")
    return pattern, {c: tuple(sorted(n, reverse=True)) for c, n in lengths.items()}


@cache
def _twemoji_start() -> re.Pattern[str]:
    """Return a regex of where a twemoji-parser match may start, in UTF-16 code units.

    twemoji-parser 11.0.2 knows a subset of Emoji 12, so its BMP starts are among the
    characters of the port's table; astral emoji start with a high surrogate.
    """
    chars = {c for s in _x_data.PORT_EMOJI_SEQUENCES for c in s} | _x_data.PORT_EMOJI_SINGLES
    bmp = {c for c in chars if c < "\U00010000" and c not in "\u200d\ufe0f"}
    return _start_pattern(bmp, "\ud800-\udbff")


def _start_pattern(starts: set[str], extra: str = "") -> re.Pattern[str]:
    """Return a character-class regex of ``starts`` (keycap bases need a VS16 or keycap)."""
    keycaps = "".join(sorted(c for c in starts if c in "#*0123456789"))
    others = sorted(ord(c) for c in starts if c not in "#*0123456789")
    ranges: list[list[int]] = []
    for point in others:
        if ranges and ranges[-1][1] == point - 1:
            ranges[-1][1] = point
        else:
            ranges.append([point, point])
    body = "".join(
        re.escape(chr(a)) if a == b else f"{re.escape(chr(a))}-{re.escape(chr(b))}"
        for a, b in ranges
    )
    keycap = f"[{re.escape(keycaps)}](?=[\ufe0f\u20e3])|" if keycaps else ""
    return re.compile(f"{keycap}[{body}{extra}]")


def may_hold_emoji(text: str) -> bool:
    """Tell whether either reference could find an emoji in ``text`` (False: neither does)."""
    return bool(_port_emoji_start()[0].search(text) or _twemoji_start().search(text))


def port_emoji(text: str) -> dict[int, int]:
    """Return {start: length} of emoji as twitter-text-parser's regex finds them."""
    starts, lengths = _port_emoji_start()
    sequences = _x_data.PORT_EMOJI_SEQUENCES
    singles = _x_data.PORT_EMOJI_SINGLES
    found: dict[int, int] = {}
    after = 0
    for match in starts.finditer(text):
        index = match.start()
        if index < after:
            continue
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
    twemoji = _twemoji()
    found: dict[int, int] = {}
    after = 0
    for candidate in _twemoji_start().finditer(utf16):
        index = candidate.start()
        if index < after:
            continue
        match = twemoji.match(utf16, index)
        if match:
            after = match.end()
            found[index] = after - index
    return found


def to_surrogates(match: re.Match[str]) -> str:
    """Return the UTF-16 surrogate pair of one astral character, as two code points."""
    code = ord(match.group()) - 0x10000
    return chr(0xD800 + (code >> 10)) + chr(0xDC00 + (code & 0x3FF))
