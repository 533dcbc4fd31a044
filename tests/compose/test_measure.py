"""Mastodon and Bluesky counts, checked against Mastodon.py and graphemeu."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicator.compose import default_limits, measure
from syndicator.compose.graphemes import boundaries, count, utf8_length
from syndicator.compose.measure import fits, mastodon_length

from .corpus import TABLE

MASTODON = default_limits("mastodon")
BLUESKY = default_limits("bluesky")


@pytest.mark.parametrize(("text", "expected"), [(row[0], row[2]) for row in TABLE])
def test_mastodon_platforms_table(text: str, expected: int) -> None:
    assert measure("mastodon", text, MASTODON) == expected


@pytest.mark.parametrize(("text", "expected"), [(row[0], row[3]) for row in TABLE])
def test_bluesky_graphemes_platforms_table(text: str, expected: int) -> None:
    assert measure("bluesky", text, BLUESKY) == expected


@pytest.mark.parametrize(("text", "expected"), [(row[0], row[4]) for row in TABLE])
def test_utf8_bytes_platforms_table(text: str, expected: int) -> None:
    assert utf8_length(text) == expected


@pytest.mark.parametrize("text", [row[0] for row in TABLE])
def test_mastodon_agrees_with_mastodon_py(text: str) -> None:
    from mastodon import Mastodon

    assert measure("mastodon", text, MASTODON) == Mastodon.get_status_length(text)


def test_mastodon_spoiler_counts() -> None:
    from mastodon import Mastodon

    text, spoiler = "Nouvel article https://www.example.fr/actu/x", "Politique"
    expected = Mastodon.get_status_length(text, spoiler)
    assert mastodon_length(text, 23, spoiler) == expected == 9 + 15 + 23


def test_mastodon_counts_protocol_less_urls_literally() -> None:
    assert measure("mastodon", "example.com", MASTODON) == 11


def test_bluesky_needs_both_limits() -> None:
    family = "👨‍👩‍👧‍👦"
    assert fits("bluesky", family * 120, BLUESKY)  # 120 graphemes, 3,000 bytes
    assert not fits("bluesky", family * 121, BLUESKY)  # 121 graphemes, 3,025 bytes
    assert not fits("bluesky", "a" * 301, BLUESKY)


def test_mastodon_instance_limit() -> None:
    limits = default_limits("mastodon", 5000)
    assert limits.max_characters == 5000
    assert fits("mastodon", "a" * 5000, limits)
    assert not fits("mastodon", "a" * 501, MASTODON)


def test_unknown_network() -> None:
    with pytest.raises(ValueError, match="unknown network"):
        measure("myspace", "x", MASTODON)


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
