"""Many runners, one PostgreSQL state: a backlog shared, a runner killed half-way.

The runners are real ``syndicator post`` processes on one config and one database
on the test server; the X and Mastodon fakes live in this test process and count
what they receive. One runner is killed with SIGKILL while it holds an account: the
others wait for its lease to run out, take the account over, resolve its pending
post with ``find()`` and finish the backlog. Every article lands once per network.
"""

from __future__ import annotations

import signal
import subprocess
import time

import psycopg
import pytest

from tests.fakes.world import World

pytestmark = pytest.mark.slow
NETWORKS = ("x", "mastodon")
LEASE = {"timeout": 5, "lease": 6}


def start_runner(world: World) -> subprocess.Popen[str]:
    config = world.folder / "syndicator.yaml"
    return subprocess.Popen(
        world.command("post", str(world.feed), "--config", str(config), "--all"),
        env=world.child_env(),
        cwd=world.folder,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )


def holder_pid(url: str, network: str) -> int | None:
    """Return the process id of the runner holding ``network``'s account, if any."""
    with psycopg.connect(url) as db:
        found = db.execute(
            "SELECT runner FROM accounts WHERE network = %s AND lease_until > now()", (network,)
        ).fetchone()
    return int(found[0].split(":")[1]) if found and found[0] else None


def test_runners_share_a_backlog_and_take_over_from_one_killed_half_way(
    world: World, pg_database: str
) -> None:
    world.state_url = pg_database
    world.add_items(8)
    world.write_config(**LEASE)
    runners = [start_runner(world) for _ in range(3)]
    try:
        deadline = time.monotonic() + 60
        while len(world.mastodon.statuses) < 3 and time.monotonic() < deadline:
            time.sleep(0.02)
        victim = holder_pid(pg_database, "mastodon")
        assert victim in {r.pid for r in runners}, "a runner holds the Mastodon account"
        killed = next(r for r in runners if r.pid == victim)
        killed.send_signal(signal.SIGKILL)
        outputs = {r.pid: r.communicate(timeout=180)[0] for r in runners}
    finally:
        for runner in runners:
            if runner.poll() is None:
                runner.kill()
                runner.wait()
    assert killed.returncode == -signal.SIGKILL
    survivors = [r for r in runners if r is not killed]
    assert [r.returncode for r in survivors] == [0, 0], outputs
    urls = [url for url, _ in world.items]
    for network in NETWORKS:
        assert [world.count(network, url) for url in urls] == [1] * len(urls), network
    with world.open_state() as state:
        assert {row.status for row in state.history()} == {"published"}
    said = "".join(outputs.values())
    password = pg_database.split("@", 1)[0].rsplit(":", 1)[1]
    assert password not in said
