"""The test server itself: on loopback, a wrong password refused, a fresh database per test."""

from __future__ import annotations

import psycopg
import pytest

from tests.pg.plugin import PgServer


def test_each_test_gets_an_empty_database_of_its_own(pg_server: PgServer) -> None:
    first, second = pg_server.create_database(), pg_server.create_database()
    assert first != second
    tables = pg_server.execute(
        "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'",
        database=first,
    )
    assert tables == [(0,)]


def test_a_wrong_password_is_refused(pg_server: PgServer) -> None:
    with pytest.raises(psycopg.OperationalError, match="password authentication failed"):
        psycopg.connect(pg_server.url(password="wrong"), connect_timeout=5).close()
