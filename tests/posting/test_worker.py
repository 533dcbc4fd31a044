"""The posting core against networks faked at the Protocol: exactly once, partial failure.

Every run goes the way ``syndicator post`` goes: ``run_post`` over a folder of
Markdown articles, composed with templates that name each article, published to
in-memory networks (``tests.fakes.network``), with the clock the test gives.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from syndicator.config import parse_config
from syndicator.errors import (
    AuthError,
    Duplicate,
    ErrorKind,
    RateLimited,
    Rejected,
    Unavailable,
)
from syndicator.models import Article, Post, Published
from syndicator.pipeline import run_post
from syndicator.posting import Outcome, exit_code, first_run_skips
from syndicator.posting.state import State, Store, open_store
from syndicator.redact import register_secret
from tests.fakes.network import FakeNetwork, lost_answer

NAMES = ("x", "mastodon", "bluesky")


@pytest.fixture(params=["sqlite", "postgres"])
def state(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """Each test runs on both stores: a SQLite file, and a real PostgreSQL server."""
    target: Path | str = tmp_path / "state.db"
    if request.param == "postgres":
        target = request.getfixturevalue("pg_database")
    # The rows this store begins stand for a run that died: on PostgreSQL their lease
    # runs out at once (a live runner's lease keeps other runners off its rows).
    with open_store(target, lease=0.001) as store:
        _PLACES[id(store)] = (tmp_path, target)
        # Not a first run: the folder has been read for every network before, so a
        # new article in it is posted (first runs are tested on first_run_skips below).
        store.mark_skipped([], networks=NAMES)
        yield store


@pytest.fixture
def unseen(tmp_path: Path) -> Iterator[State]:
    """A state no run has used yet: every network's first run."""
    with State.open(tmp_path / "unseen.db") as store:
        yield store


#: Each open store's folder and target (a path or a URL), for ``run``.
_PLACES: dict[int, tuple[Path, Path | str]] = {}


def place(state: Store) -> tuple[Path, Path | str]:
    """Return the folder a test's articles go in, and the state ``post`` is given."""
    if isinstance(state, State):
        return state.path.parent, state.path
    return _PLACES[id(state)]


#: Each network's template: the post names its article (``FakeNetwork.count``).
TEMPLATE = "post {{ id }} {{ url }}"


def run(
    state: Store,
    networks: Sequence[FakeNetwork],
    ids: Sequence[str],
    *,
    post_skipped: bool = False,
    **options: object,
) -> list[Outcome]:
    """Run ``post`` over a folder holding the articles ``ids``, to ``networks``."""
    base, target = place(state)
    folder = base / "articles"
    folder.mkdir(exist_ok=True)
    for stale in folder.glob("*.md"):
        stale.unlink()
    for article_id in ids:
        (folder / f"{article_id}.md").write_text(
            f"---\nguid: {article_id}\ntitle: Article {article_id}\n"
            f"url: https://blog.test/{article_id}/\n---\n\nBody.\n",
            encoding="utf-8",
        )
    templates = base / "templates"
    templates.mkdir(exist_ok=True)
    for name in NAMES:
        (templates / f"{name}.txt.j2").write_text(TEMPLATE, encoding="utf-8")
    config = parse_config({"templates_dir": "templates"}, base=base)
    chosen = {n.name: n for n in networks}
    done = run_post(
        [str(folder)],
        config=config,
        names=tuple(chosen),
        state=target,
        post_all=post_skipped,
        connector=lambda network, _folder: chosen[network.name],
        **options,  # type: ignore[arg-type]
    )
    assert not done.problems, done.problems
    return list(done.outcomes)


def by_pair(outcomes: Sequence[Outcome]) -> dict[tuple[str, str], Outcome]:
    return {(o.article_id, o.network): o for o in outcomes}


def status(state: Store, article_id: str, network: str) -> str | None:
    row = state.get(article_id, network)
    return row.status if row else None


def test_new_posts_are_published_and_recorded(state: Store) -> None:
    nets = [FakeNetwork(n) for n in NAMES]
    outcomes = run(state, nets, ["a1", "a2"])
    assert [o.status for o in outcomes] == ["published"] * 6
    assert all(o.url and o.url.startswith("https://") for o in outcomes)
    assert [(o.article_id, o.network) for o in outcomes][:3] == [
        ("a1", "x"),
        ("a1", "mastodon"),
        ("a1", "bluesky"),
    ]
    for net in nets:
        assert net.publish_calls == ["a1", "a2"]  # publication order within a network
        row = state.get("a1", net.name)
        assert row is not None
        assert (row.status, row.key, row.attempts) == ("published", net.new_key("a1"), 1)
    assert exit_code(outcomes) == 0


