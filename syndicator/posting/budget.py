"""Budgets and pacing as windows over what the state recorded: pure rules, no I/O.

A network's ``budget:`` caps what a run, a UTC day and a UTC month may spend: money
where the network charges (X), a number of posts elsewhere. Its ``pace:`` caps the
posts of a run and of the last hour, and keeps a minimum interval between two posts.
Each becomes a ``Window``; the state sums what it recorded in each window and asks
``refusal`` whether one more post fits, in the same transaction that records it, so
that two runs at once (or two runners on one PostgreSQL store) cannot both go over.

A post that does not fit is deferred, never failed: it stays for a later run, and
the posts after it wait too, so that a backlog goes out oldest first.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Literal

from ..pricing import Rates, format_money

__all__ = ["Budget", "Pace", "Plan", "Window", "first_refusal", "refusal", "windows"]

Measure = Literal["money", "posts"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Budget:
    """At most this much per run, per UTC day and per UTC month (None: no cap).

    In micro-units of the network's currency when it charges, else in posts.
    """

    per_run: int | None = None
    per_day: int | None = None
    per_month: int | None = None

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.per_run, self.per_day, self.per_month))


@dataclass(frozen=True, slots=True, kw_only=True)
class Pace:
    """At most ``per_run`` posts a run and ``per_hour`` in any hour, ``min_interval`` apart.

    ``first_run="drip"`` posts what a feed already held on the first run, at this
    pace, instead of marking it as seen.
    """

    per_run: int | None = None
    per_hour: int | None = None
    min_interval: timedelta | None = None
    first_run: Literal["skip", "drip"] = "skip"

    def __bool__(self) -> bool:
        return any(v is not None for v in (self.per_run, self.per_hour, self.min_interval))


@dataclass(frozen=True, slots=True, kw_only=True)
class Plan:
    """One network's prices and quotas, and the budget and pace its config sets."""

    rates: Rates
    budget: Budget | None = None
    pace: Pace | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Window:
    """One cap over the records of a network: in this run, or since ``since``.

    ``measure`` says what is summed: ``money`` (micro-units) or ``posts``.
    ``frees`` is when the window next lets a post through, when that is known.
    """

    label: str
    cap: int
    measure: Measure
    since: datetime | None = None
    frees: datetime | None = None
    #: A pace window slides with the clock (the last hour, the interval): a post exactly
    #: one window ago is out of it. A budget window starts at a fixed time, included.
    rolling: bool = False


def windows(
    budget: Budget | None,
    pace: Pace | None,
    *,
    now: datetime,
    currency: str | None,
) -> list[Window]:
    """Return the windows a new post of this network must fit in."""
    found: list[Window] = []
    now = now.astimezone(UTC)
    measure: Measure = "money" if currency is not None else "posts"
    if budget:
        day = now.replace(hour=0, minute=0, second=0, microsecond=0)
        month = day.replace(day=1)
        next_month = (month + timedelta(days=32)).replace(day=1)
        if budget.per_run is not None:
            found.append(Window(label="budget per run", cap=budget.per_run, measure=measure))
        if budget.per_day is not None:
            found.append(
                Window(
                    label="budget per day",
                    cap=budget.per_day,
                    measure=measure,
                    since=day,
                    frees=day + timedelta(days=1),
                )
            )
        if budget.per_month is not None:
            found.append(
                Window(
                    label="budget per month",
                    cap=budget.per_month,
                    measure=measure,
                    since=month,
                    frees=next_month,
                )
            )
    if pace:
        if pace.per_run is not None:
            found.append(Window(label="pace per run", cap=pace.per_run, measure="posts"))
        if pace.per_hour is not None:
            found.append(
                Window(
                    label="pace per hour",
                    cap=pace.per_hour,
                    measure="posts",
                    since=now - timedelta(hours=1),
                    rolling=True,
                )
            )
        if pace.min_interval is not None and pace.min_interval > timedelta(0):
            found.append(
                # One post in any span of the interval: the next waits for it to pass.
                Window(
                    label="minimum interval",
                    cap=1,
                    measure="posts",
                    since=now - pace.min_interval,
                    rolling=True,
                )
            )
    return found


def refusal(
    window: Window,
    *,
    used: int,
    adding: int,
    currency: str | None,
    latest: datetime | None = None,
    interval: timedelta | None = None,
) -> str | None:
    """Return why one more post (``adding`` in the window's measure) does not fit, else None.

    ``used`` is what the window already holds; ``latest`` the time of its newest post
    and ``interval`` the pace's minimum interval, for saying when the next one may go.
    """
    if used + adding <= window.cap:
        return None
    if window.label == "minimum interval" and interval is not None:
        after = f" after {_clock(latest + interval)}" if latest is not None else ""
        return f"pace: at least {_duration(interval)} between posts; next{after}"
    if window.measure == "money":
        spent = format_money(used, currency)
        return (
            f"{window.label} {format_money(window.cap, currency)} reached "
            f"({spent} spent, this post {format_money(adding, currency)})"
            + (f"; next after {_clock(window.frees)}" if window.frees else "")
        )
    noun = "post" if window.cap == 1 else "posts"
    return f"{window.label} {window.cap} {noun} reached" + (
        f"; next after {_clock(window.frees)}" if window.frees else ""
    )


def first_refusal(
    checks: Sequence[Window],
    used_in: Callable[[Window], tuple[int, datetime | None]],
    *,
    money: int,
    currency: str | None,
    interval: timedelta | None = None,
) -> str | None:
    """Return why a post costing ``money`` breaks the first of ``checks`` it breaks, else None.

    ``used_in(window)`` returns what the window already holds and the time of its
    newest post: each store reads it inside the transaction that then records the post.
    """
    for window in checks:
        used, latest = used_in(window)
        adding = money if window.measure == "money" else 1
        reason = refusal(
            window, used=used, adding=adding, currency=currency, latest=latest, interval=interval
        )
        if reason is not None:
            return reason
    return None


def _clock(when: datetime | None) -> str:
    """Return a time as a line reads it: ``2026-12-07 00:00 UTC``."""
    if when is None:
        return "later"
    return when.astimezone(UTC).strftime("%Y-%m-%d %H:%M UTC")


def _duration(delta: timedelta) -> str:
    """Return a duration in its largest whole unit: ``20 min``, ``2 h``, ``45 s``."""
    seconds = int(delta.total_seconds())
    if seconds % 3600 == 0:
        return f"{seconds // 3600} h"
    if seconds % 60 == 0:
        return f"{seconds // 60} min"
    return f"{seconds} s"
