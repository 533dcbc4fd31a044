"""Cold start of ``syndicator preview`` on the example, against importing click and jinja2.

Each command runs in a fresh interpreter, several times; the script prints the medians
and their ratio, measured in this one run. Usage:

    .venv/bin/python benchmarks/bench_startup.py [--runs 15]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "threads-musk-meta.md"

COMMANDS = {
    "python -c 'import click, jinja2'": [sys.executable, "-c", "import click, jinja2"],
    "syndicator preview example.md": [
        sys.executable,
        "-m",
        "syndicator",
        "preview",
        str(EXAMPLE),
    ],
    "syndicator preview --format json": [
        sys.executable,
        "-m",
        "syndicator",
        "preview",
        "--format",
        "json",
        str(EXAMPLE),
    ],
    "python -c 'import tweepy, mastodon, atproto'": [
        sys.executable,
        "-c",
        "import tweepy, mastodon, atproto",
    ],
}


def time_command(argv: list[str], runs: int) -> list[float]:
    """Return the wall time of each of ``runs`` runs of ``argv``, in seconds."""
    subprocess.run(argv, check=True, capture_output=True, cwd=ROOT)  # warm the disk cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, check=True, capture_output=True, cwd=ROOT)
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print median wall times and ratios to the click+jinja2 baseline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    runs = parser.parse_args().runs
    medians = {name: statistics.median(time_command(argv, runs)) for name, argv in COMMANDS.items()}
    baseline = next(iter(medians.values()))
    print(f"median of {runs} cold runs each (python {sys.version.split()[0]})")
    for name, median in medians.items():
        print(f"  {name:45s} {median * 1000:7.1f} ms  x{median / baseline:.2f}")


if __name__ == "__main__":
    main()
