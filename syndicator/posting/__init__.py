"""Posting exactly once: the workers, their outcomes, the state they record, crash points.

``worker`` publishes one network's posts in order; ``outcomes`` is what each
(article, network) came to; ``first_run`` holds back what a feed already had;
``budget`` caps what a network may spend and how fast it posts; ``state`` is the
record (with its spend ledger); ``failpoints`` are the named crash points tests arm.
"""

from __future__ import annotations

from .first_run import first_run_skips
from .outcomes import Outcome, OutcomeStatus, exit_code
from .worker import Policy, Worker, in_parallel, publish_all

__all__ = [
    "Outcome",
    "OutcomeStatus",
    "Policy",
    "Worker",
    "exit_code",
    "first_run_skips",
    "in_parallel",
    "publish_all",
]
