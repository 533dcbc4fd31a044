"""Time reading a big feed: a 10,000-item RSS file through ``sources.load``.

Run: ``.venv/bin/python benchmarks/bench_feed.py [items]``. Issue 13 row 9: reading took
46 s, 34 of them counting lines for error messages (quadratic in the feed's size).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from syndicator.sources import load


def feed(items: int) -> bytes:
    """Return an RSS feed of ``items`` entries, each with a paragraph of HTML."""
    entries = "".join(
        f"<item><title>Post {n}</title><link>https://blog.example/{n}/</link>"
        f"<guid>https://blog.example/{n}/</guid><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>"
        f"<description>&lt;p&gt;Paragraph {n} of the feed, long enough to be a summary."
        "&lt;/p&gt;</description></item>\n"
        for n in range(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
        f"<link>https://blog.example/</link>\n{entries}</channel></rss>\n"
    ).encode()


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.xml"
        path.write_bytes(feed(items))
        started = time.perf_counter()
        loaded = load(str(path))
        elapsed = time.perf_counter() - started
    print(f"{items} items: {len(loaded.articles)} articles in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
