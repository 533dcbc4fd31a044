"""What each run spent, per network, in the state: the ledger budgets and pacing read.

One ``spend`` row per publish attempt that got past the budget: ``reserve`` checks
every window and writes the row ``reserved`` in one immediate transaction, so two runs
at once cannot both take the last of a budget. After the attempt, ``settle`` records
what was really spent (``spent``), or ``release`` removes the row when the network
certainly refused the post (X bills only requests that succeed). A row left
``reserved`` (an attempt in doubt) keeps counting: the budget errs on the safe side.

Money is in micro-units (``pricing.MICROS``). A PostgreSQL store mirrors the table
(see ``MIGRATION``) and the same queries.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from datetime import datetime, timedelta
from threading import Lock
from typing import TYPE_CHECKING, Literal

from .rows import stamp

if TYPE_CHECKING:
    from ..budget import Window

__all__ = ["MIGRATION", "Refused", "Reserved", "SpendLedger", "SpendTotal"]

#: The named migration that creates the ledger (SQLite; PostgreSQL mirrors it).
MIGRATION = (
    "0002-spend",
    """
    CREATE TABLE spend (
        id          INTEGER PRIMARY KEY,
        network     TEXT NOT NULL,
        article_id  TEXT NOT NULL,
        run_id      TEXT NOT NULL,
        at          TEXT NOT NULL,
        money       INTEGER NOT NULL DEFAULT 0,
        posts       INTEGER NOT NULL DEFAULT 1,
        state       TEXT NOT NULL CHECK (state IN ('reserved', 'spent'))
    );
    CREATE INDEX spend_by_network ON spend (network, at);
    CREATE INDEX spend_by_run ON spend (run_id, network)
    """,
)


@dataclass(frozen=True, slots=True)
class Reserved:
    """A ledger row taken for one attempt: settle or release it afterwards."""

    id: int


@dataclass(frozen=True, slots=True)
class Refused:
    """No room in a window: ``reason`` is the one line the run shows."""

    reason: str


@dataclass(frozen=True, slots=True, kw_only=True)
class SpendTotal:
    """What one network spent in one day (``YYYY-MM-DD``) or month (``YYYY-MM``)."""

    network: str
    period: str
    money: int
    posts: int


class SpendLedger:
    """The ledger's methods; ``State`` provides the connection, its lock and its clock."""

    _db: sqlite3.Connection
    _lock: Lock
    _now: Callable[[], datetime]

    def _write(self) -> AbstractContextManager[sqlite3.Connection]:
        raise NotImplementedError

    def reserve(
        self,
        network: str,
        article_id: str,
        *,
        run_id: str,
        money: int,
        checks: Sequence[Window],
        currency: str | None = None,
        interval: timedelta | None = None,
        now: datetime | None = None,
    ) -> Reserved | Refused:
        """Check every window and, when the post fits them all, record it as reserved.

        ``now`` is the run's clock (the store's own by default): the time recorded.
        """
        from ..budget import first_refusal  # budgets and pricing: only for a run that posts

        now = now or self._now()
        with self._write() as db:
            reason = first_refusal(
                checks,
                lambda window: _used(db, network, run_id, window),
                money=money,
                currency=currency,
                interval=interval,
            )
            if reason is not None:
                return Refused(reason)
            cursor = db.execute(
                "INSERT INTO spend (network, article_id, run_id, at, money, posts, state)"
                " VALUES (?, ?, ?, ?, ?, 1, 'reserved')",
                (network, article_id, run_id, stamp(now), money),
            )
            assert cursor.lastrowid is not None
            return Reserved(cursor.lastrowid)

    def settle(self, reserved: Reserved, *, money: int) -> None:
        """Record what the attempt really cost (a thread cut short costs less)."""
        with self._write() as db:
            db.execute(
                "UPDATE spend SET state = 'spent', money = ? WHERE id = ?", (money, reserved.id)
            )

    def release(self, reserved: Reserved) -> None:
        """Forget a reservation: the network certainly did not take (nor bill) the post."""
        with self._write() as db:
            db.execute("DELETE FROM spend WHERE id = ? AND state = 'reserved'", (reserved.id,))

    def spend_totals(
        self, networks: Iterable[str] = (), *, by: Literal["day", "month"] = "day"
    ) -> list[SpendTotal]:
        """Return what each network spent per UTC day or month, newest first."""
        width = 10 if by == "day" else 7
        chosen = tuple(networks)
        where = f" WHERE network IN ({', '.join('?' * len(chosen))})" if chosen else ""
        with self._lock:
            try:
                records = self._db.execute(
                    f"SELECT network, substr(at, 1, {width}) AS period, SUM(money) AS money,"
                    f" SUM(posts) AS posts FROM spend{where}"
                    " GROUP BY network, period ORDER BY period DESC, network",
                    chosen,
                ).fetchall()
            except sqlite3.OperationalError as exc:
                if "no such table" not in str(exc):
                    raise
                return []  # a state written before the ledger, opened read-only
        return [
            SpendTotal(network=r["network"], period=r["period"], money=r["money"], posts=r["posts"])
            for r in records
        ]


def _used(
    db: sqlite3.Connection, network: str, run_id: str, window: Window
) -> tuple[int, datetime | None]:
    """Return what ``window`` already holds for ``network``, and its newest time."""
    column = "money" if window.measure == "money" else "posts"
    if window.since is None:
        query, value = " AND run_id = ?", run_id
    else:
        query = " AND at > ?" if window.rolling else " AND at >= ?"
        value = stamp(window.since) or ""
    record = db.execute(
        f"SELECT COALESCE(SUM({column}), 0) AS used, MAX(at) AS latest FROM spend"
        " WHERE network = ?" + query,
        (network, value),
    ).fetchone()
    latest = datetime.fromisoformat(record["latest"]) if record["latest"] else None
    return int(record["used"]), latest
