"""Threads: numbered parts within the limit, the link in the first."""

from __future__ import annotations

import re

import pytest

from syndicator.compose import compose
from syndicator.compose.environment import Templates
from syndicator.compose.measure import fits
from syndicator.compose.thread import pack, sentences
from syndicator.config import parse_config
from syndicator.errors import ConfigError
from syndicator.models import Article
from syndicator.networks.registry import spec


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_article_thread(article: Article, templates: Templates, network: str) -> None:
    limits = spec(network).default_limits()
    post = compose(
        article,
        network=spec(network),
        templates=templates,
        template=f"{network}.txt.j2",
        limits=limits,
        thread=True,
    )
    total = len(post.parts)
    assert total > 2
    for index, part in enumerate(post.parts, start=1):
        assert part.text.endswith(f"{index}/{total}")
        assert part.length == spec(network).measure(part.text, limits, {})
        assert fits(spec(network), part.text, limits)
    assert (article.url in post.text) or network == "bluesky"
    assert total <= 10
    last = post.parts[-1]
    capped = (total == 10 and any(f.value == article.url for f in last.facets)) or (
        article.url in last.text
    )
    body_parts = post.thread[:-1] if capped else post.thread
    assert all(article.url not in p.text for p in body_parts)
    body_words = " ".join(article.body.split())
    for part in body_parts:
        text = re.sub(r"\s*\d+/\d+$", "", part.text).replace("…", "")
        assert " ".join(text.split())[:40] in body_words


def test_no_body_no_thread(templates: Templates) -> None:
    article = Article(id="1", url="https://e.org/", title="Titre")
    post = compose(
        article,
        network=spec("x"),
        templates=templates,
        template="x.txt.j2",
        limits=spec("x").default_limits(),
        thread=True,
    )
    assert len(post.parts) == 1
    assert not post.text.endswith("1/1")


def test_sentences_and_paragraphs() -> None:
    assert sentences("Un. Deux ! Trois ?\n\nQuatre… Cinq。六") == [
        ("Un.", True),
        ("Deux !", False),
        ("Trois ?", False),
        ("Quatre…", True),
        ("Cinq。", False),
        ("六", False),
    ]


def test_long_sentence_split_at_words() -> None:
    limits = spec("x").default_limits()
    sentence = "mot " * 300

    def ok(text: str) -> bool:
        return fits(spec("x"), text, limits)

    parts = pack(sentence, ok, 1)
    assert len(parts) > 3
    assert all(p.endswith("…") for p in parts[:-1])
    assert all(ok(p + "\n\n9/9") for p in parts)
    assert "".join(p.replace("…", " ") for p in parts).split() == sentence.split()


def _compose(article: Article, network: str, **kwargs: object) -> list[str]:
    from syndicator.compose import build_templates

    post = compose(
        article,
        network=spec(network),
        templates=build_templates(),
        template=f"{network}.txt.j2",
        limits=spec(network).default_limits(),
        thread=True,
        **kwargs,  # type: ignore[arg-type]
    )
    for part in post.parts:
        assert fits(spec(network), part.text, spec(network).default_limits())
    return [re.sub(r"\s*\d+/\d+$", "", part.text) for part in post.parts]


def test_parts_break_at_paragraphs_first() -> None:
    first = "Le premier paragraphe tient dans une partie. " * 6
    second = "Le second aussi, mais pas avec le premier. " * 6
    article = Article(id="1", url="https://e.org/a", title="T", body=f"{first}\n\n{second}")
    parts = _compose(article, "mastodon")
    assert parts[1:] == [first.strip(), second.strip()]


def test_a_heading_starts_a_part_and_never_ends_one() -> None:
    prose = "Une phrase de prose assez longue pour remplir une partie. " * 3
    body = f"{prose}\n\nUn intertitre\n\n{prose}\n\nDernier intertitre"
    article = Article(id="1", url="https://e.org/a", title="T", body=body, headings=(1, 3))
    for network in ("x", "mastodon", "bluesky"):
        parts = _compose(article, network)
        assert not any(part.endswith("intertitre") for part in parts)
        assert any(part.startswith("Un intertitre\n\nUne phrase") for part in parts)
        assert "Dernier intertitre" not in "".join(parts)


