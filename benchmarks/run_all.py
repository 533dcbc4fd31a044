"""Run every benchmark and write the figures: docs/benchmarks.md and the README's table.

Run: ``.venv/bin/python benchmarks/run_all.py [--only NAME ...]``

Each benchmark runs as its own process, one after another (they time processes: two
at once would slow each other). Its full output goes to docs/benchmarks.md under the
machine and the date; its headline lines (``Bench.headline``, a regular expression)
go to the README, between the ``benchmarks:start`` and ``benchmarks:end`` markers,
which nothing else writes (tests/test_readme_figures.py keeps figures out of the rest).
With ``--only``, the other benchmarks keep the output of their last run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
REPORT = ROOT / "docs" / "benchmarks.md"
RESULTS = ROOT / "benchmarks" / "results.json"  # the last output of each benchmark
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"


@dataclass(frozen=True, slots=True)
class Bench:
    """One benchmark: what it measures, how it is run, which lines of its output count."""

    name: str
    what: str
    args: tuple[str, ...]
    headline: str


BENCHES = (
    Bench(
        "startup",
        "cold start of each command against importing click (and jinja2)",
        ("bench_startup.py", "--runs", "15"),
        r"syndicator (--help|history|preview example)",
    ),
    Bench(
        "feed",
        "reading a 1,000-item RSS feed; JSONL preview of 1,000 and 10,000 items",
        ("bench_feed.py", "--items", "1000", "10000", "--repeat", "1"),
        r"read_rss|feedparser\.parse|JSONL preview|largest / smallest",
    ),
    Bench(
        "folder",
        "preview of a 1,000 and a 10,000-file Hugo folder",
        ("bench_folder.py", "--files", "1000", "10000", "--repeat", "1"),
        r"files:|ratio|per file",
    ),
    Bench(
        "history",
        "history on a 100,000-row state",
        ("bench_history.py", "--runs", "5"),
        r"history",
    ),
    Bench(
        "measure",
        "X weighted length against twitter-text-parser",
        ("bench_measure.py",),
        r"median|x\b",
    ),
    Bench("fit", "fitting against brevity", ("bench_fit.py",), r"median|faster"),
    Bench(
        "fit-baselines",
        "fitting against 17265b7 (issue 12's baseline) and 1dfc283 (issue 18's), interleaved",
        ("bench_fit.py", "3000", "--against", "17265b7", "--against", "1dfc283", "--rounds", "5"),
        r"working tree|17265b7|1dfc283",
    ),
    Bench(
        "post",
        "one article to three networks answering in 200 ms (fakes)",
        ("bench_post.py", "--runs", "15"),
        r"concurrent|one after another",
    ),
    Bench(
        "post-http",
        "the same over loopback HTTP with the real adapters",
        ("bench_post.py", "--runs", "5", "--http"),
        r"alone|concurrent|one after another",
    ),
    Bench(
        "runners",
        "1, 2, 4 and 8 runners sharing a PostgreSQL state: 600 posts, networks answering in 100 ms",
        ("bench_runners.py", "--runs", "3"),
        r"runners +wall|^\s+\d+\s|state steps",
    ),
    Bench(
        "preview-html",
        "HTML against JSON preview of 1,000 articles",
        ("bench_preview_html.py",),
        r"html|json|x\b",
    ),
)


def machine() -> str:
    """Return the machine the figures come from, in one line."""
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{cpu}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}"
    )


def run(bench: Bench) -> str:
    """Run one benchmark; return its output (stdout, then stderr when it failed)."""
    command = [sys.executable, str(ROOT / "benchmarks" / bench.args[0]), *bench.args[1:]]
    print(f"running {bench.name}: {' '.join(bench.args)}", flush=True)
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    if done.returncode != 0:
        return f"{done.stdout}\nFAILED ({done.returncode}): {done.stderr[-2000:]}"
    return done.stdout


def headline(bench: Bench, output: str) -> list[str]:
    """Return the lines of ``output`` that the README shows."""
    pattern = re.compile(bench.headline)
    return [" ".join(line.split()) for line in output.splitlines() if pattern.search(line)]


def _cell(line: str) -> str:
    """Return an output line as table-cell text: no column bar, no HTML tag."""
    return line.replace("|", "/").replace("<", "&lt;").replace(">", "&gt;")


def write(results: dict[str, dict[str, str]]) -> None:
    """Write docs/benchmarks.md and the README's table from ``results``."""
    sections = ["# Benchmark figures", "", "Written by `benchmarks/run_all.py`; do not edit.", ""]
    rows = ["| what | figures (command in benchmarks/) | machine, date |", "|---|---|---|"]
    for bench in BENCHES:
        result = results.get(bench.name)
        if result is None:
            continue
        sections += [
            f"## {bench.name}: {bench.what}",
            "",
            f"`{' '.join(bench.args)}` on {result['machine']}, {result['date']}",
            "",
            "```",
            result["output"].rstrip(),
            "```",
            "",
        ]
        lines = "<br>".join(_cell(line) for line in headline(bench, result["output"]))
        rows.append(
            f"| {bench.what} | `{' '.join(bench.args)}`<br>{lines or '(see the report)'} "
            f"| {result['machine'].split(',')[0]}, {result['date']} |"
        )
    REPORT.write_text("\n".join(sections), encoding="utf-8")
    table = "\n".join(
        [
            START,
            "",
            *rows,
            "",
            "Every figure, with the full output: [docs/benchmarks.md](docs/benchmarks.md).",
            "",
            END,
        ]
    )
    text = README.read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    after = rest.split(END, 1)[1]
    README.write_text(before + table + after, encoding="utf-8")


def main() -> None:
    """Run the benchmarks asked for, keep their output, write the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", nargs="+", choices=[b.name for b in BENCHES])
    chosen = parser.parse_args().only
    results: dict[str, dict[str, str]] = (
        json.loads(RESULTS.read_text(encoding="utf-8")) if RESULTS.exists() else {}
    )
    where = machine()
    for bench in BENCHES:
        if chosen and bench.name not in chosen:
            continue
        output = run(bench)
        results[bench.name] = {
            "output": output,
            "machine": where,
            "date": dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        }
        RESULTS.write_text(json.dumps(results, indent=2, ensure_ascii=False), encoding="utf-8")
        write(results)


if __name__ == "__main__":
    main()
