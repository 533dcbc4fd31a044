"""Plain-text articles: title on the first line, kicker, the site's tail left out."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from syndicator.errors import SourceError
from syndicator.sources import load
from syndicator.sources.text import parse_text

from .expected import FIRST_PARAGRAPH, TITLE, assert_clean_body


def test_the_example_text(fixtures: Path) -> None:
    path = fixtures / "threads-musk-meta.txt"
    loaded = load(str(path), default_lang="fr")
    assert loaded.collection is False
    (article,) = loaded.articles
    assert article.title == TITLE
    assert article.summary == FIRST_PARAGRAPH
    assert article.extra["kicker"] == "Thread Musk Meta"
    assert article.url == ""  # the text holds no link
    assert article.id == path.resolve().as_uri()
    assert article.lang == "fr"
    assert article.tags == ()
    assert article.published is None
    assert_clean_body(article.body)


def test_a_url_line_gives_the_canonical_link_and_the_id() -> None:
    text = "Title\nURL: https://b.example/t?utm_source=a&x=1\n\nFirst paragraph.\n"
    article = parse_text(text, path=None, where="t.txt", default_lang="en")
    assert article.url == article.id == "https://b.example/t?x=1"
    assert article.body == "First paragraph."
    assert "kicker" not in article.extra


def test_stdin_without_url_gets_an_id_from_the_body_not_the_title(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def read(text: str) -> str:
        monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(text.encode())))
        (article,) = load("-").articles
        assert article.source == "stdin"
        return article.id

    first = read("A title\n\nThe same text.\n")
    assert first.startswith("sha256:")
    assert read("Another title\n\nThe same text.\n") == first
    assert read("A title\n\nOther text.\n") != first


def test_an_empty_text_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_text("\n\n  \n")
    with pytest.raises(SourceError) as caught:
        load(str(path))
    assert str(caught.value) == f"{path}: empty: put the title on the first line, then the text"


def test_a_long_second_line_is_not_a_kicker() -> None:
    text = "Title\n\nThis is already the first paragraph of the article.\n\nSecond.\n"
    article = parse_text(text, path=None, where="t", default_lang="en")
    assert "kicker" not in article.extra
    assert article.summary == "This is already the first paragraph of the article."


_WORDS = st.lists(
    st.sampled_from(["Meta", "Twitter", "réseau", "l’idée", "été", "données", "Musk", "42"]),
    min_size=3,
    max_size=12,
)
_PARAGRAPHS = st.lists(_WORDS.map(lambda words: " ".join(words) + "."), min_size=1, max_size=5)
_TAILS = st.lists(
    st.sampled_from(
        [
            "Lire aussi :\nAutre article ?",
            "________\nPour retrouver toute l’actualité du web, rendez-vous sur notre site web.",
            "Laisser un commentaire",
            "Votre adresse e-mail ne sera pas publiée.",
            "Retour en haut\nCopy link",
        ]
    ),
    max_size=4,
)


@given(_PARAGRAPHS, _TAILS)
def test_the_body_is_exactly_the_paragraphs_whatever_the_site_adds(
    paragraphs: list[str], tail: list[str]
) -> None:
    text = "Un titre\n\n" + "\n\n".join(paragraphs + tail) + "\n"
    article = parse_text(text, path=None, where="t", default_lang="fr")
    assert article.body == "\n\n".join(paragraphs)
    assert article.summary == paragraphs[0]


def test_an_unusable_url_line_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Titre\nURL: https://example.org:99999/a\n\nTexte.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="has an invalid host or port"):
        load(str(path))
