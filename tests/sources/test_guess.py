"""A source that gives no language gets a guessed one, never a confident wrong default."""

from __future__ import annotations

from pathlib import Path

from syndicator.sources import from_fields, load
from syndicator.sources._guess import guess_language


def test_french_text_article_is_tagged_french(fixtures: Path) -> None:
    (article,) = load(str(fixtures / "threads-musk-meta.txt"), default_lang="en").articles
    assert article.lang == "fr"


def test_languages_are_told_apart() -> None:
    assert (
        guess_language("Elon Musk accuse Meta d’avoir recruté d’anciens employés de Twitter.")
        == "fr"
    )
    assert guess_language("The company said on Tuesday that it would appeal the ruling.") == "en"
    assert (
        guess_language("Die Regierung hat am Dienstag neue Regeln für Plattformen beschlossen.")
        == "de"
    )


def test_too_little_text_falls_back_to_the_default() -> None:
    assert guess_language("Musk vs Meta") is None
    article = from_fields(title="Musk vs Meta", url="https://blog.test/a", default_lang="es")
    assert article.lang == "es"


def test_a_given_language_is_never_second_guessed() -> None:
    article = from_fields(
        title="The company said on Tuesday that it would appeal the ruling.",
        url="https://blog.test/a",
        lang="fr",
    )
    assert article.lang == "fr"
