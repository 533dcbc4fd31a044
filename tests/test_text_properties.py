"""Property tests: hostile text through a real source and compose, on all three networks.

Random text mixes emoji ZWJ sequences, ZWNJ/ZWJ words, IRIs and control characters; it
goes into an RSS feed file read by ``sources.load`` (the path users run) and out through
``compose`` with the default templates. Whatever comes out holds no control character,
keeps every surviving emoji ZWJ sequence whole, has its link extracted whole by
twitter-text (X, Mastodon) or carried by a facet (Bluesky), and is within the limit.
"""

from __future__ import annotations

import unicodedata
from html import escape
from pathlib import Path

import pytest
import regex
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from twitter_text import extract_urls, parse_tweet

from syndicator.compose import build_templates, compose
from syndicator.compose.measure import over
from syndicator.networks.registry import spec
from syndicator.sources import load
from syndicator.urls import to_uri

SEQUENCES = [
    "👨\u200d👩\u200d👧\u200d👦",
    "🏳\ufe0f\u200d🌈",
    "🏳\ufe0f\u200d⚧\ufe0f",
    "👩🏽\u200d💻",
    "🐦\u200d🔥",
    "🧑\u200d🤝\u200d🧑",
]
WORDS = [
    *SEQUENCES,
    "می\u200cخواهم",  # Persian, ZWNJ
    "क्\u200dष",  # Devanagari half form, ZWJ
    "Élève",
    "日本語",
    "😀",
    "🇫🇷",
    "l’école",
    "\u2067שלום\u2069",
]
CONTROLS = [
    "\x00",
    "\x07",
    "\x1b]0;pwned\x07",
    "\x1b[31m",
    "\x1b[2J",
    "\x9b1m",
    "\x85",
    "\u00ad",
    "\u200b",
    "\u2060",
    "\ufeff",
    "\u202e",
    "\u2066",
    "\x7f",
]
IRIS = [
    "https://example.org/actu/статьи/日本語/?q=café",
    "https://Bücher.de/katalog/Straße",
    "https://例え.jp/パス/記事",
    "https://fa.example.org/مقاله/می‌خواهم",
    "https://example.org/wow!",
    "https://example.org/%E6%97%A5/already",
]
PIECE = st.one_of(
    st.sampled_from(WORDS),
    st.sampled_from(CONTROLS),
    st.text(
        st.characters(whitelist_categories=("Lu", "Ll", "Lo", "Mn", "Nd", "Po", "So", "Cc")),
        min_size=1,
        max_size=8,
    ),
)
TEXT = st.lists(PIECE, min_size=1, max_size=40).map(" ".join)
NETWORKS = ("x", "mastodon", "bluesky")
ZWJ_CLUSTER = regex.compile(r"\X")


def _feed(title: str, summary: str, url: str, tags: list[str]) -> str:
    """Return an RSS 2.0 feed of one item; XML 1.0 cannot hold C0 controls, so they are
    given as HTML character references inside the (escaped) description and title."""

    def xml(text: str) -> str:
        escaped = escape(text, quote=True)
        return "".join(
            f"&amp;#{ord(c)};" if unicodedata.category(c) == "Cc" and c not in "\t\n" else c
            for c in escaped
        )

    categories = "".join(f"<category>{xml(tag)}</category>" for tag in tags)
    return (
        '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>'
        f"<item><title>{xml(title)}</title><link>{escape(url)}</link>"
        f"<description>{xml(summary)}</description>{categories}</item></channel></rss>"
    )


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    title=TEXT,
    summary=TEXT,
    url=st.sampled_from(IRIS),
    tags=st.lists(st.sampled_from([*WORDS, "Women's suffrage", "C++"]), max_size=4),
)
def test_hostile_text_through_a_feed_and_compose(
    tmp_path: Path, title: str, summary: str, url: str, tags: list[str]
) -> None:
    path = tmp_path / "feed.xml"
    path.write_text(_feed(title, summary, url, tags), encoding="utf-8")
    loaded = load(str(path))
    if not loaded.articles:  # a title made only of controls: one clear error instead
        assert [str(e) for e in loaded.errors]
        return
    (article,) = loaded.articles
    given_text = title + summary + "".join(tags)
    templates = build_templates()
    for network in NETWORKS:
        limits = spec(network).default_limits()
        post = compose(
            article, network=spec(network), templates=templates, template=f"{network}.txt.j2",
            limits=limits,
        )  # fmt: skip
        text = post.text
        # No control character (tab and newline apart), no invisible junk, NFC.
        assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n"]
        assert not set(text) & set("\u00ad\u200b\u2060\ufeff\u202e")
        assert unicodedata.is_normalized("NFC", text)
        # Every emoji ZWJ cluster out is a whole sequence that came in; none lost its ZWJ.
        for cluster in ZWJ_CLUSTER.findall(text):
            if "\u200d" in cluster and not cluster.isalpha():
                assert cluster in SEQUENCES or cluster == "क्\u200dष"
        for sequence in SEQUENCES:
            if sequence.replace("\u200d", "") not in given_text:
                assert sequence.replace("\u200d", "") not in text
        # The link: whole for twitter-text's extractor, or in a facet; never over the limit.
        uri = to_uri(url)
        assert over(spec(network), text, limits) <= 0
        if network == "bluesky":
            assert uri in [f.value for f in post.parts[0].facets if f.kind == "link"]
        else:
            assert uri in extract_urls(text)
        if network == "x":
            assert parse_tweet(text).weightedLength <= limits.max_characters
