"""Hashtags from tags: one rule, taken whole by X, Mastodon and Bluesky."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
import regex

from syndicator.compose.hashtags import hashtags, to_hashtag
from syndicator.networks.bluesky.text import facets

CASES = [
    ("Elon Musk", "#ElonMusk"),
    ("réseaux sociaux", "#RéseauxSociaux"),
    ("Threads", "#Threads"),
    ("iPhone", "#iPhone"),
    ("#Python", "#Python"),
    ("intelligence-artificielle", "#IntelligenceArtificielle"),
    ("machine_learning", "#MachineLearning"),
    # Apostrophes do not start a new word.
    ("Women's suffrage", "#WomensSuffrage"),
    ("McDonald’s", "#McDonalds"),
    ("l‘école", "#lécole"),
    ("Hawaiʼi", "#Hawaii"),
    # Letters and marks of every script.
    ("日本語", "#日本語"),
    ("ゲーム・音楽", "#ゲーム・音楽"),
    ("क्षत्रिय", "#क्षत्रिय"),
    ("हिन्दी भाषा", "#हिन्दीभाषा"),
    ("العربية", "#العربية"),
    ("مُحَمَّد", "#مُحَمَّد"),
    ("می\u200cخواهم", "#می\u200cخواهم"),  # Persian: the ZWNJ is part of the spelling
    ("کتاب\u200cها", "#کتاب\u200cها"),
    ("Col·legi", "#Col·legi"),
    ("Ελλάδα", "#Ελλάδα"),
    ("a2023", "#a2023"),
    ("क\u200dष", "#कष"),  # a ZWJ only changes the rendering, and Mastodon stops at it
    ("C++", None),
    ("2023", None),
    ("٢٠٢٣", None),
    ("", None),
    ("   ", None),
    ("😀", None),
    ("a" * 65, None),
]


@pytest.mark.parametrize(("tag", "expected"), CASES)
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


MADE = [expected for _, expected in CASES if expected]
TEXT = "Lu : " + " ".join(MADE) + " fin."

# Mastodon's Tag::Naming (app/models/concerns/tag/naming.rb, main in 2025), as Python:
# Onigmo's [[:word:]] is \p{L}\p{M}\p{Nd}\p{Pc}, [[:alpha:]] is \p{Alphabetic}.
_W, _SEP = r"\p{L}\p{M}\p{Nd}\p{Pc}", "_\u00b7\u30fb\u200c"
MASTODON_HASHTAG = regex.compile(
    rf"(?<=^|\s)[#＃](([{_W}_][{_W}{_SEP}]*[\p{{Alphabetic}}{_SEP}][{_W}{_SEP}]*[{_W}_])"
    rf"|([{_W}_]*[\p{{Alphabetic}}][{_W}_]*))",
    regex.IGNORECASE,
)


def test_mastodon_takes_every_hashtag_whole() -> None:
    found = ["#" + match.group(1) for match in MASTODON_HASHTAG.finditer(TEXT)]
    assert found == MADE


def test_bluesky_tag_facets_cover_every_hashtag() -> None:
    data = TEXT.encode()
    tags = [f for f in facets(TEXT, ()) if f.kind == "tag"]
    assert ["#" + f.value for f in tags] == MADE
    assert [data[f.start : f.end].decode() for f in tags] == MADE


@pytest.mark.node
def test_x_takes_every_hashtag_whole(
    js_hashtags: Callable[[Sequence[str]], list[list[str]]],
) -> None:
    (found,) = js_hashtags([TEXT])
    assert ["#" + tag for tag in found] == MADE
