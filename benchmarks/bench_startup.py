"""Cold starts: each command against importing what it cannot do without.

Each command runs in a fresh interpreter, several times, in turn; the script prints the
medians and the ratios issue 18 sets, measured in this one run: a preview of the example
at most 1.5x ``python -c "import click, jinja2"``, ``--help`` and ``history`` at most
1.3x ``python -c "import click"``. ``--before DIR`` also times the commands of another
copy of the package (``git archive main | tar -x -C DIR``), interleaved with this one,
to compare a change in one run. Usage:

    .venv/bin/python benchmarks/bench_startup.py [--runs 15] [--before DIR]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_history import write_state  # this folder is on sys.path: the script's own

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "threads-musk-meta.md"
SYNDICATOR = [sys.executable, "-m", "syndicator"]
CLICK, CLICK_JINJA = "python -c 'import click'", "python -c 'import click, jinja2'"


def commands(folder: Path) -> dict[str, tuple[list[str], str | None]]:
    """Return each command line, with the baseline it is compared to (None: a baseline).

    ``history`` runs twice: on a state not written yet (a first run's) and on one of 600
    rows, written through the real schema, where it reads SQLite and prints 50 rows.
    """
    empty, full = folder / "empty.db", folder / "full.db"
    write_state(full, 600)
    return {
        CLICK: ([sys.executable, "-c", "import click"], None),
        CLICK_JINJA: ([sys.executable, "-c", "import click, jinja2"], None),
        "syndicator --help": ([*SYNDICATOR, "--help"], CLICK),
        "syndicator history": ([*SYNDICATOR, "history", "--state", str(empty)], CLICK),
        "syndicator history (600 rows)": ([*SYNDICATOR, "history", "--state", str(full)], CLICK),
        "syndicator preview example.md": ([*SYNDICATOR, "preview", str(EXAMPLE)], CLICK_JINJA),
        "syndicator preview --format json": (
            [*SYNDICATOR, "preview", "--format", "json", str(EXAMPLE)],
            CLICK_JINJA,
        ),
        "python -c 'import tweepy, mastodon, atproto'": (
            [sys.executable, "-c", "import tweepy, mastodon, atproto"],
            None,
        ),
    }


def compile_bytecode(folder: Path) -> None:
    """Write fresh ``.pyc`` files for the package in ``folder``, as ``pip install`` does.

    An editable checkout run with ``PYTHONDONTWRITEBYTECODE`` set (as on our CI machines)
    would otherwise compile every changed module from source in every timed run.
    """
    subprocess.run(
        [sys.executable, "-m", "compileall", "-q", str(folder / "syndicator")],
        check=True,
        capture_output=True,
    )


def time_commands(commands: dict[str, tuple[list[str], Path]], runs: int) -> dict[str, list[float]]:
    """Return the wall times of ``runs`` runs of each command (argv, folder), in turn, in s.

    ``python -m`` imports from its working folder first: the folder picks the copy run.
    """
    for folder in {folder for _, folder in commands.values()}:
        compile_bytecode(folder)
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
    """Print median wall times and each command's ratio to its baseline."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another copy of the package to compare")
    arguments = parser.parse_args()
    runs = arguments.runs
    with tempfile.TemporaryDirectory() as folder:
        table = commands(Path(folder))
        timed_commands = {name: (argv, ROOT) for name, (argv, _) in table.items()}
        baselines = {name: baseline for name, (_, baseline) in table.items()}
        if arguments.before:
            for name in [n for n in table if n.startswith("syndicator")]:
                timed_commands[f"{name} (before)"] = (table[name][0], arguments.before.resolve())
                baselines[f"{name} (before)"] = baselines[name]
        timed = time_commands(timed_commands, runs)
    medians = {name: statistics.median(times) for name, times in timed.items()}
    print(f"median of {runs} cold runs each (python {sys.version.split()[0]})")
    for name, median in medians.items():
        baseline = baselines[name]
        ratio = f"x{median / medians[baseline]:.2f} of {baseline}" if baseline else ""
        print(f"  {name:45s} {median * 1000:7.1f} ms  {ratio}")


if __name__ == "__main__":
    main()
