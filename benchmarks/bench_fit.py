"""Time fitting an article to each network, against brevity.shorten for X.

Run: .venv/bin/python benchmarks/bench_fit.py [COUNT]
Generates COUNT (default 3000) varied articles from a fixed seed, composes each for X,
Mastodon and Bluesky with the default templates, and shortens the same text for X with
``brevity.shorten``. Prints the median time per (article, network) and how many outputs
are over the limit, as measured by the references: twitter-text-parser for X (official
rules, CRLF folded), Mastodon.get_status_length for Mastodon, and for Bluesky the PDS's
own grapheme count (Node's Intl.Segmenter, when node is installed; else graphemeu) and
UTF-8 bytes. graphemeu (used by Mastodon.py) over-counts a flag after a line break
(docs/platforms.md §2.1): such texts are reported apart.

Against earlier commits, in one run:

    .venv/bin/python benchmarks/bench_fit.py [COUNT] --against 17265b7 --against main

checks each commit out in a temporary ``git worktree`` and times the same articles with
each commit's ``syndicator`` and with the working tree's, one process each, in rounds
(``--rounds``, default 5) whose order rotates, so that load on the machine falls on all
of them alike. Prints each one's median (over rounds) of its median µs per (article,
network), and its ratio to the working tree's.
"""

from __future__ import annotations

import json
import random
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from syndicator.compose import build_templates, compose
from syndicator.models import Article

SEED = 20261128
WORDS = {
    "fr": [
        "Élève",
        "école",
        "réseaux",
        "sociaux",
        "justice",
        "contre",
        "Meta",
        "d’anciens",
        "employés",
        "plateforme",
        "confidentialité",
        "données",
        "publicitaires",
        "rachat",
        "avocats",
        "lettre",
        "procès",
        "«",
        "scraper",
        "»",
        "l’industrie",
        "technologique",
        "concurrence.",
    ],
    "ja": list("日本語のテキストを書くと長さが二倍になる新しい記事です。"),
    "ko": ["안녕하세요", "새로운", "기사", "소셜", "네트워크", "정의", "플랫폼"],
    "ar": ["مرحبا", "بالعالم", "مقال", "جديد", "الشبكات", "الاجتماعية"],
    "hi": ["नमस्ते", "क्षत्रिय", "नया", "लेख", "सामाजिक", "नेटवर्क"],
    "emoji": ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇫🇷", "1️⃣", "🐦‍🔥", "🤖", "…", "—", "“", "”"],
    "urls": ["example.com", "setup.py", "https://a.io", "README.md", "bit.ly/x"],
}
TAGS = ["Threads", "Meta", "Elon Musk", "réseaux sociaux", "C++", "日本語", "2023", "IA", "Tech"]


def text(rng: random.Random, length: int) -> str:
    """Return about ``length`` characters mixing the word pools."""
    pools = rng.sample(list(WORDS), k=rng.randint(1, 3))
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        pool = WORDS[rng.choice(pools)]
        words.append(rng.choice(pool))
    joiner = "" if pools == ["ja"] else " "
    result = joiner.join(words)
    return result.replace(" ", "\r\n", 1) if rng.random() < 0.05 else result


def articles(count: int) -> list[Article]:
    """Return ``count`` varied articles, the same ones on every run."""
    rng = random.Random(SEED)
    found = []
    for i in range(count):
        slug = "-".join(rng.choice(WORDS["fr"]).lower() for _ in range(rng.randint(1, 12)))
        url = rng.choice(
            [
                f"https://www.example.fr/actu/{slug}/",
                f"https://example.org/{i}?utm_source=feed&utm_medium=rss",
                f"https://例え.jp/記事/{i}",
                "https://a.io",
            ]
        )
        found.append(
            Article(
                id=str(i),
                url=url,
                title=text(rng, rng.randint(10, 160)),
                summary=text(rng, rng.choice([0, 60, 150, 300, 600, 1200])),
                tags=tuple(rng.sample(TAGS, k=rng.randint(0, 6))),
                lang="fr",
            )
        )
    return found


