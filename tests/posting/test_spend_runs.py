"""Spend end to end: ``syndicator post`` against the X fake that bills every request.

The fake bills as X's pricing page says, deciding "with URL" with the reference
twitter-text extraction; what syndicator records must be what the fake billed.
"""

from __future__ import annotations

import json
import subprocess
from collections.abc import Sequence
from typing import Any

from click.testing import CliRunner, Result

from syndicator.cli import cli
from syndicator.posting.state import State
from tests.fakes.world import World
from tests.networks.x_fake import PRICE_POST, PRICE_POST_WITH_URL

SITE = "https://blog.example.org"  # a real TLD: X bills these posts at the URL price


def post(world: World, *args: str, extra: Sequence[str] = ()) -> Result:
    config = world.write_config(["x"], extra={"x": list(extra)})
    return CliRunner().invoke(cli, ["post", str(world.feed), "--config", str(config), *args])


def outcomes(result: Result) -> list[dict[str, Any]]:
    document: dict[str, Any] = json.loads(result.output)
    found: list[dict[str, Any]] = document["outcomes"]
    return found


def test_what_is_recorded_is_what_x_billed(world: World) -> None:
    world.add_items(2, site=SITE)
    world.add_items(1)  # blog.test: no URL to X, the plain price
    result = post(world, "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    costs = [o["cost"]["amount"] for o in outcomes(result)]
    assert costs == ["0.2", "0.2", "0.015"]
    assert world.x.billed == 2 * PRICE_POST_WITH_URL + PRICE_POST
    document = json.loads(result.output)
    assert document["spend"]["x"]["amount"] == "0.415"
    with State.open(world.state) as state:
        [today] = state.spend_totals(["x"])
    assert today.money == world.x.billed


def test_a_daily_budget_holds_across_two_runs(world: World) -> None:
    world.add_items(5, site=SITE)
    budget = ["budget: {per_day: 0.40}"]
    first = post(world, "--all", extra=budget)
    second = post(world, extra=budget)
    assert first.exit_code == 0, first.output  # deferred is not failed
    assert second.exit_code == 0, second.output
    assert first.output.count("✓ x") == 2
    assert "… x         deferred: budget per day $0.400 reached" in first.output
    assert "x: spent $0.400 (2 posts, 2 with a URL)" in first.output
    assert "✓ x" not in second.output
    assert world.x.billed == 2 * PRICE_POST_WITH_URL
    assert len(world.x.tweets) == 2


def test_out_of_credits_defers_with_its_own_line_and_nothing_is_lost(world: World) -> None:
    urls = world.add_items(4, site=SITE)
    world.x.credits = 250_000  # enough for one post with a URL
    first = post(world, "--all")
    assert first.exit_code == 1, first.output  # someone must buy credits
    assert first.output.count("✓ x") == 1
    assert "x: out of X credits (Your enrolled account does not have any credits" in first.output
    assert "console.x.com" in first.output
    assert world.x.billed == PRICE_POST_WITH_URL

    world.x.credits += 1_000_000  # credits bought
    second = post(world)
    assert second.exit_code == 0, second.output
    assert [world.count("x", url) for url in urls] == [1, 1, 1, 1]
    assert [t["text"].split("\n")[-1] for t in world.x.tweets] == urls  # oldest first


def test_a_backlog_of_20_is_drip_fed_on_a_first_run_when_asked(world: World) -> None:
    urls = world.add_items(20)
    pace = ["pace: {per_run: 3, first_run: drip}"]
    runs = 0
    while len(world.x.tweets) < 20 and runs < 10:
        result = post(world, extra=pace)
        assert result.exit_code == 0, result.output
        runs += 1
    assert runs == 7  # 3 a run
    assert [t["text"].split("\n")[-1] for t in world.x.tweets] == urls  # in order
    assert [world.count("x", url) for url in urls] == [1] * 20  # nothing lost, nothing twice


def test_two_runs_at_once_share_the_budget(world: World) -> None:
    world.add_items(6, site=SITE)
    config = world.write_config(["x"], extra={"x": ["budget: {per_day: 0.60}"]})
    command = world.command("post", str(world.feed), "--config", str(config), "--all")
    children = [
        subprocess.Popen(
            command,
            env=world.child_env(),
            cwd=world.folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    said = [child.communicate(timeout=180)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0], said
    assert len(world.x.tweets) == 3
    assert world.x.billed == 3 * PRICE_POST_WITH_URL
    assert sum(text.count("budget per day $0.600 reached") for text in said) >= 1


def test_history_spend_shows_each_day_and_month(world: World) -> None:
    world.add_items(2, site=SITE)
    assert post(world, "--all").exit_code == 0
    config = world.write_config(["x"])
    result = CliRunner().invoke(cli, ["history", "--spend", "--config", str(config)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "Per day (UTC)"
    assert any(line.split()[1:3] == ["x", "$0.400"] for line in lines[1:])
    assert "Per month (UTC)" in lines
    as_json = CliRunner().invoke(
        cli, ["history", "--spend", "--format", "json", "--config", str(config)]
    )
    document = json.loads(as_json.output)
    assert document["spend"]["days"][0]["network"] == "x"
    assert document["spend"]["days"][0]["amount"] == "0.4"
    assert document["spend"]["months"][0]["posts"] == 2
