"""Cluster counts agree with a plain ``\\X`` scan of the whole text, line breaks and all."""

from __future__ import annotations

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from syndicator.compose.graphemes import CHUNKED, boundaries, count

_CLUSTER = regex.compile(r"\X")

# Code points of every Grapheme_Cluster_Break value and of GB9c's and GB11's classes,
# so that random text meets every rule next to a line break: Extend, ZWJ, SpacingMark,
# Prepend, regional indicators, Hangul L/V/T/LV/LVT, CR, LF and other controls,
# pictographs, Indic consonants and viramas, emoji modifiers and variation selectors.
_MIXED = (
    "\u0301\u200d\u200c\ufe0f\u20e3\U0001f3fd\U000e0061\u093f\u0903\u0600\u0d4e\u1cf5"
    "\U0001f1eb\U0001f1f7\u1100\u1161\u11a8\uac00\u094d\u0915\u0937\U0001f468\u2764"
    "#0\r\n\n\n\t\x85\u2028    aé日😀"
)
TEXT = st.text(st.one_of(st.sampled_from(_MIXED), st.characters()), max_size=60)
# Long lines (counted space by space) with joiners, Prepend characters and spaces.
LONG = st.text(st.one_of(st.sampled_from(_MIXED), st.characters()), min_size=100, max_size=200)


@settings(max_examples=1000)
@given(TEXT)
def test_count_is_the_number_of_clusters(text: str) -> None:
    assert count(text) == len(_CLUSTER.findall(text))


@settings(max_examples=500)
@given(LONG)
def test_long_lines_count_the_same_space_by_space(text: str) -> None:
    assert len(text) > CHUNKED
    assert count(text) == len(_CLUSTER.findall(text))


def test_only_prepend_characters_join_a_space_after_them() -> None:
    prepend = regex.compile(r"\p{Grapheme_Cluster_Break=Prepend}")
    joined = [c for c in map(chr, range(0x110000)) if len(_CLUSTER.findall(c + " ")) == 1]
    assert joined
    assert all(prepend.match(c) for c in joined)


def test_lines_count_apart_and_a_crlf_is_one_cluster() -> None:
    text = "Aé 👨‍👩‍👧\r\n🇫🇷🇯🇵\n\nक्षत्रिय\r\r\n한국 1️⃣\n"
    assert count(text) == 19
    assert boundaries(text)[:6] == [0, 1, 2, 3, 8, 10]
