"""``syndicator init`` writes the site: block it would use; ``check`` shows the site found."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.config import load_config
from syndicator.sites import SiteSettings

from .tools import HERE


def test_init_in_a_hugo_site_leaves_the_site_block_empty(tmp_path: Path) -> None:
    shutil.copytree(HERE / "hugo_blog", tmp_path / "blog")
    result = CliRunner().invoke(cli, ["init", "--dir", str(tmp_path / "blog")])
    assert result.exit_code == 0, result.output
    assert f"found a hugo site in {(tmp_path / 'blog').resolve()}" in result.output
    assert "(base URL https://blog.example.org/sub/)" in result.output
    assert load_config(tmp_path / "blog" / "syndicator.yaml").site == SiteSettings()


def test_init_elsewhere_writes_the_content_folder_it_found(tmp_path: Path) -> None:
    post = tmp_path / "src" / "content" / "blog" / "first.md"
    post.parent.mkdir(parents=True)
    post.write_text("---\ntitle: First\n---\nText.\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["init", "--dir", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "no generator config found; Markdown articles in src/content/blog/" in result.output
    site = load_config(tmp_path / "syndicator.yaml").site
    assert site.content_dir == str(post.parent.resolve())
    assert site.base_url is None


def test_check_prints_the_site_and_its_newest_article(tmp_path: Path) -> None:
    blog = tmp_path / "blog"
    shutil.copytree(HERE / "hugo_blog", blog)
    (blog / "syndicator.yaml").write_text("default_lang: en\n", encoding="utf-8")
    newest = "https://blog.example.org/sub/recipes/november/soupe-%C3%A0-loignon/"
    config = str(blog / "syndicator.yaml")
    text = CliRunner().invoke(cli, ["check", "-c", config, "-n", "mastodon"])
    assert f"site: hugo in {blog.resolve()} (https://blog.example.org/sub/)" in text.stdout
    assert f"  newest article: Onion soup {newest}" in text.stdout
    document = json.loads(
        CliRunner()
        .invoke(cli, ["check", "-c", config, "-n", "mastodon", "--format", "json"])
        .stdout
    )
    assert document["site"]["generator"] == "hugo"
    assert document["site"]["newest_article"] == {"title": "Onion soup", "url": newest}


def test_check_without_a_site_says_so(tmp_path: Path) -> None:
    (tmp_path / "syndicator.yaml").write_text("default_lang: en\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", "-c", str(tmp_path / "syndicator.yaml")])
    assert "site: none found" in result.stdout
