"""One run at a time per state: an OS file lock beside the state database."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ...errors import ConfigError, StateError

__all__ = ["locked"]


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
    if not ignore.exists() or (
        ignore.read_text(encoding="utf-8", errors="replace").startswith(_IGNORE_MARK)
        and ignore.read_text(encoding="utf-8", errors="replace") != _IGNORE
    ):
        ignore.write_text(_IGNORE, encoding="utf-8")


_IGNORE_MARK = "# written by syndicator"
#: The session, its temporary copy while it is replaced (``.bluesky-session.tmp``),
#: and the lock; the state database itself stays committable.
_IGNORE = f"{_IGNORE_MARK}: login sessions hold tokens\nbluesky-session\n*.tmp\n*.lock\n"
