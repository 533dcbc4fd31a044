"""One interface to both stores, and the one way to open a state for a run.

``Store`` is what the worker, the first-run rule and the commands use: the SQLite
store (``sqlite.State``, one file, one run at a time behind a file lock) and the
PostgreSQL store (``postgres.PostgresState``, many runners sharing work through
leases) both implement it. ``open_store`` picks one by the target: a path or a URL.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import TYPE_CHECKING, Literal, Protocol, Self

from ...errors import ConfigError, ErrorKind
from ...state_target import StateTarget, is_database_url, shown
from .rows import Row

if TYPE_CHECKING:  # ``history`` opens a store: it needs neither posting nor budgets
    from ...models import Published
    from ..budget import Window
    from .spend import Refused, Reserved, SpendTotal

__all__ = ["Store", "open_for_run", "open_store", "session_folder"]


class Store(Protocol):
    """What went where: a row per (article, network), who may post for an account, what it cost."""

    @property
    def where(self) -> str:
        """The state as messages show it: a path, or a URL with its password masked."""
        ...

    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        traceback: TracebackType | None,
        /,
    ) -> None: ...
    def migrations(self) -> list[str]: ...
    def get(self, article_id: str, network: str) -> Row | None: ...
    def get_many(
        self, article_ids: Sequence[str], networks: Sequence[str]
    ) -> dict[tuple[str, str], Row]:
        """Return the rows of these articles on these networks, by (article, network)."""
        ...

    def known(self, network: str) -> bool: ...
    def history(
        self,
        networks: Iterable[str] = (),
        *,
        statuses: Iterable[str] = (),
        limit: int | None = None,
    ) -> Iterable[Row]: ...
    def begin(
        self, article_id: str, network: str, *, key: str, article_url: str = "", seen: Row | None
    ) -> Row | None: ...
    def mark_published(self, article_id: str, network: str, published: Published) -> None: ...
    def mark_failed(
        self,
        article_id: str,
        network: str,
        *,
        error: str,
        kind: ErrorKind,
        retry_at: datetime | None = None,
    ) -> None: ...
    def mark_unknown(
        self, article_id: str, network: str, *, error: str, kind: ErrorKind
    ) -> None: ...
    def note_error(self, article_id: str, network: str, *, error: str, kind: ErrorKind) -> None: ...
    def mark_skipped(
        self, pairs: Iterable[tuple[str, str, str]], *, networks: Iterable[str] = ()
    ) -> int: ...
    def claim_account(self, network: str, account: str) -> bool:
        """Take or renew the right to post for an account; False while another runner has it."""
        ...

    def release_account(self, network: str, account: str) -> None: ...
    def rows(self) -> list[Row]:
        """Return every row, for a copy (``history`` is for people)."""
        ...

    def known_networks(self) -> list[str]: ...
    def put(self, rows: Iterable[Row], *, networks: Iterable[str] = ()) -> int:
        """Write rows copied from another store, unless ours changed later; return how many."""
        ...

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
    ) -> Reserved | Refused: ...
    def settle(self, reserved: Reserved, *, money: int) -> None: ...
    def release(self, reserved: Reserved) -> None: ...
    def spend_totals(
        self, networks: Iterable[str] = (), *, by: Literal["day", "month"] = "day"
    ) -> list[SpendTotal]: ...


def open_store(
    target: StateTarget,
    *,
    read_only: bool = False,
    lease: float | None = None,
    now: Callable[[], datetime] | None = None,
) -> Store:
    """Open the store at ``target``: a PostgreSQL URL, else a SQLite file.

    ``now`` is the clock the rows' times are read from (the system's by default).
    """
    clock = now or _system_clock
    if isinstance(target, str) and is_database_url(target):
        try:
            from .postgres import DEFAULT_LEASE, PostgresState
        except ImportError:
            raise ConfigError(
                f"{shown(target)}: a PostgreSQL state needs psycopg 3: "
                "pip install 'syndicator[postgres]'"
            ) from None

        return PostgresState.open(
            target, read_only=read_only, lease=lease or DEFAULT_LEASE, now=clock
        )
    from .sqlite import State

    return State.open(Path(target), read_only=read_only, now=clock)


@contextmanager
def open_for_run(
    target: StateTarget,
    *,
    lock_timeout: float,
    lease: float | None = None,
    now: Callable[[], datetime] | None = None,
) -> Iterator[Store]:
    """Open the store for a ``post`` run; a SQLite file is held by one run at a time.

    A PostgreSQL store needs no such lock: its runners share the work account by
    account (``Store.claim_account``).
    """
    from .lock import locked

    hold: AbstractContextManager[None]
    if isinstance(target, str) and is_database_url(target):
        from contextlib import nullcontext

        hold = nullcontext()
    else:
        hold = locked(Path(target), lock_timeout)
    with hold, open_store(target, lease=lease, now=now) as store:
        yield store


def _system_clock() -> datetime:
    return datetime.now(UTC)


def session_folder(target: StateTarget, config_folder: Path) -> Path:
    """Return the folder for login sessions: beside a state file, else ``.syndicator``."""
    if isinstance(target, Path):
        return target.parent
    return config_folder / ".syndicator"
