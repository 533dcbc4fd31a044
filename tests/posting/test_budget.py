"""Budgets and pacing in the posting core, recorded in the state's spend ledger.

Networks are faked at the Protocol (tests/fakes/network.py); the clock is a value.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from syndicator.errors import (
    DailyCap,
    ErrorKind,
    OutOfCredits,
    PostingQuota,
    Rejected,
    Unavailable,
)
from syndicator.models import Part, Post
from syndicator.networks.registry import spec
from syndicator.posting import Outcome, publish_all
from syndicator.posting.budget import Budget, Pace, Plan, Window, refusal, windows
from syndicator.posting.state import Store, open_store
from syndicator.pricing import Rates
from tests.fakes.network import FakeNetwork

NOON = datetime(2026, 12, 6, 12, tzinfo=UTC)
X_RATES = spec("x").rates


@pytest.fixture(params=["sqlite", "postgres"])
def target(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """A state in a SQLite file, or on the real PostgreSQL server."""
    if request.param == "postgres":
        url: str = request.getfixturevalue("pg_database")
        return url
    return tmp_path / "state.db"


@pytest.fixture
def state(target: str | Path) -> Iterator[Store]:
    with open_store(target) as store:
        yield store


def x_post(article_id: str, *, link: bool = True) -> Post:
    """An X post; with its link it costs $0.200, without $0.015."""
    text = f"post {article_id}" + (f" https://example.org/{article_id}" if link else "")
    return Post(
        network="x",
        article_id=article_id,
        url=f"https://example.org/{article_id}",
        parts=(Part(text=text, length=len(text)),),
        limit=280,
    )


def ids(count: int) -> list[str]:
    return [f"a{n:02d}" for n in range(1, count + 1)]


def run_x(
    state: Store,
    network: FakeNetwork,
    articles: Sequence[str],
    plan: Plan,
    now: datetime = NOON,
) -> list[Outcome]:
    return publish_all(
        [x_post(a) for a in articles],
        networks={"x": network},
        state=state,
        plans={"x": plan},
        now=lambda: now,
    )


def statuses(outcomes: Sequence[Outcome]) -> list[str]:
    return [o.status for o in outcomes]


# -- the windows, pure ------------------------------------------------------------


def test_day_and_month_windows_start_at_utc_midnight_and_the_first() -> None:
    found = windows(
        Budget(per_day=1, per_month=2),
        None,
        now=datetime(2026, 12, 31, 23, 30, tzinfo=UTC),
        currency="USD",
    )
    assert [(w.label, w.since, w.frees) for w in found] == [
        ("budget per day", datetime(2026, 12, 31, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)),
        ("budget per month", datetime(2026, 12, 1, tzinfo=UTC), datetime(2027, 1, 1, tzinfo=UTC)),
    ]
    assert all(w.measure == "money" for w in found)
    assert windows(Budget(per_day=3), None, now=NOON, currency=None)[0].measure == "posts"
    assert windows(Budget(), Pace(), now=NOON, currency="USD") == []


def test_refusal_says_what_was_spent_and_when_the_next_post_may_go() -> None:
    window = Window(
        label="budget per day", cap=400_000, measure="money", frees=NOON + timedelta(hours=12)
    )
    assert refusal(window, used=200_000, adding=200_000, currency="USD") is None
    assert refusal(window, used=300_000, adding=200_000, currency="USD") == (
        "budget per day $0.400 reached ($0.300 spent, this post $0.200); "
        "next after 2026-12-07 00:00 UTC"
    )
    interval = Window(label="minimum interval", cap=1, measure="posts", rolling=True)
    assert (
        refusal(
            interval, used=1, adding=1, currency=None, latest=NOON, interval=timedelta(minutes=20)
        )
        == "pace: at least 20 min between posts; next after 2026-12-06 12:20 UTC"
    )


# -- budgets across runs ----------------------------------------------------------


def test_a_daily_budget_holds_across_runs_and_frees_the_next_day(state: Store) -> None:
    x = FakeNetwork("x")
    plan = Plan(rates=X_RATES, budget=Budget(per_day=400_000))  # $0.40 a day: two posts

    first = run_x(state, x, ids(5), plan)
    second = run_x(state, x, ids(5), plan, now=NOON + timedelta(hours=3))
    third = run_x(state, x, ids(5), plan, now=NOON + timedelta(days=1))

    assert statuses(first) == ["published"] * 2 + ["deferred"] * 3
    assert [o.cost for o in first[:2]] == [200_000, 200_000]
    assert first[2].detail == (
        "deferred: budget per day $0.400 reached ($0.400 spent, this post $0.200); "
        "next after 2026-12-07 00:00 UTC"
    )
    assert first[2].ok
    assert first[2].error is None
    assert statuses(second) == ["already_published"] * 2 + ["deferred"] * 3
    assert statuses(third) == ["already_published"] * 2 + ["published"] * 2 + ["deferred"]
    assert x.publish_calls == ["a01", "a02", "a03", "a04"]  # oldest first
    assert state.get("a05", "x") is None  # never tried: nothing to retry, nothing lost


def test_a_budget_per_run_and_per_month(state: Store) -> None:
    x = FakeNetwork("x")
    plan = Plan(rates=X_RATES, budget=Budget(per_run=200_000, per_month=600_000))
    for day in range(6):
        run_x(state, x, ids(6), plan, now=NOON + timedelta(days=day))
    # One a run, three in the month: December ends, January frees the budget.
    assert x.publish_calls == ["a01", "a02", "a03"]
    run_x(state, x, ids(6), plan, now=datetime(2027, 1, 1, 1, tzinfo=UTC))
    assert x.publish_calls == ["a01", "a02", "a03", "a04"]


def test_counts_budget_where_posting_is_free(state: Store) -> None:
    bluesky = FakeNetwork("bluesky")
    posts = [replace(x_post(a), network="bluesky") for a in ids(4)]
    plan = Plan(rates=spec("bluesky").rates, budget=Budget(per_day=3))
    outcomes = publish_all(
        posts, networks={"bluesky": bluesky}, state=state, plans={"bluesky": plan}, now=lambda: NOON
    )
    assert statuses(outcomes) == ["published"] * 3 + ["deferred"]
    assert (
        outcomes[3].detail
        == "deferred: budget per day 3 posts reached; next after 2026-12-07 00:00 UTC"
    )
    assert outcomes[0].cost == 0
    assert outcomes[0].currency is None


def test_two_runs_at_once_share_one_budget(target: str | Path) -> None:
    """Two processes' worth of runs (two connections, two run ids) on one state."""
    path = target
    open_store(path).close()
    x = FakeNetwork("x", delay=0.05)
    plan = Plan(rates=X_RATES, budget=Budget(per_day=600_000))  # three posts today
    start = threading.Barrier(2)
    results: list[list[Outcome]] = []

    def one_run(articles: list[str]) -> None:
        with open_store(path) as store:
            start.wait()
            results.append(run_x(store, x, articles, plan))

    runs = [
        threading.Thread(target=one_run, args=(ids(8)[:4],)),
        threading.Thread(target=one_run, args=(ids(8)[4:],)),
    ]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()

    published = [o for run in results for o in run if o.status == "published"]
    assert len(published) == 3  # not 4 + 4, not 3 + 3
    assert len(x.publish_calls) == 3
    with open_store(path) as store:
        [today] = store.spend_totals(["x"])
    assert (today.period, today.money, today.posts) == ("2026-12-06", 600_000, 3)


