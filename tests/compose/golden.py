"""The golden record of compose's output: every post of the benchmark and test corpora.

Speeding up fitting must not change a single byte of what is posted. This module
composes the benchmark's articles (``benchmarks/bench_fit.py``, generated from a fixed
seed) and every article of ``tests/corpus`` and ``examples/`` (as single posts and as
threads) for the three networks, and reduces each post (every part's text, length and
facets, what was cut, the link and the card) to a short hash. ``golden.txt`` holds the
hashes; ``test_golden.py`` compares against them.

After an intended change to what compose produces, record it again (and say why in the
commit)::

    .venv/bin/python -m tests.compose.golden
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

from syndicator.compose import build_templates, compose
from syndicator.errors import FitError
from syndicator.models import Article, Post
from syndicator.networks.registry import spec
from syndicator.sources import load

ROOT = Path(__file__).parents[2]
GOLDEN = Path(__file__).with_name("golden.txt")
SAMPLES = Path(__file__).with_name("golden_samples.json")
NETWORKS = ("x", "mastodon", "bluesky")
#: Benchmark articles recorded (the benchmark itself runs 3,000 by default).
BENCH_COUNT = 1000
_FOLDERS = (
    ROOT / "tests/corpus/markdown",
    ROOT / "tests/corpus/feeds",
    ROOT / "tests/corpus/pages",
)
_EXAMPLES = ("feed.xml", "threads-musk-meta.html", "threads-musk-meta.md", "threads-musk-meta.txt")


def bench_articles(count: int = BENCH_COUNT) -> list[Article]:
    """Return the benchmark's first ``count`` articles (the same on every run)."""
    spec = importlib.util.spec_from_file_location("bench_fit", ROOT / "benchmarks/bench_fit.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    articles: list[Article] = module.articles(count)
    return articles


@cache
def corpus_articles() -> tuple[Article, ...]:
    """Return the articles of tests/corpus and examples/, loaded as users load them."""
    paths = [path for folder in _FOLDERS for path in sorted(folder.iterdir())]
    paths += [ROOT / "examples" / name for name in _EXAMPLES]
    found: list[Article] = []
    for path in paths:
        if not path.name.startswith("."):
            found.extend(load(str(path)).articles)
    return tuple(found)


def record(post: Post) -> dict[str, Any]:
    """Return everything of ``post`` that reaches a network, as plain JSON values."""
    card = post.card
    return {
        "network": post.network,
        "url": post.url,
        "template": post.template,
        "limit": post.limit,
        "cut": list(post.cut),
        "parts": [
            [part.text, part.length, [[f.start, f.end, f.kind, f.value] for f in part.facets]]
            for part in post.parts
        ],
        "card": None if card is None else [card.url, card.title, card.description],
    }


def composed(article: Article, network: str, *, thread: bool = False) -> dict[str, Any] | str:
    """Return the record of ``article`` composed for ``network``, or the error it raised."""
    try:
        post = compose(
            article,
            network=spec(network),
            templates=_templates(),
            template=f"{network}.txt.j2",
            limits=spec(network).default_limits(),
            thread=thread,
        )
    except FitError as exc:
        return f"FitError: {exc}"
    return record(post)


def digest(value: Any) -> str:
    """Return a short, stable hash of a JSON value."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def article_key(article: Article) -> str:
    """Return a hash of the fields the default templates use (it keys the corpus rows).

    Not the source's path, which depends on where the repository is checked out.
    """
    fields = (article.url, article.title, article.summary, article.body, article.headings)
    shown = (*fields, article.tags, article.lang, article.author, str(article.published))
    return hashlib.sha256(repr(shown).encode("utf-8", "surrogatepass")).hexdigest()[:12]


def bench_rows(count: int = BENCH_COUNT) -> Iterator[tuple[str, list[str]]]:
    """Yield ("bench:<index>", [hash per network]) for the benchmark's articles."""
    for index, article in enumerate(bench_articles(count)):
        yield f"bench:{index}", [digest(composed(article, network)) for network in NETWORKS]


def corpus_rows() -> Iterator[tuple[str, list[str]]]:
    """Yield ("corpus:<input hash>", [hash per network, single then thread])."""
    for article in corpus_articles():
        hashes = [
            digest(composed(article, network, thread=thread))
            for thread in (False, True)
            for network in NETWORKS
        ]
        yield f"corpus:{article_key(article)}", hashes


def read() -> dict[str, list[str]]:
    """Return the recorded rows: key -> hashes."""
    rows: dict[str, list[str]] = {}
    for line in GOLDEN.read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            key, *hashes = line.split()
            rows[key] = hashes
    return rows


@cache
def _templates() -> Any:
    return build_templates()


def samples() -> dict[str, Any]:
    """Return a few posts in full, to read (and to show a difference when one changes)."""
    found: dict[str, Any] = {}
    for index, article in enumerate(bench_articles(4)):
        for network in NETWORKS:
            found[f"bench:{index}:{network}"] = composed(article, network)
    example = next(a for a in corpus_articles() if a.source.endswith("threads-musk-meta.md"))
    for network in NETWORKS:
        found[f"example:{network}:thread"] = composed(example, network, thread=True)
    return found


def main() -> None:
    """Record the golden hashes of the current code's output in golden.txt."""
    SAMPLES.write_text(json.dumps(samples(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    lines = [
        "# compose's output, hashed: see tests/compose/golden.py (networks: x mastodon bluesky)"
    ]
    lines += [" ".join([key, *hashes]) for key, hashes in bench_rows()]
    lines += [" ".join([key, *hashes]) for key, hashes in corpus_rows()]
    GOLDEN.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"recorded {len(lines) - 1} rows in {GOLDEN}")


if __name__ == "__main__":
    main()
