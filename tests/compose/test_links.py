"""Article links in posts: X's own extractors take them whole, Bluesky's facets carry URIs."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from twitter_text import extract_urls

from syndicator.compose import compose
from syndicator.compose.environment import Templates
from syndicator.models import Article
from syndicator.networks.registry import spec
from syndicator.urls import to_uri

IRIS = [
    "https://example.org/actu/статьи/日本語/?q=café",
    "https://Bücher.de/katalog/Straße",
    "https://例え.jp/パス/記事",
    "https://fa.example.org/مقاله/می‌خواهم",  # Persian path with ZWNJ
    "https://example.org/%E6%97%A5%E6%9C%AC/already-encoded",
    "https://example.org/wow!",
    "https://example.org/search?q=a.",
    "https://en.wikipedia.org/wiki/Foo_(bar)",
    "https://example.org/a?b=[1]|x^y",
]


def _posts(templates: Templates, url: str) -> dict[str, str]:
    article = Article(id=url, url=url, title="Titre", summary="Résumé.", body="", lang="fr")
    return {
        network: compose(
            article,
            network=spec(network),
            templates=templates,
            template=f"{network}.txt.j2",
            limits=spec(network).default_limits(),
        )
        for network in ("x", "mastodon", "bluesky")
    }


@pytest.mark.parametrize("url", IRIS)
def test_links_are_uris_extracted_whole_by_the_python_port(templates: Templates, url: str) -> None:
    uri = to_uri(url)
    assert uri.isascii()
    posts = _posts(templates, url)
    for network in ("x", "mastodon"):
        assert posts[network].url == uri
        assert uri in extract_urls(posts[network].text)
    bluesky = posts["bluesky"]
    assert [f.value for f in bluesky.parts[0].facets if f.kind == "link"] == [uri]
    assert bluesky.card is not None
    assert bluesky.card.url == uri


def test_bluesky_shows_the_readable_form(templates: Templates) -> None:
    text = _posts(templates, "https://example.org/статьи")["bluesky"].text
    assert "example.org/статьи" in text


@pytest.mark.node
def test_links_are_extracted_whole_by_the_official_js(
    templates: Templates, js_urls: Callable[[Sequence[str]], list[list[str]]]
) -> None:
    texts = [_posts(templates, url)[network].text for url in IRIS for network in ("x", "mastodon")]
    found = js_urls(texts)
    wanted = [to_uri(url) for url in IRIS for _ in ("x", "mastodon")]
    assert [uri in urls for uri, urls in zip(wanted, found, strict=True)] == [True] * len(texts)
