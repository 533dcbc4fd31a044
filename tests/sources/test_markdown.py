"""Markdown with front matter: one file, a folder of them, settings and errors."""

from __future__ import annotations

import shutil
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from syndicator.errors import SourceError
from syndicator.models import Image
from syndicator.sources import load

from .expected import IMAGE_ALT, PUBLISHED, TITLE, URL, assert_clean_body


def test_the_example_article(fixtures: Path) -> None:
    loaded = load(str(fixtures / "threads-musk-meta.md"), default_lang="en")
    assert loaded.collection is False
    assert loaded.errors == ()
    (article,) = loaded.articles
    assert article.id == URL
    assert article.url == URL
    assert article.title == TITLE
    assert article.summary == (
        "Elon Musk accuse Meta d’avoir recruté d’anciens employés de Twitter pour créer "
        "Threads et menace d’une action en justice."
    )
    assert article.tags == ("Threads", "Meta", "Twitter", "Elon Musk", "réseaux sociaux")
    assert article.lang == "fr"
    assert article.published == PUBLISHED
    assert article.published is not None
    assert article.published.utcoffset() == timedelta(hours=2)  # as written, and aware
    assert article.images == (
        Image(str(fixtures / "threads-musk-meta.jpg"), IMAGE_ALT, roots=(str(fixtures),)),
    )
    assert Path(article.images[0].source).is_file()
    assert article.author is None
    assert dict(article.settings) == {}
    assert article.extra["syndication"] == ()
    assert_clean_body(article.body)


def test_the_image_path_still_works_from_another_folder(fixtures: Path, tmp_path: Path) -> None:
    copy = tmp_path / "site" / "post"
    copy.mkdir(parents=True)
    shutil.copy(fixtures / "threads-musk-meta.md", copy / "index.md")
    shutil.copy(fixtures / "threads-musk-meta.jpg", copy / "threads-musk-meta.jpg")
    (article,) = load("site/post/index.md").articles  # relative to the test's cwd
    assert article.images[0].source == str(copy / "threads-musk-meta.jpg")
    assert Path(article.images[0].source).is_absolute()


def _write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_settings_syndication_and_unknown_keys(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "post.md",
        "---\ntitle: Hello *world*\nurl: https://blog.example.org/hello/?utm_source=x&ref=home\n"
        "date: 2024-03-01\nlang: pt_BR\nauthor: {name: Ana}\ntags: a, b\n"
        "syndicator:\n  networks: [mastodon]\n  template: short\n"
        "syndication:\n  - https://mastodon.example/@ana/1\nseries: Greetings\n"
        "categories: [news]\n---\n\nFirst paragraph with a [link](https://x.example) and `code`.\n",
    )
    (article,) = load(str(path)).articles
    assert article.title == "Hello *world*"  # titles are not Markdown
    assert article.url == "https://blog.example.org/hello/?ref=home"
    assert article.published == datetime(2024, 3, 1, tzinfo=UTC)  # a bare date: midnight UTC
    assert article.lang == "pt"
    assert article.extra["lang_tag"] == "pt-BR"
    assert article.author == "Ana"
    assert article.tags == ("a", "b")
    assert article.settings["networks"] == ("mastodon",)
    assert article.settings["template"] == "short"
    assert article.extra["syndication"] == ("https://mastodon.example/@ana/1",)
    assert article.extra["series"] == "Greetings"
    assert article.extra["categories"] == ("news",)
    assert article.summary == "First paragraph with a link and code."
    with pytest.raises(TypeError):
        article.settings["template"] = "other"  # type: ignore[index]


def test_naive_datetimes_are_utc_and_the_default_lang_applies(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "p.md",
        "---\ntitle: T\nurl: https://b.example/t\ndate: 2024-03-01 10:00\n---\nx\n",
    )
    (article,) = load(str(path), default_lang="de").articles
    assert article.published == datetime(2024, 3, 1, 10, 0, tzinfo=UTC)
    assert article.lang == "de"


def test_toml_front_matter_and_the_more_marker(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "hugo.md",
        '+++\ntitle = "Hugo"\nurl = "https://b.example/hugo/"\n'
        "date = 2024-05-06T07:08:09+02:00\n"
        'tags = ["go"]\n[cover]\nimage = "cover.png"\nalt = "A cover"\n+++\n\n'
        "Intro **bold**.\n\n<!--more-->\n\nRest.\n",
    )
    (article,) = load(str(path)).articles
    assert article.title == "Hugo"
    assert article.summary == "Intro bold."
    assert article.body == "Intro bold.\n\nRest."
    assert article.published == datetime(2024, 5, 6, 5, 8, 9, tzinfo=UTC)
    assert article.images == (Image(str(tmp_path / "cover.png"), "A cover", (str(tmp_path),)),)


