"""What went where, shared by many runners: the state store in PostgreSQL.

The same rows, statuses and guarantees as the SQLite store: every write is one short
transaction, committed (the server's ``synchronous_commit``) before the method
returns, so a ``pending`` row and its key are durable before the network is called;
named migrations create the schema; a newer schema is refused.

What SQLite does with one file lock per run, this store does with leases, so that
runs on many machines share the work:

- an **account lease** (``accounts``: network, account, runner, lease_until): a
  runner posts for an account only while it holds the lease, so at most one post per
  account is in flight and the account's posts go out in order; other accounts and
  networks go in parallel. The holder renews it before each post; a runner that dies
  stops renewing, and once the lease has expired the next runner takes it over.
- a **row lease** (``posts.runner``, ``posts.lease_until``): ``begin`` claims the
  row with ``FOR UPDATE SKIP LOCKED``, marks it pending and leases it. A pending
  row whose lease is still running belongs to a live runner and is left alone; one
  whose lease expired is in doubt, and is resolved with ``find()`` before a re-send.

Lease times are the server's clock (``now()``), so runners' clocks may disagree.
psycopg is imported only here, and this module only when a state URL is given.
"""

from __future__ import annotations

import os
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from types import TracebackType
from typing import Any

import psycopg
from psycopg.rows import dict_row

from ...errors import ConfigError, ErrorKind, NoState, StateError, SyndicatorError
from ...models import Published
from ...redact import redact, register_secret
from ...state_target import shown
from .postgres_spend import MIGRATION as _SPEND_MIGRATION
from .postgres_spend import PostgresSpendLedger
from .rows import HISTORY_INDEXES, Row, history_query, read_row

__all__ = ["DEFAULT_LEASE", "MIGRATIONS", "PostgresState"]

#: Named migrations, applied in order, each once. Never edit one that has shipped.
MIGRATIONS: tuple[tuple[str, str], ...] = (
    (
        "0001-posts",
        """
        CREATE TABLE posts (
            article_id       TEXT NOT NULL,
            network          TEXT NOT NULL,
            status           TEXT NOT NULL CHECK (status IN
                                 ('pending', 'published', 'failed', 'skipped', 'unknown')),
            key              TEXT,
            remote_id        TEXT,
            url              TEXT,
            article_url      TEXT,
            attempts         INTEGER NOT NULL DEFAULT 0,
            last_error       TEXT,
            error_kind       TEXT,
            retry_at         TIMESTAMPTZ,
            first_attempt_at TIMESTAMPTZ,
            created_at       TIMESTAMPTZ NOT NULL,
            updated_at       TIMESTAMPTZ NOT NULL,
            runner           TEXT,
            lease_until      TIMESTAMPTZ,
            PRIMARY KEY (article_id, network)
        );
        CREATE INDEX posts_by_network ON posts (network, status);
        CREATE TABLE networks (
            name          TEXT PRIMARY KEY,
            first_seen_at TIMESTAMPTZ NOT NULL
        );
        CREATE TABLE accounts (
            network     TEXT NOT NULL,
            account     TEXT NOT NULL,
            runner      TEXT,
            lease_until TIMESTAMPTZ,
            PRIMARY KEY (network, account)
        );
        """,
    ),
    _SPEND_MIGRATION,
    ("0003-history-order", HISTORY_INDEXES),
)

#: Seconds a lease lasts unless renewed: longer than any one publish (the network
#: timeout, 30 s by default, times a thread's parts), short enough that a dead
#: runner's work is taken over within minutes. The config's ``lease`` sets it.
DEFAULT_LEASE = 300.0
_CONNECT_TIMEOUT_S = 10
#: One number for every migration, so runners starting together migrate one at a time.
_MIGRATION_LOCK = 0x5F_53_59_4E
#: True when another live runner holds the row (the server's clock decides).
_ELSEWHERE = (
    "(p.runner IS NOT NULL AND p.runner <> %(runner)s AND p.lease_until > now())"
    " AS in_flight_elsewhere"
)
#: What connecting says when the setting is wrong (exit 2) rather than the server down.
_CONFIG_PROBLEMS = (
    "password authentication failed",
    "no password supplied",
    "does not exist",
    "no pg_hba.conf entry",
    "invalid connection option",
    "invalid sslmode",
    "does not support SSL",
    "invalid integer value",
    'missing "="',
)


