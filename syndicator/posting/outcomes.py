"""What happened to each (article, network) in a run, and the exit code it makes."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from ..statuses import OutcomeStatus

__all__ = ["Outcome", "OutcomeStatus", "exit_code"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Outcome:
    """What happened to one (article, network) in this run.

    ``published`` (in this run; ``detail`` says when an earlier attempt was found;
    an ``error`` says which parts of a thread did not land while the first post stands),
    ``already_published`` (by an earlier run), ``skipped``, ``failed`` (retried next run),
    ``unknown`` (check by hand), ``deferred`` (not tried: left for the next run;
    with an ``error`` when its network was stopped or its account is out of credits,
    without when over a cap, a budget or the pace, which ``detail`` names).
    ``cost`` is what this run spent on it, in micro-units of ``currency``.
    """

    article_id: str
    network: str
    status: OutcomeStatus
    url: str | None = None
    error: str | None = None
    detail: str | None = None
    #: The composed first post's length and its limit, when this run composed it.
    length: int | None = None
    limit: int | None = None
    cost: int | None = None
    currency: str | None = None

    @property
    def ok(self) -> bool:
        """Whether this pair needs nobody's attention."""
        if self.status in ("deferred", "published"):
            # deferred with an error: its network stopped; published with an error:
            # a thread whose later parts did not land (the first post stands).
            return self.error is None
        return self.status not in ("failed", "unknown")


def exit_code(outcomes: Iterable[Outcome]) -> int:
    """Return 0 when every outcome is fine, 1 when anything failed or is unknown."""
    return 0 if all(outcome.ok for outcome in outcomes) else 1
