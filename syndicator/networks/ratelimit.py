"""Read a rate limit's reset the same way for every network: bounded, never a traceback.

A reset is what a server says; it may be empty, unparsable, absurd (year 9999) or
overflow a datetime. Any of those, and any reset further away than the network's
horizon, is "unknown": the post is retried on the next run instead of waiting forever.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

__all__ = ["HORIZONS", "MAX_HORIZON", "reset_at"]

#: How far ahead a reset may sensibly be, per network; further is treated as unknown.
HORIZONS: dict[str, timedelta] = {
    # X's longest window is its 24-hour per-user and per-app buckets (docs/platforms.md §1.5).
    "x": timedelta(hours=24),
    # Mastodon's longest is 300 statuses / 3 h, but instances may change every limit
    # (docs/platforms.md §2.3): a day bounds any instance that still means what it says.
    "mastodon": timedelta(hours=24),
    # Bluesky: 300 logins a day, 35,000 write points a day, blocks of up to 24 h
    # (docs/platforms.md §3.4).
    "bluesky": timedelta(hours=24),
}
#: The longest horizon of all: a stored retry time beyond it is ignored.
MAX_HORIZON = max(HORIZONS.values())


def reset_at(
    value: object = None,
    *,
    network: str,
    delay: object = None,
    now: datetime | None = None,
) -> datetime | None:
    """Return when to retry, from a reset (epoch seconds, ISO-8601, datetime) or a delay.

    Returns None ("unknown: retry next run") for an empty, unparsable, overflowing or
    non-finite value, and for a time further ahead than ``HORIZONS[network]``.
    """
    now = now or datetime.now(UTC)
    when = _parse(value, now) if value not in (None, "") else None
    if when is None and delay not in (None, ""):
        seconds = _number(delay)
        if seconds is not None and 0 <= seconds <= MAX_HORIZON.total_seconds():
            when = now + timedelta(seconds=seconds)
    if when is None or when - now > HORIZONS.get(network, MAX_HORIZON):
        return None
    return when


def _parse(value: object, now: datetime) -> datetime | None:
    """Return ``value`` as an aware datetime, or None when it is not a usable time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    seconds = _number(value)
    if seconds is not None:
        try:
            return datetime.fromtimestamp(seconds, UTC)
        except (OverflowError, ValueError, OSError):
            return None
    if isinstance(value, str):
        try:
            parsed = datetime.fromisoformat(value.strip())
        except ValueError:
            return None
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return None


def _number(value: object) -> float | None:
    """Return a finite number from an int, float or numeric text; None otherwise."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return float(value) if abs(value) < 1e18 else None
    try:
        number = float(value) if isinstance(value, float | str) else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) and abs(number) < 1e18 else None
