"""Hashtags from tags."""

from __future__ import annotations

import pytest

from syndicator.compose.hashtags import hashtags, to_hashtag


@pytest.mark.parametrize(
    ("tag", "expected"),
    [
        ("Elon Musk", "#ElonMusk"),
        ("réseaux sociaux", "#RéseauxSociaux"),
        ("Threads", "#Threads"),
        ("iPhone", "#iPhone"),
        ("#Python", "#Python"),
        ("intelligence-artificielle", "#IntelligenceArtificielle"),
        ("日本語", "#日本語"),
        ("क्षत्रिय", "#क्षत्रिय"),
        ("C++", None),
        ("2023", None),
        ("", None),
        ("   ", None),
        ("😀", None),
        ("a" * 65, None),
    ],
)
def test_to_hashtag(tag: str, expected: str | None) -> None:
    assert to_hashtag(tag) == expected


def test_fixture_tags() -> None:
    tags = ["Threads", "Meta", "Twitter", "Elon Musk", "réseaux sociaux"]
    assert hashtags(tags) == ("#Threads", "#Meta", "#Twitter", "#ElonMusk", "#RéseauxSociaux")


def test_duplicates_and_invalid_dropped() -> None:
    assert hashtags(["Meta", "meta", "META", "C++", "Elon Musk", "elon musk"]) == (
        "#Meta",
        "#ElonMusk",
    )
