"""Publish composed posts exactly once: one worker per network, the state as the record.

For each (article, network), in publication order within a network:

    published            nothing to do
    skipped              stays skipped, unless posting was asked for explicitly
    pending / unknown    an attempt may have landed: ``find`` it before anything else;
                         found -> published; absent -> publish again with the same key;
                         the network cannot tell -> unknown (``force`` publishes anyway)
    failed               retried with the same key; when the failure left it in doubt
                         (a timeout, a 5xx), resolved with ``find`` first, as pending
    (none)               a new key; pending; publish; published

Partial failure is data: every pair gets one ``Outcome``. A network that refuses the
credentials, rate-limits or is down stops its own worker for this run; the posts left
stay as they were for the next run, and the other networks carry on.
"""

from __future__ import annotations

import logging
import time
import uuid
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import suppress
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

from ..costs import Cost, estimate
from ..errors import (
    CannotTell,
    DailyCap,
    Duplicate,
    NetworkError,
    OverQuota,
    PostingQuota,
    RateLimited,
    SyndicatorError,
    one_line,
)
from ..models import Post
from ..networks.base import Network
from ..networks.ratelimit import MAX_HORIZON
from ..redact import redact
from .budget import Plan, windows
from .failpoints import failpoint
from .outcomes import Outcome, OutcomeStatus
from .retry import CERTAIN, STOPPING, in_doubt, recorded_kind
from .state import Row, Store
from .state.spend import Refused, Reserved

__all__ = ["Policy", "Worker", "in_parallel"]

log = logging.getLogger(__name__)

#: Seconds between two looks at an account another runner is posting for.
_ACCOUNT_POLL_S = 0.2


def in_parallel(jobs: Mapping[str, Callable[[], list[Outcome]]]) -> list[Outcome]:
    """Run one job per network at once; return all their outcomes."""
    if not jobs:
        return []
    with ThreadPoolExecutor(max_workers=len(jobs), thread_name_prefix="post") as pool:
        futures = [pool.submit(job) for job in jobs.values()]
        return [outcome for future in futures for outcome in future.result()]


@dataclass(frozen=True, slots=True, kw_only=True)
class Policy:
    """What a run was asked to do beyond the rules: force, post skipped, cap, clock."""

    force: bool = False
    #: Post what was skipped before (``--all``); ``named`` articles are posted anyway.
    post_skipped: bool = False
    named: frozenset[str] = frozenset()
    max_posts: int | None = None
    now: Callable[[], datetime] = lambda: datetime.now(UTC)
    #: This run's id in the spend ledger: what "per run" budgets and paces count.
    run_id: str = field(default_factory=lambda: uuid.uuid4().hex)
    #: Seconds to wait for another runner posting for the same account (a shared state).
    account_wait: float = 300.0

    def settled(self, row: Row | None) -> OutcomeStatus | None:
        """Return the outcome of a pair with nothing left to do, None when there is work."""
        if row is not None and row.status == "published":
            return "already_published"
        if (
            row is not None
            and row.status == "skipped"
            and not (self.post_skipped or row.article_id in self.named)
        ):
            return "skipped"
        return None


