"""Time syndicator's X measure against twitter-text-parser's parse_tweet on 280-character texts.

Run: .venv/bin/python benchmarks/bench_measure.py [--runs 21] [--before DIR]
Prints the median microseconds per call of each, their ratio, and the import times.
Every text is also checked to give the same length with both (exactness first).

It also times the X measure's cold start: in a fresh interpreter that has imported
click, jinja2 and what ``syndicator.compose`` imports from outside itself, importing it
and making every call of the X measure a preview of the example makes
(``weighted_length`` and ``url_spans``, recorded in this process). ``--before DIR``
times another copy of the package as well (``git archive main syndicator | tar -x -C
DIR``), interleaved.
"""

from __future__ import annotations

import argparse
import functools
import json
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "threads-musk-meta.md"

SEED = 20261128
FRAGMENTS = [
    "Nouvel article",
    "Élève à l’école",
    "réseaux sociaux",
    "日本語のテキスト",
    "안녕하세요",
    "Привет",
    "مرحبا",
    "😀",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "🇫🇷",
    "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/",
    "example.com",
    "setup.py",
    "#Python",
    "@alice",
    "—",
    "…",
    "2024",
]


def texts(count: int = 2000) -> list[str]:
    """Return ``count`` seeded texts of about 280 characters in mixed scripts."""
    rng = random.Random(SEED)
    found = []
    for _ in range(count):
        words: list[str] = []
        while sum(len(w) + 1 for w in words) < 280:
            words.append(rng.choice(FRAGMENTS) if rng.random() < 0.5 else rng.choice(WORDS))
        found.append(" ".join(words)[:280])
    return found


WORDS = [
    "le",
    "la",
    "les",
    "un",
    "une",
    "des",
    "Meta",
    "Twitter",
    "Musk",
    "justice",
    "contre",
    "action",
    "plateforme",
    "données",
]


def import_time(module: str) -> float:
    """Return the seconds a fresh interpreter spends importing ``module``."""
    code = f"import time; t = time.perf_counter(); import {module}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def median_us(function, samples: list[str], repeat: int = 5, before=None) -> float:  # type: ignore[no-untyped-def]
    """Return the median over ``samples`` of the best of ``repeat`` timings, in microseconds.

    ``before`` runs untimed before each call (to empty our cache: every call is a cold one).
    """
    timings = []
    for text in samples:
        best = float("inf")
        for _ in range(repeat):
            if before is not None:
                before()
            start = time.perf_counter()
            function(text)
            best = min(best, time.perf_counter() - start)
        timings.append(best * 1e6)
    return statistics.median(timings)


def example_calls() -> list[tuple[str, str]]:
    """Return the X measure's calls, (function name, text), of a preview of the example."""
    from click.testing import CliRunner

    from syndicator.compose import x_length

    calls: list[tuple[str, str]] = []
    originals = {name: getattr(x_length, name) for name in ("weighted_length", "url_spans")}

    def recording(name: str):  # type: ignore[no-untyped-def]
        def record(text: str):  # type: ignore[no-untyped-def]
            calls.append((name, text))
            return originals[name](text)

        return record

    for name in originals:  # before the modules that import these names are imported
        setattr(x_length, name, recording(name))
    try:
        from syndicator.cli import cli

        result = CliRunner().invoke(cli, ["preview", str(EXAMPLE)])
        assert result.exit_code == 0, result.output
    finally:
        for name, function in originals.items():
            setattr(x_length, name, function)
    return calls


# What syndicator.compose needs from outside it, in the order it was loaded.
NEEDS = """
import json, sys
import click, jinja2
before = set(sys.modules)
import syndicator.compose
new = [m for m in sys.modules if m not in before]
print(json.dumps([m for m in new if not m.startswith("syndicator.compose")]))
"""

COLD = """
import importlib, json, sys, time
import click, jinja2
given = json.loads(sys.stdin.read())
for module in given["needs"]:
    importlib.import_module(module)
start = time.perf_counter()
from syndicator.compose import x_length
for name, text in given["calls"]:
    getattr(x_length, name)(text)
print(time.perf_counter() - start)
"""


def cold_ms(folders: dict[str, Path], runs: int) -> dict[str, float]:
    """Return the median cold cost of the example's X measure calls for each package copy.

    Each fresh interpreter first imports click, jinja2 and all that syndicator.compose
    imports from outside itself; then importing it (the X measure is most of it) and
    making the calls is timed.
    """
    calls = example_calls()
    given: dict[str, str] = {}
    for name, folder in folders.items():  # fresh .pyc, as an install has
        run = functools.partial(subprocess.run, capture_output=True, text=True, check=True)
        run([sys.executable, "-m", "compileall", "-q", "syndicator"], cwd=folder)
        needs = json.loads(run([sys.executable, "-c", NEEDS], cwd=folder).stdout)
        given[name] = json.dumps({"needs": needs, "calls": calls})
    times: dict[str, list[float]] = {name: [] for name in folders}
    for _ in range(runs):
        for name, folder in folders.items():
            out = subprocess.run(
                [sys.executable, "-c", COLD],
                input=given[name],
                capture_output=True,
                text=True,
                check=True,
                cwd=folder,
            )
            times[name].append(float(out.stdout) * 1000)
    return {name: statistics.median(values) for name, values in times.items()}


def main() -> None:
    """Print medians, the ratio and import times."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--before", type=Path, help="another copy of the package to compare")
    arguments = parser.parse_args()
    from twitter_text import parse_tweet

    from syndicator.compose import x_length
    from syndicator.compose.x_length import weighted_length

    # Every cache of the measure, by text, line, chunk and URL region: each call is cold.
    caches = [
        weighted_length,
        x_length._readings,
        x_length._chunk_readings,
        x_length._line_urls,
        x_length._region_urls,
    ]

    def cold() -> None:
        for cache in caches:
            cache.cache_clear()

    samples = texts()
    mismatches = sum(weighted_length(t) != max(parse_tweet(t).weightedLength, 0) for t in samples)
    ours = median_us(weighted_length, samples, before=cold)
    theirs = median_us(lambda t: parse_tweet(t).weightedLength, samples)
    print(f"texts: {len(samples)} of 280 characters (seed {SEED})")
    print(f"length differs from parse_tweet on {mismatches} texts")
    print(f"syndicator weighted_length: median {ours:.1f} µs (caches emptied before each call)")
    print(f"twitter_text.parse_tweet:   median {theirs:.1f} µs")
    print(f"ratio: {theirs / ours:.1f}x faster")
    print(f"import syndicator.compose: {import_time('syndicator.compose') * 1000:.0f} ms")
    print(f"import twitter_text:       {import_time('twitter_text') * 1000:.0f} ms")
    folders = {"this tree": ROOT}
    if arguments.before:
        folders["before"] = arguments.before.resolve()
    cold = cold_ms(folders, arguments.runs)
    for name, median in cold.items():
        print(
            f"cold X measure, import + the example's preview calls ({name}): "
            f"median {median:.1f} ms of {arguments.runs} fresh interpreters"
        )


if __name__ == "__main__":
    main()
