"""RSS and Atom feeds: the example feed read exactly, broken entries reported, others kept."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicator.errors import SourceError
from syndicator.models import Image
from syndicator.sources import load
from syndicator.sources.feed import parse_feed

from .expected import (
    FIRST_PARAGRAPH,
    IMAGE_ALT,
    IMAGE_URL,
    PUBLISHED,
    TITLE,
    URL,
    assert_clean_body,
)


@pytest.fixture
def feed(fixtures: Path) -> list:
    loaded = load(str(fixtures / "feed.xml"), default_lang="en")
    assert loaded.collection is True
    assert loaded.errors == ()
    return list(loaded.articles)


def test_entries_come_oldest_first_with_their_guid_as_id(feed: list) -> None:
    assert [a.id for a in feed] == [
        "https://www.example.fr/?p=47950",
        "https://www.example.fr/?p=48177",
        "https://www.example.fr/?p=48213",
    ]
    assert [a.published for a in feed] == [
        datetime(2023, 6, 26, 8, 0, tzinfo=UTC),
        datetime(2023, 7, 4, 15, 10, tzinfo=UTC),
        PUBLISHED,
    ]


def test_links_lose_their_utm_parameters(feed: list) -> None:
    assert [a.url for a in feed] == [
        "https://www.example.fr/actu/mastodon-reseau-social-decentralise/",
        "https://www.example.fr/actu/astuce-limite-de-lecture-twitter/",
        URL,
    ]


def test_titles_are_plain_text_with_entities_decoded(feed: list) -> None:
    assert [a.title for a in feed] == [
        "Mastodon : quel est ce réseau social décentralisé qui rend si heureux les déçus de "
        "Twitter ?",  # two plain spaces in the feed's title, collapsed
        "Voici l’astuce ultime pour contourner la limite de lecture sur Twitter !",
        TITLE,
    ]


def test_summary_drops_the_feed_footer_and_keeps_no_break_spaces(feed: list) -> None:
    mastodon, astuce, threads = feed
    assert threads.summary == FIRST_PARAGRAPH
    assert "est apparu en premier" not in threads.summary
    assert astuce.summary == (
        "Twitter limite désormais le nombre de tweets lisibles par jour\u00a0: voici comment "
        "continuer à suivre votre fil sans atteindre la limite."
    )
    assert mastodon.summary == (
        "Mastodon attire les déçus de Twitter\u00a0: fonctionnement, instances, inscription… "
        "on vous explique tout sur ce réseau social décentralisé 🐘."
    )


def test_body_is_the_content_without_asides(feed: list) -> None:
    assert_clean_body(feed[-1].body)
    assert feed[0].body == feed[0].summary  # no content:encoded: the description is all


def test_categories_become_tags(feed: list) -> None:
    assert [a.tags for a in feed] == [
        ("Mastodon", "Réseaux sociaux"),
        ("Twitter", "Astuces"),
        ("Actualités", "Threads", "Meta", "Elon Musk"),
    ]


def test_media_content_gives_the_image_and_its_description(feed: list) -> None:
    assert feed[-1].images == (Image(IMAGE_URL, IMAGE_ALT),)
    assert feed[-1].image == Image(IMAGE_URL, IMAGE_ALT)
    assert feed[0].images == ()


def test_language_author_and_extras_come_from_the_channel(feed: list) -> None:
    for article in feed:
        assert article.lang == "fr"
        assert article.author == "La rédaction"
        assert article.extra["lang_tag"] == "fr-FR"
        assert article.extra["site_name"] == "Example Actu – Actualités du web"
        assert article.extra["guid"] == article.id
        assert article.source.endswith("feed.xml")


def _item(n: int, *, link: bool = True, title: bool = True) -> str:
    return (
        "<item>"
        + (f"<title>Article {n} &amp; co</title>" if title else "")
        + (f"<link>https://blog.example.org/{n}?fbclid=abc&amp;page=2</link>" if link else "")
        + f"<guid isPermaLink='false'>post-{n}</guid>"
        + f"<pubDate>Mon, 0{n} Jan 2024 10:00:00 GMT</pubDate>"
        + f"<description>Summary &lt;b&gt;{n}&lt;/b&gt;</description></item>"
    )


def _rss(*items: str) -> bytes:
    return (
        '<?xml version="1.0"?>\n<rss version="2.0"><channel><title>Blog</title>'
        "<link>https://blog.example.org/</link>\n" + "\n".join(items) + "\n</channel></rss>"
    ).encode()


def test_one_broken_entry_is_reported_and_the_others_loaded(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_bytes(_rss(_item(3), _item(2, link=False), _item(1, title=False)))
    loaded = load(str(path))
    assert [a.id for a in loaded.articles] == ["post-3"]
    assert loaded.articles[0].url == "https://blog.example.org/3?page=2"
    assert loaded.articles[0].title == "Article 3 & co"
    assert loaded.articles[0].summary == "Summary 3"
    assert loaded.articles[0].lang == "en"  # no <language>: the default
    assert [str(e) for e in loaded.errors] == [
        f"{path}, line 4: entry post-2 has no link; skipped (add a <link> to the item)",
        f"{path}, line 5: entry post-1 has no title; skipped",
    ]


def test_a_file_that_is_not_xml_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "feed.xml"
    path.write_text("this is not a feed\n")
    with pytest.raises(SourceError) as caught:
        load(str(path))
    message = f"{path}: not an XML feed: it starts with 'this is not a feed', not with <"
    assert str(caught.value) == message


def test_broken_xml_with_no_entry_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.rss"
    path.write_text('<?xml version="1.0"?>\n<rss version="2.0">\n<channel><title>x</chanel>')
    with pytest.raises(SourceError) as caught:
        load(str(path))
    assert str(caught.value) == f"{path}: not a readable RSS or Atom feed (line 3: mismatched tag)"


def test_xml_that_is_not_a_feed_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "data.xml"
    path.write_text('<?xml version="1.0"?><config><a>1</a></config>')
    with pytest.raises(SourceError, match="not an RSS or Atom feed"):
        load(str(path))


def test_a_malformed_feed_is_recovered_when_entries_can_be_read(fixtures: Path) -> None:
    data = (fixtures / "feed.xml").read_bytes().replace(b"</title>", b"", 1)
    articles, errors = parse_feed(data, where="feed.xml", default_lang="en")
    assert len(articles) == 3
    assert errors == ()


def test_atom_entries_with_html_titles_and_xml_lang() -> None:
    atom = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de-AT">
  <title>Blog</title><link href="https://blog.example.org/"/>
  <entry>
    <id>tag:blog.example.org,2024:1</id>
    <title type="html">Fisch &amp;amp; Chips &lt;em&gt;heute&lt;/em&gt;</title>
    <link rel="alternate" href="/posts/1?utm_campaign=x"/>
    <updated>2024-02-01T12:00:00+01:00</updated>
    <author><name>Anna</name></author>
    <category term="essen"/>
    <content type="html">&lt;p&gt;Erster Absatz.&lt;/p&gt;&lt;p&gt;Zweiter.&lt;/p&gt;</content>
  </entry>
</feed>"""
    (article,), errors = parse_feed(atom, where="atom.xml", default_lang="en")
    assert errors == ()
    assert article.id == "tag:blog.example.org,2024:1"
    assert article.url == "https://blog.example.org/posts/1"
    assert article.title == "Fisch & Chips heute"
    assert article.summary == "Erster Absatz."
    assert article.body == "Erster Absatz.\n\nZweiter."
    assert article.lang == "de"
    assert article.extra["lang_tag"] == "de-AT"
    assert article.author == "Anna"
    assert article.tags == ("essen",)
    assert article.published == datetime(2024, 2, 1, 11, 0, tzinfo=UTC)


