"""Reading big feeds: the RSS reader against lxml, and preview time per article.

Run: ``.venv/bin/python benchmarks/bench_feed.py [--items 1000 10000] [--repeat 3]``

1. Reading a 1,000-item RSS feed, median of 15 in this process: lxml parsing it and
   picking each item's fields (the yardstick; issue 18 asks for at most 3x), our
   reader (``sources._rss.read_rss``), feedparser, and the whole ``parse_feed`` that
   also turns each entry's HTML into text and guesses its language.
2. The cold CLI, ``python -m syndicator preview --format jsonl feed.xml`` (three
   networks), for each item count: CPU time per article (beyond a one-item preview's)
   should stay flat as the feed grows (issue 18: within 20%), and peak memory too
   (10,000 items: under 150 MiB).
   Issue 13 row 9: reading took 46 s at 10,000 items, 34 of them counting lines for
   error messages (quadratic in the feed's size).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from email.utils import parsedate_to_datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from syndicator.sources._rss import read_rss  # noqa: E402
from syndicator.sources.feed import parse_feed  # noqa: E402

# Run a command; print its CPU time and peak memory (the children's figures are its own).
MEASURED = """
import resource, subprocess, sys
done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL)
usage = resource.getrusage(resource.RUSAGE_CHILDREN)
print(usage.ru_utime + usage.ru_stime, usage.ru_maxrss)
sys.exit(done.returncode)
"""


def feed(items: int, *, language: str | None = None) -> bytes:
    """Return an RSS feed of ``items`` entries, each with a paragraph of HTML.

    Without ``language`` each article's language is guessed: py3langid's model and NumPy
    add about 65 MiB to the peak (sources/_langid_model.py).
    """
    entries = "".join(
        f"<item><title>Post {n}</title><link>https://blog.example/{n}/</link>"
        f"<guid>https://blog.example/{n}/</guid><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Paragraph {n} of the feed, long enough to be a summary."
        "&lt;/p&gt;</description></item>\n"
        for n in range(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
        + (f"<language>{language}</language>" if language else "")
        + f"<link>https://blog.example/</link>\n{entries}</channel></rss>\n"
    ).encode()


def lxml_fields(data: bytes) -> list[tuple[Any, ...]]:
    """Parse with lxml and pick what read_rss picks: the yardstick."""
    from lxml import etree

    root = etree.fromstring(data)
    picked = []
    for item in root.iter("item"):
        guid = item.find("guid")
        date = item.findtext("pubDate")
        picked.append(
            (
                item.findtext("title", "").strip(),
                item.findtext("link", "").strip(),
                (guid.text or "").strip() if guid is not None else None,
                guid.get("isPermaLink", "true") if guid is not None else None,
                parsedate_to_datetime(date) if date else None,
                item.findtext("description", "").strip(),
                item.sourceline,
            )
        )
    return picked


def median_ms(function: Callable[[], object], runs: int = 15) -> float:
    """Return the median wall time of ``function`` in milliseconds."""
    function()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def reading(items: int) -> None:
    """Print the time to read one feed with each reader and the ratio to lxml."""
    import feedparser

    data = feed(items)
    rows = {
        "lxml parse + pick fields": median_ms(lambda: lxml_fields(data)),
        "read_rss (ElementTree)": median_ms(lambda: read_rss(data)),
        "feedparser.parse": median_ms(
            lambda: feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False), 5
        ),
        "parse_feed (Articles)": median_ms(
            lambda: parse_feed(data, where="feed", default_lang="en"), 5
        ),
    }
    yardstick = rows["lxml parse + pick fields"]
    print(f"reading a {items}-item RSS feed (median wall time)")
    for name, value in rows.items():
        print(f"  {name:28s} {value:8.1f} ms  {value / yardstick:5.2f}x lxml")


def preview_run(path: Path, repeat: int) -> tuple[float, float]:
    """Return the median CPU time (s) and peak memory (MiB) of a cold JSONL preview."""
    command = [sys.executable, "-m", "syndicator", "preview", "--format", "jsonl", str(path)]
    cpu, peaks = [], []
    for _ in range(repeat):
        done = subprocess.run(
            [sys.executable, "-c", MEASURED, *command], capture_output=True, check=False, cwd=ROOT
        )
        if done.returncode != 0:
            sys.exit(f"preview failed ({done.returncode}): {done.stderr.decode()[-500:]}")
        seconds, kib = done.stdout.split()
        cpu.append(float(seconds))
        peaks.append(int(kib) / 1024)  # ru_maxrss is in KiB on Linux
    return statistics.median(cpu), statistics.median(peaks)


def main() -> None:
    """Time reading, then the preview per article for each feed size."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, nargs="+", default=[1000, 10000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    reading(1000)
    with tempfile.TemporaryDirectory() as folder:
        for language in (None, "en"):
            per_article = []
            start = Path(folder) / f"feed-1-{language}.xml"
            start.write_bytes(feed(1, language=language))
            fixed = preview_run(start, args.repeat)[0]  # the start, reading one item
            for items in args.items:
                path = Path(folder) / f"feed-{items}-{language}.xml"
                path.write_bytes(feed(items, language=language))
                cpu, peak = preview_run(path, args.repeat)
                per_article.append((cpu - fixed) / (items - 1))
                print(
                    f"JSONL preview of {items:>6} items, language "
                    f"{'<language>en' if language else 'guessed':13s}: {cpu:6.2f} s CPU "
                    f"(median of {args.repeat}), {1000 * per_article[-1]:.2f} ms per article "
                    f"after the {fixed:.2f} s start, {peak:.0f} MiB peak"
                )
            if len(per_article) > 1:
                ratio = per_article[-1] / per_article[0]
                print(f"  per article, largest / smallest feed: {ratio:.2f}x")


if __name__ == "__main__":
    main()
