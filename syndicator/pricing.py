"""What posting costs on each network and what an account may do per window, as data.

Every number names its source and the day it was read. A config's ``rates:`` and
``quotas:`` blocks replace any of them (``Rates.replaced``): prices change, instances
change their limits, and a number we could not verify must stay in the user's hands.

Money is kept in whole micro-units of the currency (1 USD = 1,000,000), so sums over
a month stay exact in SQLite and PostgreSQL alike.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from types import MappingProxyType
from typing import Any

__all__ = ["DOCUMENTED", "MICROS", "Quota", "Rates", "format_money", "rates_for", "to_micros"]

#: Micro-units per unit of currency.
MICROS = 1_000_000


def to_micros(value: object) -> int:
    """Return a price given in units (0.015, "0.2") as whole micro-units; ValueError if not one."""
    if isinstance(value, bool):
        raise ValueError(f"{value!r} is not a price")
    try:
        amount = Decimal(str(value))
    except InvalidOperation:
        raise ValueError(f"{value!r} is not a price") from None
    if not amount.is_finite() or amount < 0 or amount > 1_000_000:
        raise ValueError(f"{value!r} is not a price (a number from 0 up)")
    return int((amount * MICROS).to_integral_value())


def format_money(micros: int, currency: str | None) -> str:
    """Return ``micros`` as people read a price: ``$0.200``, ``$12.35``, ``3.000 EUR``."""
    amount = Decimal(micros) / MICROS
    digits = 3 if abs(amount) < 10 else 2
    amount = amount.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)
    text = f"{amount:,.{digits}f}"
    return f"${text}" if currency == "USD" else f"{text} {currency or ''}".rstrip()


@dataclass(frozen=True, slots=True, kw_only=True)
class Quota:
    """How much one account may do in a window: ``limit`` units per ``window``.

    Each post (every part of a thread) uses ``per_post`` units and each image
    ``per_image``; a quota of whole posts has ``per_post=1``.
    """

    key: str
    label: str
    limit: int
    window: timedelta
    per_post: int = 1
    per_image: int = 0
    source: str = ""

    def used_by(self, parts: int, images: int) -> int:
        """Return the units a post of ``parts`` parts and ``images`` images uses."""
        return parts * self.per_post + images * self.per_image


@dataclass(frozen=True, slots=True, kw_only=True)
class Rates:
    """What one network charges per request and what it allows per window.

    ``post`` is a post (or a reply: X bills it as the same request) whose text holds no
    URL, ``post_with_url`` one that holds a URL, ``image`` each image's alt-text request.
    ``currency`` is None where posting is free; budgets then count posts, not money.
    """

    currency: str | None = None
    post: int = 0
    post_with_url: int = 0
    image: int = 0
    quotas: tuple[Quota, ...] = ()
    source: str = ""
    checked: date | None = None

    @property
    def charges(self) -> bool:
        """Whether posting costs money on this network."""
        return self.currency is not None

    def replaced(self, rates: Mapping[str, Any], quotas: Mapping[str, Any]) -> Rates:
        """Return these rates with the config's ``rates:`` and ``quotas:`` values in place.

        Raises ValueError naming the key when a value or a quota name is wrong.
        """
        changes: dict[str, Any] = {}
        for key, value in rates.items():
            if key == "currency":
                if not (isinstance(value, str) and value.strip()):
                    raise ValueError(
                        f"currency: expected a currency code such as USD, not {value!r}"
                    )
                changes["currency"] = value.strip().upper()
            elif key in ("post", "post_with_url", "image"):
                try:
                    changes[key] = to_micros(value)
                except ValueError as exc:
                    raise ValueError(f"{key}: {exc}") from None
            else:
                raise ValueError(
                    f"{key}: unknown price (known: currency, post, post_with_url, image)"
                )
        known = {quota.key: quota for quota in self.quotas}
        for key, value in quotas.items():
            if key not in known:
                names = ", ".join(known) or "none"
                raise ValueError(f"quotas.{key}: unknown quota (known: {names})")
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ValueError(f"quotas.{key}: expected a whole number above 0, not {value!r}")
            known[key] = replace(known[key], limit=value, source="your config")
        if changes or quotas:
            changes["source"] = f"{self.source}; changed by your config".lstrip("; ")
        return replace(self, quotas=tuple(known.values()), **changes)


_DAY = timedelta(hours=24)

DOCUMENTED: Mapping[str, Rates] = MappingProxyType(
    {
        # docs.x.com/x-api/getting-started/pricing (read 2026-12-06): "Content: Create
        # $0.015 per request", "Content: Create (with URL) $0.200 per request", "Media
        # Metadata $0.005 per request"; writes are charged per request, and only
        # requests that succeed are billed (docs.x.com/x-api/fundamentals/post-cap FAQ).
        # A reply is a Content: Create like any post (PLATFORMS.md §7).
        "x": Rates(
            currency="USD",
            post=15_000,
            post_with_url=200_000,
            image=5_000,
            quotas=(
                # POST /2/tweets, pay-per-use: 100 per 15 min per user (PLATFORMS.md §1.5).
                Quota(
                    key="posts_15min",
                    label="posts per 15 minutes",
                    limit=100,
                    window=timedelta(minutes=15),
                    source="PLATFORMS.md §1.5",
                ),
                # and 10,000 per 24 h per app (PLATFORMS.md §1.5).
                Quota(
                    key="posts_day",
                    label="posts per 24 hours (per app)",
                    limit=10_000,
                    window=_DAY,
                    source="PLATFORMS.md §1.5",
                ),
            ),
            source="docs.x.com/x-api/getting-started/pricing",
            checked=date(2026, 12, 6),
        ),
        "mastodon": Rates(
            quotas=(
                # app/lib/rate_limiter.rb FAMILIES statuses: 300 per 3 hours per account
                # (mastodon/mastodon; forks and instances change it: override in quotas:).
                Quota(
                    key="statuses_3h",
                    label="statuses per 3 hours",
                    limit=300,
                    window=timedelta(hours=3),
                    source="mastodon app/lib/rate_limiter.rb",
                ),
                # POST /api/v1/media: 30 per 30 minutes per account
                # (docs.joinmastodon.org/api/rate-limits).
                Quota(
                    key="media_30min",
                    label="media uploads per 30 minutes",
                    limit=30,
                    window=timedelta(minutes=30),
                    per_post=0,
                    per_image=1,
                    source="docs.joinmastodon.org/api/rate-limits",
                ),
            ),
            source="docs.joinmastodon.org/api/rate-limits; mastodon app/lib/rate_limiter.rb",
            checked=date(2026, 12, 6),
        ),
        "bluesky": Rates(
            quotas=(
                # "5,000 points per hour and 35,000 points per day", CREATE = 3 points
                # (docs.bsky.app/docs/advanced-guides/rate-limits). An image is a blob,
                # not a record: it costs no write points.
                Quota(
                    key="points_hour",
                    label="write points per hour",
                    limit=5_000,
                    window=timedelta(hours=1),
                    per_post=3,
                    source="docs.bsky.app rate-limits",
                ),
                Quota(
                    key="points_day",
                    label="write points per day",
                    limit=35_000,
                    window=_DAY,
                    per_post=3,
                    source="docs.bsky.app rate-limits",
                ),
            ),
            source="docs.bsky.app/docs/advanced-guides/rate-limits",
            checked=date(2026, 12, 6),
        ),
        # Threads: 250 API-published posts per 24-hour moving period per profile
        # (developers.facebook.com/documentation/threads/overview); added to this table
        # with the Threads network.
    }
)


def rates_for(network: str) -> Rates:
    """Return ``network``'s documented rates (free, with no known quota when unknown)."""
    return DOCUMENTED.get(network, Rates(source="no rates known for this network"))
