"""``syndicator history`` on a long state: time and peak memory of each form.

Run: ``.venv/bin/python benchmarks/bench_history.py [--rows 100000] [--runs 5]``

Writes a state of ``--rows`` rows (three networks, one row in 50 failed, a row a minute),
then runs the cold CLI on it: the default (newest 50), ``--status failed``, ``--all``
and ``--all --format json``, each in a fresh process. Prints the median wall time and
the peak resident memory of the process (issue 18: under 0.3 s and 60 MiB by default).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from syndicator.posting.state import State  # noqa: E402
from syndicator.posting.state.rows import stamp  # noqa: E402

NETWORKS = ("x", "mastodon", "bluesky")
# Run the command and print its own peak memory: the children's maximum is per process.
MEASURED = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""


def write_state(path: Path, rows: int) -> None:
    """Write a state of ``rows`` rows through the real schema (migrations included)."""
    start = datetime(2024, 1, 1, tzinfo=UTC)
    with State.open(path):
        pass
    import sqlite3

    db = sqlite3.connect(path)
    records = []
    for index in range(rows):
        article, network = divmod(index, len(NETWORKS))
        when = stamp(start + timedelta(minutes=index))
        failed = index % 50 == 0
        records.append(
            (
                f"https://blog.example/{article}/",
                NETWORKS[network],
                "failed" if failed else "published",
                f"k{index}",
                None if failed else f"https://social.example/{index}",
                f"https://blog.example/{article}/",
                1,
                "HTTP 503 from the server" if failed else None,
                when,
                when,
                when,
            )
        )
    db.executemany(
        "INSERT INTO posts (article_id, network, status, key, url, article_url, attempts,"
        " last_error, first_attempt_at, created_at, updated_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        records,
    )
    db.commit()
    db.close()


def measure(argv: list[str], runs: int) -> tuple[float, float]:
    """Return the median wall time (s) and peak memory (MiB) of ``argv``'s runs."""
    times, peaks = [], []
    for _ in range(runs):
        start = time.perf_counter()
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, *argv], check=True, capture_output=True, cwd=ROOT
        )
        times.append(time.perf_counter() - start)
        peaks.append(int(done.stdout) / 1024)  # ru_maxrss is in KiB on Linux
    return statistics.median(times), statistics.median(peaks)


def main() -> None:
    """Write the state, then time each form of the command."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        state = Path(folder) / "state.db"
        write_state(state, args.rows)
        command = [sys.executable, "-m", "syndicator", "history", "--state", str(state)]
        forms = {
            "history (newest 50)": [],
            "history --status failed": ["--status", "failed"],
            "history --all": ["--all"],
            "history --all --format json": ["--all", "--format", "json"],
        }
        print(
            f"{args.rows} rows, median of {args.runs} cold runs (python {sys.version.split()[0]})"
        )
        for name, extra in forms.items():
            wall, peak = measure([*command, *extra], args.runs)
            print(f"  {name:30s} {wall:6.3f} s  {peak:6.1f} MiB peak")


if __name__ == "__main__":
    main()