def test_a_hundred_reruns_post_each_article_once_per_network(state: Store) -> None:
    nets = [FakeNetwork("x", lookup="cannot-tell"), FakeNetwork("mastodon"), FakeNetwork("bluesky")]
    for _ in range(100):
        outcomes = run(state, nets, ["a1", "a2", "a3"])
    assert {o.status for o in outcomes} == {"already_published"}
    for net in nets:
        assert [net.count(a) for a in ("a1", "a2", "a3")] == [1, 1, 1]
        assert len(net.publish_calls) == 3
        assert net.find_calls == []


def test_networks_run_concurrently(state: Store) -> None:
    # Each publish waits until all three networks are publishing at once: run one
    # after another, the barrier would break and the posts would fail.
    barrier = threading.Barrier(3, timeout=10)

    class Waiting(FakeNetwork):
        def publish(self, post: Post, *, key: str):  # type: ignore[no-untyped-def]
            barrier.wait()
            return super().publish(post, key=key)

    outcomes = run(state, [Waiting(n) for n in NAMES], ["a1"])
    assert [o.status for o in outcomes] == ["published"] * 3


def test_one_network_failing_never_stops_the_others(state: Store) -> None:
    down, up1, up2 = FakeNetwork("x"), FakeNetwork("mastodon"), FakeNetwork("bluesky")
    down.script(Unavailable("x", "503 Service Unavailable"))
    outcomes = by_pair(run(state, [down, up1, up2], ["a1", "a2"]))
    assert outcomes["a1", "x"].status == "failed"
    assert "503" in (outcomes["a1", "x"].error or "")
    assert outcomes["a2", "x"].status == "deferred"  # x stopped for this run
    assert outcomes["a2", "x"].error
    assert all(outcomes[a, n].status == "published" for a in ("a1", "a2") for n in NAMES[1:])
    assert exit_code(outcomes.values()) == 1
    assert status(state, "a1", "x") == "failed"
    assert state.get("a2", "x") is None  # never tried: stays for the next run

    again = by_pair(run(state, [down, up1, up2], ["a1", "a2"]))
    assert again["a1", "x"].status == "published"
    assert again["a2", "x"].status == "published"
    assert down.find_calls == ["a1"]  # a 503 left it in doubt: looked before resending
    assert [down.count(a) for a in ("a1", "a2")] == [1, 1]
    assert state.get("a1", "x").attempts == 2  # type: ignore[union-attr]
    assert exit_code(again.values()) == 0


def test_a_lost_answer_is_found_not_sent_again(state: Store) -> None:
    net = FakeNetwork("mastodon")
    net.script(lost_answer(Unavailable("mastodon", "read timed out")))
    first = run(state, [net], ["a1"])
    assert first[0].status == "failed"
    second = run(state, [net], ["a1"])
    assert second[0].status == "published"
    assert second[0].detail == "found the earlier attempt on the network"
    assert net.count("a1") == 1
    assert len(net.publish_calls) == 1


def test_rate_limited_network_waits_until_retry_at(state: Store) -> None:
    now = datetime(2030, 1, 1, 12, tzinfo=UTC)
    net, other = FakeNetwork("bluesky"), FakeNetwork("mastodon")
    net.script(RateLimited("bluesky", "429", now + timedelta(minutes=10)))
    outcomes = by_pair(run(state, [net, other], ["a1", "a2"], now=lambda: now))
    assert outcomes["a1", "bluesky"].status == "failed"
    assert outcomes["a2", "bluesky"].status == "deferred"
    assert outcomes["a1", "mastodon"].status == outcomes["a2", "mastodon"].status == "published"
    row = state.get("a1", "bluesky")
    assert row is not None
    assert row.retry_at == now + timedelta(minutes=10)

    early = by_pair(run(state, [net, other], ["a1", "a2"], now=lambda: now))
    assert early["a1", "bluesky"].status == "deferred"
    assert "wait until" in (early["a1", "bluesky"].error or "")
    assert net.publish_calls == ["a1"]  # not asked again before the time it gave

    later = by_pair(run(state, [net, other], ["a1", "a2"], now=lambda: now + timedelta(hours=1)))
    assert later["a1", "bluesky"].status == later["a2", "bluesky"].status == "published"
    assert net.find_calls == []  # a 429 is certain: nothing was posted, no look needed
    assert [net.count(a) for a in ("a1", "a2")] == [1, 1]


