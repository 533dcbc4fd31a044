"""The config's spend keys of a network: ``rates:``, ``quotas:``, ``budget:`` and ``pace:``.

    networks:
      x:
        rates: {post_with_url: 0.20}        # replaces a documented price (pricing.py)
        budget: {per_run: 1.00, per_day: 2, per_month: 20}   # money where it charges
        pace: {per_run: 3, per_hour: 4, min_interval: 20m, first_run: drip}
      bluesky:
        budget: {per_day: 10}               # posts where posting is free
        quotas: {points_hour: 3000}

Each is checked here, with the key's path in the error; the posting core reads the
values as plain numbers (micro-units of money, counts, seconds).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from .errors import ConfigError
from .pricing import Rates, to_micros

__all__ = ["BUDGET_KEYS", "PACE_KEYS", "parse_budget", "parse_pace", "parse_rates"]

BUDGET_KEYS = ("per_run", "per_day", "per_month")
PACE_KEYS = ("per_run", "per_hour", "min_interval", "first_run")
_DURATION = re.compile(r"^\s*(\d+)\s*(s|sec|m|min|h|hours?|d|days?)?\s*$", re.IGNORECASE)
_UNIT_SECONDS = {"s": 1, "sec": 1, "m": 60, "min": 60, "h": 3600, "d": 86_400}


def parse_rates(documented: Rates, rates: object, quotas: object, where: str) -> Rates:
    """Return a network's documented rates with the config's prices and quotas in place."""
    rates_map = _mapping(rates, f"{where}rates")
    quotas_map = _mapping(quotas, f"{where}quotas")
    try:
        return documented.replaced(rates_map, quotas_map)
    except ValueError as exc:
        text = str(exc)
        prefix = "" if text.startswith("quotas.") else "rates."
        raise ConfigError(f"{where}{prefix}{text}") from None


def parse_budget(raw: object, rates: Rates, where: str) -> Mapping[str, int]:
    """Return the budget caps: micro-units where the network charges, else post counts."""
    values = _mapping(raw, f"{where}budget")
    result: dict[str, int] = {}
    for key, value in values.items():
        path = f"{where}budget.{key}"
        if key not in BUDGET_KEYS:
            raise ConfigError(f"{path}: unknown setting (known: {', '.join(BUDGET_KEYS)})")
        if rates.charges:
            try:
                result[key] = to_micros(value)
            except ValueError:
                raise ConfigError(
                    f"{path}: expected an amount of {rates.currency} such as 2.50, not {value!r}"
                ) from None
        else:
            if isinstance(value, bool) or not isinstance(value, int) or value < 0:
                raise ConfigError(
                    f"{path}: posting here costs no money; expected a number of posts "
                    f"(0 or more), not {value!r}"
                )
            result[key] = value
    return result


def parse_pace(raw: object, where: str) -> Mapping[str, Any]:
    """Return the pace: post counts, ``min_interval`` as a timedelta, ``first_run``."""
    values = _mapping(raw, f"{where}pace")
    result: dict[str, Any] = {}
    for key, value in values.items():
        path = f"{where}pace.{key}"
        if key not in PACE_KEYS:
            raise ConfigError(f"{path}: unknown setting (known: {', '.join(PACE_KEYS)})")
        if key == "min_interval":
            result[key] = _duration(value, path)
        elif key == "first_run":
            if value not in ("skip", "drip"):
                raise ConfigError(
                    f"{path}: {value!r} is not skip (mark what a feed holds as seen) or "
                    "drip (post it at this pace)"
                )
            result[key] = value
        else:
            if isinstance(value, bool) or not isinstance(value, int) or value < 1:
                raise ConfigError(f"{path}: expected a number of posts above 0, not {value!r}")
            result[key] = value
    return result


def _duration(value: object, path: str) -> timedelta:
    """Return ``value`` (seconds, or text such as ``20m``, ``2h``, ``90s``) as a duration."""
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return timedelta(seconds=value)
    match = _DURATION.match(value) if isinstance(value, str) else None
    if match is None:
        raise ConfigError(f"{path}: {value!r} is not a duration; write 90s, 20m, 2h or 1d")
    unit = (match.group(2) or "s").lower().rstrip("s") or "s"
    seconds = _UNIT_SECONDS.get(unit, _UNIT_SECONDS.get(unit[:1], 1))
    return timedelta(seconds=int(match.group(1)) * seconds)


def _mapping(raw: object, path: str) -> Mapping[str, Any]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        raise ConfigError(f"{path}: expected a mapping of settings")
    return raw
