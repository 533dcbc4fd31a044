"""Crash safety: ``post`` killed with SIGKILL at each step boundary, then run again.

The child is a real ``syndicator post`` process; the Mastodon and X fakes live in this
test process (on loopback) and the Bluesky PDS in its own, so both outlive the kill
and count what they received. After the rerun every article must be on every network
exactly once: no duplicate, nothing lost.
"""

from __future__ import annotations

import signal
import subprocess
from urllib.parse import urlsplit

import pytest

from syndicator.posting.failpoints import POINTS
from tests.fakes.world import SECRET_VALUES, World

pytestmark = [pytest.mark.pds, pytest.mark.slow]
NETWORKS = ("x", "mastodon", "bluesky")
SHORT_LEASE = {"timeout": 5, "lease": 6}


@pytest.fixture(params=["sqlite", "postgres"])
def world3(request: pytest.FixtureRequest, world3: World) -> World:
    """The three networks, with the state in a SQLite file or on a real PostgreSQL server."""
    if request.param == "postgres":
        world3.state_url = request.getfixturevalue("pg_database")
    return world3


def run(world: World, *args: str, failpoint: str = "") -> subprocess.CompletedProcess[str]:
    # A killed runner's leases run out after SHORT_LEASE s; the rerun then takes over.
    config = world.write_config(**SHORT_LEASE)
    extra = {"SYNDICATOR_FAILPOINT": failpoint} if failpoint else {}
    return subprocess.run(
        world.command("post", str(world.feed), "--config", str(config), *args),
        env=world.child_env(**extra),
        cwd=world.folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_each_posted_once(world: World) -> None:
    urls = [url for url, _ in world.items]
    for network in NETWORKS:
        assert [world.count(network, url) for url in urls] == [1] * len(urls), network
    with world.open_state() as state:
        assert {row.status for row in state.history()} == {"published"}


@pytest.mark.parametrize("network", NETWORKS)
@pytest.mark.parametrize("point", POINTS)
def test_killed_at_a_step_boundary_then_rerun(world3: World, point: str, network: str) -> None:
    world3.add_items(2)
    killed = run(world3, "--all", failpoint=f"{point}:{network}")
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    with world3.open_state() as state:
        row = state.get(world3.items[0][0], network)
    assert row is not None
    assert row.status == ("published" if point == "after-record" else "pending")

    rerun = run(world3)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_each_posted_once(world3)
    said = killed.stdout + killed.stderr + rerun.stdout + rerun.stderr
    database_password = urlsplit(world3.state_url).password if world3.state_url else None
    for secret in (*SECRET_VALUES, world3.env["BLUESKY_APP_PASSWORD"], database_password or "-"):
        assert secret not in said


def test_two_runs_started_together_post_each_article_once(world3: World) -> None:
    world3.add_items(3)
    config = world3.write_config(**SHORT_LEASE)
    command = world3.command("post", str(world3.feed), "--config", str(config), "--all")
    children = [
        subprocess.Popen(
            command,
            env=world3.child_env(),
            cwd=world3.folder,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(2)
    ]
    outputs = [child.communicate(timeout=180)[0] for child in children]
    assert [child.returncode for child in children] == [0, 0], outputs
    assert_each_posted_once(world3)
    assert any("already published" in output for output in outputs)
