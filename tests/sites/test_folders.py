"""Markdown sources read with their site's rules, through ``syndicator preview``.

URLs come from the generator when the front matter has no absolute one; ids are
``site:`` plus the page's address under the base URL, so they survive a change of
domain; a folder says what it skipped, and exits 2 when nothing in it is an article.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from syndicator.cli import cli

from .tools import HERE


def preview(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["preview", "--format", "json", "-n", "mastodon", *args])
    return result.exit_code, json.loads(result.stdout)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hugo_folder_previews_with_hugos_urls_and_says_what_it_skipped() -> None:
    code, document = preview(str(HERE / "hugo_blog" / "content"))
    assert code == 0, document["errors"]
    urls = {post["url"] for post in document["posts"]}
    assert "https://blog.example.org/sub/2024/03/hello-world/" in urls
    assert "https://blog.example.org/sub/archive/old-post.html" in urls
    assert not any("draft" in url or "future" in url for url in urls)
    ids = {post["article_id"] for post in document["posts"]}
    assert "site:/2024/03/hello-world/" in ids
    content = HERE / "hugo_blog" / "content"
    assert document["skipped"] == [
        f"{content}: 3 skipped (list page)",
        f"{content}: 2 skipped (not rendered (headless or build.render: never))",
        f"{content}: 1 skipped (draft)",
        f"{content}: 1 skipped (expired)",
        f"{content}: 1 skipped (future)",
        f"{content}: 1 skipped (page bundle resource)",
    ]


def test_text_output_lists_the_skipped_kinds_on_stderr() -> None:
    result = CliRunner().invoke(cli, ["preview", "-n", "mastodon", str(HERE / "hugo_suffix")])
    assert result.exit_code == 0, result.output
    assert "skipped (list page)" in result.stderr
    assert "skipped (future)" in result.stderr
    assert "https://suffix.example.net/docs/ja/posts/intro.html" in result.stdout


def test_ids_survive_a_move_to_another_domain(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(HERE / "hugo_multi", site)
    _, before = preview(str(site / "content"))
    write(tmp_path / "moved.yaml", "site:\n  base_url: https://new.example.org/blog/\n")
    _, after = preview("-c", str(tmp_path / "moved.yaml"), str(site / "content"))
    assert [p["article_id"] for p in after["posts"]] == [p["article_id"] for p in before["posts"]]
    assert {p["url"].split("/")[2] for p in after["posts"]} == {"new.example.org"}
    assert "https://new.example.org/blog/de/blog/2024/gr%C3%BC%C3%9Fe-aus-k%C3%B6ln/" in {
        p["url"] for p in after["posts"]
    }


def test_an_absolute_front_matter_url_keeps_its_url_and_id(tmp_path: Path) -> None:
    site = tmp_path / "site"
    shutil.copytree(HERE / "hugo_blog", site)
    url = "https://elsewhere.example/kept/"
    write(site / "content" / "posts" / "kept.md", f"---\ntitle: Kept\nurl: {url}\n---\nText.\n")
    _, document = preview(str(site / "content" / "posts" / "kept.md"))
    (post,) = document["posts"]
    assert (post["url"], post["article_id"]) == (url, url)


def test_a_named_draft_is_an_error(tmp_path: Path) -> None:
    code, document = preview(str(HERE / "hugo_blog" / "content" / "posts" / "draft.md"))
    assert code == 2
    (error,) = document["errors"]
    assert error["message"].endswith("draft.md: hugo publishes no page for this file (draft)")


def test_a_folder_with_no_article_exits_2_with_the_reasons(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'baseURL = "https://b.example/"\n')
    write(tmp_path / "content" / "posts" / "_index.md", "---\ntitle: Posts\n---\n")
    write(tmp_path / "content" / "posts" / "a.md", "---\ntitle: A\ndraft: true\n---\n")
    write(tmp_path / "content" / "posts" / "b.md", "---\ntitle: B\ndraft: true\n---\n")
    write(tmp_path / "content" / "posts" / "c.md", "---\ntitle: C\ndate: 2999-01-01\n---\n")
    result = CliRunner().invoke(cli, ["preview", str(tmp_path / "content")])
    assert result.exit_code == 2
    assert "Nothing to preview" not in result.output
    assert result.stderr.strip() == (
        f"Error: {tmp_path / 'content'}: no article: every Markdown file was skipped "
        "(2 draft, 1 future, 1 list page); publish one (no draft: true, a date not in "
        "the future) or check the folder"
    )


def test_a_site_block_describes_any_other_generator(tmp_path: Path) -> None:
    write(
        tmp_path / "syndicator.yaml",
        "site:\n  base_url: https://astro.example/\n  permalink: /blog/:year/:slug/\n"
        "  content_dir: src/content/blog\n  lang: de\n",
    )
    blog = tmp_path / "src" / "content" / "blog"
    write(blog / "erster.md", "---\ntitle: Erster Beitrag\ndate: 2024-02-03\n---\nText.\n")
    write(blog / "rel.md", "---\ntitle: Relativ\nurl: /andere/adresse/\n---\nText.\n")
    code, document = preview(str(blog))
    assert code == 0, document["errors"]
    assert {(p["url"], p["article_id"], p["lang"]) for p in document["posts"]} == {
        (
            "https://astro.example/blog/2024/erster-beitrag/",
            "site:/blog/2024/erster-beitrag/",
            "de",
        ),
        ("https://astro.example/andere/adresse/", "site:/andere/adresse/", "de"),
    }


def test_without_a_site_a_missing_url_says_how_to_give_one(tmp_path: Path) -> None:
    path = write(tmp_path / "a.md", "---\ntitle: A\n---\nText.\n")
    code, document = preview(str(path))
    assert code == 2
    assert document["errors"][0]["message"] == (
        f"{path}: front matter has no url: set url: to the article's full canonical "
        "address, or base_url in syndicator.yaml's site: block"
    )


@pytest.mark.parametrize(
    ("block", "message"),
    [
        ("site:\n  base_url: example.org\n", "site.base_url: 'example.org' is not an http(s)"),
        ("site:\n  baseurl: https://a.example/\n", "site.baseurl: unknown setting (did you mean"),
        ("site:\n  lang: 3\n", "site.lang: expected text, got 3"),
        ("site: yes\n", "site: expected a mapping"),
    ],
)
def test_a_bad_site_block_is_a_config_error(tmp_path: Path, block: str, message: str) -> None:
    write(tmp_path / "syndicator.yaml", block)
    result = CliRunner().invoke(cli, ["preview", "--title", "T", "--url", "https://a.example/"])
    assert result.exit_code == 2
    assert message in result.stderr


def test_a_relative_base_url_asks_for_site_base_url(tmp_path: Path) -> None:
    write(tmp_path / "hugo.toml", 'baseURL = "/"\n')
    path = write(tmp_path / "content" / "a.md", "---\ntitle: A\n---\nText.\n")
    code, document = preview(str(path))
    assert code == 2
    assert document["errors"][0]["message"] == (
        f"{path}: the hugo site in {tmp_path.resolve()} has the base URL '/', not a full "
        "address: set base_url in syndicator.yaml's site: block"
    )
    write(tmp_path / "syndicator.yaml", "site:\n  base_url: https://real.example/\n")
    code, document = preview("-c", str(tmp_path / "syndicator.yaml"), str(path))
    assert code == 0, document["errors"]
    assert document["posts"][0]["url"] == "https://real.example/a/"
