"""Jekyll URLs: every URL we compute equals the one the real Jekyll binary builds.

The fixture site ``jekyll_blog/`` is built with Debian's ``jekyll`` once per permalink
style; its ``urls.json`` page lists every post and collection document Jekyll read with
its URL. A document counts as published when Jekyll wrote its output file.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from urllib.parse import unquote

import pytest

from syndicator.errors import SourceError
from syndicator.sites import Page, Resolved, SiteSettings, find_site
from syndicator.sites.jekyll import slugify
from syndicator.sources import load
from syndicator.sources.markdown import split_front_matter

from .tools import require_tool

FIXTURE = Path(__file__).parent / "jekyll_blog"
STYLES = [
    "date",
    "pretty",
    "ordinal",
    "weekdate",
    "none",
    "/:categories/:year/:title:output_ext",
    "/:year/:slug/",
]


def _copy(tmp_path: Path, style: str = "date") -> Path:
    site = tmp_path / "site"
    shutil.copytree(FIXTURE, site)
    config = site / "_config.yml"
    line = f"permalink: {json.dumps(style)}"
    config.write_text(re.sub(r"(?m)^permalink: .*$", line, config.read_text()))
    return site


def _built(site: Path, out: Path) -> dict[str, str]:
    """Build ``site`` with Jekyll; return {source path: absolute URL} of what it wrote."""
    jekyll = require_tool("jekyll", install_hint="apt-get install -y jekyll, or scripts/check")
    command = [jekyll, "build", "--source", str(site), "--destination", str(out)]
    run = subprocess.run(
        [*command, "--quiet"], check=False, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    written: dict[str, str] = {}
    for line in (out / "urls.json").read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        doc = json.loads(line)
        target = out / unquote(doc["url"]).lstrip("/")
        target = target / "index.html" if doc["url"].endswith("/") else target
        if doc["output"] and (
            target.is_file() or target.with_name(target.name + ".html").is_file()
        ):
            written[doc["path"]] = doc["absolute"]
    return written


def _ours(site: Path) -> dict[str, Resolved]:
    """Resolve every Markdown file with front matter in ``site`` the way sources do."""
    found = find_site(site / "_posts")
    assert found is not None
    assert found.generator == "jekyll"
    resolved: dict[str, Resolved] = {}
    for path in sorted(site.rglob("*.md")):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---"):
            continue
        meta, _, _ = split_front_matter(text, where=str(path))
        page = Page(path=path.resolve(), meta=meta)
        resolved[path.relative_to(site).as_posix()] = found.resolve(page)
    return resolved


@pytest.mark.slow
@pytest.mark.parametrize("style", STYLES)
def test_every_url_equals_jekylls(tmp_path: Path, style: str) -> None:
    site = _copy(tmp_path, style)
    expected = _built(site, tmp_path / "out")
    ours = _ours(site)

    assert {path: r.url for path, r in ours.items() if r.url is not None} == expected
    assert len(expected) == 21  # posts and documents Jekyll published, all compared
    assert all(r.skip for path, r in ours.items() if path not in expected)
    # The path users run: the folder as a source gives exactly Jekyll's published URLs.
    assert sorted(a.url for a in load(str(site)).articles) == sorted(expected.values())


def test_what_jekyll_does_not_publish_says_why(tmp_path: Path) -> None:
    ours = _ours(_copy(tmp_path))

    assert ours["_drafts/draft-post.md"].skip == "draft"
    assert ours["_posts/2024-11-01-unpublished.md"].skip == "draft"
    assert ours["_posts/2099-01-01-future.md"].skip == "future"
    assert ours["_recipes/2099-12-31-later.md"].skip == "future"
    assert ours["_posts/not-dated.md"].skip == "no date in the file name"
    assert ours["_hidden/secret.md"].skip == "collection hidden has no output"
    assert ours["_includes/snippet.md"].skip == "not published (in _includes)"
    assert ours["about.md"].skip == "page, not a post"


def test_language_comes_from_defaults_then_config(tmp_path: Path) -> None:
    ours = _ours(_copy(tmp_path))

    assert (
        ours["fr/_posts/2024-04-01-bonjour.md"].lang,
        ours["fr/_posts/2024-04-01-bonjour.md"].lang_from,
    ) == ("fr", "_config.yml defaults")
    assert ours["_notes/first.md"].lang == "de"
    hello = ours["_posts/2024-01-05-hello-world.md"]
    assert (hello.lang, hello.lang_from) == ("en-GB", "_config.yml lang")


def test_key_does_not_change_with_the_base_url(tmp_path: Path) -> None:
    site = _copy(tmp_path)
    path = (site / "_posts" / "2024-01-05-hello-world.md").resolve()
    meta, _, _ = split_front_matter(path.read_text(encoding="utf-8"), where=str(path))
    moved = find_site(path, SiteSettings(base_url="https://new.example/", lang="fr"))
    original = find_site(path)
    assert moved is not None
    assert original is not None

    old, new = (
        original.resolve(Page(path=path, meta=meta)),
        moved.resolve(Page(path=path, meta=meta)),
    )

    assert old.url == "https://example.org/blog/archive/2024/01/05/hello-world.html"
    assert new.url == "https://new.example/archive/2024/01/05/hello-world.html"
    assert old.key == new.key == "/archive/2024/01/05/hello-world.html"
    assert (new.lang, new.lang_from) == ("fr", "syndicator.yaml site.lang")


def test_settings_permalink_replaces_the_configs(tmp_path: Path) -> None:
    site = _copy(tmp_path)
    path = (site / "_posts" / "2024-01-05-hello-world.md").resolve()
    found = find_site(path, SiteSettings(permalink="pretty"))
    assert found is not None

    resolved = found.resolve(Page(path=path, meta={"title": "Hello world"}))

    assert resolved.url == "https://example.org/blog/archive/2024/01/05/hello-world/"


def test_unknown_placeholder_and_bad_config_are_one_line_errors(tmp_path: Path) -> None:
    site = _copy(tmp_path)
    path = (site / "_posts" / "2024-01-05-hello-world.md").resolve()
    found = find_site(path)
    assert found is not None
    with pytest.raises(SourceError, match=r"permalink has :nope, which Jekyll does not know"):
        found.resolve(Page(path=path, meta={"permalink": "/:nope/"}))
    (site / "_config.yml").write_text("url: [unclosed\n")
    with pytest.raises(SourceError, match=r"_config.yml: site config is not valid yml"):
        find_site(path)


@pytest.mark.parametrize(
    ("text", "mode", "cased", "slug"),
    [  # Jekyll 4.3.1: ruby -e 'p Jekyll::Utils.slugify(text, mode: mode, cased: cased)'
        ("The _config.yml file", "default", False, "the-config-yml-file"),
        ("The _config.yml file", "pretty", False, "the-_config.yml-file"),
        ("The _config.yml file", "pretty", True, "The-_config.yml-file"),
        ("The _config.yml file", "ascii", False, "the-config-yml-file"),
        ("Ünïcode Café", "default", False, "ünïcode-café"),
        ("中文 标题", "default", False, "中文-标题"),
    ],
)
def test_slugify_matches_jekylls_examples(text: str, mode: str, cased: bool, slug: str) -> None:
    assert slugify(text, mode, cased=cased) == slug