@pytest.mark.parametrize(
    ("text", "where", "what"),
    [
        ("no front matter\n", "", "no front matter: start the file with --- and a title: line"),
        ("---\nurl: https://b.example/\n---\n", "", "front matter has no title: add a title: line"),
        ("---\ntitle: T\n---\n", "", "front matter has no url: set url: to the article's full"),
        ("---\ntitle: T\nurl: /t/\n---\n", "", "url '/t/' is not absolute: set url: to the"),
        (
            "---\ntitle: T\nurl: https://b.example/a b\n---\n",
            "",
            "url 'https://b.example/a b' holds a space (encode it as %20): set url:",
        ),
        ("---\ntitle: T\nurl: [\n---\n", ", line 4", "front matter is not valid YAML"),
        ("---\ntitle: T\n", "", "front matter opened with --- is never closed"),
        (
            "---\ntitle: T\nurl: https://b.example/\nsyndicator: yes\n---\n",
            "",
            "front matter syndicator: must",
        ),
    ],
)
def test_unusable_files_are_one_clear_error(
    tmp_path: Path, text: str, where: str, what: str
) -> None:
    path = _write(tmp_path / "bad.md", text)
    with pytest.raises(SourceError) as caught:
        load(str(path))
    assert str(caught.value).startswith(f"{path}{where}: {what}")


def test_a_folder_is_read_recursively_in_date_order(tmp_path: Path) -> None:
    site = tmp_path / "content"
    front = "---\ntitle: {t}\nurl: https://b.example/{t}/\ndate: {d}\n{x}---\nText {t}.\n"
    _write(site / "posts" / "b.md", front.format(t="b", d="2024-02-01", x=""))
    _write(site / "posts" / "a" / "index.markdown", front.format(t="a", d="2024-01-01", x=""))
    _write(site / "c.md", front.format(t="c", d="2024-03-01", x="draft: true\n"))
    _write(site / "d.md", front.format(t="d", d="2024-03-01", x="published: false\n"))
    _write(site / "_index.md", "---\ntitle: Section\n---\n")
    _write(site / ".hidden" / "e.md", front.format(t="e", d="2024-01-01", x=""))
    _write(site / "README.md", "# Just notes\n")
    _write(site / "undated.md", "---\ntitle: u\nurl: https://b.example/u/\n---\nText.\n")
    _write(site / "broken.md", "---\ntitle: broken\n---\nNo url.\n")
    _write(site / "notes.txt", "not markdown")
    loaded = load(str(site))
    assert loaded.collection is True
    assert [a.title for a in loaded.articles] == ["a", "b", "u"]
    assert [str(e) for e in loaded.errors] == [
        f"{site / 'broken.md'}: front matter has no url: set url: to the article's full "
        "canonical address, or base_url in syndicator.yaml's site: block"
    ]
    assert dict(loaded.skipped) == {"draft": 2, "list page": 1, "no title": 1, "not Markdown": 1}


def test_an_empty_folder_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    with pytest.raises(SourceError, match="no Markdown files"):
        load(str(tmp_path / "empty"))


def test_boilerplate_paragraphs_are_not_the_summary(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "p.md",
        "---\ntitle: T\nurl: https://b.example/t\ndate: " + date(2024, 1, 1).isoformat() + "\n---\n"
        "> Lire aussi : [autre](https://b.example/o)\n\n## Un titre\n\nLe vrai début.\n",
    )
    (article,) = load(str(path)).articles
    assert article.summary == "Le vrai début."
    assert article.body == "Un titre\n\nLe vrai début."
    assert article.published is not None
    assert article.published.tzinfo is not None


def test_jekyll_dates_and_flags(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "_posts" / "2024-01-01-hi.md",
        "---\ntitle: Hi\npermalink: https://b.example/hi/\npublished: true\n"
        "date: 2024-01-01 09:30:00 +0200\n---\nText.\n",
    )
    (article,) = load(str(path)).articles
    assert article.published == datetime(2024, 1, 1, 7, 30, tzinfo=UTC)
    assert article.url == "https://b.example/hi/"


def test_a_date_that_is_not_a_date_is_a_warning_not_a_refusal(tmp_path: Path) -> None:
    path = _write(tmp_path / "p.md", "---\ntitle: T\nurl: https://b.example/\ndate: someday\n---\n")
    (article,) = load(str(path)).articles
    assert article.published is None
    assert article.extra["warnings"] == (
        "date: 'someday' is not a date (write 2024-05-01 or 2024-05-01T10:00:00+02:00): "
        "the article is treated as undated",
    )


def test_jekyll_canonical_mapping_gives_its_url(tmp_path: Path) -> None:
    # Issue 12: a Jekyll site's `canonical: {url: ...}` used to come out as a printed dict.
    path = _write(
        tmp_path / "post.md",
        "---\ntitle: T\ncanonical:\n  url: https://blog.example.org/2024/t/\n---\nBody.\n",
    )
    (article,) = load(str(path)).articles
    assert article.url == "https://blog.example.org/2024/t/"


def test_the_summary_is_the_first_prose_paragraph_not_a_heading() -> None:
    # ansi-regex's README (tests/corpus): its "ansiRegex(options?)" API heading ends with
    # a bracket, like a sentence, and came first
    corpus = Path(__file__).parents[1] / "corpus" / "markdown"
    article = load(str(corpus / "npm-ansi-regex.md")).articles[0]
    assert article.summary == "Returns a regex for matching ANSI escape codes."
