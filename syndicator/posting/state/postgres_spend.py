"""The spend ledger of the PostgreSQL store: the SQLite ledger's table and queries.

``spend.py`` says what the ledger is. Here ``reserve`` takes a transaction-scoped
advisory lock on the network before it sums and writes, as SQLite's immediate
transaction does, so runners on many machines cannot both take the last of a budget.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from contextlib import AbstractContextManager
from datetime import datetime, timedelta
from typing import Any, Literal

import psycopg

from ..budget import Window, first_refusal
from .spend import Refused, Reserved, SpendTotal

__all__ = ["MIGRATION", "PostgresSpendLedger"]

#: The ledger's table, as ``spend.MIGRATION`` creates it in SQLite, under the same name.
MIGRATION = (
    "0002-spend",
    """
    CREATE TABLE spend (
        id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        network     TEXT NOT NULL,
        article_id  TEXT NOT NULL,
        run_id      TEXT NOT NULL,
        at          TIMESTAMPTZ NOT NULL,
        money       BIGINT NOT NULL DEFAULT 0,
        posts       INTEGER NOT NULL DEFAULT 1,
        state       TEXT NOT NULL CHECK (state IN ('reserved', 'spent'))
    );
    CREATE INDEX spend_by_network ON spend (network, at);
    CREATE INDEX spend_by_run ON spend (run_id, network);
    """,
)


class PostgresSpendLedger:
    """The ledger's methods; ``PostgresState`` provides ``_write`` and the clock."""

    _now: Callable[[], datetime]

    def _write(self) -> AbstractContextManager[psycopg.Connection[dict[str, Any]]]:
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
        """Check every window and, when the post fits them all, record it as reserved."""
        now = now or self._now()
        with self._write() as db:
            db.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", (f"spend:{network}",))
            reason = first_refusal(
                checks,
                lambda window: _used(db, network, run_id, window),
                money=money,
                currency=currency,
                interval=interval,
            )
            if reason is not None:
                return Refused(reason)
            record = db.execute(
                "INSERT INTO spend (network, article_id, run_id, at, money, posts, state)"
                " VALUES (%s, %s, %s, %s, %s, 1, 'reserved') RETURNING id",
                (network, article_id, run_id, now, money),
            ).fetchone()
            assert record is not None
            return Reserved(int(record["id"]))

    def settle(self, reserved: Reserved, *, money: int) -> None:
        """Record what the attempt really cost (a thread cut short costs less)."""
        with self._write() as db:
            db.execute(
                "UPDATE spend SET state = 'spent', money = %s WHERE id = %s", (money, reserved.id)
            )

    def release(self, reserved: Reserved) -> None:
        """Forget a reservation: the network certainly did not take (nor bill) the post."""
        with self._write() as db:
            db.execute("DELETE FROM spend WHERE id = %s AND state = 'reserved'", (reserved.id,))

    def spend_totals(
        self, networks: Iterable[str] = (), *, by: Literal["day", "month"] = "day"
    ) -> list[SpendTotal]:
        """Return what each network spent per UTC day or month, newest first."""
        pattern = "YYYY-MM-DD" if by == "day" else "YYYY-MM"
        chosen = list(networks)
        where = " WHERE network = ANY(%(networks)s)" if chosen else ""
        with self._write() as db:
            records = db.execute(
                "SELECT network, to_char(at AT TIME ZONE 'UTC', %(pattern)s) AS period,"
                " SUM(money) AS money, SUM(posts) AS posts FROM spend"
                f"{where} GROUP BY network, period ORDER BY period DESC, network".encode(),
                {"pattern": pattern, "networks": chosen},
            ).fetchall()
        return [
            SpendTotal(
                network=r["network"],
                period=r["period"],
                money=int(r["money"]),
                posts=int(r["posts"]),
            )
            for r in records
        ]


def _used(
    db: psycopg.Connection[dict[str, Any]], network: str, run_id: str, window: Window
) -> tuple[int, datetime | None]:
    """Return what ``window`` already holds for ``network``, and its newest time."""
    column = "money" if window.measure == "money" else "posts"
    if window.since is None:
        query, value = " AND run_id = %s", run_id
    else:
        query = " AND at > %s" if window.rolling else " AND at >= %s"
        value = window.since  # type: ignore[assignment]
    record = db.execute(
        f"SELECT COALESCE(SUM({column}), 0) AS used, MAX(at) AS latest FROM spend"
        f" WHERE network = %s{query}".encode(),
        (network, value),
    ).fetchone()
    assert record is not None
    return int(record["used"]), record["latest"]
