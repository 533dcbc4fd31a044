"""Feeds as they arrive: UTF-16/32 with or without BOM, gzip, relative links, escaped twice."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from syndicator.errors import SourceError
from syndicator.sources import load
from syndicator.sources.feed import parse_feed

FEEDS = Path(__file__).parent / "feeds"


@pytest.mark.parametrize(
    "name",
    [
        "utf-16be.xml",
        "utf-16le.xml",
        "utf-16le-bom.xml",
        "utf-32be.xml",
        "utf-32be-bom.xml",
        "utf-32le-autodetect.xml",
    ],
)
def test_feedparser_encoding_fixtures_are_read(name: str) -> None:
    loaded = load(str(FEEDS / name))
    assert loaded.errors == ()
    assert loaded.articles == ()  # feedparser's fixtures are empty <rss> documents


def _articles(path: Path) -> list[tuple[str, str, str, str]]:
    loaded = load(str(path))
    assert loaded.errors == ()
    return [(a.id, a.url, a.title, a.summary) for a in loaded.articles]


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-be", b""),
        ("utf-16-le", b""),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-16-le", b"\xff\xfe"),
        ("utf-32-be", b""),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
    ],
)
def test_the_example_feed_reads_the_same_in_any_unicode_encoding(
    fixtures: Path, tmp_path: Path, codec: str, bom: bytes
) -> None:
    text = (fixtures / "feed.xml").read_text("utf-8")
    declared = text.replace('encoding="UTF-8"', f'encoding="{codec[:6].upper()}"', 1)
    path = tmp_path / "feed"  # no extension: the kind is sniffed from the bytes
    path.write_bytes(bom + declared.encode(codec))
    expected = _articles(fixtures / "feed.xml")
    assert len(expected) == 3
    assert _articles(path) == expected


def test_a_gzip_compressed_feed_is_unpacked(fixtures: Path, tmp_path: Path) -> None:
    path = tmp_path / "feed.xml.gz"
    path.write_bytes(gzip.compress((fixtures / "feed.xml").read_bytes()))
    assert _articles(path) == _articles(fixtures / "feed.xml")


def test_a_damaged_or_huge_gzip_is_one_clear_error(tmp_path: Path) -> None:
    damaged = tmp_path / "damaged.xml.gz"
    damaged.write_bytes(b"\x1f\x8b\x08\x00garbage")
    with pytest.raises(SourceError, match="gzip-compressed but damaged"):
        load(str(damaged))
    bomb = tmp_path / "bomb.xml"
    bomb.write_bytes(gzip.compress(b"<rss>" + b" " * (65 * 1024 * 1024)))
    with pytest.raises(SourceError, match="unpacks to more than 64 MB"):
        load(str(bomb))


def test_xml_base_resolves_entry_links() -> None:
    # feedparser's docs/examples/examples/base.xml: the entry's xml:base wins.
    articles, errors = parse_feed(
        (FEEDS / "base.xml").read_bytes(), where="base.xml", default_lang="en"
    )
    assert errors == ()
    assert [a.url for a in articles] == ["http://example.org/archives/000001.html"]


# Shaped like feedparser's tests/wellformed/base/http_entry_link_base_*.xml, with the
# title our sources require, and the self link Atom publishers (Blogger, WordPress) write.
RELATIVE = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Blog</title>
  %s
  <link rel="alternate" type="text/html" href="/"/>
  <entry><title>First</title><id>tag:blog,1</id><link href="/2024/01/first.html"/></entry>
  <entry><title>Second</title><id>tag:blog,2</id><link href="second.html"/></entry>
</feed>"""


def test_relative_links_resolve_against_the_self_link() -> None:
    data = RELATIVE % b'<link rel="self" href="https://blog.example.org/feeds/atom.xml"/>'
    articles, errors = parse_feed(data, where="atom.xml", default_lang="en")
    assert errors == ()
    assert sorted(a.url for a in articles) == [
        "https://blog.example.org/2024/01/first.html",
        "https://blog.example.org/feeds/second.html",
    ]


def test_relative_links_resolve_against_the_feed_url() -> None:
    articles, errors = parse_feed(
        RELATIVE % b"", where="feed", default_lang="en", url="http://127.0.0.1:8097/blog/atom.xml"
    )
    assert errors == ()
    assert sorted(a.url for a in articles) == [
        "http://127.0.0.1:8097/2024/01/first.html",
        "http://127.0.0.1:8097/blog/second.html",
    ]


def test_without_any_base_relative_links_are_one_error_each() -> None:
    articles, errors = parse_feed(RELATIVE % b"", where="feed", default_lang="en")
    assert articles == ()
    assert [str(e) for e in errors] == [
        "feed, line 6: entry tag:blog,1: link '/2024/01/first.html' is not absolute; skipped",
        "feed, line 7: entry tag:blog,2: link 'second.html' is not an http(s) URL; skipped",
    ]


# Reddit's self-text markup escaped once more (see feeds/README.md).
REDDIT = (FEEDS / "reddit-escaped-twice.rss").read_text("utf-8")


def test_html_escaped_twice_is_read_as_html() -> None:
    (article,), errors = parse_feed(REDDIT.encode(), where="reddit.rss", default_lang="en")
    assert errors == ()
    assert article.summary.startswith("So, umhh, I am working on an agentic coding platform")
    for text in (article.summary, article.body):
        assert "<" not in text
        assert "&lt;" not in text
        assert "SC_OFF" not in text


def test_html_that_only_mentions_a_tag_stays_as_written() -> None:
    feed = REDDIT.replace(
        REDDIT[REDDIT.index("<description>") : REDDIT.index("</description>")],
        "<description>&lt;p&gt;Wrap text in &amp;lt;p&amp;gt; tags.&lt;/p&gt;",
    )
    (article,), _ = parse_feed(feed.encode(), where="x.rss", default_lang="en")
    assert article.summary == "Wrap text in <p> tags."


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (
            "https://www.theguardian.com/world/2024/jan/01/story?CMP=share_btn_tw",
            "https://www.theguardian.com/world/2024/jan/01/story",
        ),
        (
            "https://www.bbc.co.uk/news/world-123?ns_mchannel=social&ns_source=twitter"
            "&ns_campaign=bbc_news&at_medium=custom7",
            "https://www.bbc.co.uk/news/world-123",
        ),
        (
            "https://www.spiegel.de/politik/a-1.html?wt_mc=rss.feed&sara_ref=re-so-tw",
            "https://www.spiegel.de/politik/a-1.html?sara_ref=re-so-tw",
        ),
        ("https://metro.co.uk/2024/01/01/a/?ito=cbshare", "https://metro.co.uk/2024/01/01/a/"),
        (
            "https://www.msn.com/fr-fr/actualite/a/ar-AA1?ocid=msedgntp&cvid=abc&ei=5",
            "https://www.msn.com/fr-fr/actualite/a/ar-AA1?ei=5",
        ),
        (
            "https://www.nytimes.com/2024/a.html?smid=nytcore-ios-share",
            "https://www.nytimes.com/2024/a.html",
        ),
        ("https://example.org/a?cmpid=rss&mtm_campaign=x&id=7", "https://example.org/a?id=7"),
    ],
)
def test_publishers_tracking_parameters_are_dropped(url: str, clean: str) -> None:
    data = (
        '<rss version="2.0"><channel><title>T</title><item><title>A</title>'
        f"<link>{url.replace('&', '&amp;')}</link></item></channel></rss>"
    ).encode()
    (article,), _ = parse_feed(data, where="feed", default_lang="en")
    assert article.url == clean
