"""The X measure: docs/platforms.md §4, the official twitter-text 3.1.0, the Python port."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Sequence

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syndicator.compose import x_length
from syndicator.compose.x_length import normalize, url_spans, weighted_length

from .corpus import TABLE, URLS, corpus

# Words that meet every reading: URLs with and without a scheme, IDN and punycode hosts,
# emoji (astral, BMP, keycaps, ZWJ sequences, flags), CJK, accents, bidi controls.
_WORDS = [
    *URLS[:20],
    "example.com",
    "例え.jp/記事",
    "xn--r8jz45g.jp",
    "setup.py",
    "t.co/abc",
    "😀",
    "👨‍👩‍👧",
    "🇫🇷",
    "1️⃣",
    "#️⃣",
    "©",
    "⌚️",
    "日本語",
    "Élève",
    "e\u0301",
    "\u202a",
    "…",
    "a",
    ".",
    "(x)",
]
_SEPARATORS = st.sampled_from([" ", "  ", "\n", "\n\n", " \n", "", "\u3000", "\t"])
_TEXTS = st.lists(st.tuples(st.sampled_from(_WORDS), _SEPARATORS), max_size=60).map(
    lambda words: "".join(word + separator for word, separator in words)
)


@settings(max_examples=300)
@given(_TEXTS)
def test_line_and_space_chunks_add_up_to_the_whole_text(text: str) -> None:
    # Measured whole (one chunk, no cache): the readings and URLs of the plain algorithm.
    text = normalize(text)
    assert weighted_length(text) == max(x_length._chunk_readings.__wrapped__(text))
    whole = x_length._line_urls.__wrapped__(text, False) if "." in text else ()
    assert url_spans(text) == [(start, end) for start, _, end, _, _ in whole]


@pytest.mark.parametrize(("text", "expected"), [(row[0], row[1]) for row in TABLE])
def test_platforms_table(text: str, expected: int) -> None:
    assert weighted_length(text) == expected


def test_line_endings_are_folded_before_counting() -> None:
    assert normalize("a\r\nb\rc") == "a\nb\nc"
    assert weighted_length("a\r\nb") == weighted_length("a\nb") == 3


def test_nfc_before_counting() -> None:
    assert normalize("e\u0301") == "é"
    assert weighted_length("e\u0301" * 10) == 10


def test_weights_by_range() -> None:
    assert weighted_length("…") == 2  # U+2026 is outside the v3 ranges
    assert weighted_length("–—‘’“”") == 6  # U+2010-201F weigh 1
    assert weighted_length("\u200b\u200c\u200d") == 3
    assert weighted_length("\u200e\u200f") == 4
    assert weighted_length("™") == 2
    assert weighted_length("ᄀ") == 2  # U+1100, just past the first range


def test_every_url_costs_23() -> None:
    assert weighted_length("https://a.io") == 23
    assert weighted_length("https://example.com/" + "x" * 500) == 23
    assert weighted_length("example.com") == 23
    assert weighted_length("file.txt") == 8  # .txt is no TLD


def test_url_spans_cover_protocol_less_urls() -> None:
    text = "Voir example.fr/actu/x, et https://a.io."
    assert [text[a:b] for a, b in url_spans(text)] == ["example.fr/actu/x", "https://a.io"]


def test_newer_emoji_err_on_the_long_side() -> None:
    # 🤏🏻 is Emoji 12: the port counts 2, the official JS 3.1.0 counts 4 (docs/platforms.md §1.2).
    assert weighted_length("🤏🏻") == 4


def test_import_is_light() -> None:
    code = (
        "import sys, time; t = time.perf_counter(); import syndicator.compose; "
        "print(time.perf_counter() - t); "
        "assert 'twitter_text' not in sys.modules and 'mastodon' not in sys.modules"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def _port(texts: Sequence[str]) -> list[int]:
    from twitter_text import parse_tweet

    return [parse_tweet(text).weightedLength for text in texts]


def test_agrees_with_the_python_port_on_urls() -> None:
    texts = [normalize(text) for text in URLS]
    ours = [weighted_length(text) for text in texts]
    assert ours == [max(a, b) for a, b in zip(ours, _port(texts), strict=True)]


@pytest.mark.node
def test_conformance_style_cases(js_lengths: Callable[[Sequence[str]], list[int]]) -> None:
    # validate.yml's counter cases are not shipped by the npm package: the same kinds of
    # inputs, with the official library's answers.
    cases = [
        "a" * 280,
        "a" * 281,
        "日" * 140,
        "日" * 141,
        "😷" * 140,
        "🙋🏽👨‍🎤" * 70,
        "https://example.com " * 11,
        "Tweet https://example.com/" + "x" * 300,
        "\u202a\u202b\u202c\u202d\u202e\u061c\u200e\u200f\u2066\u2067\u2068\u2069",
        "\u200d\u200c" * 140,
        "a\u0300" * 140,
        "x\ufeffy",
        "🇯🇵" * 141,
        "1️⃣2️⃣3️⃣#️⃣*️⃣",
    ]
    assert [weighted_length(t) for t in cases] == js_lengths(cases)


@pytest.mark.node
def test_differential_against_both_references(
    js_lengths: Callable[[Sequence[str]], list[int]],
) -> None:
    texts = [normalize(text) for text in corpus()]
    js = js_lengths(texts)
    port = _port(texts)
    ours = [weighted_length(text) for text in texts]
    # The longer reading, except for BMP symbols, where the official reading is taken
    # (bare ©/® and a BMP emoji + VS16: the port over-counts, see gen_x_data.py).
    wrong = [
        (text[:60], o, j, p)
        for text, o, j, p in zip(texts, ours, js, port, strict=True)
        if o < j or (o != max(j, p) and not (o == j and _bmp_symbol_disagreement(text)))
    ]
    assert not wrong, f"{len(wrong)} differences, first: {wrong[:5]}"
    assert len(texts) > 700


def _bmp_symbol_disagreement(text: str) -> bool:
    """Tell whether ``text`` holds a bare ©/® or a BMP emoji + VS16 (read as the JS reads it)."""
    return any(
        char in "©®" or (char < "\U00010000" and following == "\ufe0f")
        for char, following in zip(text, text[1:] + " ", strict=True)
    )


# Every code point of the symbol blocks (Unicode block names), alone and followed by VS16.
SYMBOL_BLOCKS = {
    "Latin-1 Supplement": (0x0080, 0x00FF),
    "General Punctuation .. Miscellaneous Symbols and Arrows": (0x2000, 0x2BFF),
    "CJK Symbols and Punctuation": (0x3000, 0x303F),
    "Enclosed CJK Letters and Months, CJK Compatibility": (0x3200, 0x33FF),
    "Halfwidth and Fullwidth Forms": (0xFF00, 0xFFEF),
}


@pytest.mark.node
def test_every_bmp_symbol_counts_as_the_official_js_counts_it(
    js_lengths: Callable[[Sequence[str]], list[int]],
) -> None:
    # The blocks run from Latin-1 through Letterlike Symbols, Arrows, Mathematical
    # Operators, Miscellaneous Technical, Enclosed Alphanumerics, Box Drawing, Geometric
    # Shapes, Miscellaneous Symbols, Dingbats ... to Enclosed CJK (docs/platforms.md §1.2).
    chars = [chr(c) for first, last in SYMBOL_BLOCKS.values() for c in range(first, last + 1)]
    texts = [t for c in chars for t in (c, c + "\ufe0f", f"a{c} b")]
    assert len(chars) == 4016
    ours = [weighted_length(text) for text in texts]
    wrong = [
        (" ".join(f"U+{ord(c):04X}" for c in text), o, j)
        for text, o, j in zip(texts, ours, js_lengths(texts), strict=True)
        if o != j
    ]
    assert not wrong, f"{len(wrong)} differences, first: {wrong[:10]}"


def test_copyright_and_registered_count_one() -> None:
    assert weighted_length("©") == weighted_length("®") == 1  # U+00A9, U+00AE: text
    assert weighted_length("©\ufe0f") == weighted_length("⌚\ufe0f") == 2  # one emoji each
