"""Budgets and pacing, recorded in the state's spend ledger.

Every run goes the way ``syndicator post`` goes: ``run_post`` over a folder of
Markdown articles, with the network's ``budget:``, ``pace:`` and ``rates:`` set in the
config, published to in-memory networks (tests/fakes/network.py), with the clock the
test gives.
"""

from __future__ import annotations

import tempfile
import threading
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from syndicator.config import parse_config
from syndicator.errors import (
    DailyCap,
    ErrorKind,
    OutOfCredits,
    PostingQuota,
    Rejected,
    Unavailable,
)
from syndicator.pipeline import run_post
from syndicator.posting import Outcome
from syndicator.posting.budget import Budget, Pace, Window, refusal, windows
from syndicator.posting.state import Store, open_store
from tests.fakes.network import FakeNetwork

NOON = datetime(2026, 12, 6, 12, tzinfo=UTC)
NETWORKS = ("x", "bluesky")
#: The post names its article and links to it: on X a post with a URL, $0.200.
TEMPLATE = "post {{ id }} {{ url }}"


@dataclass(frozen=True, slots=True)
class Blog:
    """Where a test's runs keep their articles and templates, and the state they post to."""

    folder: Path
    state: Path | str


@pytest.fixture(params=["sqlite", "postgres"])
def blog(request: pytest.FixtureRequest, tmp_path: Path) -> Blog:
    """A state in a SQLite file, or on the real PostgreSQL server, that has seen the blog."""
    target: Path | str = tmp_path / "state.db"
    if request.param == "postgres":
        target = request.getfixturevalue("pg_database")
    with open_store(target) as store:
        # Not a first run: a new article in the folder is posted (first runs hold the
        # backlog back; tests/posting/test_worker.py covers them).
        store.mark_skipped([], networks=NETWORKS)
    templates = tmp_path / "templates"
    templates.mkdir()
    for name in NETWORKS:
        (templates / f"{name}.txt.j2").write_text(TEMPLATE, encoding="utf-8")
    return Blog(tmp_path, target)


@pytest.fixture
def state(blog: Blog) -> Iterator[Store]:
    """The blog's state, to read what the runs recorded."""
    with open_store(blog.state) as store:
        yield store


def ids(count: int) -> list[str]:
    return [f"a{n:02d}" for n in range(1, count + 1)]


def run(
    blog: Blog,
    network: FakeNetwork,
    articles: Sequence[str],
    settings: Mapping[str, Any],
    now: datetime = NOON,
) -> list[Outcome]:
    """Run ``post`` over a new folder holding ``articles``, to ``network`` set up so."""
    folder = Path(tempfile.mkdtemp(prefix="articles-", dir=blog.folder))
    for article_id in articles:
        (folder / f"{article_id}.md").write_text(
            f"---\nguid: {article_id}\ntitle: Article {article_id}\n"
            f"url: https://example.org/{article_id}\n---\n\nBody.\n",
            encoding="utf-8",
        )
    config = parse_config(
        {"templates_dir": "templates", "networks": {network.name: dict(settings)}},
        base=blog.folder,
    )
    done = run_post(
        [str(folder)],
        config=config,
        names=(network.name,),
        state=blog.state,
        connector=lambda _config, _sessions: network,
        now=lambda: now,
    )
    assert not done.problems, done.problems
    return list(done.outcomes)


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


def test_a_daily_budget_holds_across_runs_and_frees_the_next_day(blog: Blog, state: Store) -> None:
    x = FakeNetwork("x")
    settings = {"budget": {"per_day": 0.40}}  # two posts with a link a day

    first = run(blog, x, ids(5), settings)
    second = run(blog, x, ids(5), settings, now=NOON + timedelta(hours=3))
    third = run(blog, x, ids(5), settings, now=NOON + timedelta(days=1))

    assert statuses(first) == ["published"] * 2 + ["deferred"] * 3
    assert [o.cost for o in first[:2]] == [200_000, 200_000]
    assert first[2].detail == (
        "budget per day $0.400 reached ($0.400 spent, this post $0.200); "
        "next after 2026-12-07 00:00 UTC"
    )
    assert first[2].ok
    assert first[2].error is None
    assert statuses(second) == ["already_published"] * 2 + ["deferred"] * 3
    assert statuses(third) == ["already_published"] * 2 + ["published"] * 2 + ["deferred"]
    assert x.publish_calls == ["a01", "a02", "a03", "a04"]  # oldest first
    assert state.get("a05", "x") is None  # never tried: nothing to retry, nothing lost


def test_a_budget_per_run_and_per_month(blog: Blog) -> None:
    x = FakeNetwork("x")
    settings = {"budget": {"per_run": 0.20, "per_month": 0.60}}
    for day in range(6):
        run(blog, x, ids(6), settings, now=NOON + timedelta(days=day))
    # One a run, three in the month: December ends, January frees the budget.
    assert x.publish_calls == ["a01", "a02", "a03"]
    run(blog, x, ids(6), settings, now=datetime(2027, 1, 1, 1, tzinfo=UTC))
    assert x.publish_calls == ["a01", "a02", "a03", "a04"]


def test_counts_budget_where_posting_is_free(blog: Blog) -> None:
    bluesky = FakeNetwork("bluesky")
    outcomes = run(blog, bluesky, ids(4), {"budget": {"per_day": 3}})
    assert statuses(outcomes) == ["published"] * 3 + ["deferred"]
    assert outcomes[3].detail == "budget per day 3 posts reached; next after 2026-12-07 00:00 UTC"
    assert outcomes[0].cost == 0
    assert outcomes[0].currency is None


