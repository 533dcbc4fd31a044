"""twitter-text's URL extraction with TLD sets finds exactly what the full regex finds.

The reference is twitter-text's regex whole (``x_url_reference``), as x_length compiled it
before: every text is run through both, and every match, ASCII domain and t.co link must
be the same. The data the sets need is checked to be what the running Python derives.
"""

from __future__ import annotations

import importlib.util
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from syndicator.compose import _x_data, _x_emoji_tables, x_urls
from syndicator.compose.x_emoji import to_surrogates

from . import x_url_reference as reference
from .corpus import URLS, corpus

ROOT = Path(__file__).resolve().parents[2]
GTLDS, CCTLDS = _x_data.GTLDS.split("|"), _x_data.CCTLDS.split("|")
_ASTRAL = re.compile("[\U00010000-\U0010ffff]")


def _same_as_reference(text: str) -> None:
    """Assert that x_urls finds in ``text`` what twitter-text's full regexes find."""
    found = x_urls.find_urls(text)
    assert found == reference.find_urls(text)
    for _before, url, protocol, domain, _path, _end in found:
        assert x_urls.ascii_domains(domain) == reference.ascii_domains(domain)
        if protocol:
            tco = x_urls.tco_url(url, domain)
            assert (tco.group(0) if tco else None) == reference.tco_url(url)


_PARTNERS: dict[str, list[str]] = {}  # a TLD's letter: the other characters that match it
for _char, _letter in zip(_x_data.TLD_FOLD_FROM, _x_data.TLD_FOLD_TO, strict=True):
    _PARTNERS.setdefault(_letter, []).append(_char)


def _written(tld: str, how: int) -> str:
    """Return ``tld`` as listed, in capitals, capitalised, or with every letter that has
    one replaced by another character IGNORECASE matches it with (ſ for s, ϵ for ε)."""
    if how == 0:
        return tld
    if how == 1:
        return tld.upper()
    if how == 2:
        return tld[:1].upper() + tld[1:]
    return "".join(_PARTNERS.get(c, [c])[-1 if how == 3 else 0] for c in tld)


_TLDS = st.builds(_written, st.sampled_from(GTLDS + CCTLDS), st.integers(0, 4))
_LABELS = st.one_of(
    _TLDS,
    st.sampled_from(["a", "ex", "x_y", "b-c", "-a", "a-", "_", "é", "日本", "xn--p1ai", "ſ"]),
)
_AFTER = st.sampled_from(
    [
        *("", "", "/", "/a_b/c-d?x=1&y=2", ":8080/x", ":x", ".", "..", "x", "-", "_", "@"),
        *("…", "’", "ö", "日", "/(a)", "/a(b(c))d", "?q=(1)", "/path–x", "/путь", "#frag"),
        *("/é", "?", "/@user/", "\u0301", "\u212a", "ſ", "İ"),
    ]
)
_DOMAINS = st.builds(
    lambda before, protocol, labels, tld, after: (
        before + protocol + ".".join(labels) + "." + tld + after
    ),
    st.sampled_from(["", " ", "(", "é", "-", "_", ".", "/", "@", "\u200e", "\u202a", "$"]),
    st.sampled_from(["", "", "http://", "https://", "HTTPS://", "httpſ://"]),
    st.lists(_LABELS, min_size=1, max_size=4),
    _TLDS,
    _AFTER,
)
# Pieces of what surrounds URLs: every separator the regex reads, the letters IGNORECASE
# equates (ſ is s, the Kelvin sign k), non-ASCII spaces, directional marks, invalid
# characters, letters and marks a path may hold, lone surrogates (UTF-16 views).
_PIECES = st.sampled_from(
    [
        *("a", "b1", "ex", "Ex-am", "x_y", "é", "日本", "ſ", "\u212a", "İ", "ı", "ϵ", "ᲀ", "Ж"),
        *("xn--", "XN--abc", "xn--p1ai", "vermögensberatung", "ελ", "рф", "みんな"),
        *(".", ".", ".", "..", "/", "/", ":", ":80", "?", "?a=b", "#", "@", "＠", "＃"),
        *("$", "+", "(", ")", "&", "=", "%", "~", "|", "'", '"', "!", "*", ";", ",", "[", "]"),
        *("-", "_", " ", "\n", "\u3000", "\xa0", "\u200e", "\u202a", "\ufeff", "\x7f"),
        *("http://", "https://", "HTTPS://", "httpſ://", "t.co/", "T.CO/", "0", "123"),
        *("–", "…", "’", "—", "ф", "\u0301", "҂", "\ud83d", "\ude00", "😀", "«", "»"),
    ]
)
_TEXTS = st.lists(st.one_of(_DOMAINS, _PIECES, _TLDS), max_size=16).map("".join)


@settings(max_examples=800, deadline=None)
@given(_TEXTS)
def test_finds_what_the_full_regex_finds(text: str) -> None:
    _same_as_reference(text)


@settings(max_examples=300, deadline=None)
@given(_TEXTS)
def test_ascii_domains_are_what_the_full_regex_finds(text: str) -> None:
    assert x_urls.ascii_domains(text) == reference.ascii_domains(text)


