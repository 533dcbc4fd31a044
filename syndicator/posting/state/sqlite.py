"""What went where: a SQLite store of one row per (article, network).

A row's ``status`` is the whole story of exactly-once posting (DESIGN.md rule 5):

    (none) ──begin──► pending ──mark_published──► published
                         │  ▲
          mark_failed    │  │ begin (retry, same key)
                         ▼  │
                       failed          unknown (no way to tell: check by hand)
    (none) ──mark_skipped──► skipped   (seen on a first run, or before ``since``)

Every write is its own short transaction, committed (and synced: WAL with
``synchronous=FULL``) before the method returns, so a ``pending`` row and its key are
on disk before the network is called. The schema is created by named migrations,
recorded in ``migrations(name, applied_at)``; a database holding a migration this
version does not know was written by a newer syndicator and is refused.

What each attempt spent is kept beside the rows, in the ``spend`` ledger
(``state_spend``), which budgets and pacing read.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager, suppress
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING

from ...errors import ConfigError, ErrorKind, NoState, StateError, SyndicatorError
from ...redact import redact
from .rows import HISTORY_INDEXES, Row, history_query, read_row
from .rows import stamp as _stamp
from .spend import MIGRATION as _SPEND_MIGRATION
from .spend import SpendLedger

if TYPE_CHECKING:  # ``history`` reads this store without the posting models
    from ...models import Published

__all__ = ["MIGRATIONS", "State"]


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
            retry_at         TEXT,
            first_attempt_at TEXT,
            created_at       TEXT NOT NULL,
            updated_at       TEXT NOT NULL,
            PRIMARY KEY (article_id, network)
        );
        CREATE INDEX posts_by_network ON posts (network, status);
        CREATE TABLE networks (
            name          TEXT PRIMARY KEY,
            first_seen_at TEXT NOT NULL
        );
        """,
    ),
    _SPEND_MIGRATION,
    ("0003-history-order", HISTORY_INDEXES),
)

_BUSY_TIMEOUT_S = 30.0
#: Articles per query of ``get_many``: far below SQLite's limit of bound values.
_CHUNK = 500


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _cannot_write(path: Path, exc: sqlite3.Error) -> SyndicatorError:
    """Return the one-line error for a write SQLite refused (full disk, read-only file)."""
    text = str(exc)
    if "full" in text:
        return StateError(
            f"{path}: the disk is full ({text}); this step was not recorded and the state "
            "is as it was before it: free some space, then run again"
        )
    if "readonly" in text or "read-only" in text:
        return ConfigError(
            f"{path}: the state database is read-only ({text}); make it and its folder "
            "writable, or choose another place with --state or the config's state setting"
        )
    return StateError(
        f"{path}: cannot write the state database ({text}); is the disk full or failing? "
        "This step was not recorded: run again once it is fixed"
    )


