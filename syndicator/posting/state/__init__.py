"""The record of what went where: one row per (article, network), in one of two stores.

``rows`` holds the row and its statuses, shared by every store; ``store`` is the one
interface (``Store``) and the way to open a state; ``sqlite`` is the default store
(a file beside the config, or one named with ``--state``), ``lock`` keeps two runs
from posting from one file at once; ``postgres`` is the store many runners share
(a ``postgresql://`` URL), loaded only when a URL is given (``syndicator.state_target``
tells a path from a URL and masks a URL's password); ``copy`` moves a state between stores;
``spend`` is the ledger of what each attempt cost, which budgets and pacing read.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ...state_target import StateTarget, is_database_url, shown, state_target
    from .lock import locked
    from .rows import STATUSES, Row, Status
    from .sqlite import State
    from .store import Store, open_for_run, open_store, session_folder

__all__ = [
    "STATUSES",
    "Row",
    "State",
    "StateTarget",
    "Status",
    "Store",
    "is_database_url",
    "locked",
    "open_for_run",
    "open_store",
    "session_folder",
    "shown",
    "state_target",
]

# Each name loads its module on first use: ``--help`` lists ``history --status`` choices
# from ``rows`` without opening SQLite (tests/cli/test_startup_imports.py).
_HOME = {
    "locked": "lock",
    "STATUSES": "rows",
    "Row": "rows",
    "Status": "rows",
    "State": "sqlite",
    "Store": "store",
    "open_for_run": "store",
    "open_store": "store",
    "session_folder": "store",
    "StateTarget": "..state_target",
    "is_database_url": "..state_target",
    "shown": "..state_target",
    "state_target": "..state_target",
}


def __getattr__(name: str) -> Any:
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
