"""The one vocabulary of what became of a post: the state, a run, the summary, the CLI.

The state records one of ``StateStatus`` per (article, network); a ``post`` run reports
one of ``OutcomeStatus``; a ``preview`` one of ``PreviewStatus``. Every word, and the
mark each is shown with in the terminal and in the job summary, is defined here once.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

__all__ = [
    "OUTCOME_STATUSES",
    "STATE_STATUSES",
    "OutcomeStatus",
    "PreviewStatus",
    "StateStatus",
    "Status",
    "emoji",
    "mark",
    "words",
]

#: What the state records: an attempt under way (or its answer lost), its end, or a
#: pair not to post.
StateStatus = Literal["pending", "published", "failed", "skipped", "unknown"]
#: What a ``post`` run did with a pair: ``already_published`` by an earlier run,
#: ``deferred`` (not tried: left for a later run).
OutcomeStatus = Literal[
    "published", "already_published", "skipped", "failed", "unknown", "deferred"
]
#: What a ``preview`` says a ``post`` run would do with a pair.
PreviewStatus = Literal["would_post", "skipped", "failed"]
Status = StateStatus | OutcomeStatus | PreviewStatus

STATE_STATUSES: tuple[StateStatus, ...] = get_args(StateStatus)
OUTCOME_STATUSES: tuple[OutcomeStatus, ...] = get_args(OutcomeStatus)


class _Look(NamedTuple):  # not a dataclass: ``history`` starts with this module
    mark: str  # in the terminal
    emoji: str  # in the job summary


_LOOKS: dict[str, _Look] = {
    "pending": _Look("…", "⏳"),
    "published": _Look("✓", "✅"),
    "already_published": _Look("=", "☑️"),
    "skipped": _Look("-", "⏭️"),
    "deferred": _Look("…", "⏳"),
    "failed": _Look("✗", "❌"),
    "unknown": _Look("?", "❓"),
    "would_post": _Look("›", "📝"),
}


def words(status: Status) -> str:
    """Return ``status`` as people read it ("already published")."""
    return status.replace("_", " ")


def mark(status: Status) -> str:
    """Return the one-character mark of ``status`` in the terminal."""
    return _LOOKS[status].mark


def emoji(status: Status) -> str:
    """Return the mark of ``status`` in the job summary."""
    return _LOOKS[status].emoji