class Worker:
    """Walks one network's posts in order and records every step in the state."""

    def __init__(
        self,
        network: Network,
        state: Store,
        policy: Policy,
        plan: Plan | None = None,
        account: str = "",
    ) -> None:
        self.network = network
        self.state = state
        self.policy = policy
        #: Prices, budget and pace of this network; None: nothing recorded or capped.
        self.plan = plan
        #: Who posts on this network: one runner at a time per account (a shared state).
        self.account = account
        self.sent = 0
        self.stopped: str | None = None
        #: Why the posts left wait for a later run (a budget, the pace, a daily cap,
        #: another runner posting for the account).
        self.held: str | None = None
        #: Whether this worker holds its account (always, on a SQLite state).
        self._holding = False
        #: What the posts this worker published cost (when its plan has prices).
        self.spent: list[Cost] = []

    def run(self, posts: Iterable[Post]) -> list[Outcome]:
        """Return one outcome per post, publishing each as it comes; never raises."""
        try:
            return self._walk(posts)
        finally:
            if self._holding:
                with suppress(SyndicatorError):  # a lease not given back expires by itself
                    self.state.release_account(self.network.name, self.account)

    def _take_account(self) -> None:
        """Wait until no other runner posts for this account (``account_wait`` s at most).

        When another live runner still holds it then (a shared state), the posts are
        left to it: deferred, in hand, not failed.
        """
        deadline = time.monotonic() + self.policy.account_wait
        try:
            while not self.state.claim_account(self.network.name, self.account):
                if time.monotonic() >= deadline:
                    self.held = "another runner is posting for this account: left to it"
                    return
                time.sleep(_ACCOUNT_POLL_S)
        except SyndicatorError as exc:  # the state cannot be read or written
            self.stopped = f"{self.network.name}: not tried: {exc}"
            return
        self._holding = True

    def _walk(self, posts: Iterable[Post]) -> list[Outcome]:
        outcomes = []
        for post in posts:
            if not (self._holding or self.stopped or self.held):
                self._take_account()
            if self.stopped is not None:
                outcomes.append(self._outcome(post, "deferred", error=self.stopped))
                continue
            try:
                outcomes.append(self._one(post))
            except SyndicatorError as exc:  # the state cannot be read or written: stop
                log.debug("%s: %s", self.network.name, exc)
                self.stopped = f"{self.network.name}: not tried after: {exc}"
                outcomes.append(self._outcome(post, "failed", error=str(exc)))
            except Exception as exc:  # an adapter bug: stop this network
                log.exception("%s: unexpected error on %s", self.network.name, post.article_id)
                self.stopped = f"{self.network.name}: not tried after an unexpected error"
                outcomes.append(self._outcome(post, "failed", error=f"{type(exc).__name__}: {exc}"))
        return outcomes

    def _one(self, post: Post) -> Outcome:
        name = self.network.name
        row = self.state.get(post.article_id, name)
        settled = self.policy.settled(row)
        if settled is not None:
            return self._outcome(post, settled, url=row.url if row else None)
        if self.held is not None:  # the posts after a deferred one wait too: oldest first
            return self._outcome(post, "deferred", detail=self.held)
        if row is not None and row.in_flight_elsewhere:
            return self._outcome(post, "deferred", detail="another runner is posting it")
        if not self.state.claim_account(name, self.account):  # renewed before each post
            self.stopped = (
                f"{name}: another runner took over this account (a post outlasted the lease)"
            )
            return self._outcome(post, "deferred", error=self.stopped)
        if row is not None and self._must_wait(row):
            assert row.retry_at is not None
            self.stopped = f"{name} asked to wait until {row.retry_at.isoformat()}"
            return self._outcome(post, "deferred", error=self.stopped)
        if row is not None and row.key and in_doubt(row):
            resolved = self._resolve(post, row)
            if resolved is not None:
                return resolved
        cap = self.policy.max_posts
        if cap is not None and self.sent >= cap:
            return self._outcome(post, "deferred", detail=f"over --max-posts {cap}")
        return self._publish(post, row)

    def _must_wait(self, row: Row) -> bool:
        """Tell whether the network asked to wait past now (``--force`` does not wait).

        A stored time beyond every network's horizon (a row from before resets were
        bounded, or edited by hand) is unknown: retried now rather than never.
        """
        if row.retry_at is None or self.policy.force:
            return False
        now = self.policy.now()
        return now < row.retry_at <= now + MAX_HORIZON

    def _resolve(self, post: Post, row: Row) -> Outcome | None:
        """Look for an earlier attempt; return the outcome, or None to publish again."""
        name = self.network.name
        assert row.key is not None
        since = row.first_attempt_at or row.created_at
        try:
            found = self.network.find(post, key=row.key, since=since)
        except CannotTell as exc:
            if self.policy.force:
                return None  # the user checked by hand
            message = _check_by_hand(exc, name)
            self.state.mark_unknown(post.article_id, name, error=message, kind=exc.kind)
            return self._outcome(post, "unknown", error=message)
        except NetworkError as exc:
            self.state.note_error(post.article_id, name, error=str(exc), kind=exc.kind)
            if exc.kind in STOPPING:
                self.stopped = f"not tried after: {exc}"
            return self._outcome(
                post, "failed", error=f"could not look for the earlier attempt: {exc}"
            )
        if found is None:
            return None
        self.state.mark_published(post.article_id, name, found)
        return self._outcome(
            post,
            "published",
            url=found.url,
            error=found.incomplete,
            detail="found the earlier attempt on the network",
        )

    def _publish(self, post: Post, row: Row | None) -> Outcome:
        name = self.network.name
        key = row.key if row is not None and row.key else self.network.new_key(post.article_id)
        doubted = row is not None and in_doubt(row)
        reserved = self._reserve(post)
        if isinstance(reserved, Refused):
            self.held = reserved.reason
            return self._outcome(post, "deferred", detail=self.held)
        claimed = self.state.begin(post.article_id, name, key=key, article_url=post.url, seen=row)
        if claimed is None:
            self._release(reserved)
            return self._outcome(post, "deferred", detail="another run changed it meanwhile")
        self.sent += 1
        failpoint("before-publish", name)
        try:
            published = self.network.publish(post, key=key)
        except (Duplicate, CannotTell) as exc:
            message = _check_by_hand(exc, name)
            self.state.mark_unknown(post.article_id, name, error=message, kind=exc.kind)
            return self._outcome(post, "unknown", error=message)
        except OverQuota as exc:
            # Not this post's fault: it waits, with the reason on its own line.
            self._release(reserved)
            self.state.mark_failed(
                post.article_id,
                name,
                error=str(exc),
                kind=recorded_kind(exc, doubted=doubted),
                retry_at=exc.retry_at,
            )
            self.held = str(exc)
            if isinstance(exc, DailyCap | PostingQuota):  # it only waits
                return self._outcome(post, "deferred", detail=self.held)
            return self._outcome(post, "deferred", error=str(exc))
        except SyndicatorError as exc:
            # Our errors say the network (or we, before sending: an image, an option)
            # refused or failed it; anything else leaves the row pending, in doubt.
            retry_at = exc.retry_at if isinstance(exc, RateLimited) else None
            kind = recorded_kind(exc, doubted=doubted)
            if kind in CERTAIN:
                self._release(reserved)  # refused, so not billed; in doubt, it counts
            self.state.mark_failed(
                post.article_id, name, error=str(exc), kind=kind, retry_at=retry_at
            )
            if exc.kind in STOPPING:
                self.stopped = f"not tried after: {exc}"
            return self._outcome(post, "failed", error=str(exc))
        failpoint("after-publish", name)
        # Should this write fail, the row stays pending: the next run finds the post.
        self.state.mark_published(post.article_id, name, published)
        failpoint("after-record", name)
        cost = self._settle(reserved, post, published.part_ids)
        return self._outcome(
            post, "published", url=published.url, error=published.incomplete, cost=cost
        )

    def _reserve(self, post: Post) -> Reserved | Refused | None:
        """Take this post's cost from the budget and the pace, or say why it must wait."""
        if self.plan is None:
            return None
        rates = self.plan.rates
        interval = self.plan.pace.min_interval if self.plan.pace else None
        now = self.policy.now()
        return self.state.reserve(
            self.network.name,
            post.article_id,
            run_id=self.policy.run_id,
            money=estimate(post, rates).money,
            checks=windows(self.plan.budget, self.plan.pace, now=now, currency=rates.currency),
            currency=rates.currency,
            interval=interval,
            now=now,
        )

    def _release(self, reserved: Reserved | Refused | None) -> None:
        if isinstance(reserved, Reserved):
            self.state.release(reserved)

    def _settle(
        self, reserved: Reserved | Refused | None, post: Post, part_ids: Sequence[str]
    ) -> int | None:
        """Record what the parts that landed cost; return it (None: no prices known)."""
        if self.plan is None or not isinstance(reserved, Reserved):
            return None
        landed = post.parts[: len(part_ids)] if part_ids else post.parts
        cost = estimate(replace(post, parts=landed), self.plan.rates)
        self.state.settle(reserved, money=cost.money)
        self.spent.append(cost)
        return cost.money

    def _outcome(
        self,
        post: Post,
        status: OutcomeStatus,
        *,
        url: str | None = None,
        error: str | None = None,
        detail: str | None = None,
        cost: int | None = None,
    ) -> Outcome:
        return Outcome(
            article_id=post.article_id,
            network=self.network.name,
            status=status,
            url=url,
            error=one_line(redact(error)) if error else None,
            detail=detail,
            length=post.length,
            limit=post.limit,
            cost=cost,
            currency=self.plan.rates.currency if self.plan and cost is not None else None,
        )


def _check_by_hand(error: NetworkError, network: str) -> str:
    """Return ``error``'s message, telling what to do when it does not say already."""
    message = str(error)
    if "--force" in message:
        return message
    return (
        f"{message}; possibly posted already: check {network} by hand, then rerun with "
        "--force if it is not there"
    )
