"""Time ``syndicator preview`` over a generated Hugo content folder, and show it is linear.

Run: .venv/bin/python benchmarks/bench_folder.py [--files 1000 5000] [--repeat 3]
     [--urls] [--code PATH]
Writes a Hugo site (hugo.toml with a baseURL and a permalink rule; two thirds of the
posts in one flat folder, the rest in two others, every tenth a draft, a list page per
section) with each count of Markdown
files, then times the cold CLI, ``python -m syndicator preview --format json -n
mastodon content/``, as a user or a CI job runs it. ``--urls`` writes an absolute
``url:`` in each front matter (what versions before site support needed); ``--code``
runs the syndicator package of another checkout (e.g. a ``git worktree`` of an older
commit) on the same folders. Prints the median wall and CPU time of the runs (CPU time,
user + system of the child, is what to compare on a busy machine) and the time per file.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SEED = 20261129
WORDS: tuple[str, ...] = (
    "static",
    "site",
    "generator",
    "article",
    "permalink",
    "section",
    "language",
)
WORDS += ("draft", "bundle", "réseau", "für", "Straße", "naïve", "café", "日本語", "記事")
WORDS += ("publish", "syndicate", "network", "federated", "post", "thread")


def write_site(root: Path, files: int, *, urls: bool) -> Path:
    """Write a Hugo site with ``files`` Markdown files under root/content; return content/."""
    rng = random.Random(SEED)
    (root / "hugo.toml").write_text(
        'baseURL = "https://bench.example.org/"\nlanguageCode = "en"\n'
        '[permalinks]\nposts = "/:year/:month/:slug/"\n',
        encoding="utf-8",
    )
    content = root / "content"
    # One flat folder holds most posts, as on many blogs: work done per file that lists
    # its folder would show here as quadratic time.
    sections = ["posts", "posts", "posts", "posts", "notes/2024", "essays"]
    for section in dict.fromkeys(sections):
        folder = content / section
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "_index.md").write_text(f"---\ntitle: {section}\n---\n", encoding="utf-8")
    for index in range(files - len(set(sections))):
        section = sections[index % len(sections)]
        title = " ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 9))).capitalize()
        day = f"20{rng.randint(15, 25)}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        front = [f'title: "{title} {index}"', f"date: {day}", "tags: [hugo, bench]"]
        if urls:
            front.append(f"url: https://bench.example.org/{section}/p{index}/")
        if index % 10 == 9:
            front.append("draft: true")
        body = "\n\n".join(
            " ".join(rng.choice(WORDS) for _ in range(rng.randint(20, 60))) for _ in range(4)
        )
        text = "---\n" + "\n".join(front) + "\n---\n\n" + body + "\n"
        (content / section / f"p{index}.md").write_text(text, encoding="utf-8")
    return content


def time_preview(
    content: Path, *, code: Path | None, repeat: int
) -> tuple[list[float], list[float]]:
    """Return the wall and CPU times of each cold ``syndicator preview`` run."""
    env = dict(os.environ)
    if code is not None:
        env["PYTHONPATH"] = str(code)
    command = [sys.executable, "-m", "syndicator", "preview", "--format", "json"]
    command += ["-n", "mastodon", str(content)]
    times, cpu = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(
            command, env=env, cwd=content.parent, capture_output=True, check=False
        )
        times.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        if done.returncode != 0:
            sys.exit(f"preview failed ({done.returncode}): {done.stderr.decode()[-500:]}")
    return times, cpu


def main() -> None:
    """Time each folder size and print medians and the time per file."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--files", type=int, nargs="+", default=[1000, 5000])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--urls", action="store_true")
    parser.add_argument("--code", type=Path)
    args = parser.parse_args()
    rows = []
    for files in args.files:
        with tempfile.TemporaryDirectory() as tmp:
            content = write_site(Path(tmp), files, urls=args.urls)
            times, cpu = time_preview(content, code=args.code, repeat=args.repeat)
        median, median_cpu = statistics.median(times), statistics.median(cpu)
        rows.append((files, median_cpu))
        print(
            f"{files:>6} files: median {median:6.2f} s wall, {median_cpu:6.2f} s CPU over "
            f"{args.repeat} runs ({1000 * median_cpu / files:.2f} ms CPU/file; wall runs "
            f"{', '.join(f'{t:.2f}' for t in times)})"
        )
    if len(rows) > 1:
        (small, t_small), (large, t_large) = rows[0], rows[-1]
        print(f"{large}/{small} files: CPU x{t_large / t_small:.2f} for size x{large / small:g}")


if __name__ == "__main__":
    main()
