"""``syndicator state copy``: SQLite to PostgreSQL and back, twice, losing nothing."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.models import Published
from syndicator.posting.state import open_store


def fill(target: str | Path) -> None:
    with open_store(target) as state:
        state.mark_skipped([("a0", "x", "https://b/0")], networks=["x"])
        state.begin("a1", "x", key="k1", article_url="https://b/1", seen=None)
        state.mark_published("a1", "x", Published(network="x", id="9", url="https://x.com/9"))
        state.begin("a2", "mastodon", key="k2", article_url="https://b/2", seen=None)


def snapshot(target: str | Path) -> list[tuple[object, ...]]:
    with open_store(target, read_only=True) as state:
        return sorted(
            (r.article_id, r.network, r.status, r.key, r.remote_id, r.url, r.attempts, r.updated_at)
            for r in state.rows()
        )


def copy(source: str | Path, destination: str | Path) -> str:
    result = CliRunner().invoke(cli, ["state", "copy", str(source), str(destination)])
    assert result.exit_code == 0, result.output
    return result.output


def test_a_state_goes_to_postgresql_and_back_and_a_second_copy_changes_nothing(
    tmp_path: Path, pg_database: str
) -> None:
    original = tmp_path / "state.db"
    fill(original)
    said = copy(original, pg_database)
    assert "3 rows read, 3 written" in said
    assert snapshot(pg_database) == snapshot(original)
    with open_store(pg_database) as state:
        assert state.known("x")
        pending = state.get("a2", "mastodon")
        assert pending is not None
        assert (pending.status, pending.key, pending.in_flight_elsewhere) == (
            "pending",
            "k2",
            False,
        )
    assert "0 written (3 already there)" in copy(original, pg_database)

    back = tmp_path / "back.db"
    copy(pg_database, back)
    assert snapshot(back) == snapshot(original)
    password = pg_database.split("@", 1)[0].rsplit(":", 1)[1]
    assert password not in said


def test_a_row_the_destination_changed_later_is_kept(tmp_path: Path, pg_database: str) -> None:
    original = tmp_path / "state.db"
    fill(original)
    copy(original, pg_database)
    with open_store(pg_database) as state:  # a runner finished it there meanwhile
        state.mark_published("a2", "mastodon", Published(network="mastodon", id="7", url="u7"))
    copy(original, pg_database)
    with open_store(pg_database) as state:
        row = state.get("a2", "mastodon")
    assert row is not None
    assert (row.status, row.url) == ("published", "u7")
