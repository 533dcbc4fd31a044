"""``characters``: what text may carry once it leaves a source or enters a post."""

from __future__ import annotations

import unicodedata

import pytest

from syndicator.characters import balance_bidi, clean, printable

FAMILY = "👨\u200d👩\u200d👧\u200d👦"
RAINBOW = "🏳\ufe0f\u200d🌈"
TRANS = "🏳\ufe0f\u200d⚧\ufe0f"
PERSIAN = "می\u200cخواهم"  # "I want": ZWNJ keeps the two parts of the verb apart
DEVANAGARI = "क्\u200dष"  # ZWJ asks for the half form


@pytest.mark.parametrize("text", [FAMILY, RAINBOW, TRANS, PERSIAN, DEVANAGARI, "a\tb\nc"])
def test_joiners_tabs_and_newlines_are_kept(text: str) -> None:
    assert clean(text) == text


@pytest.mark.parametrize(
    ("dirty", "expected"),
    [
        ("ti\x1b]0;pwned\x07tle", "title"),  # xterm window title, BEL-terminated
        ("ti\x1b]8;;https://evil.example\x1b\\tle", "title"),  # OSC 8 hyperlink, ST
        ("ti\x9d0;x\x9ctle", "ti0;xtle"),  # 8-bit introducers: dropped, their text kept
        ("\x1b[31mred\x1b[0m", "red"),
        ("\x1b[2J\x1b[Hclear", "clear"),
        ("\x9b2Jclear", "clear"),
        ("a\x1bcb", "ab"),  # ESC c: full terminal reset
        ("a\x1bPq#0;2;0;0;0\x1b\\b", "ab"),  # DCS (sixel) string
        ("a\x1b]0;never closed\nb", "a0;never closed\nb"),
        ("nul\x00 bell\x07 del\x7f", "nul bell del"),
        (
            "soft\u00adhyphen zero\u200bwidth word\u2060joiner \ufeffbom",
            "softhyphen zerowidth wordjoiner bom",
        ),
        ("a\r\nb\rc\x0bd\x0ce\x85f", "a\nb\nc\nd\ne\nf"),
        ("lone \ud800 surrogate", "lone  surrogate"),
    ],
)
def test_controls_sequences_and_invisibles_are_removed(dirty: str, expected: str) -> None:
    assert clean(dirty) == expected


def test_nfc() -> None:
    assert clean("e\u0301te\u0301") == "été"
    assert unicodedata.is_normalized("NFC", clean("Ắ" + "a\u0306\u0301"))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("\u202eevil", "evil"),  # an override never closed would flip the rest of the post
        ("closes nothing\u202c", "closes nothing"),
        ("\u2067שלום\u2069 ok", "\u2067שלום\u2069 ok"),
        ("\u202bعربي\u202c", "\u202bعربي\u202c"),
        ("\u2067a\u202bb\u2069", "\u2067ab\u2069"),  # the PDI closes the embedding inside it
        ("\u202ba\u2067b\u202c\u2069", "a\u2067b\u2069"),  # no PDF across a PDI: RLE open
        ("\u2067a\nb\u2069", "a\nb"),  # a paragraph ends every open pair
        ("x\u200fy\u200ez\u061c", "x\u200fy\u200ez\u061c"),  # marks are not paired: kept
    ],
)
def test_unpaired_bidi_controls_are_removed(text: str, expected: str) -> None:
    assert balance_bidi(text) == expected
    assert clean(text) == expected


def test_printable_escapes_what_a_terminal_would_obey() -> None:
    assert printable("a\x1b]0;x\x07b\r\x9bc\td\ne") == "a\\x1b]0;x\\x07b\\r\\x9bc\td\ne"
    assert printable(FAMILY + " é") == FAMILY + " é"
