"""What posts cost, as people read it (preview, post, the job summary) and as JSON."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from ..costs import Cost, total
from ..pricing import MICROS, format_money

__all__ = ["PLACE_WORDS", "choice_line", "cost_json", "money_json", "spend_lines"]

#: X's ``link:`` places, as a line says them.
PLACE_WORDS = {"post": "link in the post", "reply": "link in a reply", "none": "no link"}


def choice_line(choices: Sequence[tuple[str, Cost]], chosen: str) -> str:
    """Return "link in the post $0.200 (chosen) · link in a reply $0.215 · no link $0.015"."""
    return " · ".join(
        f"{PLACE_WORDS.get(place, place)} {format_money(cost.money, cost.currency)}"
        + (" (chosen)" if place == chosen else "")
        for place, cost in choices
    )


def money_json(micros: int, currency: str | None) -> dict[str, Any]:
    """Return an amount as JSON: exact decimal text, and the currency (None: free)."""
    return {"amount": str(Decimal(micros) / MICROS), "currency": currency}


def cost_json(cost: Cost, choices: Sequence[tuple[str, Cost]] = ()) -> dict[str, Any]:
    """Return the stable JSON form of a cost, with its quota use and any link choices."""
    data: dict[str, Any] = {
        **money_json(cost.money, cost.currency),
        "posts": cost.posts,
        "with_url": cost.with_url,
        "images": cost.images,
        "quota": [
            {
                "name": quota.key,
                "used": used,
                "limit": quota.limit,
                "window_seconds": int(quota.window.total_seconds()),
                "label": quota.label,
            }
            for quota, used in cost.usage
        ],
    }
    if choices:
        data["link_choices"] = {
            place: money_json(choice.money, choice.currency)["amount"] for place, choice in choices
        }
    return data


def spend_lines(costs: Mapping[str, Sequence[Cost]], *, verb: str) -> list[str]:
    """Return one line per network: what the run ``verb`` ("spent", "would spend"), quotas."""
    lines = []
    for network, items in costs.items():
        if not items:
            continue
        cost = total(items)
        what = cost.describe() if cost.currency is None else f"{verb} {cost.describe()}"
        line = f"{network}: {what}"
        quotas = cost.quota_lines()
        if quotas:
            line += "; quota: " + ", ".join(quotas)
        lines.append(line)
    return lines