class State(SpendLedger):
    """The state store; safe to share between threads, and between processes via SQLite."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, now: Callable[[], datetime]
    ) -> None:
        self.path = path
        self._db = connection
        self._now = now
        self._lock = threading.Lock()

    @classmethod
    def open(
        cls, path: Path, *, now: Callable[[], datetime] = _utcnow, read_only: bool = False
    ) -> State:
        """Open the store at ``path``, creating its folder and schema on first use.

        ``read_only`` opens an existing store without writing anything, not even its
        journal (``history`` works on a state it may not write).
        """
        if read_only:
            return cls(path, _connect_read_only(path), now)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(
                path, timeout=_BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
            )
        except (OSError, sqlite3.Error) as exc:
            raise StateError(f"{path}: cannot open the state database ({exc})") from None
        db.row_factory = sqlite3.Row
        state = cls(path, db, now)
        try:
            db.execute("PRAGMA journal_mode=WAL")
            db.execute("PRAGMA synchronous=FULL")
            state._migrate()
        except SyndicatorError:
            db.close()
            raise
        except sqlite3.OperationalError as exc:
            db.close()
            raise _cannot_write(path, exc) from None
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StateError(f"{path}: not a usable syndicator state database ({exc})") from None
        return state

    @property
    def where(self) -> str:
        """The state as messages show it."""
        return str(self.path)

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

    def rows(self) -> list[Row]:
        """Return every row, for a copy (``history`` is for people)."""
        with self._lock:
            records = self._db.execute("SELECT * FROM posts ORDER BY network, article_id")
            return [read_row(r, self.path) for r in records]

    def known_networks(self) -> list[str]:
        """Return the networks a feed or folder was ever read for."""
        with self._lock:
            return [r["name"] for r in self._db.execute("SELECT name FROM networks ORDER BY name")]

    def put(self, rows: Iterable[Row], *, networks: Iterable[str] = ()) -> int:
        """Write rows copied from another store, unless ours changed later; return how many."""
        now = _stamp(self._now())
        values = [_copied(row) for row in rows]
        with self._write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO networks (name, first_seen_at) VALUES (?, ?)",
                [(name, now) for name in networks],
            )
            before = db.total_changes
            db.executemany(
                f"INSERT INTO posts ({_COLUMNS}) VALUES ({', '.join('?' * 14)})"
                " ON CONFLICT (article_id, network) DO UPDATE SET "
                + ", ".join(f"{c} = excluded.{c}" for c in _COLUMNS.split(", ")[2:])
                + " WHERE excluded.updated_at > posts.updated_at",
                values,
            )
            return db.total_changes - before

    def claim_account(self, network: str, account: str) -> bool:
        """Say yes: the file lock already keeps every other run out (``locked``)."""
        return True

    def release_account(self, network: str, account: str) -> None:
        """Nothing to give back: the file lock ends with the run."""

    def __enter__(self) -> State:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def _write(self) -> Iterator[sqlite3.Connection]:
        """Run a block in one immediate transaction, committed before returning."""
        with self._lock:
            try:
                self._db.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                if "locked" in str(exc) or "busy" in str(exc):
                    raise StateError(f"{self.path}: the state database is busy ({exc})") from None
                raise _cannot_write(self.path, exc) from None
            try:
                yield self._db
                self._db.execute("COMMIT")
            except BaseException as exc:
                if self._db.in_transaction:
                    with suppress(sqlite3.Error):  # a failed write may have ended it already
                        self._db.execute("ROLLBACK")
                if isinstance(exc, sqlite3.OperationalError):
                    raise _cannot_write(self.path, exc) from None
                raise

    def _migrate(self) -> None:
        with self._write() as db:
            db.execute(
                "CREATE TABLE IF NOT EXISTS migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
            )
            done = {r["name"] for r in db.execute("SELECT name FROM migrations")}
            unknown = done - {name for name, _ in MIGRATIONS}
            if unknown:
                raise StateError(
                    f"{self.path}: written by a newer syndicator (migration "
                    f"{sorted(unknown)[0]}); upgrade syndicator to use it"
                )
            for name, script in MIGRATIONS:
                if name in done:
                    continue
                for statement in filter(str.strip, script.split(";")):
                    db.execute(statement)
                db.execute(
                    "INSERT INTO migrations (name, applied_at) VALUES (?, ?)",
                    (name, _stamp(self._now())),
                )

    def migrations(self) -> list[str]:
        """Return the names of the migrations applied, in order."""
        with self._lock:
            cursor = self._db.execute("SELECT name FROM migrations ORDER BY name")
            return [r["name"] for r in cursor]

    def get(self, article_id: str, network: str) -> Row | None:
        """Return the row of (article, network), or None when never seen."""
        with self._lock:
            record = self._db.execute(
                "SELECT * FROM posts WHERE article_id = ? AND network = ?",
                (article_id, network),
            ).fetchone()
        return read_row(record, self.path) if record else None

    def get_many(
        self, article_ids: Sequence[str], networks: Sequence[str]
    ) -> dict[tuple[str, str], Row]:
        """Return the rows of these articles on these networks, by (article, network)."""
        found: dict[tuple[str, str], Row] = {}
        names = tuple(networks)
        for start in range(0, len(article_ids), _CHUNK):
            ids = tuple(article_ids[start : start + _CHUNK])
            with self._lock:
                records = self._db.execute(
                    f"SELECT * FROM posts WHERE article_id IN ({', '.join('?' * len(ids))})"
                    f" AND network IN ({', '.join('?' * len(names))})",
                    (*ids, *names),
                ).fetchall()
            for record in records:
                row = read_row(record, self.path)
                found[(row.article_id, row.network)] = row
        return found

    def known(self, network: str) -> bool:
        """Tell whether a feed or folder was ever read for ``network`` (not a first run)."""
        with self._lock:
            found = self._db.execute("SELECT 1 FROM networks WHERE name = ?", (network,))
            return found.fetchone() is not None

    def history(
        self,
        networks: Iterable[str] = (),
        *,
        statuses: Iterable[str] = (),
        limit: int | None = None,
    ) -> Iterator[Row]:
        """Yield the rows (of ``networks``, with ``statuses``), most recently changed first.

        At most ``limit`` rows; they are read as they are yielded, a few hundred at a time,
        so a long history costs no more memory than a short one.
        """
        query, params = history_query(networks=networks, statuses=statuses, limit=limit)
        with self._lock:
            cursor = self._db.execute(query, params)
        while True:
            with self._lock:
                records = cursor.fetchmany(500)
            if not records:
                return
            for record in records:
                yield read_row(record, self.path)

    def begin(
        self, article_id: str, network: str, *, key: str, article_url: str = "", seen: Row | None
    ) -> Row | None:
        """Mark a publish attempt as pending (attempts + 1), durably, before it is made.

        ``seen`` is the row as the caller last read it (None: no row). The write happens
        only if the row is still as seen, so two runs can never both claim an attempt;
        it returns the new row, or None when another run changed the row first.
        """
        now = _stamp(self._now())
        with self._write() as db:
            if seen is None:
                cursor = db.execute(
                    "INSERT OR IGNORE INTO posts (article_id, network, status, key, article_url,"
                    " attempts, first_attempt_at, created_at, updated_at)"
                    " VALUES (?, ?, 'pending', ?, ?, 1, ?, ?, ?)",
                    (article_id, network, key, article_url, now, now, now),
                )
            else:
                cursor = db.execute(
                    "UPDATE posts SET status = 'pending', key = ?, attempts = attempts + 1,"
                    " first_attempt_at = COALESCE(first_attempt_at, ?), updated_at = ?"
                    " WHERE article_id = ? AND network = ? AND status = ? AND attempts = ?",
                    (key, now, now, article_id, network, seen.status, seen.attempts),
                )
            claimed = cursor.rowcount == 1
        return self.get(article_id, network) if claimed else None

    def mark_published(self, article_id: str, network: str, published: Published) -> None:
        """Record that the network holds the post: id, URL, and any parts that did not land."""
        self._set(
            article_id,
            network,
            "status = 'published', remote_id = ?, url = ?, last_error = ?,"
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
            "status = 'failed', last_error = ?, error_kind = ?, retry_at = ?",
            (redact(error), kind.value, _stamp(retry_at)),
        )

    def mark_unknown(self, article_id: str, network: str, *, error: str, kind: ErrorKind) -> None:
        """Record that nobody can tell whether the last attempt was posted."""
        self._set(
            article_id,
            network,
            "status = 'unknown', last_error = ?, error_kind = ?",
            (redact(error), kind.value),
        )

    def note_error(self, article_id: str, network: str, *, error: str, kind: ErrorKind) -> None:
        """Record an error without changing the status (a pending row that stays pending)."""
        self._set(
            article_id, network, "last_error = ?, error_kind = ?", (redact(error), kind.value)
        )

    def mark_skipped(
        self, pairs: Iterable[tuple[str, str, str]], *, networks: Iterable[str] = ()
    ) -> int:
        """Record (article id, network, article URL) as seen, not to post; return how many.

        Rows that already exist are left as they are. ``networks`` are recorded as
        known, so that the next run over a feed is not a first run.
        """
        now = _stamp(self._now())
        values = [(a, n, u, now, now) for a, n, u in pairs]
        with self._write() as db:
            db.executemany(
                "INSERT OR IGNORE INTO networks (name, first_seen_at) VALUES (?, ?)",
                [(name, now) for name in networks],
            )
            before = db.total_changes
            db.executemany(
                "INSERT OR IGNORE INTO posts (article_id, network, status, article_url,"
                " created_at, updated_at) VALUES (?, ?, 'skipped', ?, ?, ?)",
                values,
            )
            return db.total_changes - before

    def _set(
        self, article_id: str, network: str, assignments: str, values: tuple[object, ...]
    ) -> None:
        with self._write() as db:
            cursor = db.execute(
                f"UPDATE posts SET {assignments}, updated_at = ?"
                " WHERE article_id = ? AND network = ?",
                (*values, _stamp(self._now()), article_id, network),
            )
            if cursor.rowcount != 1:
                raise StateError(f"{self.path}: no row for {article_id!r} on {network}")


_COLUMNS = (
    "article_id, network, status, key, remote_id, url, article_url, attempts, last_error,"
    " error_kind, retry_at, first_attempt_at, created_at, updated_at"
)


def _copied(row: Row) -> tuple[object, ...]:
    """Return a row's values in ``_COLUMNS`` order, times as this store writes them."""
    return (
        row.article_id,
        row.network,
        row.status,
        row.key,
        row.remote_id,
        row.url,
        row.article_url,
        row.attempts,
        row.last_error,
        row.error_kind.value if row.error_kind else None,
        _stamp(row.retry_at),
        _stamp(row.first_attempt_at),
        _stamp(row.created_at),
        _stamp(row.updated_at),
    )


def _connect_read_only(path: Path) -> sqlite3.Connection:
    """Open an existing store read-only; fall back to immutable when WAL needs a write."""
    if not path.is_file():
        raise NoState(f"{path}: no state database here yet")
    uri = path.resolve().as_uri()
    problem: sqlite3.Error | None = None
    # A WAL database whose folder cannot hold its shared-memory file opens only as
    # immutable: nobody can be writing it from here anyway.
    for options in ("mode=ro", "mode=ro&immutable=1"):
        try:
            db = sqlite3.connect(f"{uri}?{options}", uri=True, check_same_thread=False)
            db.row_factory = sqlite3.Row
            done = {r["name"] for r in db.execute("SELECT name FROM migrations")}
        except sqlite3.Error as exc:
            problem = exc
            continue
        unknown = done - {name for name, _ in MIGRATIONS}
        if unknown:
            db.close()
            raise StateError(
                f"{path}: written by a newer syndicator (migration {sorted(unknown)[0]}); "
                "upgrade syndicator to read it"
            )
        return db
    raise StateError(f"{path}: cannot read the state database ({problem})")
