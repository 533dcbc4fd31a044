"""The state store: schema and migrations, statuses, durability, and no secret kept."""

from __future__ import annotations

import sqlite3
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicator.errors import ErrorKind, StateError
from syndicator.models import Published
from syndicator.posting.state import State, locked
from syndicator.posting.state.rows import history_query
from syndicator.posting.state.sqlite import MIGRATIONS
from syndicator.redact import register_secret


def test_open_creates_the_folder_the_schema_and_wal(tmp_path: Path) -> None:
    path = tmp_path / ".syndicator" / "state.db"
    with State.open(path) as state:
        assert state.migrations() == [name for name, _ in MIGRATIONS]
    assert path.is_file()
    db = sqlite3.connect(path)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert {"migrations", "posts", "networks"} <= tables


def test_reopening_applies_no_migration_twice(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    State.open(path).close()
    with State.open(path) as state:
        assert len(state.migrations()) == len(MIGRATIONS)


def test_a_newer_schema_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    State.open(path).close()
    db = sqlite3.connect(path)
    db.execute("INSERT INTO migrations VALUES ('9999-from-the-future', 'now')")
    db.commit()
    db.close()
    with pytest.raises(StateError, match="newer syndicator"):
        State.open(path)


def test_a_file_that_is_not_a_database_is_a_state_error(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    path.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StateError, match="state database"):
        State.open(path)


def test_a_post_goes_from_pending_to_published(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        assert state.get("a1", "mastodon") is None
        row = state.begin("a1", "mastodon", key="k1", article_url="https://b/1", seen=None)
        assert row is not None
        assert (row.status, row.key, row.attempts) == ("pending", "k1", 1)
        assert row.first_attempt_at is not None
        state.mark_published("a1", "mastodon", Published(network="mastodon", id="9", url="u9"))
        done = state.get("a1", "mastodon")
        assert done is not None
        assert (done.status, done.remote_id, done.url, done.key) == ("published", "9", "u9", "k1")


def test_the_pending_row_is_on_disk_before_begin_returns(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with State.open(path) as state:
        state.begin("a1", "x", key="k", seen=None)
        # Another connection (another process after a crash) sees it at once.
        other = sqlite3.connect(path)
        assert other.execute("SELECT status, key FROM posts").fetchall() == [("pending", "k")]


def test_a_retry_keeps_the_key_and_counts_attempts(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        first = state.begin("a1", "x", key="k", seen=None)
        state.mark_failed("a1", "x", error="503", kind=ErrorKind.UNAVAILABLE)
        failed = state.get("a1", "x")
        assert failed is not None
        assert failed.status == "failed"
        second = state.begin("a1", "x", key="k", seen=failed)
        assert second is not None
        assert first is not None
        assert (second.attempts, second.key) == (2, "k")
        assert second.first_attempt_at == first.first_attempt_at


def test_begin_refuses_a_row_changed_by_someone_else(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        assert state.begin("a1", "x", key="k", seen=None) is not None
        assert state.begin("a1", "x", key="k", seen=None) is None  # a second claim loses
        row = state.get("a1", "x")
        assert row is not None
        state.mark_failed("a1", "x", error="e", kind=ErrorKind.UNAVAILABLE)
        assert state.begin("a1", "x", key="k", seen=row) is None  # stale view: refused


def test_only_one_of_many_threads_claims_a_new_row(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    State.open(path).close()
    wins: list[bool] = []

    def claim() -> None:
        with State.open(path) as state:
            wins.append(state.begin("a1", "x", key="k", seen=None) is not None)

    threads = [threading.Thread(target=claim) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(wins) == [False] * 7 + [True]


def test_errors_are_stored_redacted(tmp_path: Path) -> None:
    secret = "s3cr3t-token-value-123"
    register_secret(secret)
    with State.open(tmp_path / "s.db") as state:
        state.begin("a1", "mastodon", key="k", seen=None)
        state.mark_failed("a1", "mastodon", error=f"401 with {secret}", kind=ErrorKind.AUTH)
        row = state.get("a1", "mastodon")
        assert row is not None
        assert row.last_error is not None
        assert secret not in row.last_error
    assert secret.encode() not in (tmp_path / "s.db").read_bytes()


def test_rate_limit_time_is_kept(tmp_path: Path) -> None:
    when = datetime(2030, 1, 2, 3, 4, 5, tzinfo=UTC)
    with State.open(tmp_path / "s.db") as state:
        state.begin("a1", "x", key="k", seen=None)
        state.mark_failed("a1", "x", error="429", kind=ErrorKind.RATE_LIMITED, retry_at=when)
        row = state.get("a1", "x")
        assert row is not None
        assert row.retry_at == when


def test_skipped_rows_and_known_networks(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        assert not state.known("bluesky")
        added = state.mark_skipped(
            [("a1", "bluesky", "u1"), ("a2", "bluesky", "u2")], networks=["bluesky"]
        )
        assert added == 2
        assert state.known("bluesky")
        assert not state.known("x")
        # A row that exists is left alone.
        state.begin("a3", "bluesky", key="k", seen=None)
        assert state.mark_skipped([("a3", "bluesky", "u3")]) == 0
        row = state.get("a3", "bluesky")
        assert row is not None
        assert row.status == "pending"


def test_unknown_and_note_error(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state:
        state.begin("a1", "x", key="k", seen=None)
        state.note_error("a1", "x", error="timeout", kind=ErrorKind.UNAVAILABLE)
        row = state.get("a1", "x")
        assert row is not None
        assert (row.status, row.last_error) == ("pending", "timeout")
        state.mark_unknown("a1", "x", error="cannot tell", kind=ErrorKind.CANNOT_TELL)
        row = state.get("a1", "x")
        assert row is not None
        assert row.status == "unknown"


def test_history_lists_newest_first_and_filters(tmp_path: Path) -> None:
    ticks = iter(datetime(2030, 1, 1, 0, 0, s, tzinfo=UTC) for s in range(60))
    with State.open(tmp_path / "s.db", now=lambda: next(ticks)) as state:
        state.begin("a1", "x", key="k1", seen=None)
        state.begin("a2", "mastodon", key="k2", seen=None)
        assert [r.article_id for r in state.history()] == ["a2", "a1"]
        assert [r.article_id for r in state.history(["x"])] == ["a1"]


def test_history_filters_orders_and_stops_in_sql(tmp_path: Path) -> None:
    ticks = iter(datetime(2030, 1, 1, 0, 0, s, tzinfo=UTC) for s in range(60))
    with State.open(tmp_path / "s.db", now=lambda: next(ticks)) as state:
        for index in range(6):
            state.begin(f"a{index}", "x", key=f"k{index}", seen=None)
        state.mark_failed("a1", "x", error="refused", kind=ErrorKind.REJECTED)  # now the newest
        newest = state.history(statuses=["pending"], limit=2)
        assert [r.article_id for r in newest] == ["a5", "a4"]
        assert [r.article_id for r in state.history(statuses=["failed"], limit=2)] == ["a1"]
        assert len(list(state.history(["mastodon"]))) == 0
        # The newest rows are read from an index, without sorting the table.
        for statuses, index in (((), "posts_by_update"), (["failed"], "posts_by_status")):
            query, params = history_query(statuses=statuses, limit=50)
            plan = state._db.execute(f"EXPLAIN QUERY PLAN {query}", params).fetchall()
            assert index in str(plan[-1][-1])
            assert "TEMP B-TREE" not in str(plan)


def test_marking_a_missing_row_is_an_error(tmp_path: Path) -> None:
    with State.open(tmp_path / "s.db") as state, pytest.raises(StateError):
        state.mark_failed("nope", "x", error="e", kind=ErrorKind.REJECTED)


def test_the_lock_is_exclusive_and_times_out_with_a_clear_message(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with locked(path, timeout=1):
        failure: list[BaseException] = []

        def second() -> None:
            try:
                with locked(path, timeout=0.05):
                    pass
            except StateError as exc:
                failure.append(exc)

        thread = threading.Thread(target=second)
        thread.start()
        thread.join()
    assert failure
    assert "another syndicator run holds the lock" in str(failure[0])
    with locked(path, timeout=0.05):  # released: free again
        pass


def test_an_unwritable_state_place_is_named_at_once_not_taken_for_a_busy_lock(
    tmp_path: Path,
) -> None:
    from syndicator.errors import ConfigError
    from syndicator.posting.state import locked

    blocker = tmp_path / "file.txt"
    blocker.write_text("not a folder", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"cannot write the state beside .*file\.txt"):  # noqa: SIM117
        with locked(blocker / "state.db", timeout=300):
            pass


def test_the_state_folder_keeps_login_sessions_out_of_git(tmp_path: Path) -> None:
    from syndicator.posting.state import locked

    with locked(tmp_path / "data" / "state.db", timeout=5):
        pass
    ignored = (tmp_path / "data" / ".gitignore").read_text(encoding="utf-8").splitlines()
    assert "bluesky-session" in ignored


def test_two_spellings_of_one_state_file_share_one_lock(tmp_path: Path) -> None:
    from syndicator.errors import StateError
    from syndicator.posting.state import locked

    real = tmp_path / "real" / "state.db"
    real.parent.mkdir()
    real.touch()
    (tmp_path / "link.db").symlink_to(real)
    with locked(real, timeout=5), pytest.raises(StateError, match="holds the lock"):  # noqa: SIM117
        with locked(tmp_path / "link.db", timeout=0.2):
            pass


def test_git_ignores_sessions_their_temp_files_and_locks_but_not_the_state(
    tmp_path: Path,
) -> None:
    import shutil
    import subprocess

    git = shutil.which("git")
    assert git is not None, "git is needed to check what the state folder ignores"
    subprocess.run([git, "init", "-q", str(tmp_path)], check=True)
    folder = tmp_path / ".syndicator"
    folder.mkdir()
    # A .gitignore written by an older version is brought up to date.
    (folder / ".gitignore").write_text(
        "# written by syndicator: login sessions hold tokens\nbluesky-session\n*.lock\n"
    )
    with locked(folder / "state.db", timeout=5):
        pass
    names = ["bluesky-session", ".bluesky-session.tmp", "state.db.lock", "state.db"]
    for name in names:
        (folder / name).write_text("x", encoding="utf-8")
    result = subprocess.run(
        [git, "check-ignore", *names], cwd=folder, capture_output=True, text=True, check=False
    )
    assert result.stdout.split() == names[:3]


def test_error_kinds_stored_as_class_names_by_older_versions_are_read(tmp_path: Path) -> None:
    """Rows written before ErrorKind hold the error's class name: read as its kind."""
    path = tmp_path / "state.db"
    with State.open(path) as state:
        for article, kind in (("a1", "RateLimited"), ("a2", "InDoubt"), ("a3", "Weird")):
            state.begin(article, "x", key="k", seen=None)
            state.mark_failed(article, "x", error="e", kind=ErrorKind.REJECTED)
            db = sqlite3.connect(path)
            with db:
                db.execute("UPDATE posts SET error_kind = ? WHERE article_id = ?", (kind, article))
            db.close()
        kinds = [state.get(a, "x").error_kind for a in ("a1", "a2", "a3")]  # type: ignore[union-attr]
    assert kinds == [ErrorKind.RATE_LIMITED, ErrorKind.IN_DOUBT, ErrorKind.UNEXPECTED]
