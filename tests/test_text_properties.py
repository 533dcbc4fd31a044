"""Property tests: hostile text through a real source and compose, on all three networks.

Random text mixes emoji ZWJ sequences, ZWNJ/ZWJ words, IRIs and control characters; it
goes into an RSS feed or a Markdown file read by ``sources.load`` (the path users run)
and out through ``compose`` with the default templates, as one post and as a thread.
Whatever comes out holds no control character, keeps every emoji ZWJ sequence and every
ZWNJ/ZWJ-joined word whole, has its link extracted whole by twitter-text (X, Mastodon) or
carried by a facet (Bluesky), and is within the limit.
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
from syndicator.errors import SourceError
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
JOINED = [
    "می\u200cخواهم",  # Persian, ZWNJ
    "क्\u200dष",  # Devanagari half form, ZWJ
    "ക്\u200d",  # Malayalam chillu, ZWJ
    "\u0646\u0627\u0645\u0647\u200c\u0647\u0627",  # Persian plural "نامه‌ها", ZWNJ
]
WORDS = [
    *SEQUENCES,
    *JOINED,
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
    # not fit: refused with one clear error, never posted cut short
    "https://example.org/two words/",
    "https://example.org/\x1b]0;pwned\x07/",
]
UNFIT = {IRIS[-2], IRIS[-1]}
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


def _markdown(title: str, summary: str, url: str, tags: list[str]) -> str:
    """Return a Markdown article: the title and tags in front matter, the text as body."""
    import json

    def yaml(text: str) -> str:  # a JSON string is a YAML string; YAML refuses C0 controls
        return json.dumps("".join(c if c in "\t\n" or c >= " " else " " for c in text))

    tag_list = ", ".join(yaml(tag) for tag in tags)
    return f"---\ntitle: {yaml(title)}\nurl: {yaml(url)}\ntags: [{tag_list}]\n---\n\n{summary}\n"


def _stripped(text: str) -> str:
    return text.replace("\u200d", "").replace("\u200c", "")


@pytest.mark.slow
@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    kind=st.sampled_from(["feed", "markdown"]),
    title=TEXT,
    summary=TEXT,
    url=st.sampled_from(IRIS),
    tags=st.lists(st.sampled_from([*WORDS, "Women's suffrage", "C++"]), max_size=4),
)
def test_hostile_text_through_a_source_and_compose(
    tmp_path: Path, kind: str, title: str, summary: str, url: str, tags: list[str]
) -> None:
    if kind == "feed":
        path = tmp_path / "feed.xml"
        path.write_text(_feed(title, summary, url, tags), encoding="utf-8")
    else:
        path = tmp_path / "post.md"
        path.write_text(_markdown(title, summary, url, tags), encoding="utf-8")
    try:
        loaded = load(str(path))
    except SourceError as exc:  # one Markdown file that is no article: one clear error
        message = str(exc)
        assert kind == "markdown"
        assert message.startswith(str(path)), message
        return
    if not loaded.articles:  # a title made only of controls: one clear error instead
        assert [str(e) for e in loaded.errors]
        return
    assert url not in UNFIT, loaded.articles
    (article,) = loaded.articles
    given_text = title + summary + "".join(tags)
    templates = build_templates()
    for network in NETWORKS:
        limits = spec(network).default_limits()
        for thread in (False, True):
            post = compose(
                article, network=spec(network), templates=templates, template=f"{network}.txt.j2",
                limits=limits, thread=thread,
            )  # fmt: skip
            for part in post.parts:
                _check_text(part.text, given_text)
                assert over(spec(network), part.text, limits) <= 0
            text = post.text
            # The link: whole for twitter-text's extractor, or in a facet.
            uri = to_uri(url)
            if network == "bluesky":
                links = [f.value for p in post.parts for f in p.facets if f.kind == "link"]
                assert uri in links
            else:
                assert uri in [u for p in post.parts for u in extract_urls(p.text)]
            if network == "x":
                assert parse_tweet(text).weightedLength <= limits.max_characters


def _check_text(text: str, given_text: str) -> None:
    """Assert what holds of any part: no controls, NFC, every joined sequence whole."""
    # No control character (tab and newline apart), no invisible junk, NFC.
    assert not [c for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n"]
    assert not set(text) & set("\u00ad\u200b\u2060\ufeff\u202e")
    assert unicodedata.is_normalized("NFC", text)
    # Every emoji ZWJ cluster out is a whole sequence that came in; none lost its ZWJ.
    for cluster in ZWJ_CLUSTER.findall(text):
        if "\u200d" in cluster and not cluster.isalpha():
            assert cluster in SEQUENCES or any(cluster in word for word in JOINED), cluster
    # A sequence or a joined word never comes out without its joiner (a hashtag may drop
    # a ZWJ, which Mastodon's tags refuse: compose/hashtags.py).
    for sequence in [*SEQUENCES, *JOINED]:
        bare = _stripped(sequence)
        if bare not in given_text and bare in text:
            start = text.index(bare)
            in_hashtag = bool(regex.search(r"#\w*$", text[:start]))
            assert in_hashtag, (sequence, text)
            assert "\u200c" not in sequence, (sequence, text)
