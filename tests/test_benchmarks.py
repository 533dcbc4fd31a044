"""The benchmarks still run against today's code (they are not run by the suite).

A benchmark calls the same functions users do, so a change of signature breaks it
silently until someone runs ``benchmarks/run_all.py``: ``bench_post.py`` did, after
``run_post`` took ``state=`` for a path or a PostgreSQL URL. Each runs here once, small
and with short delays; its figures are not looked at (timing belongs to the benchmarks).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    "arguments",
    [
        ["bench_post.py", "--runs", "1", "--delay", "0.01"],
        ["bench_startup.py", "--runs", "1"],
    ],
    ids=lambda arguments: arguments[0],
)
def test_a_benchmark_runs_to_its_end(arguments: list[str]) -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / arguments[0]), *arguments[1:]],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    assert "median of 1" in done.stdout
