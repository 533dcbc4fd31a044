"""A PostgreSQL URL as the state, through the commands users run: post, history, check.

The URL comes by ``--state``, ``SYNDICATOR_STATE`` or the config's ``state:``. A
database that refuses us is one ``Error:`` line and exit 2 (the setting is wrong) or 1
(the server is down), nothing posted, and the password never printed.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.posting.state.postgres import MIGRATIONS
from tests.fakes.world import World
from tests.pg.plugin import PgServer


def post(world: World, *args: str, env: dict[str, str] | None = None) -> tuple[int, str]:
    config = world.write_config()
    result = CliRunner().invoke(
        cli, ["post", str(world.feed), "-c", str(config), "--all", *args], env=env
    )
    return result.exit_code, result.output


def error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("Error:")]


def test_post_and_history_on_a_url_given_by_the_environment(world: World, pg_database: str) -> None:
    world.add_items(2)
    code, output = post(world, env={"SYNDICATOR_STATE": pg_database})
    assert code == 0, output
    assert not world.state.exists()  # nothing written to the default file
    config = world.write_config()
    result = CliRunner().invoke(
        cli,
        ["history", "-c", str(config), "--format", "json"],
        env={"SYNDICATOR_STATE": pg_database},
    )
    assert result.exit_code == 0, result.output
    document = json.loads(result.output)
    assert sorted((r["network"], r["status"]) for r in document["rows"]) == [
        ("mastodon", "published"),
        ("mastodon", "published"),
        ("x", "published"),
        ("x", "published"),
    ]
    password = pg_database.split("@", 1)[0].rsplit(":", 1)[1]
    assert password not in result.output
    assert "********" in document["state"]
    # A rerun with the URL in the config's state: setting finds everything done.
    world.state_url = pg_database
    code, output = post(world)
    assert code == 0
    assert output.endswith("4 already published\n")


def test_history_on_a_database_with_no_state_yet_says_so_and_creates_nothing(
    world: World, pg_database: str
) -> None:
    import psycopg

    config = world.write_config()
    for output_format, expected in (
        ("text", "Nothing recorded yet in postgresql://"),
        ("json", '"rows": []'),
    ):
        result = CliRunner().invoke(
            cli,
            ["history", "-c", str(config), "--state", pg_database, "--format", output_format],
        )
        assert result.exit_code == 0, result.output
        assert expected in result.output
        assert "********" in result.output
    with psycopg.connect(pg_database) as db:  # read-only: no table made
        assert db.execute("SELECT to_regclass('migrations')").fetchone() == (None,)


@pytest.mark.parametrize(
    ("case", "code", "words"),
    [
        ("wrong password", 2, "password authentication failed"),
        ("unreachable host", 1, "nothing was posted"),
        ("no permissions", 2, "may not use the state tables"),
    ],
)
def test_a_database_that_refuses_us_is_one_line_and_nothing_posted(
    world: World, pg_server: PgServer, case: str, code: int, words: str
) -> None:
    password = "pw-that-must-not-show-31337"
    if case == "wrong password":
        url = pg_server.url(password=password)
    elif case == "unreachable host":
        url = f"postgresql://someone:{password}@127.0.0.1:1/state?connect_timeout=2"
    else:
        role = f"nobody{pg_server.create_database()}"
        pg_server.create_role(role, password)
        url = pg_server.url(user=role, password=password)
    world.add_items(1)
    got, output = post(world, "--state", url)
    assert got == code, output
    lines = error_lines(output)
    assert len(lines) == 1, output
    assert words in lines[0]
    assert password not in output
    assert world.mastodon.statuses == {}
    assert world.x.tweets == []


def test_check_reports_the_state_and_its_problems(world: World, pg_server: PgServer) -> None:
    config = world.write_config()
    url = pg_server.create_schema()
    result = CliRunner().invoke(cli, ["check", "-c", str(config), "--state", url])
    assert "state: postgresql://syndicator_admin:********@127.0.0.1" in result.output
    assert f"ok (schema {MIGRATIONS[-1][0]})" in result.output
    wrong = pg_server.url(password="wrong-pw-4242")
    result = CliRunner().invoke(cli, ["check", "-c", str(config), "--state", wrong])
    assert result.exit_code == 2
    assert "password authentication failed" in result.output
    assert "wrong-pw-4242" not in result.output


def test_libpq_reads_the_password_from_pgpassword_and_sslmode_from_the_url(
    world: World, pg_server: PgServer
) -> None:
    schema_url = pg_server.create_schema()
    without_password = schema_url.replace(f":{pg_server.password}@", "@")
    assert pg_server.password not in without_password
    world.add_items(1)
    code, output = post(world, "--state", without_password, env={"PGPASSWORD": pg_server.password})
    assert code == 0, output
    assert pg_server.password not in output
    required = f"{without_password}&sslmode=require"  # the test server speaks no TLS
    code, output = post(world, "--state", required, env={"PGPASSWORD": pg_server.password})
    assert code == 2, output
    lines = error_lines(output)
    assert len(lines) == 1, output
    assert "SSL" in lines[0]
    assert pg_server.password not in output
