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
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Literal, cast

from .errors import ConfigError, StateError
from .models import Published
from .redact import redact

__all__ = ["MIGRATIONS", "STATUSES", "Row", "State", "Status", "locked"]

Status = Literal["pending", "published", "failed", "skipped", "unknown"]
STATUSES: tuple[Status, ...] = ("pending", "published", "failed", "skipped", "unknown")

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
)

_BUSY_TIMEOUT_S = 30.0


@dataclass(frozen=True, slots=True, kw_only=True)
class Row:
    """The state of one (article, network)."""

    article_id: str
    network: str
    status: Status
    key: str | None
    remote_id: str | None
    url: str | None
    article_url: str | None
    attempts: int
    last_error: str | None
    error_kind: str | None
    retry_at: datetime | None
    first_attempt_at: datetime | None
    created_at: datetime
    updated_at: datetime


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _stamp(value: datetime | None) -> str | None:
    return value.astimezone(UTC).isoformat(timespec="microseconds") if value else None


def _parse(value: str | None) -> datetime | None:
    return datetime.fromisoformat(value) if value else None


def _row(record: sqlite3.Row) -> Row:
    return Row(
        article_id=record["article_id"],
        network=record["network"],
        status=cast(Status, record["status"]),
        key=record["key"],
        remote_id=record["remote_id"],
        url=record["url"],
        article_url=record["article_url"],
        attempts=record["attempts"],
        last_error=record["last_error"],
        error_kind=record["error_kind"],
        retry_at=_parse(record["retry_at"]),
        first_attempt_at=_parse(record["first_attempt_at"]),
        created_at=datetime.fromisoformat(record["created_at"]),
        updated_at=datetime.fromisoformat(record["updated_at"]),
    )


class State:
    """The state store; safe to share between threads, and between processes via SQLite."""

    def __init__(
        self, path: Path, connection: sqlite3.Connection, now: Callable[[], datetime]
    ) -> None:
        self.path = path
        self._db = connection
        self._now = now
        self._lock = threading.Lock()

    @classmethod
    def open(cls, path: Path, *, now: Callable[[], datetime] = _utcnow) -> State:
        """Open the store at ``path``, creating its folder and schema on first use."""
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
        except sqlite3.DatabaseError as exc:
            db.close()
            raise StateError(f"{path}: not a usable syndicator state database ({exc})") from None
        return state

    def close(self) -> None:
        """Close the database connection."""
        self._db.close()

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
                raise StateError(f"{self.path}: the state database is busy ({exc})") from None
            try:
                yield self._db
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._db.execute("COMMIT")

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
        return _row(record) if record else None

    def known(self, network: str) -> bool:
        """Tell whether a feed or folder was ever read for ``network`` (not a first run)."""
        with self._lock:
            found = self._db.execute("SELECT 1 FROM networks WHERE name = ?", (network,))
            return found.fetchone() is not None

    def history(self, networks: Iterable[str] = ()) -> list[Row]:
        """Return every row (of ``networks`` when given), most recently changed first."""
        chosen = tuple(networks)
        query = "SELECT * FROM posts"
        if chosen:
            query += f" WHERE network IN ({', '.join('?' * len(chosen))})"
        with self._lock:
            records = self._db.execute(query + " ORDER BY updated_at DESC, article_id", chosen)
            return [_row(r) for r in records]

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
        kind: str,
        retry_at: datetime | None = None,
    ) -> None:
        """Record that the last attempt certainly failed; the next run retries it."""
        self._set(
            article_id,
            network,
            "status = 'failed', last_error = ?, error_kind = ?, retry_at = ?",
            (redact(error), kind, _stamp(retry_at)),
        )

    def mark_unknown(self, article_id: str, network: str, *, error: str, kind: str) -> None:
        """Record that nobody can tell whether the last attempt was posted."""
        self._set(
            article_id,
            network,
            "status = 'unknown', last_error = ?, error_kind = ?",
            (redact(error), kind),
        )

    def note_error(self, article_id: str, network: str, *, error: str, kind: str) -> None:
        """Record an error without changing the status (a pending row that stays pending)."""
        self._set(article_id, network, "last_error = ?, error_kind = ?", (redact(error), kind))

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


@contextmanager
def locked(path: Path, timeout: float) -> Iterator[None]:
    """Hold ``<state>.lock`` (waiting up to ``timeout`` s) so two runs never post at once.

    The lock is an OS file lock: it is released when the process ends, even by SIGKILL.
    """
    from filelock import FileLock, Timeout

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Two spellings of one file (a symlink, ../) must share one lock.
        lock_path = Path(f"{path.resolve()}.lock")
        _keep_session_out_of_git(path.parent)
        # Open it once ourselves: a folder we cannot write is not a busy lock.
        with open(lock_path, "a", encoding="utf-8"):
            pass
    except OSError as exc:
        raise ConfigError(
            f"cannot write the state beside {path} ({exc.strerror or exc}); "
            "choose a writable place with --state or the config's state setting"
        ) from None
    lock = FileLock(str(lock_path), timeout=timeout)
    try:
        lock.acquire()
    except Timeout:
        raise StateError(
            f"another syndicator run holds the lock on {path} (waited {timeout:g} s); "
            "let it finish, then run again"
        ) from None
    try:
        yield
    finally:
        lock.release()


def _keep_session_out_of_git(folder: Path) -> None:
    """Write a .gitignore beside the state so a login session is never committed.

    The state file itself may be committed (the Action keeps it on a branch); the
    Bluesky session beside it holds refresh tokens and must not be.
    """
    ignore = folder / ".gitignore"
    if not ignore.exists():
        ignore.write_text(
            "# written by syndicator: login sessions hold tokens\nbluesky-session\n*.lock\n"
        )
