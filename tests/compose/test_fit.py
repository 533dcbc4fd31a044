"""Fitting: what is dropped first, where cuts fall, and when nothing fits."""

from __future__ import annotations

import pytest
import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from syndicator.compose import graphemes
from syndicator.compose.fit import (
    _NO_SPACES,
    _SPACE_CHARS,
    Piece,
    Unfittable,
    cut_points,
    fit,
    parse,
    shortened,
    tidy,
)


def _fits(limit: int):  # type: ignore[no-untyped-def]
    return lambda text: len(text) <= limit


def _same(url: str) -> str:
    return url


PIECES = [
    Piece("elastic", "Un titre assez long pour être coupé", 2, "title"),
    Piece("fixed", "\n\n"),
    Piece("elastic", "Un résumé qui dit beaucoup de choses intéressantes", 1, "summary"),
    Piece("fixed", "\n\n"),
    Piece("link", "https://example.org/a"),
    Piece("fixed", "\n\n"),
    Piece("optional", "#Un", 0),
    Piece("optional", " #Deux", 1),
]


def test_everything_fits() -> None:
    fitted = fit(PIECES, fits=_fits(1000), show_link=_same)
    assert fitted.cut == ()
    assert fitted.text.endswith("#Un #Deux")


def test_hashtags_go_first_last_one_first() -> None:
    full = fit(PIECES, fits=_fits(1000), show_link=_same).text
    fitted = fit(PIECES, fits=_fits(len(full) - 3), show_link=_same)
    assert fitted.cut == ("hashtag #Deux",)
    assert fitted.text.endswith("https://example.org/a\n\n#Un")


def test_summary_shortened_before_title() -> None:
    fitted = fit(PIECES, fits=_fits(100), show_link=_same)
    assert fitted.cut == ("hashtag #Deux", "hashtag #Un", "summary")
    title, summary, link = fitted.text.split("\n\n")
    assert title == "Un titre assez long pour être coupé"
    assert summary.endswith("…")
    assert len(fitted.text) <= 100
    assert "Un résumé qui dit beaucoup de choses intéressantes".startswith(summary[:-1])
    assert link == "https://example.org/a"


def test_title_shortened_when_summary_is_gone() -> None:
    fitted = fit(PIECES, fits=_fits(40), show_link=_same)
    assert fitted.cut[-2:] == ("summary (removed)", "title")
    title, link = fitted.text.split("\n\n")
    assert title.endswith("…")
    assert link == "https://example.org/a"


def test_fixed_part_too_long() -> None:
    with pytest.raises(Unfittable) as info:
        fit(PIECES, fits=_fits(10), show_link=_same)
    assert info.value.text == "https://example.org/a"


def test_cut_points_words_urls_hashtags() -> None:
    text = "Voir https://example.org/a/b et #RéseauxSociaux, @alice@example.social fin"
    points = cut_points(text)
    assert 4 in points  # after "Voir"
    assert all(not 5 < p < 27 for p in points)  # never inside the URL
    start = text.index("#")
    assert all(not start < p < start + 15 for p in points)
    mention = text.index("@")
    assert all(not mention < p < mention + 20 for p in points)


def test_cut_points_cjk_between_characters() -> None:
    assert cut_points("日本語のテキスト") == [1, 2, 3, 4, 5, 6, 7, 8]


def test_cut_points_single_long_word_falls_back_to_clusters() -> None:
    assert cut_points("e\u0301e\u0301e\u0301") == [2, 4, 6]


def _cluster_points(text: str) -> list[int]:
    """Where a text with a no-space script may be cut, cluster by cluster (the definition)."""
    bounds = graphemes.boundaries(text)
    points = []
    for i in range(1, len(bounds)):
        position = bounds[i]
        before = text[bounds[i - 1] : position]
        if before.isspace():
            continue
        if position < len(text):
            after = text[position : bounds[i + 1]]
            if not (after.isspace() or _NO_SPACES.match(after) or _NO_SPACES.match(before)):
                continue
        points.append(position)
    if len(points) <= 1 and not any(char.isspace() for char in text):
        points = bounds[1:]
    return points