def test_auth_error_stops_only_that_network(state: Store) -> None:
    net, other = FakeNetwork("x"), FakeNetwork("bluesky")
    net.script(AuthError("x", "401 Unauthorized"))
    outcomes = by_pair(run(state, [net, other], ["a1", "a2", "a3"]))
    assert [outcomes[a, "x"].status for a in ("a1", "a2", "a3")] == [
        "failed",
        "deferred",
        "deferred",
    ]
    assert all(outcomes[a, "bluesky"].status == "published" for a in ("a1", "a2", "a3"))
    assert net.publish_calls == ["a1"]


def test_a_rejected_post_fails_alone_and_is_retried_without_a_look(state: Store) -> None:
    net = FakeNetwork("mastodon")
    net.script(Rejected("mastodon", "422 Validation failed"))
    outcomes = by_pair(run(state, [net], ["a1", "a2"]))
    assert outcomes["a1", "mastodon"].status == "failed"
    assert outcomes["a2", "mastodon"].status == "published"  # the network goes on
    again = by_pair(run(state, [net], ["a1", "a2"]))
    assert again["a1", "mastodon"].status == "published"
    assert net.find_calls == []


def test_pending_without_a_way_to_tell_becomes_unknown_until_forced(state: Store) -> None:
    net = FakeNetwork("x", lookup="cannot-tell")
    state.begin("a1", "x", key=net.new_key("a1"), seen=None)  # a crash left it pending
    outcome = run(state, [net], ["a1"])[0]
    assert outcome.status == "unknown"
    assert "--force" in (outcome.error or "")
    assert status(state, "a1", "x") == "unknown"
    assert net.publish_calls == []
    assert exit_code([outcome]) == 1

    assert run(state, [net], ["a1"])[0].status == "unknown"  # still, without --force
    forced = run(state, [net], ["a1"], force=True)[0]
    assert forced.status == "published"
    row = state.get("a1", "x")
    assert row is not None
    assert (row.status, row.attempts) == ("published", 2)


def test_pending_is_resolved_by_key_before_anything_is_sent(state: Store) -> None:
    net = FakeNetwork("bluesky")
    key = net.new_key("a1")
    state.begin("a1", "bluesky", key=key, seen=None)
    assert run(state, [net], ["a1"])[0].status == "published"  # absent: sent with its key
    assert net.count("a1") == 1
    row = state.get("a1", "bluesky")
    assert row is not None
    assert row.key == key


def test_a_failed_lookup_leaves_the_row_pending(state: Store) -> None:
    net = FakeNetwork("bluesky")
    state.begin("a1", "bluesky", key="k", seen=None)
    net.script_find(Unavailable("bluesky", "PDS down"))
    outcome = run(state, [net], ["a1"])[0]
    assert outcome.status == "failed"
    assert "could not look" in (outcome.error or "")
    assert status(state, "a1", "bluesky") == "pending"
    assert net.publish_calls == []


def test_duplicate_refusal_is_unknown_not_resent(state: Store) -> None:
    net = FakeNetwork("x")
    net.script(Duplicate("x", "duplicate content"))
    outcome = run(state, [net], ["a1"])[0]
    assert outcome.status == "unknown"
    assert "possibly posted already" in (outcome.error or "")
    assert status(state, "a1", "x") == "unknown"


def test_max_posts_caps_a_network_and_leaves_the_rest_for_later(state: Store) -> None:
    net = FakeNetwork("mastodon")
    outcomes = run(state, [net], ["a1", "a2", "a3"], max_posts=2)
    assert [o.status for o in outcomes] == ["published", "published", "deferred"]
    assert outcomes[2].error is None
    assert exit_code(outcomes) == 0  # over the cap is not a failure
    assert state.get("a3", "mastodon") is None  # never marked done
    again = run(state, [net], ["a1", "a2", "a3"], max_posts=2)
    assert [o.status for o in again] == ["already_published", "already_published", "published"]


