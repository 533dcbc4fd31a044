"""Articles from command-line fields."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicator.errors import SourceError
from syndicator.models import Image
from syndicator.sources import from_fields


def test_fields_become_an_article(tmp_path: Path) -> None:
    article = from_fields(
        title="  Use <div>  &amp; friends ",
        url="https://b.example/a?utm_source=x&gclid=1&q=2",
        summary="Line one\nline two\u00a0!",
        tags=["python, web", "#Web", " "],
        lang="FR-fr",
        image="pic.jpg",
        image_alt="A picture",
    )
    assert article.id == article.url == "https://b.example/a?q=2"
    assert article.title == "Use <div> &amp; friends"  # typed text is taken as written
    assert article.summary == "Line one line two\u00a0!"
    assert article.tags == ("python", "web")
    assert article.lang == "fr"
    assert article.extra["lang_tag"] == "fr-FR"
    assert article.images == (Image(str(tmp_path / "pic.jpg"), "A picture"),)
    assert article.source == "command line"


def test_defaults() -> None:
    article = from_fields(title="T", url="https://b.example/", default_lang="es")
    assert article.lang == "es"
    assert article.images == ()
    assert article.tags == ()
    assert from_fields(
        title="T", url="https://b.example/", image="https://i.example/x.png"
    ).images == (Image("https://i.example/x.png"),)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"title": " ", "url": "https://b.example/"}, "--title: is empty"),
        ({"title": "T", "url": "b.example/x"}, "--url: 'b.example/x' is not an http(s) URL"),
        ({"title": "T", "url": "https://b.example/", "lang": "french!"}, "--lang: 'french!'"),
    ],
)
def test_bad_fields_are_usage_errors(kwargs: dict[str, str], message: str) -> None:
    with pytest.raises(SourceError) as caught:
        from_fields(**kwargs)
    assert str(caught.value).startswith(message)
    assert caught.value.exit_code == 2
