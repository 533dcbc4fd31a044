"""JSON Feed 1.1: items mapped to Articles, bad items reported, bad JSON one clear error."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicator.errors import SourceError
from syndicator.models import Image
from syndicator.sources import load


def _feed(*items: dict[str, object]) -> str:
    return json.dumps(
        {
            "version": "https://jsonfeed.org/version/1.1",
            "title": "Le &amp; Blog",
            "home_page_url": "https://blog.example.org/",
            "language": "fr-CA",
            "authors": [{"name": "Zoé"}],
            "items": list(items),
        },
        ensure_ascii=False,
        indent=1,
    )


NEWER = {
    "id": "2",
    "url": "https://blog.example.org/2?utm_medium=social&fbclid=x",
    "title": "Deux &rsquo;",
    "content_html": "<p>Lire aussi : autre chose</p><p>Le texte, enfin.</p>",
    "date_published": "2024-01-02T10:00:00Z",
    "tags": ["a", "b"],
    "image": "/img/2.jpg",
    "language": "en-GB",
}
OLDER = {
    "id": "1",
    "url": "/1",
    "title": "Un",
    "summary": "Résumé\u00a0!",
    "content_text": "Premier.\n\nSecond.",
    "date_published": "2024-01-01T10:00:00+01:00",
}


def test_items_become_articles_oldest_first(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(_feed(NEWER, OLDER), encoding="utf-8")
    loaded = load(str(path))
    assert loaded.collection is True
    assert loaded.errors == ()
    older, newer = loaded.articles
    assert (older.id, older.url, older.title) == ("1", "https://blog.example.org/1", "Un")
    assert older.summary == "Résumé\u00a0!"
    assert older.body == "Premier.\n\nSecond."
    assert older.lang == "fr"
    assert older.author == "Zoé"
    assert older.published == datetime(2024, 1, 1, 9, 0, tzinfo=UTC)
    assert (newer.id, newer.url, newer.title) == ("2", "https://blog.example.org/2", "Deux ’")
    assert newer.summary == "Le texte, enfin."
    assert newer.body == "Le texte, enfin."
    assert newer.tags == ("a", "b")
    assert newer.lang == "en"
    assert newer.extra["lang_tag"] == "en-GB"
    assert newer.extra["site_name"] == "Le & Blog"
    assert newer.images == (Image("https://blog.example.org/img/2.jpg"),)


def test_json_feed_is_sniffed_without_its_extension(tmp_path: Path) -> None:
    path = tmp_path / "feed"
    path.write_text(_feed(OLDER), encoding="utf-8")
    assert [a.id for a in load(str(path)).articles] == ["1"]


def test_a_bad_item_is_reported_and_the_others_kept(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text(_feed(OLDER, {"id": "x", "title": "No URL"}, "oops"), encoding="utf-8")
    loaded = load(str(path))
    assert [a.id for a in loaded.articles] == ["1"]
    assert [str(e) for e in loaded.errors] == [
        f"{path}, item 2: item x has no absolute 'url'; skipped",
        f"{path}, item 3: item is not an object; skipped",
    ]


def test_invalid_json_names_the_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.json"
    path.write_text('{"version": "https://jsonfeed.org/version/1.1",\n "items": [,]}')
    with pytest.raises(SourceError) as caught:
        load(str(path))
    assert str(caught.value) == f"{path}, line 2: not valid JSON (Expecting value)"


def test_json_without_items_is_not_a_feed(tmp_path: Path) -> None:
    path = tmp_path / "data.json"
    path.write_text('{"a": 1}')
    with pytest.raises(SourceError, match="not a JSON Feed"):
        load(str(path))


def test_odd_shapes_in_one_item_do_not_stop_the_others(tmp_path: Path) -> None:
    odd = {"id": "3", "url": "https://b.example/3", "title": "T", "tags": "solo", "authors": 5}
    path = tmp_path / "feed.json"
    path.write_text(_feed(OLDER, odd), encoding="utf-8")
    loaded = load(str(path))
    assert [a.id for a in loaded.articles] == ["1"]
    assert len(loaded.errors) == 1
    assert str(loaded.errors[0]).startswith(f"{path}, item 2: item cannot be read (")