# -- pacing -----------------------------------------------------------------------


def test_a_backlog_of_20_is_drip_fed_in_order_with_nothing_lost(state: Store) -> None:
    x = FakeNetwork("x")
    plan = Plan(rates=X_RATES, pace=Pace(per_run=3, per_hour=4))
    backlog = ids(20)
    posted_at: list[datetime] = []
    now = NOON
    for _ in range(40):  # a run every 20 minutes, for most of a day
        outcomes = run_x(state, x, backlog, plan, now=now)
        assert all(o.ok for o in outcomes)
        assert len(outcomes) == 20  # every article accounted for on every run
        posted_at += [now] * sum(o.status == "published" for o in outcomes)
        now += timedelta(minutes=20)
    assert x.publish_calls == backlog  # oldest first, each once
    assert len(x.posts) == 20
    for start in posted_at:  # never more than 4 in an hour
        assert sum(start <= t < start + timedelta(hours=1) for t in posted_at) <= 4


def test_a_minimum_interval_lets_one_post_through_per_interval(state: Store) -> None:
    x = FakeNetwork("x")
    plan = Plan(rates=X_RATES, pace=Pace(min_interval=timedelta(minutes=30)))
    first = run_x(state, x, ids(3), plan)
    early = run_x(state, x, ids(3), plan, now=NOON + timedelta(minutes=29))
    later = run_x(state, x, ids(3), plan, now=NOON + timedelta(minutes=30))
    assert statuses(first) == ["published", "deferred", "deferred"]
    assert first[1].detail == (
        "deferred: pace: at least 30 min between posts; next after 2026-12-06 12:30 UTC"
    )
    assert statuses(early).count("published") == 0
    assert statuses(later).count("published") == 1
    assert x.publish_calls == ["a01", "a02"]