def test_the_corpus_and_its_utf16_views_give_the_same_urls() -> None:
    # x_length also runs the extraction on a UTF-16 view of a text (surrogates as code points).
    texts = [*corpus(), *URLS]
    views = [_ASTRAL.sub(to_surrogates, text) for text in texts if _ASTRAL.search(text)]
    for text in [*texts, *views]:
        _same_as_reference(text)
    assert sum(len(reference.find_urls(text)) for text in texts) > 100


@pytest.mark.parametrize(
    "text",
    [
        "éxample.com",  # the é precedes: the URL is xample.com
        "é.com",  # no label after é: the domain starts at 0 (^)
        "É-x.com",
        "a.com.b c.co.uk.zz",
        "a.comé ex.vermögensberatung/x ex.vermögensberatungx",
        "ſ.ſe x.ϵλ X.РФ/путь",  # letters IGNORECASE equates with a TLD's
        "a_b.com c_d.e.com x.y_z.com",  # the label before the TLD holds no "_"
        "http://xn--abc x.xn--p1ai/ x.XN--P1AI",
        "https://t.co/abc?x=1 https://t.co/" + "a" * 41,
        "a.b.c.d.e.f.g.com/foo-bar_baz/ x.y",
        "https://example.com/path(with)parens?q=(1) https://en.wikipedia.org/wiki/Foo_(bar)",
        "https://example.com/é?à=1 https://example.com/a…b https://example.com/a–b",
        "x" * 70 + ".com " + "a." * 200 + "b",
    ],
)
def test_cases_where_backtracking_decides(text: str) -> None:
    _same_as_reference(text)


_EVERY_CHARACTER = "".join(map(chr, range(sys.maxunicode + 1)))


def _taken(pattern: str, flags: int, chars: str) -> str:
    """Return the characters of ``chars`` that the one-character ``pattern`` takes."""
    return "".join(re.findall(pattern, chars, flags))


def test_the_plain_url_start_reads_alike_without_the_listed_characters() -> None:
    chars = "".join(c for c in _EVERY_CHARACTER if c not in x_urls._plain_start_differs())
    full, plain = x_urls._start_classes(False), x_urls._start_classes(True)
    preceding = full["preceding"] + "|" + full["directional"]
    assert _taken(preceding, re.IGNORECASE, chars) == _taken(plain["preceding"], 0, chars)
    assert _taken(full["domain"], re.IGNORECASE, chars) == _taken(plain["domain"], 0, chars)
    # The protocol's letters: https? under IGNORECASE against [hH][tT][tT][pP][sS]?.
    assert _taken("[htps]", re.IGNORECASE, chars) == _taken("[hHtTpPsS]", 0, chars)
    assert len(chars) > 1_000_000


def test_the_plain_tail_reads_alike_up_to_where_it_stops() -> None:
    # Past the domain the plain regex is used when the first non-ASCII character is one
    # none of the full classes takes; before it, on ASCII, the classes take the same.
    stops = "".join(c for c in _EVERY_CHARACTER[128:] if x_urls._plain_tail(c, 0))
    ascii_chars = _EVERY_CHARACTER[:128]
    full, plain = x_urls._tail_classes(False), x_urls._tail_classes(True)
    for name, pattern in full.items():
        assert _taken(pattern, re.IGNORECASE, stops) == "", name
        assert _taken(pattern, re.IGNORECASE, ascii_chars) == _taken(plain[name], 0, ascii_chars)
    assert "…" in stops
    assert "’" in stops
    assert "é" not in stops
    assert "ж" not in stops
    assert len(stops) > 900_000


def test_the_plain_ascii_label_reads_ascii_alike() -> None:
    ascii_chars = _EVERY_CHARACTER[:128]
    full, plain = x_urls._ascii_label_class(False), x_urls._ascii_label_class(True)
    assert _taken(full, re.IGNORECASE, ascii_chars) == _taken(plain, 0, ascii_chars)


def test_longer_tlds_come_first() -> None:
    # The sets try the longest TLD first, as twitter-text's alternation does while no TLD
    # is listed before a longer one it begins.
    for tlds in (GTLDS, CCTLDS):
        position = {tld: index for index, tld in enumerate(tlds)}
        assert not [
            (a, b)
            for a in tlds
            for b in tlds
            if a != b and b.startswith(a) and position[a] < position[b]
        ]


def _generator() -> ModuleType:
    """Import scripts/gen_x_data.py, which derives the stored data."""
    spec = importlib.util.spec_from_file_location("gen_x_data", ROOT / "scripts/gen_x_data.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_stored_data_is_what_this_python_derives() -> None:
    # Case folding depends on Python's re and Unicode tables: rerun gen_x_data.py if not.
    generator = _generator()
    assert generator.tld_fold(GTLDS + CCTLDS) == (_x_data.TLD_FOLD_FROM, _x_data.TLD_FOLD_TO)
    assert generator.tld_end_blockers() == _x_data.TLD_END_BLOCKERS
    sequences = _x_emoji_tables.PORT_EMOJI_SEQUENCES
    singles = _x_emoji_tables.PORT_EMOJI_SINGLES
    assert generator.port_emoji_start(sequences, singles) == _x_data.PORT_EMOJI_START
    assert generator.twemoji_start(sequences, singles) == _x_data.TWEMOJI_START
    # The non-ASCII letters IGNORECASE equates with ASCII ones, as the docstrings name them.
    assert [c for c in _x_data.TLD_END_BLOCKERS if not c.isascii()] == [
        "\u0130",
        "\u0131",
        "\u017f",
        "\u212a",
    ]
