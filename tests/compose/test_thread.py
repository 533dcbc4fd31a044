"""Threads: numbered parts within the limit, the link in the first."""

from __future__ import annotations

import re

import pytest

from syndicator.compose import compose, default_limits, measure
from syndicator.compose.environment import Templates
from syndicator.compose.measure import fits
from syndicator.compose.thread import pack, sentences
from syndicator.models import Article


@pytest.mark.parametrize("network", ["x", "mastodon", "bluesky"])
def test_article_thread(article: Article, templates: Templates, network: str) -> None:
    limits = default_limits(network)
    post = compose(
        article,
        network=network,
        templates=templates,
        template=f"{network}.txt.j2",
        limits=limits,
        thread=True,
    )
    total = len(post.parts)
    assert total > 2
    for index, part in enumerate(post.parts, start=1):
        assert part.text.endswith(f"{index}/{total}")
        assert part.length == measure(network, part.text, limits)
        assert fits(network, part.text, limits)
    assert (article.url in post.text) or network == "bluesky"
    assert all(article.url not in p.text for p in post.thread)
    body_words = " ".join(article.body.split())
    for part in post.thread:
        text = re.sub(r"\s*\d+/\d+$", "", part.text).replace("…", "")
        assert " ".join(text.split())[:40] in body_words


def test_no_body_no_thread(templates: Templates) -> None:
    article = Article(id="1", url="https://e.org/", title="Titre")
    post = compose(
        article,
        network="x",
        templates=templates,
        template="x.txt.j2",
        limits=default_limits("x"),
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
    limits = default_limits("x")
    sentence = "mot " * 300

    def ok(text: str) -> bool:
        return fits("x", text, limits)

    parts = pack(sentence, ok, 1)
    assert len(parts) > 3
    assert all(p.endswith("…") for p in parts[:-1])
    assert all(ok(p + "\n\n9/9") for p in parts)
    assert "".join(p.replace("…", " ") for p in parts).split() == sentence.split()
