"""``syndicator history``: what went where, with links and errors, read from the state."""

from __future__ import annotations

import json

from click.testing import CliRunner

from syndicator.cli import cli
from tests.fakes.world import SECRET_VALUES, World


def history(world: World, *args: str) -> tuple[int, str]:
    config = world.write_config()
    result = CliRunner().invoke(cli, ["history", "--config", str(config), *args])
    return result.exit_code, result.stdout


def test_history_without_state_says_so_and_creates_nothing(world: World) -> None:
    code, output = history(world)
    assert code == 0
    assert "Nothing recorded yet" in output
    assert not world.state.exists()


def test_history_lists_links_and_errors(world: World) -> None:
    world.add_items(2)
    world.mastodon.fail_next("POST", "/api/v1/statuses", status=422, error="Validation failed")
    config = world.write_config()
    CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config), "--all"])

    code, output = history(world)
    assert code == 0
    assert output.count("published") == 3
    assert "failed" in output
    assert "Validation failed" in output
    assert "https://x.com/" in output

    code, output = history(world, "--format", "json", "--status", "failed")
    assert code == 0
    rows = json.loads(output)["rows"]
    assert [(r["network"], r["status"], r["attempts"]) for r in rows] == [("mastodon", "failed", 1)]
    assert "Validation failed" in rows[0]["error"]
    for secret in SECRET_VALUES:
        assert secret not in output

    code, output = history(world, "--format", "json", "-n", "x")
    rows = json.loads(output)["rows"]
    assert {r["network"] for r in rows} == {"x"}
    assert all(r["url"].startswith("https://x.com/") for r in rows)


def test_history_shows_the_newest_rows_unless_asked_for_all(world: World) -> None:
    world.add_items(3)
    config = world.write_config()
    CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config), "--all"])
    output = history(world, "--format", "json", "--all")[1]
    # Written row by row, the document reads as json.dumps would write it whole.
    assert output == json.dumps(json.loads(output), ensure_ascii=False, indent=2) + "\n"
    every = json.loads(output)["rows"]
    assert len(every) == 6  # 3 articles on the world's 2 networks

    result = CliRunner().invoke(cli, ["history", "-c", str(config), "--limit", "4"])
    assert result.exit_code == 0
    assert len(result.stdout.splitlines()) == 4
    assert "--all" in result.stderr
    output = history(world, "--format", "json", "--limit", "4")[1]
    assert json.loads(output)["rows"] == every[:4]
    output = history(world, "--format", "json")[1]
    assert json.loads(output)["rows"] == every  # fewer than the default 50


def test_history_reads_the_state_named_by_flag(world: World) -> None:
    world.add_items(1)
    other = world.folder / "elsewhere" / "s.db"
    config = world.write_config()
    result = CliRunner().invoke(
        cli, ["post", str(world.feed), "-c", str(config), "--all", "--state", str(other)]
    )
    assert result.exit_code == 0, result.output
    assert other.exists()
    assert not world.state.exists()
    code, output = history(world, "--state", str(other))
    assert code == 0
    assert output.count("published") == 2


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["history", "--help"])
    assert result.exit_code == 0
    for flag in ("--format", "--status", "--state", "--network"):
        assert flag in result.output
    assert "Example" in result.output
