"""Mastodon and Bluesky counts, checked against Mastodon.py and graphemeu."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicator.compose.graphemes import boundaries, count, utf8_length
from syndicator.compose.measure import fits
from syndicator.networks.mastodon.spec import mastodon_length
from syndicator.networks.registry import spec

from .corpus import TABLE

MASTODON = spec("mastodon").default_limits()
BLUESKY = spec("bluesky").default_limits()


@pytest.mark.parametrize(("text", "expected"), [(row[0], row[2]) for row in TABLE])
def test_mastodon_platforms_table(text: str, expected: int) -> None:
    assert spec("mastodon").measure(text, MASTODON, {}) == expected


@pytest.mark.parametrize(("text", "expected"), [(row[0], row[3]) for row in TABLE])
def test_bluesky_graphemes_platforms_table(text: str, expected: int) -> None:
    assert spec("bluesky").measure(text, BLUESKY, {}) == expected


@pytest.mark.parametrize(("text", "expected"), [(row[0], row[4]) for row in TABLE])
def test_utf8_bytes_platforms_table(text: str, expected: int) -> None:
    assert utf8_length(text) == expected


@pytest.mark.parametrize("text", [row[0] for row in TABLE])
def test_mastodon_agrees_with_mastodon_py(text: str) -> None:
    from mastodon import Mastodon

    assert spec("mastodon").measure(text, MASTODON, {}) == Mastodon.get_status_length(text)


def test_mastodon_spoiler_counts() -> None:
    from mastodon import Mastodon

    text, spoiler = "Nouvel article https://www.example.fr/actu/x", "Politique"
    expected = Mastodon.get_status_length(text, spoiler)
    assert mastodon_length(text, 23, spoiler) == expected == 9 + 15 + 23


def test_mastodon_counts_protocol_less_urls_literally() -> None:
    assert spec("mastodon").measure("example.com", MASTODON, {}) == 11


def test_bluesky_needs_both_limits() -> None:
    family = "👨‍👩‍👧‍👦"
    assert fits(spec("bluesky"), family * 120, BLUESKY)  # 120 graphemes, 3,000 bytes
    assert not fits(spec("bluesky"), family * 121, BLUESKY)  # 121 graphemes, 3,025 bytes
    assert not fits(spec("bluesky"), "a" * 301, BLUESKY)


def test_mastodon_instance_limit() -> None:
    limits = spec("mastodon").default_limits(5000)
    assert limits.max_characters == 5000
    assert fits(spec("mastodon"), "a" * 5000, limits)
    assert not fits(spec("mastodon"), "a" * 501, MASTODON)


def test_boundaries_keep_clusters() -> None:
    text = "e\u0301👨‍👩‍👧‍👦🇫🇷\r\nक्ष"
    assert boundaries(text) == [0, 2, 9, 11, 13, 16]


_NO_REGIONAL_INDICATORS = st.characters(
    blacklist_categories=("Cs",), blacklist_characters=[chr(c) for c in range(0x1F1E6, 0x1F200)]
)


@given(st.text(_NO_REGIONAL_INDICATORS, max_size=80))
def test_graphemes_agree_with_graphemeu(text: str) -> None:
    # graphemeu 0.11 miscounts some regional-indicator pairs (docs/platforms.md §2.1 caveat).
    import grapheme

    assert count(text) == grapheme.length(text)
