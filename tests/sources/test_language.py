"""One rule for every source's language: declared, then the site's, then a sure guess.

The texts are the opening lines of public-domain works: Kafka, *Die Verwandlung* (1915,
Project Gutenberg #22367); Proust, *Du côté de chez Swann* (1913, Gutenberg #2650);
Lu Xun, 《狂人日记》 (1918, Chinese Wikisource); Natsume Sōseki, 『吾輩は猫である』
(1905, Aozora Bunko #789).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.sources import from_fields, load

GERMAN = (
    "Als Gregor Samsa eines Morgens aus unruhigen Träumen erwachte, fand er sich in seinem "
    "Bett zu einem ungeheueren Ungeziefer verwandelt. Er lag auf seinem panzerartig harten "
    "Rücken und sah, wenn er den Kopf ein wenig hob, seinen gewölbten, braunen, von "
    "bogenförmigen Versteifungen geteilten Bauch."
)
FRENCH = (
    "Longtemps, je me suis couché de bonne heure. Parfois, à peine ma bougie éteinte, mes "
    "yeux se fermaient si vite que je n'avais pas le temps de me dire : « Je m'endors. » "
    "Et, une demi-heure après, la pensée qu'il était temps de chercher le sommeil m'éveillait."
)
CHINESE = (
    "今天晚上，很好的月光。我不见他，已是三十多年；今天见了，精神分外爽快。"
    "才知道以前的三十多年，全是发昏；然而须十分小心。不然，那赵家的狗，何以看我两眼呢？我怕得有理。"
)
JAPANESE = (
    "吾輩は猫である。名前はまだ無い。どこで生れたかとんと見当がつかぬ。"
    "何でも薄暗いじめじめした所でニャーニャー泣いていた事だけは記憶している。"
    "吾輩はここで始めて人間というものを見た。"
)
TEXTS = {"de": GERMAN, "fr": FRENCH, "zh": CHINESE, "ja": JAPANESE}


def _markdown(tmp_path: Path, body: str, lang: str | None = None) -> Path:
    path = tmp_path / "post.md"
    front = f"lang: {lang}\n" if lang else ""
    path.write_text(
        f"---\ntitle: Titel\nurl: https://example.org/a\n{front}---\n\n{body}\n", encoding="utf-8"
    )
    return path


@pytest.mark.parametrize("code", TEXTS)
def test_markdown_without_lang_gets_its_texts_language(tmp_path: Path, code: str) -> None:
    (article,) = load(str(_markdown(tmp_path, TEXTS[code])), default_lang="en").articles

    assert article.lang == code
    assert article.extra["lang_from"] == "guessed from text"


def test_front_matter_lang_wins_over_the_text(tmp_path: Path) -> None:
    (article,) = load(str(_markdown(tmp_path, GERMAN, lang="fr-CA")), default_lang="en").articles

    assert (article.lang, article.extra["lang_tag"]) == ("fr", "fr-CA")
    assert article.extra["lang_from"] == "front matter"


def test_a_short_or_unsure_text_gets_the_default(tmp_path: Path) -> None:
    (article,) = load(str(_markdown(tmp_path, "OK.")), default_lang="pt").articles

    assert (article.lang, article.extra["lang_from"]) == ("pt", "default_lang")


def test_feed_language_then_guess_per_entry(tmp_path: Path) -> None:
    items = "".join(
        f"<item><title>{code}</title><link>https://example.org/{code}</link>"
        f"<description>{text}</description></item>"
        for code, text in TEXTS.items()
    )
    declared = tmp_path / "declared.xml"
    declared.write_text(
        f"<rss version='2.0'><channel><title>T</title><language>de-AT</language>{items}"
        "</channel></rss>",
        encoding="utf-8",
    )
    guessed = tmp_path / "guessed.xml"
    guessed.write_text(
        f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>", encoding="utf-8"
    )

    assert {(a.lang, a.extra["lang_from"]) for a in load(str(declared)).articles} == {
        ("de", "feed language")
    }
    assert {a.title: a.lang for a in load(str(guessed)).articles} == {c: c for c in TEXTS}


def test_atom_xml_lang_of_the_entry(tmp_path: Path) -> None:
    feed = tmp_path / "feed.atom"
    feed.write_text(
        "<feed xmlns='http://www.w3.org/2005/Atom' xml:lang='en'><title>T</title>"
        "<id>urn:x</id><updated>2024-01-01T00:00:00Z</updated>"
        "<entry xml:lang='ja'><title>猫</title><id>urn:1</id>"
        "<link href='https://example.org/neko'/><updated>2024-01-01T00:00:00Z</updated>"
        f"<summary>{JAPANESE}</summary></entry></feed>",
        encoding="utf-8",
    )

    (article,) = load(str(feed)).articles

    assert (article.lang, article.extra["lang_from"]) == ("ja", "entry xml:lang")


def test_json_feed_item_language_then_guess(tmp_path: Path) -> None:
    feed = tmp_path / "feed.json"
    document = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": "T",
        "items": [
            {"id": "1", "url": "https://example.org/1", "title": "Eins", "language": "de",
             "content_text": FRENCH},
            {"id": "2", "url": "https://example.org/2", "title": "Deux", "content_text": FRENCH},
        ],
    }  # fmt: skip
    feed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")

    first, second = sorted(load(str(feed)).articles, key=lambda a: a.id)

    assert (first.lang, first.extra["lang_from"]) == ("de", "item language")
    assert (second.lang, second.extra["lang_from"]) == ("fr", "guessed from text")


def test_page_html_lang_then_guess(tmp_path: Path) -> None:
    tagged = tmp_path / "tagged.html"
    tagged.write_text(
        "<html lang='zh-Hans'><head><title>狂人日记</title>"
        "<link rel='canonical' href='https://example.org/kuangren'></head>"
        f"<body><article><h1>狂人日记</h1><p>{CHINESE}</p></article></body></html>",
        encoding="utf-8",
    )
    bare = tmp_path / "bare.html"
    bare.write_text(
        "<html><head><title>Die Verwandlung</title>"
        "<link rel='canonical' href='https://example.org/verwandlung'></head>"
        f"<body><article><h1>Die Verwandlung</h1><p>{GERMAN}</p></article></body></html>",
        encoding="utf-8",
    )

    (chinese,) = load(str(tagged)).articles
    (german,) = load(str(bare)).articles

    assert (chinese.lang, chinese.extra["lang_tag"], chinese.extra["lang_from"]) == (
        "zh",
        "zh-Hans",
        "<html lang>",
    )
    assert (german.lang, german.extra["lang_from"]) == ("de", "guessed from text")


def test_plain_text_and_fields(tmp_path: Path) -> None:
    text = tmp_path / "neko.txt"
    text.write_text(f"吾輩は猫である\n\n{JAPANESE}\n", encoding="utf-8")

    (article,) = load(str(text)).articles
    typed = from_fields(title="Longtemps", url="https://example.org/p", summary=FRENCH)
    given = from_fields(title="Longtemps", url="https://example.org/p", lang="it", summary=FRENCH)

    assert (article.lang, article.extra["lang_from"]) == ("ja", "guessed from text")
    assert (typed.lang, typed.extra["lang_from"]) == ("fr", "guessed from text")
    assert (given.lang, given.extra["lang_from"]) == ("it", "--lang")


def test_preview_says_where_the_language_came_from(tmp_path: Path) -> None:
    path = _markdown(tmp_path, GERMAN)
    runner = CliRunner()

    shown = runner.invoke(cli, ["preview", "-n", "mastodon", str(path)])
    document = json.loads(
        runner.invoke(cli, ["preview", "-n", "mastodon", "--format", "json", str(path)]).output
    )

    assert shown.exit_code == 0, shown.output
    assert "lang de (guessed from text)" in shown.output
    (post,) = document["posts"]
    assert (post["lang"], post["lang_from"]) == ("de", "guessed from text")
