"""The fast RSS reader against feedparser: the same Articles wherever it answers.

``read_rss`` answers for plain RSS 2.0 and leaves the rest to feedparser; each test
here builds Articles from both readers' output with the same code and compares them.
"""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from feedparser.datetimes import _parse_date
from feedparser.mixin import _FeedParserMixin
from hypothesis import given, settings
from hypothesis import strategies as st

from syndicator.sources._rss import _IGNORED, _strict_date, read_rss
from syndicator.sources.feed import articles_from, unwrap

TESTS = Path(__file__).resolve().parents[1]
FEED_FILES = sorted(
    path
    for path in TESTS.rglob("*")
    if path.suffix in {".xml", ".rss", ".atom", ".rdf"} and "node_modules" not in path.parts
)
# The RSS 2.0 fixtures the fast reader must take (a fixture it declines is still compared
# below, trivially; these keep the comparison from passing by declining everything).
FAST = {
    "corpus/feeds/anime2you.xml",
    "corpus/feeds/inside-digital.xml",
    "corpus/feeds/lemonde.xml",
    "corpus/feeds/monkeydom.rss",
    "corpus/feeds/morningpaper.xml",
    "fixtures/feed.xml",
    "sources/feeds/reddit-escaped-twice.rss",
}


def _both(data: bytes, *, url: str | None = None) -> tuple[object, object] | None:
    """Return (fast, feedparser) Articles and errors for a feed, or None if declined."""
    fast = read_rss(data)
    if fast is None:
        return None
    parsed = feedparser.parse(data, sanitize_html=False, resolve_relative_uris=False)
    readings = []
    for channel, entries in (fast, (parsed.feed, parsed.entries)):
        articles, errors = articles_from(
            channel, entries, data, where="feed", default_lang="en", url=url
        )
        readings.append((articles, [str(error) for error in errors]))
    return readings[0], readings[1]


@pytest.mark.parametrize("path", FEED_FILES, ids=lambda p: str(p.relative_to(TESTS)))
def test_every_feed_fixture_reads_the_same_as_with_feedparser(path: Path) -> None:
    data = unwrap(path.read_bytes(), where=str(path))
    both = _both(data)
    name = str(path.relative_to(TESTS))
    assert (both is not None) == (name in FAST), "read_rss took or declined an unexpected feed"
    if both is not None:
        fast, slow = both
        assert fast == slow


def test_the_fixtures_are_found() -> None:
    assert {str(path.relative_to(TESTS)) for path in FEED_FILES} >= FAST


def test_the_item_elements_skipped_have_no_feedparser_handler() -> None:
    # feedparser keeps an element it has no handler for under its own key, which feed.py
    # never reads; a handler could move it into a field that feed.py does read.
    prefixes = {
        "http://wellformedweb.org/CommentAPI/": "wfw",
        "http://purl.org/rss/1.0/modules/slash/": "slash",
    }
    for tag in _IGNORED:
        namespace, local = tag[1:].split("}")
        name = f"{prefixes[namespace]}_{local.lower()}"
        assert not hasattr(_FeedParserMixin, f"_start_{name}")
        assert not hasattr(_FeedParserMixin, f"_end_{name}")


