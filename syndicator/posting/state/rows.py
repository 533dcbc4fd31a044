"""One state row, read back safely: a value edited by hand never becomes a traceback.

The state file may be committed to a repository and edited by hand. A retry time that
is not a time is unknown (retried now); a status, count or date the rest of the code
cannot work with is one ``StateError`` naming the file, the row and the value.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol, cast

from ...errors import ErrorKind, StateError
from ...statuses import STATE_STATUSES as STATUSES
from ...statuses import StateStatus as Status

__all__ = ["HISTORY_INDEXES", "STATUSES", "Row", "Status", "history_query", "read_row", "stamp"]

#: The indexes ``history_query``'s order walks: the newest rows come first without a
#: sort, and a history that stops after N rows reads N (plus the rows its filters skip);
#: ``--status failed``, the usual question, reads only the failed rows.
HISTORY_INDEXES = (
    "CREATE INDEX posts_by_update ON posts (updated_at DESC, article_id);"
    "CREATE INDEX posts_by_status ON posts (status, updated_at DESC, article_id)"
)


def history_query(
    *,
    networks: Iterable[str] = (),
    statuses: Iterable[str] = (),
    limit: int | None = None,
    placeholder: str = "?",
) -> tuple[str, list[object]]:
    """Return the SQL and parameters of a history: filtered, newest first, at most ``limit``.

    Every store runs this same query (``placeholder``: its parameter mark, ``%s`` for
    PostgreSQL), so a history reads alike whichever store holds it.
    """
    where: list[str] = []
    params: list[object] = []
    for column, values in (("network", tuple(networks)), ("status", tuple(statuses))):
        if values:
            where.append(f"{column} IN ({', '.join([placeholder] * len(values))})")
            params.extend(values)
    query = "SELECT * FROM posts"
    if where:
        query += " WHERE " + " AND ".join(where)
    query += " ORDER BY updated_at DESC, article_id"
    if limit is not None:
        query += f" LIMIT {placeholder}"
        params.append(limit)
    return query, params


class Record(Protocol):
    """A row as a database driver returns it: a sqlite3.Row, a psycopg dict_row."""

    def __getitem__(self, column: str, /) -> Any: ...


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
    error_kind: ErrorKind | None
    retry_at: datetime | None
    first_attempt_at: datetime | None
    created_at: datetime
    updated_at: datetime
    #: Whether another live runner holds this row's lease (a shared store only): it
    #: is in flight there, and nobody else may look for it or send it.
    in_flight_elsewhere: bool = False


def stamp(value: datetime | None) -> str | None:
    """Return a datetime as the state stores it (UTC ISO-8601, microseconds)."""
    return value.astimezone(UTC).isoformat(timespec="microseconds") if value else None


def _time(value: object) -> datetime | None:
    """Return a stored time as an aware datetime; None when absent or not a time."""
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def read_row(record: Record, path: Path | str) -> Row:
    """Return a database record as a Row; raise StateError naming a value it cannot use.

    ``path`` is the state as messages show it: a file, or a URL with its password masked.
    """
    where = f"{path}: the row of {record['article_id']!r} on {record['network']}"
    tool = f"sqlite3 {path}" if isinstance(path, Path) else "psql"
    fix = f"correct or delete that row ({tool})"
    status = record["status"]
    if status not in STATUSES:
        raise StateError(
            f"{where} has status {str(status)[:40]!r}, not one of {', '.join(STATUSES)}; {fix}"
        )
    attempts = record["attempts"]
    if not isinstance(attempts, int) or isinstance(attempts, bool):
        raise StateError(f"{where} has attempts {str(attempts)[:40]!r}, not a number; {fix}")
    times = {}
    for column in ("created_at", "updated_at"):
        value = _time(record[column])
        if value is None:
            raise StateError(f"{where} has {column} {str(record[column])[:40]!r}; {fix}")
        times[column] = value
    return Row(
        article_id=str(record["article_id"]),
        network=str(record["network"]),
        status=cast(Status, status),
        key=_text(record["key"]),
        remote_id=_text(record["remote_id"]),
        url=_text(record["url"]),
        article_url=_text(record["article_url"]),
        attempts=attempts,
        last_error=_text(record["last_error"]),
        error_kind=_kind(record["error_kind"]),
        # Not a time: unknown, so the post is retried rather than deferred forever.
        retry_at=_time(record["retry_at"]),
        first_attempt_at=_time(record["first_attempt_at"]),
        created_at=times["created_at"],
        updated_at=times["updated_at"],
        in_flight_elsewhere=bool(_get(record, "in_flight_elsewhere")),
    )


#: The kinds as versions before ErrorKind stored them: the class name of the error.
_CLASS_NAMES = {
    "UsageError": ErrorKind.USAGE,
    "MediaError": ErrorKind.MEDIA,
    "StateError": ErrorKind.STATE,
    "AuthError": ErrorKind.AUTH,
    "RateLimited": ErrorKind.RATE_LIMITED,
    "OverQuota": ErrorKind.OVER_QUOTA,
    "OutOfCredits": ErrorKind.OUT_OF_CREDITS,
    "SpendingCap": ErrorKind.SPENDING_CAP,
    "DailyCap": ErrorKind.DAILY_CAP,
    "Rejected": ErrorKind.REJECTED,
    "Duplicate": ErrorKind.DUPLICATE,
    "Unavailable": ErrorKind.UNAVAILABLE,
    "CannotTell": ErrorKind.CANNOT_TELL,
    "NetworkError": ErrorKind.NETWORK,
    "InDoubt": ErrorKind.IN_DOUBT,
}


def _kind(value: object) -> ErrorKind | None:
    """Return a stored error kind; one this version does not know is unexpected (in doubt)."""
    if value is None or value == "":
        return None
    try:
        return ErrorKind(str(value))
    except ValueError:
        return _CLASS_NAMES.get(str(value), ErrorKind.UNEXPECTED)


def _get(record: Record, column: str) -> Any:
    """Return a column a store may not have (SQLite has no leases), else None."""
    try:
        return record[column]
    except (KeyError, IndexError):
        return None


def _text(value: object) -> str | None:
    return None if value is None else str(value)
