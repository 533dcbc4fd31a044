"""The record of what went where: one row per (article, network), and its lock.

``rows`` holds the row and its statuses, shared by every store; ``sqlite`` is the
store syndicator opens (a file beside the config, or one named with ``--state``);
``lock`` keeps two runs from posting from one state at once; ``spend`` is the
ledger of what each attempt cost, which budgets and pacing read.
"""

from __future__ import annotations

from .lock import locked
from .rows import STATUSES, Row, Status
from .sqlite import State

__all__ = ["STATUSES", "Row", "State", "Status", "locked"]