#: The columns a copy carries (not the leases).
_COPIED = (
    "article_id, network, status, key, remote_id, url, article_url, attempts, last_error,"
    " error_kind, retry_at, first_attempt_at, created_at, updated_at"
)


def _utcnow() -> datetime:
    return datetime.now(UTC)


def runner_id() -> str:
    """Return a name for this runner, unique across machines: host, process, random."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return " ".join(text[0].split()) if text else type(exc).__name__


def _cannot_connect(where: str, exc: psycopg.Error) -> SyndicatorError:
    """Return the one-line error for a database we cannot connect to."""
    reason = redact(_first_line(exc).removeprefix("connection failed: "))
    if any(problem in reason for problem in _CONFIG_PROBLEMS):
        return ConfigError(
            f"{where}: the state database refused the connection ({reason}); check the "
            "URL, the user and its password (PGPASSWORD or ~/.pgpass), then run again"
        )
    return StateError(
        f"{where}: cannot reach the state database ({reason}); nothing was posted: "
        "check that the server is up and reachable from here, then run again"
    )


def _cannot_use(where: str, exc: psycopg.Error) -> SyndicatorError:
    """Return the one-line error for a statement the server refused."""
    reason = redact(_first_line(exc))
    if isinstance(exc, psycopg.errors.InsufficientPrivilege):
        return ConfigError(
            f"{where}: the database user may not use the state tables ({reason}); grant it "
            "CREATE on the schema and rights on the tables, or use the database's owner"
        )
    if isinstance(exc, psycopg.OperationalError):
        return StateError(
            f"{where}: lost the state database ({reason}); this step was not recorded: "
            "run again once the server is reachable"
        )
    return StateError(f"{where}: the state database refused a write ({reason})")


class PostgresState(PostgresSpendLedger):
    """The state store in PostgreSQL; safe to share between threads and runners."""

    def __init__(
        self,
        where: str,
        connection: psycopg.Connection[dict[str, Any]],
        now: Callable[[], datetime],
        *,
        lease: float,
        runner: str,
    ) -> None:
        self.where = where
        self.runner = runner
        self.lease = lease
        self._db = connection
        self._now = now
        self._lock = threading.Lock()
        #: When this runner last took or renewed each account's lease (monotonic s).
        self._renewed: dict[tuple[str, str], float] = {}

    @classmethod
    def open(
        cls,
        url: str,
        *,
        now: Callable[[], datetime] = _utcnow,
        read_only: bool = False,
        lease: float = DEFAULT_LEASE,
        runner: str | None = None,
    ) -> PostgresState:
        """Connect to the database at ``url``; create or upgrade its schema unless ``read_only``."""
        where = shown(url)
        register_secret(os.environ.get("PGPASSWORD"))  # libpq may send it; never show it
        try:
            db = psycopg.connect(
                url,
                autocommit=True,
                row_factory=dict_row,
                connect_timeout=_CONNECT_TIMEOUT_S,
                application_name="syndicator",
            )
        except psycopg.Error as exc:
            raise _cannot_connect(where, exc) from None
        state = cls(where, db, now, lease=lease, runner=runner or runner_id())
        try:
            state._check_schema(read_only=read_only)
        except BaseException:
            db.close()
            raise
        return state

    def close(self) -> None:
        """Release this runner's account leases and close the connection."""
        try:
            with self._lock, self._db.transaction():
                self._db.execute(
                    "UPDATE accounts SET runner = NULL, lease_until = NULL WHERE runner = %s",
                    (self.runner,),
                )
        except psycopg.Error:
            pass  # the leases expire by themselves
        finally:
            self._db.close()

    def __enter__(self) -> PostgresState:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[psycopg.Connection[dict[str, Any]]]:
        """Run a block in one transaction, committed before returning."""
        with self._lock:
            try:
                with self._db.transaction():
                    yield self._db
            except psycopg.Error as exc:
                raise _cannot_use(self.where, exc) from None

    def _check_schema(self, *, read_only: bool) -> None:
        with self._write() as db:
            if not read_only:
                db.execute("SELECT pg_advisory_xact_lock(%s)", (_MIGRATION_LOCK,))
                db.execute(
                    "CREATE TABLE IF NOT EXISTS migrations"
                    " (name TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL)"
                )
            elif db.execute("SELECT to_regclass('migrations') AS t").fetchone()["t"] is None:  # type: ignore[index]
                raise NoState(f"{self.where}: no syndicator state in this database yet")
            done = {r["name"] for r in db.execute("SELECT name FROM migrations")}
            unknown = done - {name for name, _ in MIGRATIONS}
            if unknown:
                raise StateError(
                    f"{self.where}: written by a newer syndicator (migration "
                    f"{sorted(unknown)[0]}); upgrade syndicator to use it"
                )
            if read_only:
                return
            for name, script in MIGRATIONS:
                if name not in done:
                    db.execute(script.encode())
                    db.execute(
                        "INSERT INTO migrations (name, applied_at) VALUES (%s, %s)",
                        (name, self._now()),
                    )

    def migrations(self) -> list[str]:
        """Return the names of the migrations applied, in order."""
        with self._write() as db:
            return [r["name"] for r in db.execute("SELECT name FROM migrations ORDER BY name")]

    def get(self, article_id: str, network: str) -> Row | None:
        """Return the row of (article, network), or None when never seen."""
        with self._write() as db:
            record = db.execute(
                f"SELECT p.*, {_ELSEWHERE} FROM posts p"
                " WHERE article_id = %(article)s AND network = %(network)s",
                {"article": article_id, "network": network, "runner": self.runner},
            ).fetchone()
        return read_row(record, self.where) if record else None

    def get_many(
        self, article_ids: Sequence[str], networks: Sequence[str]
    ) -> dict[tuple[str, str], Row]:
        """Return the rows of these articles on these networks, by (article, network)."""
        with self._write() as db:
            records = db.execute(
                f"SELECT p.*, {_ELSEWHERE} FROM posts p"
                " WHERE article_id = ANY(%(articles)s) AND network = ANY(%(networks)s)",
                {"articles": list(article_ids), "networks": list(networks), "runner": self.runner},
            ).fetchall()
        rows = (read_row(r, self.where) for r in records)
        return {(row.article_id, row.network): row for row in rows}

    def known(self, network: str) -> bool:
        """Tell whether a feed or folder was ever read for ``network`` (not a first run)."""
        with self._write() as db:
            found = db.execute("SELECT 1 FROM networks WHERE name = %s", (network,))
            return found.fetchone() is not None

    def history(
        self,
        networks: Iterable[str] = (),
        *,
        statuses: Iterable[str] = (),
        limit: int | None = None,
    ) -> list[Row]:
        """Return the rows (of ``networks``, with ``statuses``), most recently changed first.

        The SQLite store's query (``rows.history_query``), at most ``limit`` rows.
        """
        query, params = history_query(
            networks=networks, statuses=statuses, limit=limit, placeholder="%s"
        )
        with self._write() as db:
            return [read_row(r, self.where) for r in db.execute(query.encode(), params)]

    def rows(self) -> list[Row]:
        """Return every row, for a copy (``history`` is for people)."""
        with self._write() as db:
            records = db.execute("SELECT * FROM posts ORDER BY network, article_id").fetchall()
        return [read_row(r, self.where) for r in records]

    def known_networks(self) -> list[str]:
        """Return the networks a feed or folder was ever read for."""
        with self._write() as db:
            return [r["name"] for r in db.execute("SELECT name FROM networks ORDER BY name")]

    def put(self, rows: Iterable[Row], *, networks: Iterable[str] = ()) -> int:
        """Write rows copied from another store, unless ours changed later; return how many.

        Leases do not travel: a copied ``pending`` row is in doubt, for ``find()``.
        """
        now = self._now()
        values = [
            (
                r.article_id,
                r.network,
                r.status,
                r.key,
                r.remote_id,
                r.url,
                r.article_url,
                r.attempts,
                r.last_error,
                r.error_kind.value if r.error_kind else None,
                r.retry_at,
                r.first_attempt_at,
                r.created_at,
                r.updated_at,
            )
            for r in rows
        ]
        columns = _COPIED.split(", ")
        with self._write() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO networks (name, first_seen_at) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [(name, now) for name in networks],
            )
            if not values:
                return 0
            cursor.executemany(
                f"INSERT INTO posts ({_COPIED}) VALUES ({', '.join(['%s'] * len(columns))})"
                " ON CONFLICT (article_id, network) DO UPDATE SET "
                + ", ".join(f"{c} = EXCLUDED.{c}" for c in columns[2:])
                + ", runner = NULL, lease_until = NULL"
                " WHERE EXCLUDED.updated_at > posts.updated_at",
                values,
            )
            return cursor.rowcount

    def claim_account(self, network: str, account: str) -> bool:
        """Take or renew the lease on an account; False while another live runner holds it.

        Taking over an expired lease ends the dead runner's row leases on that network
        too (a runner posts for one account per network): its pending rows are then
        in doubt, for ``find()`` to resolve, rather than in flight.
        """
        held = self._renewed.get((network, account))
        if held is not None and time.monotonic() - held < self.lease / 4:
            return True  # renewed lately: most of the lease is left, nobody can have it
        taken = time.monotonic()
        names = {"network": network, "account": account, "runner": self.runner}
        with self._write() as db:
            db.execute(
                "INSERT INTO accounts (network, account) VALUES (%(network)s, %(account)s)"
                " ON CONFLICT DO NOTHING",
                names,
            )
            holder = db.execute(
                "SELECT runner, lease_until > now() AS live FROM accounts"
                " WHERE network = %(network)s AND account = %(account)s FOR UPDATE",
                names,
            ).fetchone()
            assert holder is not None
            previous = holder["runner"]
            if previous not in (None, self.runner) and holder["live"]:
                return False
            db.execute(
                "UPDATE accounts SET runner = %(runner)s,"
                " lease_until = now() + %(lease)s * interval '1 second'"
                " WHERE network = %(network)s AND account = %(account)s",
                {**names, "lease": self.lease},
            )
            if previous not in (None, self.runner):
                db.execute(
                    "UPDATE posts SET runner = NULL, lease_until = NULL"
                    " WHERE network = %(network)s AND runner = %(previous)s",
                    {**names, "previous": previous},
                )
        self._renewed[(network, account)] = taken
        return True

    def release_account(self, network: str, account: str) -> None:
        """Give the lease on an account back, if this runner still holds it."""
        self._renewed.pop((network, account), None)
        with self._write() as db:
            db.execute(
                "UPDATE accounts SET runner = NULL, lease_until = NULL"
                " WHERE network = %s AND account = %s AND runner = %s",
                (network, account, self.runner),
            )

    def begin(
        self, article_id: str, network: str, *, key: str, article_url: str = "", seen: Row | None
    ) -> Row | None:
        """Mark a publish attempt as pending and leased to this runner, durably, before it is made.

        ``seen`` is the row as the caller last read it (None: no row). The row is
        claimed ``FOR UPDATE SKIP LOCKED``, and written only if it is still as seen
        and not leased to another live runner; it returns the new row, or None when
        another runner has it.
        """
        now = self._now()
        values = {
            "article": article_id,
            "network": network,
            "key": key,
            "article_url": article_url,
            "now": now,
            "runner": self.runner,
            "lease": self.lease,
        }
        with self._write() as db:
            if seen is None:
                cursor = db.execute(
                    "INSERT INTO posts (article_id, network, status, key, article_url, attempts,"
                    " first_attempt_at, created_at, updated_at, runner, lease_until)"
                    " VALUES (%(article)s, %(network)s, 'pending', %(key)s, %(article_url)s, 1,"
                    " %(now)s, %(now)s, %(now)s, %(runner)s,"
                    " now() + %(lease)s * interval '1 second')"
                    " ON CONFLICT DO NOTHING RETURNING *",
                    values,
                )
            else:
                cursor = db.execute(
                    "WITH claimed AS (SELECT article_id, network FROM posts"
                    "   WHERE article_id = %(article)s AND network = %(network)s"
                    "   AND status = %(status)s AND attempts = %(attempts)s"
                    "   AND (runner IS NULL OR runner = %(runner)s OR lease_until <= now())"
                    "   FOR UPDATE SKIP LOCKED)"
                    " UPDATE posts p SET status = 'pending', key = %(key)s,"
                    " attempts = p.attempts + 1,"
                    " first_attempt_at = COALESCE(p.first_attempt_at, %(now)s),"
                    " updated_at = %(now)s, runner = %(runner)s,"
                    " lease_until = now() + %(lease)s * interval '1 second'"
                    " FROM claimed WHERE p.article_id = claimed.article_id"
                    " AND p.network = claimed.network RETURNING p.*",
                    {**values, "status": seen.status, "attempts": seen.attempts},
                )
            record = cursor.fetchone()
        return read_row(record, self.where) if record else None

    def mark_published(self, article_id: str, network: str, published: Published) -> None:
        """Record that the network holds the post: id, URL, and any parts that did not land."""
        self._set(
            article_id,
            network,
            "status = 'published', remote_id = %s, url = %s, last_error = %s,"
            " error_kind = NULL, retry_at = NULL",
            (published.id, published.url, redact(published.incomplete or "") or None),
        )

    def mark_failed(
        self,
        article_id: str,
        network: str,
        *,
        error: str,
        kind: ErrorKind,
        retry_at: datetime | None = None,
    ) -> None:
        """Record that the last attempt certainly failed; the next run retries it."""
        self._set(
            article_id,
            network,
            "status = 'failed', last_error = %s, error_kind = %s, retry_at = %s",
            (redact(error), kind.value, retry_at),
        )

    def mark_unknown(self, article_id: str, network: str, *, error: str, kind: ErrorKind) -> None:
        """Record that nobody can tell whether the last attempt was posted."""
        self._set(
            article_id,
            network,
            "status = 'unknown', last_error = %s, error_kind = %s",
            (redact(error), kind.value),
        )

    def note_error(self, article_id: str, network: str, *, error: str, kind: ErrorKind) -> None:
        """Record an error without changing the status (a pending row that stays pending)."""
        self._set(
            article_id, network, "last_error = %s, error_kind = %s", (redact(error), kind.value)
        )

    def mark_skipped(
        self, pairs: Iterable[tuple[str, str, str]], *, networks: Iterable[str] = ()
    ) -> int:
        """Record (article id, network, article URL) as seen, not to post; return how many.

        Rows that already exist are left as they are. ``networks`` are recorded as
        known, so that the next run over a feed is not a first run.
        """
        now = self._now()
        rows = [(a, n, u, now, now) for a, n, u in pairs]
        with self._write() as db, db.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO networks (name, first_seen_at) VALUES (%s, %s) ON CONFLICT DO NOTHING",
                [(name, now) for name in networks],
            )
            added = 0
            if rows:
                cursor.executemany(
                    "INSERT INTO posts (article_id, network, status, article_url,"
                    " created_at, updated_at) VALUES (%s, %s, 'skipped', %s, %s, %s)"
                    " ON CONFLICT DO NOTHING",
                    rows,
                    returning=False,
                )
                added = cursor.rowcount
            return added

    def _set(
        self, article_id: str, network: str, assignments: str, values: tuple[object, ...]
    ) -> None:
        """Update one row; its lease ends, whatever the new status."""
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE posts SET {assignments}, updated_at = %s, runner = NULL,"
                " lease_until = NULL WHERE article_id = %s AND network = %s".encode(),
                (*values, self._now(), article_id, network),
            )
            if cursor.rowcount != 1:
                raise StateError(f"{self.where}: no row for {article_id!r} on {network}")
