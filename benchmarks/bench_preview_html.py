"""Time ``preview --format html`` against ``--format json`` on a 1,000-article feed.

Run: ``.venv/bin/python benchmarks/bench_preview_html.py [articles] [rounds]``. Issue 16:
the HTML page may take at most twice the JSON preview's time. Both run in this process
through the CLI (click's runner), alternately, after one warm-up each; every article
goes to the three networks, so the page holds 3,000 cards.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

from click.testing import CliRunner

from syndicator.cli import cli


def feed(items: int) -> str:
    """Return an RSS feed of ``items`` articles with a summary, tags and an image."""
    entries = "".join(
        f"<item><title>Article {n}: what the #Fediverse did this week</title>"
        f"<link>https://blog.example/{n}/a-rather-long-slug-for-the-article/</link>"
        f"<guid>https://blog.example/{n}/</guid><pubDate>Mon, 06 May 2024 10:00:00 GMT</pubDate>"
        "<category>Réseaux sociaux</category><category>Mastodon</category>"
        f"<description>&lt;p&gt;Paragraph {n}, long enough to be a summary that the "
        "length engine has to think about on X, where links count 23 and the rest "
        "counts by weight, and on Bluesky, where it counts graphemes.&lt;/p&gt;</description>"
        '<enclosure url="https://blog.example/cover.jpg" type="image/jpeg" length="1"/>'
        "</item>\n"
        for n in range(items)
    )
    return (
        '<?xml version="1.0"?><rss version="2.0"><channel><title>Blog</title>'
        f"<link>https://blog.example/</link>\n{entries}</channel></rss>\n"
    )


def once(runner: CliRunner, path: Path, output_format: str) -> tuple[float, int]:
    started = time.perf_counter()
    result = runner.invoke(cli, ["preview", str(path), "--format", output_format])
    elapsed = time.perf_counter() - started
    if result.exit_code != 0:
        raise SystemExit(f"{output_format}: exit {result.exit_code}\n{result.output[-2000:]}")
    return elapsed, len(result.stdout)


def main() -> None:
    items = int(sys.argv[1]) if len(sys.argv) > 1 else 1_000
    rounds = int(sys.argv[2]) if len(sys.argv) > 2 else 5
    runner = CliRunner()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "feed.xml"
        path.write_text(feed(items), encoding="utf-8")
        times: dict[str, list[float]] = {"json": [], "html": []}
        sizes: dict[str, int] = {}
        for output_format in times:
            once(runner, path, output_format)  # warm-up: imports, template compilation
        for _ in range(rounds):
            for output_format, taken in times.items():
                elapsed, sizes[output_format] = once(runner, path, output_format)
                taken.append(elapsed)
    json_s, html_s = (statistics.median(times[f]) for f in ("json", "html"))
    print(f"{items} articles x 3 networks, median of {rounds} rounds:")
    print(f"  json: {json_s:.2f} s ({sizes['json'] / 1e6:.1f} MB)")
    print(f"  html: {html_s:.2f} s ({sizes['html'] / 1e6:.1f} MB)")
    print(f"  html / json: {html_s / json_s:.2f} (target: at most 2)")


if __name__ == "__main__":
    main()