def test_two_runs_at_once_share_one_budget(blog: Blog) -> None:
    """Two runs at once (two connections, two run ids) on one state."""
    x = FakeNetwork("x", delay=0.05)
    settings = {"budget": {"per_day": 0.60}}  # three posts today
    start = threading.Barrier(2)
    results: list[list[Outcome]] = []

    def one_run(articles: list[str]) -> None:
        start.wait()
        results.append(run(blog, x, articles, settings))

    runs = [
        threading.Thread(target=one_run, args=(ids(8)[:4],)),
        threading.Thread(target=one_run, args=(ids(8)[4:],)),
    ]
    for thread in runs:
        thread.start()
    for thread in runs:
        thread.join()

    assert len(results) == 2  # both runs ended without raising
    published = [o for each in results for o in each if o.status == "published"]
    assert len(published) == 3  # not 4 + 4, not 3 + 3
    assert len(x.publish_calls) == 3
    with open_store(blog.state) as store:
        [today] = store.spend_totals(["x"])
    assert (today.period, today.money, today.posts) == ("2026-12-06", 600_000, 3)


# -- pacing -----------------------------------------------------------------------


def test_a_backlog_of_20_is_drip_fed_in_order_with_nothing_lost(blog: Blog) -> None:
    x = FakeNetwork("x")
    settings = {"pace": {"per_run": 3, "per_hour": 4}}
    backlog = ids(20)
    posted_at: list[datetime] = []
    now = NOON
    for _ in range(40):  # a run every 20 minutes, for most of a day
        outcomes = run(blog, x, backlog, settings, now=now)
        assert all(o.ok for o in outcomes)
        assert len(outcomes) == 20  # every article accounted for on every run
        posted_at += [now] * sum(o.status == "published" for o in outcomes)
        now += timedelta(minutes=20)
    assert x.publish_calls == backlog  # oldest first, each once
    assert len(x.posts) == 20
    for start in posted_at:  # never more than 4 in an hour
        assert sum(start <= t < start + timedelta(hours=1) for t in posted_at) <= 4


def test_a_minimum_interval_lets_one_post_through_per_interval(blog: Blog) -> None:
    x = FakeNetwork("x")
    settings = {"pace": {"min_interval": "30m"}}
    first = run(blog, x, ids(3), settings)
    early = run(blog, x, ids(3), settings, now=NOON + timedelta(minutes=29))
    later = run(blog, x, ids(3), settings, now=NOON + timedelta(minutes=30))
    assert statuses(first) == ["published", "deferred", "deferred"]
    assert first[1].detail == (
        "pace: at least 30 min between posts; next after 2026-12-06 12:30 UTC"
    )
    assert statuses(early).count("published") == 0
    assert statuses(later).count("published") == 1
    assert x.publish_calls == ["a01", "a02"]


def test_pace_per_hour_and_per_run(blog: Blog) -> None:
    x = FakeNetwork("x")
    settings = {"pace": {"per_run": 2, "per_hour": 3}}
    first = run(blog, x, ids(10), settings)
    second = run(blog, x, ids(10), settings, now=NOON + timedelta(minutes=5))
    third = run(blog, x, ids(10), settings, now=NOON + timedelta(minutes=61))
    assert statuses(first).count("published") == 2
    assert first[2].detail == "pace per run 2 posts reached"
    assert statuses(second).count("published") == 1
    assert second[3].detail == "pace per hour 3 posts reached"
    assert statuses(third).count("published") == 2
    assert x.publish_calls == ids(5)


# -- quota errors -----------------------------------------------------------------


def test_out_of_credits_is_its_own_line_and_the_post_waits(blog: Blog, state: Store) -> None:
    x = FakeNetwork("x")
    x.script(None, OutOfCredits("x", "out of X credits; buy credits"))

    first = run(blog, x, ids(4), {})

    assert statuses(first) == ["published", "deferred", "deferred", "deferred"]
    assert first[1].error == "x: out of X credits; buy credits"
    assert not first[1].ok  # someone must buy credits
    assert first[2].detail == "x: out of X credits; buy credits"
    assert first[2].ok
    row = state.get("a02", "x")
    assert row is not None
    assert (row.status, row.error_kind) == ("failed", ErrorKind.OUT_OF_CREDITS)
    [today] = state.spend_totals(["x"])
    assert today.money == 200_000  # the refused request was not billed

    second = run(blog, x, ids(4), {}, now=NOON + timedelta(hours=1))
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
def test_a_quota_per_window_defers_without_failing(blog: Blog, quota: Exception) -> None:
    x = FakeNetwork("x")
    x.script(quota)
    outcomes = run(blog, x, ids(2), {})
    assert statuses(outcomes) == ["deferred", "deferred"]
    assert all(o.ok for o in outcomes)
    assert outcomes[0].detail is not None
    assert str(quota) in outcomes[0].detail


def test_a_refused_post_is_not_counted_a_post_in_doubt_is(blog: Blog, state: Store) -> None:
    x = FakeNetwork("x")
    x.script(Rejected("x", "no"), Unavailable("x", "timeout"))
    run(blog, x, ids(2), {})
    [today] = state.spend_totals(["x"])
    assert (today.money, today.posts) == (200_000, 1)  # a02 may have landed: it counts


def test_spend_totals_by_day_and_month(blog: Blog, state: Store) -> None:
    x = FakeNetwork("x")
    settings = {"rates": {"post": 0.015, "post_with_url": 0.20}}
    run(blog, x, ids(1), settings)
    run(blog, x, ids(2), settings, now=NOON + timedelta(days=1))
    days = state.spend_totals(["x"])
    assert [(t.period, t.money) for t in days] == [("2026-12-07", 200_000), ("2026-12-06", 200_000)]
    [month] = state.spend_totals(["x"], by="month")
    assert (month.period, month.money, month.posts) == ("2026-12", 400_000, 2)
    assert state.spend_totals(["mastodon"]) == []
