"""Compose's output is unchanged, byte for byte, against its golden record (see golden.py).

The benchmark's articles are generated from a fixed seed: every one must give the
recorded posts. The corpus articles come through the sources, which may change what
an article holds; a row is compared when its article is still the same, and most of
them must be (else the record is stale: regenerate it as ``golden.py`` says).
"""

from __future__ import annotations

import json

from . import golden


def test_the_benchmark_articles_give_the_recorded_posts() -> None:
    recorded = golden.read()
    changed = [
        (key, hashes, recorded.get(key))
        for key, hashes in golden.bench_rows()
        if hashes != recorded.get(key)
    ]
    assert len([k for k in recorded if k.startswith("bench:")]) == golden.BENCH_COUNT
    assert not changed, f"{len(changed)} benchmark articles changed, first: {changed[:3]}"


def test_the_corpus_articles_give_the_recorded_posts() -> None:
    recorded = golden.read()
    expected = {key for key in recorded if key.startswith("corpus:")}
    compared = 0
    changed = []
    for key, hashes in golden.corpus_rows():
        if key in expected:
            compared += 1
            if hashes != recorded[key]:
                changed.append((key, hashes, recorded[key]))
    assert not changed, f"{len(changed)} corpus articles changed, first: {changed[:3]}"
    assert compared >= 0.9 * len(expected), (
        f"only {compared} of {len(expected)} corpus articles are as recorded: the sources "
        "changed them; record again with `.venv/bin/python -m tests.compose.golden`"
    )


def test_the_samples_are_recorded_in_full() -> None:
    recorded = json.loads(golden.SAMPLES.read_text(encoding="utf-8"))
    assert golden.samples() == recorded
