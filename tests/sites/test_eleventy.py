"""Eleventy URLs: every URL we compute equals the one the real Eleventy gives.

Each fixture site is built with ``eleventy --to=json`` (npm ``@11ty/eleventy`` in
``eleventy_tool/``), which prints every template's ``inputPath`` and ``url``. Eleventy
leaves spaces and non-ASCII letters raw in ``url``; we compare with it percent-encoded,
as a link must be posted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from urllib.parse import quote

import pytest

from syndicator.errors import SourceError
from syndicator.sites import Page, Resolved, SiteSettings, find_site
from syndicator.sources import load
from syndicator.sources.markdown import split_front_matter

from .tools import HERE, on_ci, require_tool

ELEVENTY = HERE / "eleventy_tool" / "node_modules" / "@11ty" / "eleventy" / "cmd.cjs"
BASE = "https://example.net/"
SETTINGS = SiteSettings(base_url="https://example.net")


def _eleventy(site: Path, *args: str) -> dict[str, str]:
    """Run the real Eleventy on ``site``; return {input path: absolute URL} it writes."""
    node = require_tool("node", install_hint="install Node.js 18+")
    if not ELEVENTY.is_file():
        message = "Eleventy is not installed (cd tests/sites/eleventy_tool && npm ci)"
        if on_ci():
            pytest.fail(message)
        pytest.skip(message)
    command = [node, str(ELEVENTY), "--to=json", "--quiet", *args]
    run = subprocess.run(
        command, cwd=site, check=False, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    return {
        page["inputPath"].removeprefix("./"): BASE
        + quote(page["url"].lstrip("/"), safe="/!$&'()*+,;=:@~-._")
        for page in json.loads(run.stdout)
        if page["url"]
    }


def _ours(
    site: Path, start: Path, settings: SiteSettings = SETTINGS
) -> dict[str, Resolved | SourceError]:
    """Resolve every Markdown file with front matter under ``site``."""
    found = find_site(start, settings)
    assert found is not None
    assert found.generator == "eleventy"
    resolved: dict[str, Resolved | SourceError] = {}
    for path in sorted(site.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta, _, _ = split_front_matter(text, where=str(path))
        try:
            resolved[path.relative_to(site).as_posix()] = found.resolve(
                Page(path=path.resolve(), meta=meta)
            )
        except SourceError as exc:
            resolved[path.relative_to(site).as_posix()] = exc
    return resolved


def _urls(ours: dict[str, Resolved | SourceError]) -> dict[str, str]:
    return {p: r.url for p, r in ours.items() if isinstance(r, Resolved) and r.url is not None}


@pytest.mark.slow
def test_config_site_every_url_equals_eleventys(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    shutil.copytree(Path(__file__).parent / "eleventy_blog", site)
    expected = _eleventy(site)
    ours = _ours(site, site / "src" / "posts")

    assert _urls(ours) == expected
    assert len(expected) == 16
    # The path users run: the input folder as a source, with site: base_url set.
    loaded = load(str(site / "src"), site=SETTINGS)
    assert sorted(a.url for a in loaded.articles) == sorted(expected.values())
    assert ours["src/posts/hidden.md"] == Resolved(
        url=None, key="posts/hidden.md", skip="permalink: false"
    )
    partial = ours["src/_includes/partial.md"]
    assert isinstance(partial, Resolved)
    assert partial.skip == "ignored by Eleventy"
    bonjour = ours["src/fr/bonjour.md"]
    assert isinstance(bonjour, Resolved)
    assert (bonjour.lang, bonjour.lang_from) == ("fr", "fr.json")


@pytest.mark.slow
def test_scripts_site_every_url_equals_eleventys(tmp_path: Path) -> None:
    site = tmp_path / "scripts"
    shutil.copytree(Path(__file__).parent / "eleventy_scripts", site)
    expected = _eleventy(site, "--input=content")  # as its package.json build script
    ours = _ours(site, site / "content" / "blog")
    templated = "content/blog/2024-06-01-templated.md"

    assert _urls(ours) == {p: u for p, u in expected.items() if p != templated}
    assert len(expected) == 7
    error = ours[templated]
    assert isinstance(error, SourceError)
    assert "permalink '/t/{{ title | slugify }}/' is a template syndicator cannot evaluate" in str(
        error
    )
    secret = ours["content/private/secret.md"]
    assert isinstance(secret, Resolved)
    assert secret.skip == "ignored by Eleventy"


def test_no_base_url_gives_a_key_but_no_url(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    shutil.copytree(Path(__file__).parent / "eleventy_blog", site)

    ours = _ours(site, site / "src", SiteSettings())

    about = ours["src/about.md"]
    assert about == Resolved(url=None, key="/about/")


def test_content_dir_setting_replaces_the_configs_input(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    shutil.copytree(Path(__file__).parent / "eleventy_blog", site)
    settings = SiteSettings(base_url="https://example.net/", content_dir="src/posts", lang="en")

    ours = _ours(site, site, settings)

    fixed = ours["src/posts/second-post.md"]
    assert fixed == Resolved(
        url="https://example.net/second-post/",
        key="/second-post/",
        lang="en",
        lang_from="syndicator.yaml site.lang",
    )