def test_pace_per_hour_and_per_run(state: Store) -> None:
    x = FakeNetwork("x")
    plan = Plan(rates=X_RATES, pace=Pace(per_run=2, per_hour=3))
    first = run_x(state, x, ids(10), plan)
    second = run_x(state, x, ids(10), plan, now=NOON + timedelta(minutes=5))
    third = run_x(state, x, ids(10), plan, now=NOON + timedelta(minutes=61))
    assert statuses(first).count("published") == 2
    assert first[2].detail == "deferred: pace per run 2 posts reached"
    assert statuses(second).count("published") == 1
    assert second[3].detail == "deferred: pace per hour 3 posts reached"
    assert statuses(third).count("published") == 2
    assert x.publish_calls == ids(5)


# -- quota errors -----------------------------------------------------------------


def test_out_of_credits_is_its_own_line_and_the_post_waits(state: Store) -> None:
    x = FakeNetwork("x")
    x.script(None, OutOfCredits("x", "out of X credits; buy credits"))
    plan = Plan(rates=X_RATES)

    first = run_x(state, x, ids(4), plan)

    assert statuses(first) == ["published", "deferred", "deferred", "deferred"]
    assert first[1].error == "x: out of X credits; buy credits"
    assert not first[1].ok  # someone must buy credits
    assert first[2].detail == "deferred: x: out of X credits; buy credits"
    assert first[2].ok
    row = state.get("a02", "x")
    assert row is not None
    assert (row.status, row.error_kind) == ("failed", ErrorKind.OUT_OF_CREDITS)
    [today] = state.spend_totals(["x"])
    assert today.money == 200_000  # the refused request was not billed

    second = run_x(state, x, ids(4), plan, now=NOON + timedelta(hours=1))
    assert statuses(second) == ["already_published"] + ["published"] * 3
    assert x.find_calls == []  # a certain refusal: no look before retrying
    assert x.publish_calls == ["a01", "a02", "a02", "a03", "a04"]


@pytest.mark.parametrize(
    "quota",
    [
        DailyCap("x", "X daily posting cap reached", NOON + timedelta(hours=5)),
        PostingQuota("x", "the account's write quota is used up", NOON + timedelta(hours=1)),
    ],
    ids=["daily-cap", "posting-quota"],
)
def test_a_quota_per_window_defers_without_failing(state: Store, quota: Exception) -> None:
    x = FakeNetwork("x")
    x.script(quota)
    outcomes = run_x(state, x, ids(2), Plan(rates=X_RATES))
    assert statuses(outcomes) == ["deferred", "deferred"]
    assert all(o.ok for o in outcomes)
    assert outcomes[0].detail is not None
    assert str(quota) in outcomes[0].detail


def test_a_refused_post_is_not_counted_a_post_in_doubt_is(state: Store) -> None:
    x = FakeNetwork("x")
    x.script(Rejected("x", "no"), Unavailable("x", "timeout"))
    run_x(state, x, ids(2), Plan(rates=X_RATES))
    [today] = state.spend_totals(["x"])
    assert (today.money, today.posts) == (200_000, 1)  # a02 may have landed: it counts


def test_spend_totals_by_day_and_month(state: Store) -> None:
    x = FakeNetwork("x")
    plan = Plan(rates=Rates(currency="USD", post=15_000, post_with_url=200_000))
    run_x(state, x, ids(1), plan)
    run_x(state, x, ids(2), plan, now=NOON + timedelta(days=1))
    days = state.spend_totals(["x"])
    assert [(t.period, t.money) for t in days] == [("2026-12-07", 200_000), ("2026-12-06", 200_000)]
    [month] = state.spend_totals(["x"], by="month")
    assert (month.period, month.money, month.posts) == ("2026-12", 400_000, 2)
    assert state.spend_totals(["mastodon"]) == []
