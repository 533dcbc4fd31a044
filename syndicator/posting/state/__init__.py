"""The record of what went where: one row per (article, network), and its lock.

``rows`` holds the row and its statuses, shared by every store; ``sqlite`` is the
store syndicator opens (a file beside the config, or one named with ``--state``);
``lock`` keeps two runs from posting from one state at once; ``spend`` is the
ledger of what each attempt cost, which budgets and pacing read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .lock import locked
    from .rows import STATUSES, Row, Status
    from .sqlite import State

__all__ = ["STATUSES", "Row", "State", "Status", "locked"]

# Each name loads its module on first use: ``--help`` lists ``history --status`` choices
# from ``rows`` without opening SQLite (tests/cli/test_startup_imports.py).
_HOME = {
    "locked": "lock",
    "STATUSES": "rows",
    "Row": "rows",
    "Status": "rows",
    "State": "sqlite",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
