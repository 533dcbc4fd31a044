"""Read a rate limit's reset the same way for every network: bounded, never a traceback.

A reset is what a server says; it may be empty, unparsable, absurd (year 9999) or
overflow a datetime. Any of those, and any reset further away than the network's
horizon, is "unknown": the post is retried on the next run instead of waiting forever.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta

__all__ = ["MAX_HORIZON", "reset_at"]

#: How far ahead a reset may sensibly be; further is treated as unknown. Every network's
#: longest window is a day: X's 24-hour per-user and per-app buckets (docs/platforms.md
#: §1.5); Mastodon's 300 statuses / 3 h, though instances may change every limit (§2.3);
#: Bluesky's 300 logins and 35,000 write points a day, blocks of up to 24 h (§3.4).
MAX_HORIZON = timedelta(hours=24)


def reset_at(
    value: object = None,
    *,
    delay: object = None,
    now: datetime | None = None,
) -> datetime | None:
    """Return when to retry, from a reset (epoch seconds, ISO-8601, datetime) or a delay.

    Returns None ("unknown: retry next run") for an empty, unparsable, overflowing or
    non-finite value, and for a time further ahead than ``MAX_HORIZON``.
    """
    now = now or datetime.now(UTC)
    when = _parse(value, now) if value not in (None, "") else None
    if when is None and delay not in (None, ""):
        seconds = _number(delay)
        if seconds is not None and 0 <= seconds <= MAX_HORIZON.total_seconds():
            when = now + timedelta(seconds=seconds)
    if when is None or when - now > MAX_HORIZON:
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