def test_an_adapter_bug_fails_that_network_and_keeps_the_row_pending(state: Store) -> None:
    net, other = FakeNetwork("bluesky"), FakeNetwork("mastodon")
    net.script(KeyError("uri"))
    outcomes = by_pair(run(state, [net, other], ["a1", "a2"]))
    assert outcomes["a1", "bluesky"].status == "failed"
    assert "KeyError" in (outcomes["a1", "bluesky"].error or "")
    assert outcomes["a2", "bluesky"].status == "deferred"
    assert status(state, "a1", "bluesky") == "pending"  # in doubt: the next run looks first
    assert outcomes["a2", "mastodon"].status == "published"


def test_skipped_rows_stay_skipped_unless_asked(state: Store) -> None:
    net = FakeNetwork("mastodon")
    state.mark_skipped([("a1", "mastodon", "u")])
    assert run(state, [net], ["a1"])[0].status == "skipped"
    assert net.publish_calls == []
    assert run(state, [net], ["a1"], post_skipped=True)[0].status == "published"


def test_no_secret_reaches_outcomes_or_state(state: Store, tmp_path: Path) -> None:
    secret = "tok-9f8e7d6c5b4a"
    register_secret(secret)
    net = FakeNetwork("mastodon")
    net.script(AuthError("mastodon", f"token {secret} refused"))
    outcome = run(state, [net], ["a1"])[0]
    assert secret not in repr(outcome)
    row = state.get("a1", "mastodon")
    assert row is not None
    assert secret not in (row.last_error or "")
    assert secret not in repr(list(state.history()))
    if isinstance(state, State):  # and not in the file's free pages either
        assert secret.encode() not in (tmp_path / "state.db").read_bytes()


def article(article_id: str, day: date | None = None) -> Article:
    published = datetime(day.year, day.month, day.day, 8, tzinfo=UTC) if day else None
    return Article(
        id=article_id, url=f"https://blog.test/{article_id}", title=article_id, published=published
    )


def test_first_run_over_a_feed_marks_everything_seen(unseen: State) -> None:
    arts = [article("a1", date(2024, 1, 1)), article("a2", date(2024, 2, 1))]
    held = first_run_skips(
        arts, ["x", "bluesky"], unseen, collection=True, post_all=False, since=None
    )
    assert len(held) == 4
    assert status(unseen, "a1", "x") == "skipped"
    assert unseen.known("x")
    assert unseen.known("bluesky")
    # The next run: the feed has one more article, which is new.
    arts.append(article("a3", date(2024, 3, 1)))
    assert (
        first_run_skips(arts, ["x", "bluesky"], unseen, collection=True, post_all=False, since=None)
        == []
    )


def test_first_run_with_since_lets_newer_articles_through(unseen: State) -> None:
    arts = [article("old", date(2024, 1, 1)), article("new", date(2024, 6, 1)), article("undated")]
    held = first_run_skips(
        arts, ["x"], unseen, collection=True, post_all=False, since=date(2024, 5, 1)
    )
    assert sorted(a.id for a, _ in held) == ["old", "undated"]
    # Later runs: only what is older than since is held back.
    later = [*arts, article("older", date(2023, 1, 1)), article("undated2")]
    held = first_run_skips(
        later, ["x"], unseen, collection=True, post_all=False, since=date(2024, 5, 1)
    )
    assert [a.id for a, _ in held] == ["older"]


def test_all_holds_nothing_back_but_records_the_network(unseen: State) -> None:
    arts = [article("a1", date(2024, 1, 1))]
    assert first_run_skips(arts, ["x"], unseen, collection=True, post_all=True, since=None) == []
    assert unseen.known("x")


def test_articles_named_one_by_one_are_never_held_back(unseen: State) -> None:
    arts = [article("a1", date(2020, 1, 1))]
    assert (
        first_run_skips(
            arts, ["x"], unseen, collection=False, post_all=False, since=date(2024, 1, 1)
        )
        == []
    )
    assert not unseen.known("x")  # a later feed run is still a first run


def test_an_image_that_cannot_be_used_fails_and_is_retried_without_a_look(state: Store) -> None:
    from syndicator.errors import MediaError

    net = FakeNetwork("bluesky")
    net.script(MediaError("image.jpg: too large even after shrinking"))
    assert run(state, [net], ["a1"])[0].status == "failed"
    row = state.get("a1", "bluesky")
    assert row is not None
    assert (row.status, row.error_kind) == ("failed", ErrorKind.MEDIA)
    assert run(state, [net], ["a1"])[0].status == "published"
    assert net.find_calls == []