_TEXT = st.lists(
    st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
    | st.sampled_from(["é", "Ã©", "\x85", "\x96", "&", "<b>x</b>", " ", "\u2028"]),
    max_size=8,
).map("".join)
_URL = st.sampled_from(
    ["https://blog.example/a/", "http:///blog.example/b", "https://x.example/?a=1&b=2", "/rel/", ""]
)
_DATE = st.sampled_from(
    [
        "Mon, 06 May 2024 10:00:00 GMT",
        "6 May 2024 10:00 +0200",
        "Tue, 31 Feb 2024 10:00:00 GMT",
        "Mon, 06 May 2024 10:00:00 EST",
        "2024-05-06T10:00:00Z",
        "2024-05-06T10:00:00.123-03:30",
        "2024-05-06",
        "yesterday",
        "",
    ]
)


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@st.composite
def _items(draw: st.DrawFn) -> str:
    parts: list[str] = []
    fields = draw(
        st.lists(
            st.sampled_from(
                [
                    "title",
                    "link",
                    "guid",
                    "guid-false",
                    "description",
                    "content",
                    "category",
                    "author",
                    "creator",
                    "pubDate",
                    "dcdate",
                    "comments",
                    "enclosure",
                    "media",
                    "thumbnail",
                    "slash",
                ]
            ),
            max_size=10,
        )
    )
    once = {"title", "guid", "guid-false", "description"}  # a second one: feedparser's turn
    for index, field in enumerate(fields):
        if field in once and any(f in once and f[:4] == field[:4] for f in fields[:index]):
            continue
        text = _escape(draw(_TEXT))
        url = _escape(draw(_URL))
        parts.append(
            {
                "title": f"<title>{text}</title>",
                "link": f"<link>{url}</link>",
                "guid": f"<guid>{url}</guid>",
                "guid-false": f'<guid isPermaLink="false">{text}</guid>',
                "description": f"<description>{text}</description>",
                "content": f"<content:encoded><![CDATA[<p>{text}</p>]]></content:encoded>",
                "category": f"<category>{text}</category>",
                "author": f"<author>{text}</author>",
                "creator": f"<dc:creator>{text}</dc:creator>",
                "pubDate": f"<pubDate>{draw(_DATE)}</pubDate>",
                "dcdate": f"<dc:date>{draw(_DATE)}</dc:date>",
                "comments": f"<comments>{url}</comments>",
                "enclosure": f'<enclosure url="{url}" type="Image/JPEG" length="1"/>',
                "media": f'<media:content url="{url}" medium="image"/>',
                "thumbnail": f'<media:thumbnail url="{url}"/>',
                "slash": f"<slash:comments>{text}</slash:comments>",
            }[field]
        )
    return "<item>" + "\n".join(parts) + "</item>"


@settings(max_examples=150, deadline=None)
@given(items=st.lists(_items(), min_size=1, max_size=4), language=st.sampled_from(["", "fr"]))
def test_generated_rss_reads_the_same_as_with_feedparser(items: list[str], language: str) -> None:
    tag = f"<language>{language}</language>" if language else ""
    data = (
        '<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"'
        ' xmlns:content="http://purl.org/rss/1.0/modules/content/"'
        ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
        ' xmlns:media="http://search.yahoo.com/mrss/"'
        ' xmlns:slash="http://purl.org/rss/1.0/modules/slash/"'
        ' xmlns:atom="http://www.w3.org/2005/Atom">\n<channel><title>Blog</title>'
        '<atom:link rel="self" href="https://blog.example/feed.xml"/>'
        f"<link>https://blog.example/</link>{tag}\n" + "\n".join(items) + "</channel></rss>"
    ).encode()
    both = _both(data, url="https://blog.example/rss")
    assert both is not None
    fast, slow = both
    assert fast == slow


@given(
    st.sampled_from(["Mon, ", "", "Sun,"]),
    st.integers(1, 31),
    st.sampled_from(["Jan", "feb", "May", "Dec", "Foo"]),
    st.integers(1900, 2100),
    st.integers(0, 25),
    st.integers(0, 61),
    st.sampled_from(["GMT", "UT", "Z", "+0000", "-0930", "+1400"]),
)
def test_rfc822_dates_read_as_feedparser_reads_them(
    day_name: str, day: int, month: str, year: int, hour: int, minute: int, zone: str
) -> None:
    value = f"{day_name}{day:02d} {month} {year} {hour:02d}:{minute:02d}:00 {zone}"
    mine = _strict_date(value)
    theirs = _parse_date(value)
    if mine is not None:  # else feed.py asks feedparser
        assert theirs is not None
        assert tuple(theirs[:6]) == mine.timetuple()[:6]


@given(
    st.integers(1900, 2100),
    st.integers(1, 13),
    st.integers(1, 31),
    st.integers(0, 24),
    st.integers(0, 60),
    st.sampled_from(["Z", "+00:00", "-03:30", "+14:00"]),
    st.sampled_from(["", ":07", ":59.5"]),
)
def test_w3c_dates_read_as_feedparser_reads_them(
    year: int, month: int, day: int, hour: int, minute: int, zone: str, seconds: str
) -> None:
    value = f"{year}-{month:02d}-{day:02d}T{hour:02d}:{minute:02d}{seconds}{zone}"
    mine = _strict_date(value)
    theirs = _parse_date(value)
    if mine is not None:  # else feed.py asks feedparser
        assert theirs is not None
        assert tuple(theirs[:6]) == mine.timetuple()[:6]