_MIXED = st.sampled_from(
    list("日本語のテキスト。、「」ไทย　 \t\n\x1c\x85\u2028abc,é\u0301\u200d👍🏽🇫🇷क्ष한")
)


@settings(max_examples=500)
@given(
    st.text(st.one_of(_MIXED, st.characters(blacklist_characters=".#@＃")), max_size=40).map(
        lambda text: "日" + text
    )
)
def test_cut_points_in_no_space_scripts_fall_between_the_right_clusters(text: str) -> None:
    # No URL, hashtag or mention in these texts: every point is a cluster point.
    assert cut_points(text) == _cluster_points(text)


def test_the_space_class_is_what_python_calls_white_space() -> None:
    pattern = regex.compile(f"[{_SPACE_CHARS}]")
    assert all(bool(pattern.match(c)) == c.isspace() for c in map(chr, range(0x110000)))


def test_shortened_strips_punctuation_before_ellipsis() -> None:
    assert shortened("Bonjour, le monde", 8) == "Bonjour…"
    assert shortened("Bonjour", 7) == "Bonjour"
    assert shortened(", x", 1) == ""


def test_tidy() -> None:
    assert tidy("a  \n\n\n\nb\n\n") == "a\n\nb"


def test_parse_roundtrip() -> None:
    from syndicator.compose.environment import CLOSE, MIDDLE, OPEN

    rendered = f"A{OPEN}e1:summary{MIDDLE}B{CLOSE}C{OPEN}o0{MIDDLE}#D{CLOSE}{OPEN}l{MIDDLE}u{CLOSE}"
    assert parse(rendered) == [
        Piece("fixed", "A"),
        Piece("elastic", "B", 1, "summary"),
        Piece("fixed", "C"),
        Piece("optional", "#D", 0),
        Piece("link", "u"),
    ]


def test_a_summary_cut_below_four_words_is_dropped() -> None:
    pieces = [
        Piece("elastic", "Submitted by a reader who wrote a long text", 1, "summary"),
        Piece("fixed", " "),
        Piece("link", "https://e.org/a"),
    ]
    short = fit(pieces, fits=lambda t: len(t) <= 35, show_link=lambda u: u)
    assert short.text == "https://e.org/a"
    assert short.cut == ("summary (removed)",)
    kept = fit(pieces, fits=lambda t: len(t) <= 40, show_link=lambda u: u)
    assert kept.text == "Submitted by a reader… https://e.org/a"
    # any other elastic piece keeps what fits, even one word
    titled = [Piece("elastic", pieces[0].text, 2, "title"), *pieces[1:]]
    assert fit(titled, fits=lambda t: len(t) <= 35, show_link=lambda u: u).text == (
        "Submitted by a… https://e.org/a"
    )


# tests/corpus/markdown/jekyll-news-2018-03-15-jekyll-3-8-0-released.md, line 13
_JEKYLL = (
    "present `v3.8.0`, packed with optimizations, improvements, some new features"
    " and a couple of bug-fixes. Yay!!!"
)


def test_a_cut_after_a_sentence_ends_there_without_an_ellipsis() -> None:
    pieces = [
        Piece("elastic", _JEKYLL, 1, "summary"),
        Piece("fixed", " "),
        Piece("link", "https://e.org/a"),
    ]
    fitted = fit(pieces, fits=lambda t: len(t) <= 120, show_link=_same)
    assert fitted.text == _JEKYLL.removesuffix(" Yay!!!") + " https://e.org/a"
    assert fitted.cut == ("summary",)


@pytest.mark.parametrize(
    ("text", "point", "expected"),
    [
        ("a couple of bug-fixes. Yay!!!", 22, "a couple of bug-fixes."),
        ("Ready? Go", 6, "Ready?"),
        ('He said "go!" then left', 13, 'He said "go!"'),
        ("Il a dit « oui. » Puis", 17, "Il a dit « oui. »"),
        ("終わり。次の文", 4, "終わり。"),
        ("Sure… maybe", 5, "Sure…"),
        ("version 3.8 is out", 11, "version 3.8…"),
    ],
)
def test_shortened_adds_no_ellipsis_after_a_sentence_end(
    text: str, point: int, expected: str
) -> None:
    assert shortened(text, point) == expected
