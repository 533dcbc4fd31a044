"""Issue 13, rows 3, 5, 13 and 14: hostile or odd input is one source's clear error, or read.

Every case goes through the command line, as a user meets it: one line per problem,
no traceback, and the other sources still go out.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx
from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.sources import load

GOOD = "---\ntitle: The good one\nurl: https://blog.example/good/\n---\nIt still goes out.\n"
DEPTH = 100_000
ARTICLE_PAGE = (
    "<!doctype html><html lang='en'><head><meta charset='{charset}'>"
    "<link rel='canonical' href='https://blog.example/utf/'>"
    "<meta property='og:type' content='article'><title>Caf\u00e9 \u00e0 \u65e5\u672c</title>"
    "</head><body><article><p>\u00c9t\u00e9 \u00e0 Tokyo.</p></article></body></html>"
)


def preview(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["preview", *args])
    assert "Traceback" not in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    return result.exit_code, result.output


def deep_sources(folder: Path) -> dict[str, Path]:
    """One file per parser, each nested DEPTH levels deep."""
    opened, closed = "[" * DEPTH, "]" * DEPTH
    files = {
        "deep.json": '{"version": "https://jsonfeed.org/version/1.1", "items": '
        f'[{{"id": "1", "url": "https://a.example/1", "title": "t", "tags": {opened}{closed}}}]}}',
        "toml.md": f'+++\ntitle = "T"\nurl = "https://a.example/t"\nx = {opened}{closed}\n+++\nB\n',
        "yaml.md": f"---\ntitle: T\nurl: https://a.example/y\nx: {opened}{closed}\n---\nB\n",
        "yaml900.md": "---\ntitle: T\nurl: https://a.example/z\nx: "
        + "[" * 900
        + "]" * 900
        + "\n---\nB\n",
    }
    paths = {}
    for name, text in files.items():
        paths[name] = folder / name
        paths[name].write_text(text, encoding="utf-8")
    return paths


def test_deep_nesting_is_that_source_s_error_and_the_others_go_out(tmp_path: Path) -> None:
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    for name, path in deep_sources(tmp_path).items():
        code, output = preview(str(path), str(good))
        assert code == 2, (name, output)
        assert "The good one" in output, name
        errors = [line for line in output.splitlines() if line.startswith("Error:")]
        assert len(errors) == 1, (name, output)
        assert path.name in errors[0]


def test_deep_html_and_json_ld_are_read_in_linear_time(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><link rel=canonical href='https://a.example/p'>"
        "<meta property='og:title' content='Deep page'>"
        f"<script type='application/ld+json'>{'[' * DEPTH}{']' * DEPTH}</script></head>"
        f"<body><article>{'<div>' * DEPTH}Deep text.{'</div>' * DEPTH}</article></body></html>",
        encoding="utf-8",
    )
    (article,) = load(str(page)).articles  # minutes (then a RecursionError) before
    assert (article.title, article.body) == ("Deep page", "Deep text.")
    feed = tmp_path / "feed.xml"
    feed.write_text(
        "<?xml version='1.0'?><rss version='2.0'><channel><title>c</title><item><title>t</title>"
        "<link>https://a.example/1</link><description><![CDATA["
        f"{'<div>' * DEPTH}Inside.{'</div>' * DEPTH}]]></description></item></channel></rss>",
        encoding="utf-8",
    )
    (entry,) = load(str(feed)).articles
    assert entry.summary == "Inside."


def test_a_100_kb_title_is_fitted_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "long.md"
    title = "Word " * 20_000
    path.write_text(f"---\ntitle: {title}\nurl: https://blog.example/long/\n---\nB\n", "utf-8")
    code, output = preview("--format", "json", str(path))
    assert code == 0, output[:500]
    import json

    posts = json.loads(output)["posts"]
    assert len(posts) == 3
    for post in posts:
        assert "…" in post["text"]
        assert "blog.example/long/" in post["text"]


@pytest.mark.parametrize(
    ("codec", "bom"),
    [
        ("utf-16-le", b"\xff\xfe"),
        ("utf-16-be", b"\xfe\xff"),
        ("utf-32-le", b"\xff\xfe\x00\x00"),
        ("utf-32-be", b"\x00\x00\xfe\xff"),
    ],
)
def test_utf16_and_utf32_pages_with_a_bom_are_decoded(
    tmp_path: Path, codec: str, bom: bytes
) -> None:
    for suffix in (".html", ".page"):  # named as HTML, and found by sniffing
        path = tmp_path / f"page{suffix}"
        path.write_bytes(
            bom + ARTICLE_PAGE.format(charset=codec.split("-", maxsplit=1)[0] + "-16").encode(codec)
        )
        (article,) = load(str(path)).articles
        assert article.url == "https://blog.example/utf/"
        assert article.title == "Caf\u00e9 \u00e0 \u65e5\u672c"
        assert article.body == "\u00c9t\u00e9 \u00e0 Tokyo."


def test_a_meta_charset_of_utf16_on_an_ascii_page_reads_it_as_utf8(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(ARTICLE_PAGE.format(charset="utf-16").encode("utf-8"))
    assert load(str(path)).articles[0].title == "Caf\u00e9 \u00e0 \u65e5\u672c"


# --- row 3: a page must look like an article ---------------------------------------------

HOME = (
    b"<html><head><title>My Blog</title><link rel='canonical' href='https://blog.example/'>"
    b"<meta property='og:type' content='website'>"
    b"<link rel='alternate' type='application/rss+xml' href='/index.xml'></head>"
    b"<body><h1>My Blog</h1><p>Latest posts.</p></body></html>"
)
CHALLENGE = (
    b"<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
    b"<div id='challenge-platform'></div><script src='/cdn-cgi/challenge-platform/h/b/orchestrate/"
    b"chl_page/v1'></script></body></html>"
)


@respx.mock
@pytest.mark.parametrize(
    ("address", "expected"),
    [
        ("https://blog.example/feed/", "answers an HTML page, not a feed; the page links its "
         "feed: give https://blog.example/index.xml"),
        ("https://blog.example/rss.xml", "answers an HTML page, not a feed; the page links"),
        ("https://blog.example/", "does not look like an article (no og:type article, no "
         "JSON-LD Article or BlogPosting, no <article> element); it links a feed: give "
         "https://blog.example/index.xml to post its articles"),
        ("https://blog.example/2024/gone/", "answers the home page (https://blog.example/), "
         "not an article"),
    ],
)  # fmt: skip
def test_a_page_that_is_not_an_article_is_refused_with_what_to_do(
    tmp_path: Path, address: str, expected: str
) -> None:
    respx.get("https://blog.example/feed/").mock(return_value=httpx.Response(200, content=HOME))
    respx.get("https://blog.example/rss.xml").mock(
        return_value=httpx.Response(302, headers={"Location": "/"})
    )
    respx.get("https://blog.example/").mock(return_value=httpx.Response(200, content=HOME))
    respx.get("https://blog.example/2024/gone/").mock(
        return_value=httpx.Response(301, headers={"Location": "https://blog.example/"})
    )
    good = tmp_path / "good.md"
    good.write_text(GOOD, encoding="utf-8")
    code, output = preview(address, str(good))
    assert code == 2
    assert "The good one" in output
    assert "My Blog" not in output.replace("My Blog</title>", "")
    (error,) = [line for line in output.splitlines() if line.startswith("Error:")]
    assert expected in error, error


@respx.mock
def test_a_challenge_page_answered_with_200_is_refused(tmp_path: Path) -> None:
    respx.get("https://blog.example/walled/").mock(
        return_value=httpx.Response(200, content=CHALLENGE)
    )
    code, output = preview("https://blog.example/walled/")
    assert code == 2
    assert "answers a Cloudflare challenge page, not the article" in output


# --- row 2 through the command line: the switch is the config's ----------------------------


def test_a_loopback_feed_is_refused_unless_the_config_allows_private_addresses(
    tmp_path: Path,
) -> None:
    from tests.fakes.hostile import Reply, hostile

    feed = (
        b"<?xml version='1.0'?><rss version='2.0'><channel><title>Intranet</title>"
        b"<item><title>Inside news</title><link>https://intranet.example/1</link></item>"
        b"</channel></rss>"
    )
    with hostile({"/feed.xml": Reply(feed)}) as server:
        code, output = preview(f"{server.url}/feed.xml")
        assert code == 2
        assert "127.0.0.1, an internal address" in output
        assert "allow_private_addresses: true" in output
        assert server.hits == {}
        config = tmp_path / "syndicator.yaml"
        config.write_text("allow_private_addresses: true\n", encoding="utf-8")
        code, output = preview("--config", str(config), f"{server.url}/feed.xml")
        assert code == 0, output
        assert "Inside news" in output
