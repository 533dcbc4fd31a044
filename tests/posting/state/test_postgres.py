"""The PostgreSQL store against a real server: schema, rows, leases, and clear errors."""

from __future__ import annotations

import threading
import time

import pytest

from syndicator.errors import ConfigError, StateError
from syndicator.models import Published
from syndicator.posting.state.postgres import MIGRATIONS, PostgresState
from tests.pg.plugin import PgServer


def test_open_creates_the_schema_once(pg_database: str) -> None:
    with PostgresState.open(pg_database) as state:
        assert state.migrations() == [name for name, _ in MIGRATIONS]
    with PostgresState.open(pg_database) as state:
        assert state.migrations() == [name for name, _ in MIGRATIONS]


def test_runners_starting_together_migrate_once(pg_database: str) -> None:
    errors: list[BaseException] = []

    def open_one() -> None:
        try:
            PostgresState.open(pg_database).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []


def test_a_newer_schema_is_refused(pg_server: PgServer, pg_database: str) -> None:
    PostgresState.open(pg_database).close()
    schema = pg_database.rsplit("%3D", 1)[1]
    pg_server.execute(f"INSERT INTO {schema}.migrations VALUES ('9999-future', now())")
    with pytest.raises(StateError, match="newer syndicator"):
        PostgresState.open(pg_database)


def test_a_post_goes_from_pending_to_published_with_its_lease(pg_database: str) -> None:
    with PostgresState.open(pg_database) as state:
        row = state.begin("a1", "mastodon", key="k1", article_url="https://b/1", seen=None)
        assert row is not None
        assert (row.status, row.key, row.attempts, row.in_flight_elsewhere) == (
            "pending",
            "k1",
            1,
            False,
        )
        state.mark_published("a1", "mastodon", Published(network="mastodon", id="9", url="u"))
        done = state.get("a1", "mastodon")
        assert done is not None
        assert (done.status, done.remote_id, done.url) == ("published", "9", "u")


def test_a_row_leased_to_a_live_runner_is_left_alone(pg_database: str) -> None:
    with (
        PostgresState.open(pg_database, runner="one") as one,
        PostgresState.open(pg_database, runner="two") as two,
    ):
        assert one.begin("a1", "x", key="k", seen=None) is not None
        seen = two.get("a1", "x")
        assert seen is not None
        assert seen.in_flight_elsewhere
        assert two.begin("a1", "x", key="k", seen=seen) is None


def test_an_expired_row_lease_can_be_claimed_again(pg_database: str) -> None:
    with (
        PostgresState.open(pg_database, runner="dead", lease=0.2) as dead,
        PostgresState.open(pg_database, runner="next") as following,
    ):
        assert dead.begin("a1", "x", key="k", seen=None) is not None
        time.sleep(0.3)
        seen = following.get("a1", "x")
        assert seen is not None
        assert not seen.in_flight_elsewhere
        row = following.begin("a1", "x", key="k", seen=seen)
        assert row is not None
        assert row.attempts == 2


def test_one_runner_at_a_time_holds_an_account(pg_database: str) -> None:
    with (
        PostgresState.open(pg_database, runner="one", lease=0.3) as one,
        PostgresState.open(pg_database, runner="two") as two,
    ):
        assert one.claim_account("x", "acct")
        assert one.claim_account("x", "acct")  # renewing
        assert not two.claim_account("x", "acct")
        assert two.claim_account("x", "other")
        time.sleep(0.4)  # one died: its lease runs out
        assert two.claim_account("x", "acct")
        assert not one.claim_account("x", "acct")
        two.release_account("x", "acct")
        assert one.claim_account("x", "acct")


def test_history_filters_and_orders_in_sql(pg_database: str) -> None:
    with PostgresState.open(pg_database) as state:
        added = state.mark_skipped(
            [("a1", "x", "u1"), ("a2", "x", "u2"), ("a1", "mastodon", "u1")], networks=["x"]
        )
        assert added == 3
        assert state.mark_skipped([("a1", "x", "u1")]) == 0
        assert state.known("x")
        assert not state.known("mastodon")
        state.begin("a3", "x", key="k3", seen=None)
        rows = state.history(["x"], statuses=["pending"], limit=5)
        assert [(r.article_id, r.status) for r in rows] == [("a3", "pending")]
        assert len(state.history(limit=2)) == 2
        assert len(state.history()) == 4


def test_a_wrong_password_is_one_config_line_with_the_password_masked(
    pg_server: PgServer,
) -> None:
    url = pg_server.url(password="not-the-password-42")
    with pytest.raises(ConfigError) as caught:
        PostgresState.open(url)
    message = str(caught.value)
    assert "password authentication failed" in message
    assert "not-the-password-42" not in message
    assert "********" in message
    assert "\n" not in message


def test_an_unreachable_server_is_a_runtime_error_saying_nothing_was_posted() -> None:
    with pytest.raises(StateError) as caught:
        PostgresState.open("postgresql://u:secret-pw-77@127.0.0.1:1/db")
    message = str(caught.value)
    assert "nothing was posted" in message
    assert "secret-pw-77" not in message


def test_a_user_without_rights_is_a_config_error(pg_server: PgServer) -> None:
    pg_server.create_role("reader", "reader-pw-55")
    database = pg_server.create_database()
    with pytest.raises(ConfigError, match="may not use the state tables") as caught:
        PostgresState.open(pg_server.url(database, user="reader", password="reader-pw-55"))
    assert "reader-pw-55" not in str(caught.value)


def test_taking_over_a_dead_runners_account_puts_its_rows_in_doubt(
    pg_server: PgServer, pg_database: str
) -> None:
    with (
        PostgresState.open(pg_database, runner="dead", lease=0.3) as dead,
        PostgresState.open(pg_database, runner="next", lease=60) as following,
    ):
        assert dead.claim_account("x", "acct")
        assert dead.begin("a1", "x", key="k", seen=None) is not None
        # The row's lease outlives the account's (begin comes after each renewal).
        schema = pg_database.rsplit("%3D", 1)[1]
        pg_server.execute(f"UPDATE {schema}.posts SET lease_until = now() + interval '1 hour'")
        assert following.get("a1", "x").in_flight_elsewhere  # type: ignore[union-attr]
        time.sleep(0.4)
        assert following.claim_account("x", "acct")
        row = following.get("a1", "x")
        assert row is not None
        assert (row.status, row.in_flight_elsewhere) == ("pending", False)
