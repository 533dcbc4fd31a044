"""Timestamp identifiers (TIDs): the record keys of Bluesky posts, chosen by the client.

A TID is a 64-bit integer (top bit 0, then 53 bits of microseconds since the Unix epoch,
then a 10-bit clock id) written as 13 characters of base32-sortable
(https://atproto.com/specs/tid, docs/platforms.md §3.5). The AppView only shows posts whose
record key is a TID, and the PDS refuses other keys for ``app.bsky.feed.post``.
"""

from __future__ import annotations

import re
import secrets
import threading
import time

__all__ = ["is_tid", "new_tid", "offset_tid"]

_ALPHABET = "234567abcdefghijklmnopqrstuvwxyz"
_VALUES = {c: i for i, c in enumerate(_ALPHABET)}
_LENGTH = 13
# First character holds the top bit, which must be 0: only the first 16 letters.
_TID_RE = re.compile(r"^[234567abcdefghij][234567abcdefghijklmnopqrstuvwxyz]{12}$")
_CLOCK_BITS = 10
# Keys made in one process are at least this many microseconds apart, so that the
# keys derived for a thread's replies (key + i µs) never meet another article's key.
_SPACING_US = 1_000

_lock = threading.Lock()
_last_us = 0


def is_tid(value: str) -> bool:
    """Tell whether ``value`` is a syntactically valid TID."""
    return bool(_TID_RE.match(value))


def new_tid(*, now_us: int | None = None, clock_id: int | None = None) -> str:
    """Return a fresh TID for now, later than every other one made by this process."""
    global _last_us  # noqa: PLW0603 - one clock for the process, guarded by _lock
    with _lock:
        micros = time.time_ns() // 1_000 if now_us is None else now_us
        micros = max(micros, _last_us + _SPACING_US)
        _last_us = micros
    clock = secrets.randbelow(1 << _CLOCK_BITS) if clock_id is None else clock_id
    return _encode((micros << _CLOCK_BITS) | clock)


def offset_tid(tid: str, micros: int) -> str:
    """Return ``tid`` moved ``micros`` microseconds later, with the same clock id."""
    if not is_tid(tid):
        raise ValueError(f"{tid!r} is not a TID")
    value = _decode(tid)
    clock = value & ((1 << _CLOCK_BITS) - 1)
    return _encode((((value >> _CLOCK_BITS) + micros) << _CLOCK_BITS) | clock)


def _encode(value: int) -> str:
    if not 0 <= value < 1 << 63:
        raise ValueError("a TID holds a 63-bit value")
    return "".join(_ALPHABET[(value >> (5 * i)) & 31] for i in range(_LENGTH - 1, -1, -1))


def _decode(tid: str) -> int:
    value = 0
    for char in tid:
        value = (value << 5) | _VALUES[char]
    return value