def test_headings_in_a_row_stay_together_with_the_text_after_them() -> None:
    # helloworldeverything.com, "Gulp starter pack": the "Problem Gulp is tacking"
    # section is code only, left out, so the next headings follow it directly.
    body = (
        "Gulp is a toolkit to automate painful or time-consuming tasks.\n\n"
        "Problem Gulp is tacking\n\nImportant concept\n\nWord to understand\n\n"
        "cli: command line interface"
    )
    article = Article(id="1", url="https://e.org/a", title="T", body=body, headings=(1, 2, 3))
    for network in ("x", "mastodon", "bluesky"):
        parts = _compose(article, network)
        assert not any(part.endswith(("tacking", "concept", "understand")) for part in parts)
        assert any(
            part.startswith(
                "Problem Gulp is tacking\n\nImportant concept\n\nWord to understand\n\ncli:"
            )
            for part in parts
        )


@pytest.mark.parametrize(
    ("lang", "more"),
    [
        ("en", "The rest of the article: "),
        ("fr", "La suite de l’article : "),
        ("de-AT", "Der ganze Artikel: "),
        ("es", "El resto del artículo: "),
        (None, "The rest of the article: "),
    ],
)
def test_a_capped_thread_ends_with_the_link(lang: str | None, more: str) -> None:
    url = "https://e.org/" + "very-long-path/" * 8
    body = "\n\n".join(f"Paragraphe numéro {i}, " + "assez long " * 20 for i in range(40))
    article = Article(id="1", url=url, title="T", body=body, lang=lang)
    for network in ("x", "mastodon", "bluesky"):
        parts = _compose(article, network, max_parts=4)
        assert len(parts) == 4
        assert parts[-1].startswith(more)
        if network != "bluesky":
            assert url in parts[-1]


def test_the_last_part_of_a_capped_bluesky_thread_links_the_article() -> None:
    from syndicator.compose import build_templates

    body = "\n\n".join("Un paragraphe assez long pour une partie. " * 6 for _ in range(20))
    article = Article(id="1", url="https://e.org/a/b/c/d/e/f/g/h", title="T", body=body)
    post = compose(
        article,
        network=spec("bluesky"),
        templates=build_templates(),
        template="bluesky.txt.j2",
        limits=spec("bluesky").default_limits(),
        thread=True,
        max_parts=3,
    )
    assert len(post.parts) == 3
    assert [f.value for f in post.parts[-1].facets if f.kind == "link"] == [article.url]


@pytest.mark.parametrize("value", [0, 1, -3])
def test_thread_max_parts_is_at_least_two(value: int) -> None:
    from pathlib import Path

    with pytest.raises(ConfigError, match=r"thread_max_parts: .* too few"):
        parse_config({"networks": {"x": {"thread_max_parts": value}}}, base=Path("."))
    config = parse_config({"networks": {"x": {"thread_max_parts": 3}}}, base=Path("."))
    assert config.networks["x"].thread_max_parts == 3
    assert config.networks["mastodon"].thread_max_parts == 10