_FLAG_AFTER_BREAK = "\n\U0001f1e6-\U0001f1ff"


def flag_after_break(text: str) -> bool:
    """Return whether ``text`` has a regional indicator right after a line break."""
    import re

    return re.search(f"[{_FLAG_AFTER_BREAK[0]}][{_FLAG_AFTER_BREAK[1:]}]", text) is not None


def segmenter_lengths(texts: list[str]) -> list[int] | None:
    """Return Intl.Segmenter's grapheme counts (what a Bluesky PDS counts), or None."""
    if shutil.which("node") is None:
        return None
    script = (
        "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>{const g=new Intl.Segmenter();"
        "process.stdout.write(JSON.stringify(JSON.parse(s).map(t=>[...g.segment(t)].length)))})"
    )
    out = subprocess.run(
        ["node", "-e", script], input=json.dumps(texts), capture_output=True, text=True, check=True
    )
    lengths: list[int] = json.loads(out.stdout)
    return lengths


def main(count: int) -> None:
    """Print medians and over-limit counts."""
    import brevity
    import grapheme
    from mastodon import Mastodon
    from twitter_text import parse_tweet

    from syndicator.compose.hashtags import hashtags
    from syndicator.compose.x_length import normalize
    from syndicator.networks.registry import spec

    sample = articles(count)
    templates = build_templates()
    timings: dict[str, list[float]] = {"x": [], "mastodon": [], "bluesky": [], "brevity": []}
    over = dict.fromkeys(timings, 0)
    errors = dict.fromkeys(timings, 0)
    graphemeu_flag_bug = 0
    bluesky_texts: list[str] = []
    for article in sample:
        for network in ("x", "mastodon", "bluesky"):
            limits = spec(network).default_limits()
            start = time.perf_counter()
            try:
                post = compose(
                    article,
                    network=spec(network),
                    templates=templates,
                    template=f"{network}.txt.j2",
                    limits=limits,
                )
            except Exception:
                errors[network] += 1
                continue
            timings[network].append(time.perf_counter() - start)
            if network == "x":
                too_long = not parse_tweet(normalize(post.text)).valid
            elif network == "mastodon":
                too_long = Mastodon.get_status_length(post.text) > limits.max_characters
                if too_long and flag_after_break(post.text):
                    graphemeu_flag_bug += 1
                    too_long = False
            else:
                bluesky_texts.append(post.text)
                too_long = len(post.text.encode()) > 3000
            over[network] += too_long
        same = "\n\n".join(
            p for p in (article.title, article.summary, " ".join(hashtags(article.tags))) if p
        )
        start = time.perf_counter()
        shortened = brevity.shorten(same, permalink=article.url)
        timings["brevity"].append(time.perf_counter() - start)
        over["brevity"] += not parse_tweet(normalize(shortened)).valid

    segmented = segmenter_lengths(bluesky_texts)
    reference = "Intl.Segmenter" if segmented is not None else "graphemeu"
    for position, post_text in enumerate(bluesky_texts):
        size = segmented[position] if segmented is not None else grapheme.length(post_text)
        over["bluesky"] += size > 300
    print(f"articles: {count} (seed {SEED}); over-limit measured by the reference libraries")
    print(
        f"(Bluesky graphemes by {reference}; Mastodon.py over-counted {graphemeu_flag_bug} "
        "Mastodon posts with a flag after a line break, graphemeu's known bug: not counted)"
    )
    for name, values in timings.items():
        label = "brevity.shorten (x)" if name == "brevity" else f"syndicator compose ({name})"
        print(
            f"{label:28} median {statistics.median(values) * 1e6:7.0f} µs   "
            f"over limit: {over[name]} / {len(values)}   errors: {errors[name]}"
        )
    ratio = statistics.median(timings["brevity"]) / statistics.median(timings["x"])
    print(f"X: syndicator is {ratio:.1f}x faster than brevity")


