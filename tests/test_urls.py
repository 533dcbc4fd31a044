"""``urls``: article links checked, turned into URIs once, shown readable."""

from __future__ import annotations

import pytest

from syndicator.urls import problem, readable, to_uri


@pytest.mark.parametrize(
    ("iri", "uri"),
    [
        (
            "https://example.org/actu/статьи/日本語/?q=café",
            "https://example.org/actu/%D1%81%D1%82%D0%B0%D1%82%D1%8C%D0%B8/"
            "%E6%97%A5%E6%9C%AC%E8%AA%9E/?q=caf%C3%A9",
        ),
        ("https://Bücher.example/", "https://xn--bcher-kva.example/"),
        ("https://例え.テスト/パス", "https://xn--r8jz45g.xn--zckzah/%E3%83%91%E3%82%B9"),
        ("https://example.org/a#été", "https://example.org/a#%C3%A9t%C3%A9"),
        # Already encoded escapes stay; a stray "%" is encoded once.
        ("https://example.org/%E6%97%A5/日", "https://example.org/%E6%97%A5/%E6%97%A5"),
        ("https://example.org/a%2Fb?x=%26", "https://example.org/a%2Fb?x=%26"),
        ("https://example.org/100%/x", "https://example.org/100%25/x"),
        ("https://example.org/a?b=[1]|x", "https://example.org/a?b=%5B1%5D%7Cx"),
        # twitter-text leaves these last characters out of a link: encoded, it keeps them.
        ("https://example.org/wow!", "https://example.org/wow%21"),
        ("https://example.org/a?q=x.", "https://example.org/a?q=x%2E"),
        ("https://example.org/a?", "https://example.org/a"),
        ("https://en.wikipedia.org/wiki/Foo_(bar)", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        (
            "https://example.org/plain/path-1?a=b&c=d#top",
            "https://example.org/plain/path-1?a=b&c=d#top",
        ),
    ],
)
def test_iri_to_uri(iri: str, uri: str) -> None:
    assert to_uri(iri) == uri
    assert to_uri(uri) == uri  # never double-encoded


def test_readable_decodes_text_but_not_what_would_hide_the_target() -> None:
    uri = to_uri("https://Bücher.example/actu/статьи/?q=café")
    assert readable(uri) == "https://bücher.example/actu/статьи/?q=café"
    # Spaces, slashes, controls and bidi overrides stay encoded.
    assert (
        readable("https://e.org/a%20b%2Fc%E2%80%AEd%00") == "https://e.org/a%20b%2Fc%E2%80%AEd%00"
    )
    assert readable("https://e.org/%FF%FE") == "https://e.org/%FF%FE"  # not UTF-8: as is


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("", "is empty"),
        ("/blog/post/", "is not absolute"),
        ("ftp://example.org/a", "is not an http(s) URL"),
        ("javascript:alert(1)", "is not an http(s) URL"),
        ("https:///a", "has no host"),
        ("https://example.org/a b", "holds a space (encode it as %20)"),
        ("https://example.org/a\x1b]0;x\x07", "holds a control character"),
        ("https://example.org:99999/", "has an invalid host or port (Port out of range 0-65535)"),
    ],
)
def test_problem_says_what_is_wrong(url: str, reason: str) -> None:
    assert problem(url) == reason


def test_problem_accepts_iris() -> None:
    assert problem("https://例え.テスト/パス?q=café") is None
