"""Time reading an HTML page nested 100,000 elements deep (issue 13 row 5).

Run: ``.venv/bin/python benchmarks/bench_deep.py [depth]``. Before: a RecursionError
traceback after seconds, then (recursion removed) 226 s in lexbor's tree builder, which
walks its stack of open elements at every start tag; now tags past depth 512 are dropped.
"""

from __future__ import annotations

import sys
import time

from syndicator.sources.page import parse_page


def main() -> None:
    depth = int(sys.argv[1]) if len(sys.argv) > 1 else 100_000
    page = (
        "<html><head><link rel=canonical href='https://a.example/x'><title>Deep</title></head>"
        f"<body><article>{'<div>' * depth}Text.{'</div>' * depth}</article></body></html>"
    ).encode()
    started = time.perf_counter()
    article = parse_page(page, where="deep.html", url=None, default_lang="en")
    elapsed = time.perf_counter() - started
    print(f"depth {depth}: {article.body!r} in {elapsed:.2f} s")


if __name__ == "__main__":
    main()