def time_compose(count: int) -> dict[str, float]:
    """Return the median seconds per (article, network), by network, of this process."""
    templates = build_templates()
    timings: dict[str, list[float]] = {"x": [], "mastodon": [], "bluesky": []}
    networks = {name: _network(name) for name in timings}
    for article in articles(count):
        for network, found in timings.items():
            rules, limits = networks[network]
            start = time.perf_counter()
            try:
                compose(
                    article,
                    network=rules,
                    templates=templates,
                    template=f"{network}.txt.j2",
                    limits=limits,
                )
            except Exception:  # an unfittable article is not timed
                continue
            found.append(time.perf_counter() - start)
    return {network: statistics.median(found) for network, found in timings.items()}


def _network(name: str) -> tuple[Any, Any]:
    """Return what ``compose`` takes as ``network`` and ``limits``, in this process's API."""
    try:
        from syndicator.networks.registry import spec
    except ImportError:  # commits before the network specs (17265b7 to 1dfc283)
        from syndicator.compose import default_limits  # type: ignore[attr-defined]

        return name, default_limits(name)
    return spec(name), spec(name).default_limits()


def compare(count: int, revisions: list[str], rounds: int) -> None:
    """Time the working tree against ``revisions``, in interleaved rounds; print ratios."""
    import tempfile

    root = Path(__file__).resolve().parents[1]
    with tempfile.TemporaryDirectory(prefix="bench-fit-") as scratch:
        trees = {"working tree": root}
        for revision in revisions:
            commit = _git(root, "rev-parse", "--short", revision)
            tree = Path(scratch) / commit
            _git(root, "worktree", "add", "--detach", str(tree), commit)
            trees[f"{revision} ({commit})" if revision != commit else commit] = tree
        try:
            medians: dict[str, list[dict[str, float]]] = {name: [] for name in trees}
            names = list(trees)
            for round_ in range(rounds):
                shift = round_ % len(names)
                for name in names[shift:] + names[:shift]:
                    medians[name].append(_worker(trees[name], count))
                print(f"round {round_ + 1}/{rounds} done", file=sys.stderr)
        finally:
            for name, tree in trees.items():
                if name != "working tree":
                    _git(root, "worktree", "remove", "--force", str(tree))
    base = {
        n: statistics.median(m[n] for m in medians["working tree"]) for n in medians[names[0]][0]
    }
    print(f"articles: {count} (seed {SEED}), {rounds} interleaved rounds, one process each")
    print("median over rounds of the median µs per (article, network); ratio = it / working tree")
    for name in names:
        cells = []
        for network, mine in base.items():
            value = statistics.median(m[network] for m in medians[name])
            cells.append(f"{network} {value * 1e6:6.0f} µs ({value / mine:4.2f}x)")
        print(f"{name:28} " + "   ".join(cells))


def _worker(tree: Path, count: int) -> dict[str, float]:
    """Run ``time_compose`` in a fresh process importing ``syndicator`` from ``tree``."""
    import os

    env = {**os.environ, "PYTHONPATH": str(tree)}
    out = subprocess.run(
        [sys.executable, __file__, "--worker", str(count), "--expect", str(tree)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    medians: dict[str, float] = json.loads(out.stdout)
    return medians


def _git(root: Path, *args: str) -> str:
    """Run git in ``root``; return its output."""
    done = subprocess.run(
        ["git", "-C", str(root), *args], capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def cli() -> None:
    """Parse the command line: the over-limit report, a comparison, or a worker."""
    import argparse

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("count", nargs="?", type=int, default=3000)
    parser.add_argument("--against", action="append", default=[], metavar="REV")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--expect", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.worker:
        import syndicator

        # The tree asked for, not the editable install's: else the comparison is void.
        assert syndicator.__file__.startswith(args.expect), syndicator.__file__
        print(json.dumps(time_compose(args.count)))
    elif args.against:
        compare(args.count, args.against, args.rounds)
    else:
        main(args.count)


if __name__ == "__main__":
    cli()
