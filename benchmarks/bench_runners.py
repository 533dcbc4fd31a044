"""Many runners, one state: a backlog shared by 1, 2, 4 and 8 runner processes.

A newsroom of 4 sites, each with its own account on each of 3 networks, has 200
articles not yet posted (50 a site): 600 posts. Each runner is a process that runs
the real ``post`` path (``run_post``: reading a feed, composing, the state, one worker
per network) over every site in turn, starting at a different site (runner k at site
k mod 4), all on one PostgreSQL state on a local server: first with
``--lock-timeout 0`` (an account another runner is posting for is left to it), then
once more, waiting, for the sites where posts were left so, as a runner of many sites
would. Runners are started, load their
code, and all begin together: the wall time is the backlog's, not Python's start-up.
The networks are fakes at the ``Network`` protocol that answer ``--delay`` s late
(100 ms) and append every post they receive to one log shared by all processes, so
duplicates are counted across runners. At most one post is in flight per account:
12 accounts bound the speed-up.

Printed per number of runners: the median wall time, posts per second, duplicates
(must be 0) and the speed-up over one runner. Then the state's own cost per post: the
steps the worker takes for one post (read the row, claim the account, write it
pending, write it published), on PostgreSQL (claims, leases, a round trip a step;
the local server with its default durability, each commit synced) against SQLite
(local writes, synced).

Usage (needs PostgreSQL's server binaries, as the tests do):

    .venv/bin/python benchmarks/bench_runners.py [--runs 3] [--delay 0.1]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

SITES = 4
ARTICLES = 200
NETWORKS = ("x", "mastodon", "bluesky")
#: Each site's credentials, by variable: a different account per site and network.
CREDENTIALS = {
    "x": "access_token_env",
    "mastodon": "access_token_env",
    "bluesky": "handle_env",
}


def write_sites(folder: Path) -> list[Path]:
    """Write 4 site folders, each a feed of 50 articles; return them."""
    sites = []
    start = datetime(2026, 11, 1, tzinfo=UTC)
    for site in range(SITES):
        root = folder / f"site{site}"
        root.mkdir()
        items = "".join(
            f"""<item><title>Site {site}, article {n}</title>
<link>https://site{site}.test/{n}/</link><guid>https://site{site}.test/{n}/</guid>
<pubDate>{format_datetime(start + timedelta(minutes=n))}</pubDate></item>"""
            for n in range(ARTICLES // SITES)
        )
        (root / "feed.xml").write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>s{site}</title>'
            f"<link>https://site{site}.test/</link>{items}</channel></rss>",
            encoding="utf-8",
        )
        sites.append(root)
    return sites


def runner(state: str, sites: list[str], log: str, delay: float, go: str) -> None:
    """One runner process: post every site's backlog, in the order given."""
    from syndicator.config import NetworkConfig, parse_config
    from syndicator.models import Post, Published
    from syndicator.networks.base import Network
    from syndicator.pipeline import run_post
    from tests.fakes.network import FakeNetwork

    class LoggedNetwork(FakeNetwork):
        """A fake whose timeline is one file shared by every runner process."""

        def publish(self, post: Post, *, key: str) -> Published:
            time.sleep(self.delay)
            with open(log, "a", encoding="utf-8") as out:
                out.write(json.dumps([self.name, post.article_id, key]) + "\n")
            return self._published(key)

        def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
            with open(log, encoding="utf-8") as lines:
                found = any(json.loads(line)[2] == key for line in lines)
            return self._published(key) if found else None

    def connect(network: NetworkConfig, state_dir: Path) -> Network:
        return LoggedNetwork(network.name, delay=delay)

    # A runner that is up: its code loaded, it waits for the signal to start.
    import feedparser  # noqa: F401
    import psycopg  # noqa: F401

    from syndicator.compose import build_templates

    build_templates(None)
    Path(go).with_suffix(f".ready{os.getpid()}").touch()
    while not Path(go).exists():
        time.sleep(0.005)

    def post(site: str, wait: float) -> bool:
        """Post one site's backlog; tell whether posts were left to another runner."""
        index = Path(site).name.removeprefix("site")
        settings = {name: {CREDENTIALS[name]: f"SITE{index}_{name.upper()}"} for name in NETWORKS}
        run = run_post(
            [str(Path(site) / "feed.xml")],
            config=parse_config({"networks": settings}, base=Path(site)),
            state=state if "://" in state else Path(state),
            post_all=True,
            lock_timeout=wait,
            connector=connect,
        )
        assert run.exit_code == 0, [o for o in run.outcomes if not o.ok][:3]
        return any(o.status == "deferred" for o in run.outcomes)

    # Every site, leaving accounts another runner is posting for to it; then, waiting
    # for them, the sites left so (their runner may have died).
    left = [site for site in sites if post(site, 0.0)]
    for site in left:
        post(site, 300.0)


