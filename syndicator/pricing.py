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
from typing import Any

__all__ = ["MICROS", "Quota", "Rates", "format_money", "to_micros"]

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
