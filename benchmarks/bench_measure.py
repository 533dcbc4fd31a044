"""Time syndicator's X measure against twitter-text-parser's parse_tweet on 280-character texts.

Run: .venv/bin/python benchmarks/bench_measure.py
Prints the median microseconds per call of each, their ratio, and the import times.
Every text is also checked to give the same length with both (exactness first).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import time

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


def main() -> None:
    """Print medians, the ratio and import times."""
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


if __name__ == "__main__":
    main()