def test_a_first_run_that_missed_a_source_stays_a_first_run(unseen: State) -> None:
    arts = [article("a1", date(2024, 1, 1))]
    first_run_skips(
        arts, ["x"], unseen, collection=True, post_all=False, since=None, complete=False
    )
    assert not unseen.known("x")  # a feed failed: its articles must be held back next time
    later = [*arts, article("a2", date(2024, 2, 1))]
    held = first_run_skips(later, ["x"], unseen, collection=True, post_all=False, since=None)
    assert [a.id for a, _ in held] == ["a2"]
    assert unseen.known("x")


def test_an_empty_feed_read_without_error_ends_the_first_run(unseen: State) -> None:
    """A new blog's feed starts empty: its first article must be posted, not held back."""
    assert first_run_skips([], ["x"], unseen, collection=True, post_all=False, since=None) == []
    assert unseen.known("x")
    first = [article("a1", date(2024, 1, 1))]
    assert first_run_skips(first, ["x"], unseen, collection=True, post_all=False, since=None) == []


class _NoLookWithinTheHour(FakeNetwork):
    """Mastodon within the key's hour: find() does not look, publishing again is safe."""

    def __init__(self) -> None:
        super().__init__("mastodon")
        self.first_find = True

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        if self.first_find:
            self.first_find = False
            self.find_calls.append(post.article_id)
            return None
        return super().find(post, key=key, since=since)


def test_a_sure_failure_after_a_lost_answer_keeps_the_doubt(state: Store) -> None:
    """Lost answer, then a 429 on the retry: the next run must look before sending again."""
    net = _NoLookWithinTheHour()
    net.script(
        lost_answer(Unavailable("mastodon", "read timed out")),
        RateLimited("mastodon", "slow down"),
    )
    assert run(state, [net], ["a1"])[0].status == "failed"  # landed, answer lost
    assert run(state, [net], ["a1"])[0].status == "failed"  # no look, retried: 429
    row = state.get("a1", "mastodon")
    assert row is not None
    assert row.error_kind == ErrorKind.IN_DOUBT
    third = run(state, [net], ["a1"])[0]
    assert third.status == "published"
    assert net.find_calls == ["a1", "a1"]  # the third run looked first...
    assert net.publish_calls == ["a1", "a1"]  # ...and did not send a third time
    assert net.count("a1") == 1


def test_a_thread_whose_later_parts_did_not_land_is_reported_and_fails_the_run(
    state: Store,
) -> None:
    net = FakeNetwork("x")

    def partial(post: Post, *, key: str) -> Published:
        return Published(
            network="x",
            id="1",
            url="https://x.test/1",
            part_ids=("1",),
            incomplete="part 2 of 3 was not posted (X refused the reply)",
        )

    net.publish = partial  # type: ignore[method-assign]
    (outcome,) = run(state, [net], ["a1"])
    assert outcome.status == "published"
    assert outcome.error is not None
    assert "part 2 of 3" in outcome.error
    assert exit_code([outcome]) == 1


def test_force_retries_a_deferred_post_now(state: Store) -> None:
    now = datetime(2030, 1, 1, 12, tzinfo=UTC)
    net = FakeNetwork("bluesky")
    net.script(RateLimited("bluesky", "429", now + timedelta(minutes=10)))
    run(state, [net], ["a1"], now=lambda: now)
    forced = by_pair(run(state, [net], ["a1"], now=lambda: now, force=True))
    assert forced["a1", "bluesky"].status == "published"
    assert net.count("a1") == 1


def test_a_stored_reset_beyond_the_horizon_is_unknown(state: Store) -> None:
    # A row written before resets were bounded (or edited by hand): year 9999.
    now = datetime(2030, 1, 1, 12, tzinfo=UTC)
    net = FakeNetwork("x")
    net.script(RateLimited("x", "429", datetime(9999, 12, 31, tzinfo=UTC)))
    run(state, [net], ["a1"], now=lambda: now)
    again = by_pair(run(state, [net], ["a1"], now=lambda: now))
    assert again["a1", "x"].status == "published"


def test_the_run_reads_the_clock_it_is_given(state: Store) -> None:
    now = datetime(2031, 5, 4, 3, 2, 1, tzinfo=UTC)
    net = FakeNetwork("mastodon")
    assert run(state, [net], ["a1"], now=lambda: now)[0].status == "published"
    row = state.get("a1", "mastodon")
    assert row is not None
    assert (row.created_at, row.first_attempt_at, row.updated_at) == (now, now, now)