# rust-lang/blog.rust-lang.org, content/cargo-cves.md: the summary is the first paragraph.
CARGO = Article(
    id="https://blog.rust-lang.org/2022/09/14/cargo-cves/",
    url="https://blog.rust-lang.org/2022/09/14/cargo-cves/",
    title="Security advisories for Cargo (CVE-2022-36113, CVE-2022-36114)",
    summary="This is a cross-post of the official security advisory. The official advisory "
    "contains a signed version with our PGP key, as well.",
    body="This is a cross-post of the official security advisory. The official advisory "
    "contains a signed version with our PGP key, as well.\n\n"
    "The Rust Security Response WG was notified that Cargo did not prevent extracting some "
    "malformed packages downloaded from alternate registries.\n\n"
    "Arbitrary file corruption (CVE-2022-36113)\n\n"
    "After a package is downloaded, Cargo extracts its source code in the ~/.cargo folder "
    "on disk, making it available to the Rust projects it builds.",
    headings=(2,),
)


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_a_thread_does_not_repeat_what_the_first_post_shows(
    templates: Templates, network: str
) -> None:
    post = compose(
        CARGO,
        network=spec(network),
        templates=templates,
        template=f"{network}.txt.j2",
        limits=spec(network).default_limits(),
        thread=True,
    )
    texts = [part.text for part in post.parts]
    assert "This is a cross-post of the official security advisory." in texts[0]
    assert not any("This is a cross-post" in text for text in texts[1:])
    assert texts[1].startswith("The Rust Security Response WG was notified")
    assert any(text.startswith("Arbitrary file corruption (CVE-2022-36113)") for text in texts)


def test_only_the_sentences_shown_are_left_out_and_quotes_may_differ(
    templates: Templates,
) -> None:
    # TechCrunch's feed: the description says "it's", the content "it’s"; the first post
    # shows two sentences whole, the third cut: the thread goes on from the third.
    article = Article(
        id="1",
        url="https://techcrunch.com/2011/11/02/gta-v-trailer/",
        title="Here’s The First GTA:V Trailer And It’s Spectacular",
        summary="Rockstar Games just released the first trailer for the upcoming GTA V game and "
        "it's good to be home. Grand Theft Auto V is living large back in the beautiful state "
        "of San Andreas.",
        body="Rockstar Games just released the first trailer for the upcoming GTA V game and "
        "it’s good to be home. Grand Theft Auto V is living large back in the beautiful state "
        "of San Andreas. The big city of Los Santos, the lovely ladies, and the fast cars — "
        "it’s all there.\n\nThe game still doesn’t have a release date but don’t expect it "
        "this year.",
    )
    post = compose(
        article,
        network=spec("mastodon"),
        templates=templates,
        template="mastodon.txt.j2",
        limits=spec("mastodon").default_limits(),
        thread=True,
    )
    rest = "\n".join(part.text for part in post.parts[1:])
    assert "Rockstar Games just released" not in rest
    assert rest.startswith("The big city of Los Santos")


# Each sentence holds abbreviations or initials; only its last stop ends it.
@pytest.mark.parametrize(
    ("lang", "sentence"),
    [
        (
            "en",
            "Tools such as e.g. ripgrep, i.e. a faster grep, help J. R. R. Smith at 9 a.m. daily.",
        ),
        ("fr", "Selon M. Dupont, les navigateurs récents, p. ex. Firefox, gèrent le format."),
        ("de", "Am 8. März trinken Philipp H. und Lutz S. Cider, z. B. aus Äpfeln bzw. Birnen."),
        ("es", "El Sr. García usa lenguajes como p. ej. Rust y Go en sus proyectos, etc. y más."),
    ],
)
def test_a_thread_part_never_ends_at_an_abbreviation(lang: str, sentence: str) -> None:
    article = Article(
        id="1", url="https://e.org/a", title="T", body=" ".join([sentence] * 12), lang=lang
    )
    parts = _compose(article, "mastodon")
    assert len(parts) > 2
    assert all(part.endswith(sentence) for part in parts[1:])


def test_sentences_do_not_end_at_abbreviations() -> None:
    assert sentences("Voir p. ex. M. Dupont. Puis la suite.", "fr") == [
        ("Voir p. ex. M. Dupont.", True),
        ("Puis la suite.", False),
    ]
    # In English "ex." is a word: the sentence ends there.
    assert sentences("I met my ex. Then we talked.", "en") == [
        ("I met my ex.", True),
        ("Then we talked.", False),
    ]