def test_an_entry_without_guid_uses_its_canonical_url_as_id() -> None:
    rss = _rss("<item><title>T</title><link>https://blog.example.org/t?utm_source=x</link></item>")
    (article,), _ = parse_feed(rss, where="f", default_lang="en")
    assert article.id == article.url == "https://blog.example.org/t"
    assert article.published is None


def test_the_id_does_not_depend_on_the_title() -> None:
    first, _ = parse_feed(_rss(_item(1)), where="f", default_lang="en")
    renamed, _ = parse_feed(
        _rss(_item(1).replace("Article 1", "Renamed")), where="f", default_lang="en"
    )
    assert first[0].id == renamed[0].id == "post-1"
    assert first[0].title != renamed[0].title


def test_wordpress_excerpt_ellipsis_and_first_image_fallback() -> None:
    rss = _rss(
        "<item><title>T</title><link>https://blog.example.org/t</link>"
        "<description>Début du texte [&amp;#8230;]</description>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'>"
        "<![CDATA[<p><img src='/img/a.png' alt='A cat'>Texte.</p>]]></content:encoded></item>"
    )
    (article,), _ = parse_feed(rss, where="f", default_lang="en")
    assert article.summary == "Début du texte…"
    assert article.images == (Image("https://blog.example.org/img/a.png", "A cat"),)


def test_undated_entries_keep_the_feed_order_reversed() -> None:
    items = [
        f"<item><title>{n}</title><link>https://blog.example.org/{n}</link></item>"
        for n in ("newest", "middle", "oldest")
    ]
    articles, _ = parse_feed(_rss(*items), where="f", default_lang="en")
    assert [a.title for a in articles] == ["oldest", "middle", "newest"]


def test_without_description_the_summary_is_the_first_paragraph_of_the_content() -> None:
    rss = _rss(
        "<item><title>T</title><link>https://blog.example.org/t</link>"
        "<content:encoded xmlns:content='http://purl.org/rss/1.0/modules/content/'><![CDATA["
        "<h2>Intertitre</h2><p>Premier paragraphe.</p><p>Second.</p>]]></content:encoded></item>"
    )
    (article,), _ = parse_feed(rss, where="f", default_lang="en")
    assert article.summary == "Premier paragraphe."
    assert article.body == "Intertitre\n\nPremier paragraphe.\n\nSecond."
