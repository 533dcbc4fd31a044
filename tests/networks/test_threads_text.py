"""Properties of the Threads measure (docs/platforms.md §8.2), for any text."""

from __future__ import annotations

import itertools

from hypothesis import given
from hypothesis import strategies as st

from syndicator.compose import graphemes
from syndicator.networks.threads.text import MAX_LINKS, is_emoji, length, links, over

_TEXT = st.lists(
    st.characters(blacklist_categories=("Cs",))
    | st.sampled_from(["👍", "🇫🇷", "1️⃣", "👨‍👩‍👧", "\u200d", "\ufe0f", "©"])
).map("".join)


@given(_TEXT)
def test_between_graphemes_and_utf8_bytes(text: str) -> None:
    assert graphemes.count(text) <= length(text) <= graphemes.utf8_length(text)


@given(_TEXT)
def test_without_emoji_a_character_is_a_grapheme(text: str) -> None:
    clusters = [c for c in _clusters(text) if not is_emoji(c)]
    assert length("".join(clusters)) == graphemes.count("".join(clusters))


@given(_TEXT, _TEXT)
def test_emoji_count_their_bytes_wherever_they_stand(before: str, after: str) -> None:
    # Spaces keep the emoji a cluster of its own.
    assert length(f"{before} 👍 {after}") == length(f"{before}  {after}") + 4


def test_more_than_five_links_is_over_whatever_the_length() -> None:
    five = " ".join(f"https://a{n}.example.org/" for n in range(MAX_LINKS))
    assert links(five) == 5
    assert over(five) < 0
    assert over(f"{five} https://a9.example.org/") > 0
    assert links(five, attachment="https://a0.example.org") == 5  # the same link once
    assert links(five, attachment="https://other.example.org") == 6


def _clusters(text: str) -> list[str]:
    bounds = graphemes.boundaries(text)
    return [text[a:b] for a, b in itertools.pairwise(bounds)]
