"""Posting one article to three networks at once, against one alone and one after another.

Everything is the real ``post`` path (reading the article, composing, the file lock,
the SQLite state: pending then published, synced; one worker per network), from a
fresh state each run. The networks, each answering ``--delay`` s late (200 ms):

* default: fakes at the ``Network`` protocol whose ``publish`` takes the delay;
* ``--http``: the real adapters over loopback HTTP, every response delayed: the
  Mastodon and X API fakes of the tests and a real local Bluesky PDS (needs Node and
  tests/pds/node_modules). A publish there makes 1 to 3 requests (X reads the
  account once, Bluesky looks its record key up first), so each network's own time
  is printed too.

Prints the median wall times and their ratios. Usage:

    .venv/bin/python benchmarks/bench_post.py [--runs 15] [--delay 0.2] [--http]
"""

from __future__ import annotations

import argparse
import functools
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from syndicator.config import parse_config  # noqa: E402
from syndicator.settings import NetworkConfig  # noqa: E402

NETWORK_NAMES = ("x", "mastodon", "bluesky")  # the built-in networks this benchmark fakes
from syndicator.networks.base import Network  # noqa: E402
from syndicator.pipeline import run_post  # noqa: E402
from tests.fakes.network import FakeNetwork  # noqa: E402

# A new article each run: X refuses the same text twice.
ARTICLE = """---
title: Un article pour mesurer, numéro {number}
url: https://blog.test/mesure/{number}/
date: 2026-11-28
---

Le corps de l'article.
"""


def post_once(
    groups: Sequence[tuple[str, ...]],
    *,
    delay: float = 0.0,
    settings: dict[str, Any] | None = None,
    folder: Path | None = None,
) -> float:
    """Post the article to each group of networks in turn; return the wall time.

    With ``settings`` (the config's networks) the real adapters are used, and the
    state goes in a new file of ``folder`` (which keeps the Bluesky session).
    """
    with tempfile.TemporaryDirectory() as scratch:
        base = Path(scratch)
        source = base / "article.md"
        source.write_text(ARTICLE.format(number=time.monotonic_ns()), encoding="utf-8")
        config = parse_config({"networks": settings or {}}, base=base)
        state = (folder or base) / f"state-{time.monotonic_ns()}.db"

        def fake(network: NetworkConfig, state_dir: Path) -> Network:
            return FakeNetwork(network.name, delay=delay)

        start = time.perf_counter()
        for names in groups:
            run = run_post(
                [str(source)],
                config=config,
                names=names,
                state=state,
                connector=None if settings else fake,
            )
            assert run.exit_code == 0, run.outcomes
        return time.perf_counter() - start


@contextmanager
def http_networks(delay: float) -> Iterator[tuple[dict[str, Any], Path]]:
    """Serve the three networks on loopback, each answer ``delay`` s late."""
    import httpx
    import responses

    from tests.fakes import redirect
    from tests.fakes.loopback import serving
    from tests.networks import mastodon_fake, x_fake

    with tempfile.TemporaryDirectory() as scratch, _pds(Path(scratch)) as pds:
        password = "bench-password-1"
        handle = "bench.test"
        httpx.post(
            f"{pds}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": "bench@example.com", "password": password},
            timeout=30,
        ).raise_for_status()
        os.environ.update(
            {
                "MASTODON_ACCESS_TOKEN": mastodon_fake.TOKEN,
                "X_API_KEY": x_fake.CONSUMER_KEY,
                "X_API_SECRET": x_fake.CONSUMER_SECRET,
                "X_ACCESS_TOKEN": x_fake.ACCESS_TOKEN,
                "X_ACCESS_TOKEN_SECRET": x_fake.ACCESS_TOKEN_SECRET,
                "BLUESKY_HANDLE": handle,
                "BLUESKY_APP_PASSWORD": password,
            }
        )
        with (
            responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
            serving(mock, target=mastodon_fake.BASE, delay=delay) as mastodon,
            serving(mock, delay=delay) as x,
            serving(mock, target=pds, delay=delay) as bluesky,
        ):
            mastodon_fake.FakeMastodon().install(mock)
            x_fake.XFake(mock)
            redirect.install(f"api.twitter.com={x.url},api.x.com={x.url}")
            settings = {
                "mastodon": {"instance": mastodon.url},
                "bluesky": {"service": bluesky.url},
            }
            yield settings, Path(scratch)


@contextmanager
def _pds(folder: Path) -> Iterator[str]:
    """Start the local PDS of the tests (tests/pds) on free ports; yield its URL."""
    ready = folder / "ready.json"
    env = {
        **os.environ,
        "PDS_PORT": "0",
        "PLC_PORT": "0",
        "PDS_READY_FILE": str(ready),
        "PDS_DATA_DIR": str(folder / "pds"),
        "PDS_EXIT_WITH_STDIN": "1",
    }
    process = subprocess.Popen(
        ["node", "start-pds.mjs"],
        cwd=ROOT / "tests" / "pds",
        env=env,
        stdin=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 60
        while not ready.exists():
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("the local PDS did not start (cd tests/pds && npm ci)")
            time.sleep(0.05)
        yield str(json.loads(ready.read_text())["pdsUrl"])
    finally:
        process.terminate()
        process.wait(timeout=15)


def medians(runs: int, measures: dict[str, Callable[[], float]]) -> dict[str, float]:
    """Return each measure's median over ``runs`` rounds, interleaved, after a warm-up."""
    times: dict[str, list[float]] = {name: [] for name in measures}
    for measure in measures.values():
        measure()
    for _ in range(runs):
        for name, measure in measures.items():
            times[name].append(measure())
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Print the medians and the ratios."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--delay", type=float, default=0.2)
    parser.add_argument("--http", action="store_true", help="real adapters over HTTP")
    options = parser.parse_args()
    delay, runs = options.delay, options.runs
    if options.http:
        with http_networks(delay) as (settings, folder):
            report(
                runs,
                f"real adapters, every HTTP answer {delay * 1000:.0f} ms late",
                settings=settings,
                folder=folder,
            )
    else:
        report(runs, f"protocol fakes, each publish {delay * 1000:.0f} ms late", delay=delay)


def report(runs: int, what: str, **post: Any) -> None:
    """Measure and print the singles, concurrent and one-after-another times."""
    measures: dict[str, Callable[[], float]] = {
        name: functools.partial(post_once, [(name,)], **post) for name in NETWORK_NAMES
    }
    measures["together"] = functools.partial(post_once, [NETWORK_NAMES], **post)
    measures["in_turn"] = functools.partial(post_once, [(n,) for n in NETWORK_NAMES], **post)
    found = medians(runs, measures)
    slowest = max(found[name] for name in NETWORK_NAMES)
    together, in_turn = found["together"], found["in_turn"]
    print(f"{what}; median of {runs} runs")
    for name in NETWORK_NAMES:
        print(f"  {name + ' alone':<34}{found[name] * 1000:8.1f} ms")
    print(f"  {'three networks concurrently':<34}{together * 1000:8.1f} ms")
    print(f"  {'three networks one after another':<34}{in_turn * 1000:8.1f} ms")
    print(f"  concurrent / slowest one alone    {together / slowest:6.2f}x  (target <= 1.2x)")
    print(f"  one after another / concurrent    {in_turn / together:6.2f}x  (about 3x)")


if __name__ == "__main__":
    main()
