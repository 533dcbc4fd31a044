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


CORPUS = Path(__file__).parents[1] / "corpus"


def test_the_model_read_in_place_scores_as_py3langids_own_loader() -> None:
    """Every language's score, on every text of the corpus, is py3langid's, bit for bit."""
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    from syndicator.sources._guess import _SAMPLE, _identifier

    reference = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    samples = [
        f"{article.title}\n{article.summary}\n{article.body}"[:_SAMPLE]
        for folder in ("feeds", "markdown", "pages")
        for path in sorted((CORPUS / folder).iterdir())
        for article in load(str(path)).articles
    ]
    assert len(samples) > 200
    assert {reference.classify(sample)[0] for sample in samples} >= {"en", "fr", "de", "es", "ja"}
    for sample in samples:
        assert _identifier().rank(sample) == reference.rank(sample), sample[:80]
