"""Dates as static-site generators accept them; an unreadable one warns unless needed."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.sources import load
from syndicator.sources._text import date_from_name, parse_datetime
from tests.fakes.world import World

PLUS_2 = timezone(timedelta(hours=2))


@pytest.mark.parametrize(
    ("text", "moment"),
    [
        ("2024/12/05", datetime(2024, 12, 5, tzinfo=UTC)),  # Hugo and Zola accept slashes
        ("2023-11-02T8:00:00+02:00", datetime(2023, 11, 2, 8, tzinfo=PLUS_2)),
        ("2024-05-01 10:00:00 +0200", datetime(2024, 5, 1, 10, tzinfo=PLUS_2)),  # Jekyll's form
        ("2024-05-01 10:00:00 -05", datetime(2024, 5, 1, 15, tzinfo=UTC)),
        ("2024-05-01 9:05", datetime(2024, 5, 1, 9, 5, tzinfo=UTC)),
        ("2024-05-01T10:00:00.250Z", datetime(2024, 5, 1, 10, 0, 0, 250_000, tzinfo=UTC)),
        ("2024.05.01", datetime(2024, 5, 1, tzinfo=UTC)),
        ("Wed, 01 May 2024 10:00:00 GMT", datetime(2024, 5, 1, 10, tzinfo=UTC)),
    ],
)
def test_generator_date_forms(text: str, moment: datetime) -> None:
    assert parse_datetime(text) == moment


def test_naive_values_take_the_given_zone_and_nonsense_is_none() -> None:
    assert parse_datetime("2024-05-01 10:00", tz=PLUS_2) == datetime(2024, 5, 1, 10, tzinfo=PLUS_2)
    assert parse_datetime(date(2024, 5, 1), tz=PLUS_2) == datetime(2024, 5, 1, tzinfo=PLUS_2)
    for nonsense in ("someday", "2024-13-01", "2024-02-30 10:00", "", None, 20240501):
        assert parse_datetime(nonsense) is None
    assert date_from_name("2024-12-05-title.md") == date(2024, 12, 5)
    assert date_from_name("2024-12-05.md") == date(2024, 12, 5)
    assert date_from_name("2024-13-05-title.md") is None
    assert date_from_name("title-2024-12-05.md") is None


def _post(folder: Path, name: str, front: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(f"---\ntitle: T {name}\n{front}---\n\nText.\n", encoding="utf-8")
    return path


def test_yaml_toml_and_file_name_dates(tmp_path: Path) -> None:
    yaml_date = _post(
        tmp_path, "a.md", "url: https://b.example/a\ndate: 2023-11-02T8:00:00+02:00\n"
    )
    toml = tmp_path / "b.md"
    toml.write_text(
        '+++\ntitle = "B"\nurl = "https://b.example/b"\n'
        "date = 2024-05-01T10:00:00+02:00\n+++\nText.\n",
        encoding="utf-8",
    )
    named = _post(tmp_path, "2024-12-05-named.md", "url: https://b.example/c\n")

    assert load(str(yaml_date)).articles[0].published == datetime(2023, 11, 2, 6, tzinfo=UTC)
    assert load(str(toml)).articles[0].published == datetime(2024, 5, 1, 8, tzinfo=UTC)
    assert load(str(named)).articles[0].published == datetime(2024, 12, 5, tzinfo=UTC)


def test_an_unreadable_date_is_a_warning_in_the_preview(tmp_path: Path) -> None:
    path = _post(tmp_path, "p.md", "url: https://b.example/p\ndate: someday\n")

    (article,) = load(str(path)).articles
    shown = CliRunner().invoke(cli, ["preview", "-n", "mastodon", str(path)])
    document = json.loads(
        CliRunner().invoke(cli, ["preview", "-n", "mastodon", "--format", "json", str(path)]).output
    )

    assert article.published is None
    warning = (
        f"{path}: date: 'someday' is not a date (write 2024-05-01 or "
        "2024-05-01T10:00:00+02:00): the article is treated as undated"
    )
    assert shown.exit_code == 0, shown.output
    assert f"Warning: {warning}" in shown.output
    assert document["warnings"] == [warning]
    assert len(document["posts"]) == 1


def test_since_needs_the_date_and_says_so(world: World) -> None:
    folder = world.folder / "posts"
    bad = _post(folder, "bad.md", "url: https://blog.test/bad/\ndate: someday\n")
    _post(folder, "good.md", "url: https://blog.test/good/\ndate: 2026-11-02\n")
    config = world.write_config(since="2026-11-01")

    result = CliRunner().invoke(cli, ["post", str(folder), "-c", str(config)])

    assert result.exit_code == 2, result.output
    assert (
        f"Error: {bad}: date: 'someday' is not a date (write 2024-05-01 or "
        "2024-05-01T10:00:00+02:00), and since: 2026-11-01 needs the date to tell whether to "
        "post this article; not posted until the date is fixed"
    ) in result.output
    assert world.count("mastodon", "https://blog.test/good/") == 1
    assert world.count("mastodon", "https://blog.test/bad/") == 0
