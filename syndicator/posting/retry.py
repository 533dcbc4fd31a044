"""What the next attempt does after a failure, decided by the failure's kind.

A failed post is retried on the next run. Whether it may be on the network already
decides how: after a certain failure (the network said no, or we stopped before
sending) it is sent again with the same key; after a doubtful one (a timeout, a 5xx,
an adapter's bug: the post may have landed) the network is asked first (``find``).
The kind is ``SyndicatorError.kind``, recorded in the state with the failure.
"""

from __future__ import annotations

from ..errors import ErrorKind, SyndicatorError
from .state import Row

__all__ = ["CERTAIN", "STOPPING", "in_doubt", "kind_of", "recorded_kind"]

#: Failures after which the post certainly is not on the network: retry without a look.
CERTAIN = frozenset(
    {
        ErrorKind.USAGE,
        ErrorKind.MEDIA,
        ErrorKind.AUTH,
        ErrorKind.RATE_LIMITED,
        ErrorKind.OVER_QUOTA,
        ErrorKind.OUT_OF_CREDITS,
        ErrorKind.SPENDING_CAP,
        ErrorKind.DAILY_CAP,
        ErrorKind.REJECTED,
    }
)

#: Failures that stop a network's worker for the rest of the run: the next post
#: would meet them too (credentials refused, asked to slow down, out of service).
STOPPING = frozenset(
    {
        ErrorKind.AUTH,
        ErrorKind.RATE_LIMITED,
        ErrorKind.OVER_QUOTA,
        ErrorKind.OUT_OF_CREDITS,
        ErrorKind.SPENDING_CAP,
        ErrorKind.DAILY_CAP,
        ErrorKind.UNAVAILABLE,
    }
)


def kind_of(error: BaseException) -> ErrorKind:
    """Return the kind of ``error``: its own for ours, ``UNEXPECTED`` for any other."""
    return error.kind if isinstance(error, SyndicatorError) else ErrorKind.UNEXPECTED


def recorded_kind(error: BaseException, *, doubted: bool) -> ErrorKind:
    """Return the kind to record for a failed attempt.

    When an earlier attempt may have landed (``doubted``), the doubt stays whatever
    this one met: a 429 now must not make the next run skip the look.
    """
    return ErrorKind.IN_DOUBT if doubted else kind_of(error)


def in_doubt(row: Row) -> bool:
    """Tell whether an earlier attempt of ``row`` may have landed."""
    if row.status in ("pending", "unknown"):
        return True
    return row.status == "failed" and row.error_kind not in CERTAIN
