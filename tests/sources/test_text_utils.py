"""Plain text, URL cleaning, languages and dates shared by every source."""

from __future__ import annotations

import html
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.provisional import urls

from syndicator.sources._text import (
    clean_url,
    html_blocks,
    html_to_text,
    lang_tag,
    normalise,
    parse_datetime,
    primary_lang,
)

NBSP = "\u00a0"


def test_normalise_collapses_spaces_but_keeps_no_break_spaces() -> None:
    assert (
        normalise("  Mastodon :\u00a0 quel\t\n est\u2003 ce\u200b ")
        == "Mastodon :\u00a0 quel est ce"
    )
    assert normalise("«\u202fscraper\u202f»") == "«\u202fscraper\u202f»"


@given(st.text())
def test_normalise_is_idempotent_and_never_loses_a_no_break_space(text: str) -> None:
    once = normalise(text)
    assert normalise(once) == once
    assert once.count(NBSP) == text.count(NBSP)
    assert "  " not in once
    assert "\n" not in once


@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",))))
def test_escaped_text_comes_back_as_written(text: str) -> None:
    assert html_to_text(html.escape(text)) == normalise(text)


@pytest.mark.parametrize(
    ("fragment", "text"),
    [
        ("L&#8217;article", "L’article"),
        ("l&rsquo;actualit&eacute; &amp; co", "l’actualité & co"),
        ("<p>Un <b>gras</b>&nbsp;: <a href='#'>lien</a></p>", f"Un gras{NBSP}: lien"),
        ("<p>Un</p><p>Deux</p>", "Un Deux"),
        ("Un<br>deux<br/>trois", "Un deux trois"),
        ("a < b", "a < b"),
        ("inscription&hellip; 🐘", "inscription… 🐘"),
    ],
)
def test_html_to_text(fragment: str, text: str) -> None:
    assert html_to_text(fragment) == text


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        (
            "https://www.example.fr/actu/x/?utm_source=rss&utm_medium=rss",
            "https://www.example.fr/actu/x/",
        ),
        ("https://b.example/a?id=3&fbclid=XYZ&gclid=1#frag", "https://b.example/a?id=3#frag"),
        ("https://b.example/a?UTM_Campaign=x&mc_cid=1&mc_eid=2&igshid=3", "https://b.example/a"),
        ("https://github.com/o/r/tree/x?ref=main", "https://github.com/o/r/tree/x?ref=main"),
        ("https://b.example/a?ref_src=twsrc%5Etfw&q=a%20b", "https://b.example/a?q=a%20b"),
        ("https://b.example/a#xtor=RSS-3208", "https://b.example/a"),
        ("HTTPS://B.Example/Path?x=1", "https://b.example/Path?x=1"),
        ("mailto:a@b.example?utm_source=x", "mailto:a@b.example?utm_source=x"),
    ],
)
def test_clean_url(url: str, clean: str) -> None:
    assert clean_url(url) == clean


def test_clean_url_resolves_against_a_base() -> None:
    assert clean_url("/img/a.png?utm_source=x", base="https://b.example/p/") == (
        "https://b.example/img/a.png"
    )


_KEYS = st.sampled_from(["utm_source", "utm_medium", "fbclid", "gclid", "id", "page", "ref", "q"])
_VALUES = st.text(alphabet="abcXYZ019-_.%", max_size=6)


@given(st.lists(st.tuples(_KEYS, _VALUES), max_size=6), st.sampled_from(["", "#top", "#x=1"]))
def test_clean_url_is_idempotent_and_keeps_real_parameters(
    params: list[tuple[str, str]], fragment: str
) -> None:
    query = "&".join(f"{k}={v}" for k, v in params)
    url = f"https://b.example/p{'?' + query if query else ''}{fragment}"
    once = clean_url(url)
    assert clean_url(once) == once
    assert "utm_" not in once
    assert "clid" not in once
    kept = [f"{k}={v}" for k, v in params if k in {"id", "page", "ref", "q"}]
    assert once == f"https://b.example/p{'?' + '&'.join(kept) if kept else ''}{fragment}"


@pytest.mark.parametrize(
    ("value", "tag", "primary"),
    [
        ("fr-FR", "fr-FR", "fr"),
        ("fr_fr", "fr-FR", "fr"),
        ("FR", "fr", "fr"),
        ("zh-hant-tw", "zh-Hant-TW", "zh"),
        ("es-419", "es-419", "es"),
        ("und", None, None),
        ("french", None, None),
        ("", None, None),
        (None, None, None),
    ],
)
def test_languages(value: object, tag: str | None, primary: str | None) -> None:
    assert lang_tag(value) == tag
    assert primary_lang(value) == primary


def test_dates_are_always_aware() -> None:
    paris = timezone(timedelta(hours=2))
    assert parse_datetime("2023-07-07T09:30:00+02:00") == datetime(2023, 7, 7, 9, 30, tzinfo=paris)
    assert parse_datetime("2023-07-07T07:30:00Z") == datetime(2023, 7, 7, 7, 30, tzinfo=UTC)
    assert parse_datetime("Fri, 07 Jul 2023 07:30:00 +0000") == datetime(
        2023, 7, 7, 7, 30, tzinfo=UTC
    )
    assert parse_datetime("2023-07-07 07:30") == datetime(2023, 7, 7, 7, 30, tzinfo=UTC)
    assert parse_datetime(date(2023, 7, 7)) == datetime(2023, 7, 7, tzinfo=UTC)
    assert parse_datetime("yesterday") is None
    assert parse_datetime(None) is None


@given(urls(), st.sampled_from(["utm_source=rss", "fbclid=1", "xtor=RSS-1", "gclid=x"]))
def test_any_url_is_cleaned_idempotently(url: str, tracking: str) -> None:
    base = url.split("#", maxsplit=1)[0]
    joined = base + ("&" if "?" in base else "?") + tracking
    once = clean_url(joined)
    assert clean_url(once) == once
    assert tracking not in once


def test_code_and_tables_are_not_prose() -> None:
    fragment = (
        "<p>Before.</p><pre><code>if x:\n    y()</code></pre>"
        "<table><tr><td>FL</td><td>1984</td></tr></table><p>After.</p>"
    )
    assert html_blocks(fragment) == ["Before.", "After."]
