"""Posting exactly once: the workers, their outcomes, the state they record, crash points.

``worker`` publishes one network's posts in order; ``outcomes`` is what each
(article, network) came to; ``first_run`` holds back what a feed already had;
``budget`` caps what a network may spend and how fast it posts; ``state`` is the
record (with its spend ledger); ``failpoints`` are the named crash points tests arm.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .first_run import first_run_skips
    from .outcomes import Outcome, OutcomeStatus, exit_code
    from .worker import Policy, Worker, in_parallel

__all__ = [
    "Outcome",
    "OutcomeStatus",
    "Policy",
    "Worker",
    "exit_code",
    "first_run_skips",
    "in_parallel",
]

# Each name loads its module on first use: ``history`` reads ``posting.state`` without
# the workers' threads and budgets (tests/cli/test_startup_imports.py).
_HOME = {
    "first_run_skips": "first_run",
    "Outcome": "outcomes",
    "OutcomeStatus": "outcomes",
    "exit_code": "outcomes",
    "Policy": "worker",
    "Worker": "worker",
    "in_parallel": "worker",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
