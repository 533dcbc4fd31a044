"""Cold start of ``syndicator preview`` on the example, against importing click and jinja2.

Each command runs in a fresh interpreter, several times; the script prints the medians
and their ratio, measured in this one run. ``--before DIR`` also times the preview of
another copy of the package (``git archive main | tar -x -C DIR``), interleaved with
this one, to compare a change in one run. Usage:

    .venv/bin/python benchmarks/bench_startup.py [--runs 15] [--before DIR]
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


def time_commands(commands: dict[str, tuple[list[str], Path]], runs: int) -> dict[str, list[float]]:
    """Return the wall times of ``runs`` runs of each command (argv, folder), in turn, in s.

    ``python -m`` imports from its working folder first: the folder picks the copy run.
    """
    for argv, folder in commands.values():  # warm the disk cache
        subprocess.run(argv, check=True, capture_output=True, cwd=folder)
    times: dict[str, list[float]] = {name: [] for name in commands}
    for _ in range(runs):
        for name, (argv, folder) in commands.items():
            start = time.perf_counter()
            subprocess.run(argv, check=True, capture_output=True, cwd=folder)
            times[name].append(time.perf_counter() - start)
    return times


def main() -> None:
    """Print median wall times and ratios to the click+jinja2 baseline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another copy of the package to compare")
    arguments = parser.parse_args()
    runs = arguments.runs
    commands = {name: (argv, ROOT) for name, argv in COMMANDS.items()}
    if arguments.before:
        for name in [n for n in COMMANDS if n.startswith("syndicator")]:
            commands[f"{name} (before)"] = (COMMANDS[name], arguments.before.resolve())
    timed = time_commands(commands, runs)
    medians = {name: statistics.median(times) for name, times in timed.items()}
    baseline = next(iter(medians.values()))
    print(f"median of {runs} cold runs each (python {sys.version.split()[0]})")
    for name, median in medians.items():
        print(f"  {name:45s} {median * 1000:7.1f} ms  x{median / baseline:.2f}")


if __name__ == "__main__":
    main()