def state_steps(target: Path | str) -> float:
    """Return the milliseconds per post of what the worker asks the state for one post."""
    from syndicator.models import Published
    from syndicator.posting.state import open_store

    pairs = [(f"a{n}", NETWORKS[n % 3]) for n in range(ARTICLES * len(NETWORKS))]
    with open_store(target) as state:
        start = time.perf_counter()
        for article, network in pairs:
            seen = state.get(article, network)
            assert state.claim_account(network, "account")
            assert state.begin(article, network, key=f"k{article}", seen=seen) is not None
            state.mark_published(article, network, Published(network=network, id="1", url="u"))
        return (time.perf_counter() - start) / len(pairs) * 1000


def run_backlog(state: str, sites: list[Path], runners: int, delay: float) -> dict[str, Any]:
    """Start ``runners`` processes on a fresh state; return wall time and duplicates."""
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "timeline.jsonl"
        log.touch()
        env = {
            **os.environ,
            **{f"SITE{i}_{n.upper()}": f"account-{i}-{n}" for i in range(SITES) for n in NETWORKS},
        }
        go = Path(scratch) / "go"
        children = []
        for k in range(runners):
            order = [str(sites[(k + i) % SITES]) for i in range(SITES)]
            arguments = [state, json.dumps(order), str(log), str(delay), str(go)]
            children.append(
                subprocess.Popen(
                    [sys.executable, __file__, "--runner", *arguments], env=env, cwd=scratch
                )
            )
        while len(list(Path(scratch).glob("go.ready*"))) < runners:
            time.sleep(0.01)
        start = time.perf_counter()
        go.touch()
        codes = [child.wait() for child in children]
        wall = time.perf_counter() - start
        assert codes == [0] * runners, codes
        sent = Counter(tuple(json.loads(line)[:2]) for line in log.read_text().splitlines())
    assert len(sent) == ARTICLES * len(NETWORKS), len(sent)
    return {"wall": wall, "duplicates": sum(n - 1 for n in sent.values())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay", type=float, default=0.1)
    parser.add_argument("--runner", nargs=5, help=argparse.SUPPRESS)
    options = parser.parse_args()
    if options.runner:
        state, order, log, delay, go = options.runner
        runner(state, json.loads(order), log, float(delay), go)
        return

    from tests.pg.plugin import find_binaries, start_server, stop_server

    binaries = find_binaries()
    if binaries is None:
        sys.exit("PostgreSQL's server binaries are needed (apt-get install postgresql)")
    server, process = start_server(binaries, durable=True)  # commits synced, as SQLite's
    posts = ARTICLES * len(NETWORKS)
    try:
        with tempfile.TemporaryDirectory() as scratch:
            sites = write_sites(Path(scratch))
            print(
                f"{ARTICLES} articles x {len(NETWORKS)} networks ({posts} posts), "
                f"{SITES} accounts per network, networks answering in {options.delay * 1000:g} ms, "
                f"median of {options.runs}:"
            )
            print(f"{'runners':>8} {'wall s':>8} {'posts/s':>8} {'dups':>5} {'speed-up':>9}")
            one = None
            for count in (1, 2, 4, 8):
                results = [
                    run_backlog(server.create_schema(), sites, count, options.delay)
                    for _ in range(options.runs)
                ]
                wall = statistics.median(r["wall"] for r in results)
                duplicates = max(r["duplicates"] for r in results)
                one = one or wall
                print(
                    f"{count:>8} {wall:>8.2f} {posts / wall:>8.1f} {duplicates:>5} "
                    f"{one / wall:>8.2f}x"
                )
            costs = {
                "sqlite": statistics.median(
                    state_steps(Path(scratch) / f"steps-{n}.db") for n in range(options.runs)
                ),
                "postgres": statistics.median(
                    state_steps(server.create_schema()) for _ in range(options.runs)
                ),
            }
            print(
                f"state steps per post (read, claim, pending, published), {posts} posts, one "
                f"runner: SQLite {costs['sqlite']:.2f} ms, PostgreSQL {costs['postgres']:.2f} ms: "
                f"claims and leases cost {costs['postgres'] - costs['sqlite']:+.2f} ms a post"
            )
    finally:
        stop_server(server, process)


if __name__ == "__main__":
    main()
