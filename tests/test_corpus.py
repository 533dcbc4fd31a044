"""The real-text corpus: posts a human editor would accept, on every network.

Every snippet under tests/corpus (README.md there says where each came from) goes
through the real source loader and is composed for X, Mastodon and Bluesky, as one
post and as a thread. Each post must hold no Markdown residue, no boilerplate phrase,
the title once, every emoji sequence whole, and its link extracted whole by
twitter-text's own extractor.
"""

from __future__ import annotations

import html
from functools import cache
from pathlib import Path

import regex

from syndicator.compose import build_templates, compose
from syndicator.models import Article, Post
from syndicator.networks.registry import spec
from syndicator.sources import load

CORPUS = Path(__file__).parent / "corpus"
NETWORKS = ("x", "mastodon", "bluesky")

# What Markdown leaves behind when it is not parsed: links, images, emphasis, code
# fences, footnotes, escapes, headings, shortcodes, Liquid tags and HTML tags.
_RESIDUE = regex.compile(
    r"\]\(|\]\[|!\[|\[\^|\*\*|(?<!\w)__\w|(?m:^```|^~~~)|\{\{|\}\}|\{%|%\}|\{:"
    r"|\\[*_\[\]#`\\]|(?m:^#{1,6}\s)|</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>"
)
_BOILERPLATE = regex.compile(
    r"appeared first on|est apparu en premier|erschien zuerst auf|se publicó primero"
    r"|(?:continue reading|read more|lire la suite|weiterlesen|seguir leyendo)"
    r"\s*(?:[»→…:]|\.\.\.|$)"
    r"|\[…\]|\[\.\.\.\]"
    r"|all rights reserved|was originally published in|subscribe for free",
    regex.IGNORECASE,
)
_EMOJI_CLUSTER = regex.compile(r"\X")
_CODE_TAG = regex.compile(r"<code>(.*?)</code>", regex.DOTALL)
_CODE_SPAN = regex.compile(r"(`+)([^`]+?)\1")
_URL = regex.compile(r"\S+\.\S+/\S*")


@cache
def articles() -> tuple[Article, ...]:
    """Load every snippet of the corpus through the sources users run."""
    found: list[Article] = []
    for folder in ("markdown", "feeds", "pages"):
        for path in sorted((CORPUS / folder).iterdir()):
            if path.name.startswith("."):
                continue
            loaded = load(str(path))
            assert not loaded.errors, loaded.errors
            found.extend(loaded.articles)
    return tuple(found)


@cache
def posts() -> tuple[tuple[Article, Post], ...]:
    """Compose every article for every network, as a single post and as a thread."""
    templates = build_templates()
    composed = []
    for article in articles():
        for network in NETWORKS:
            for thread in (False, True):
                post = compose(
                    article,
                    network=spec(network),
                    templates=templates,
                    template=f"{network}.txt.j2",
                    limits=spec(network).default_limits(),
                    thread=thread,
                )
                composed.append((article, post))
    return tuple(composed)


def test_the_corpus_holds_at_least_200_real_snippets() -> None:
    assert len(articles()) >= 200
    assert {a.source.split("/corpus/")[1].split("/")[0] for a in articles()} == {
        "markdown",
        "feeds",
        "pages",
    }


def test_no_markdown_residue() -> None:
    found = []
    for article, post in posts():
        spans = _code_spans(article.source)
        for part in post.parts:
            # inline code keeps its text, markup-like or not: it is not residue
            text = spans.sub("", part.text) if spans.pattern else part.text
            match = _RESIDUE.search(text)
            if match:
                found.append((article.source, match.group(0), part.text))
    assert not found, found[:5]


@cache
def _code_spans(source: str) -> regex.Pattern[str]:
    """Return a pattern of the inline code of a Markdown snippet, as plain text shows it."""
    if not source.endswith(".md"):
        return regex.compile("")
    text = _without_fences(Path(source).read_text(encoding="utf-8"))
    spans = {" ".join(m.group(2).split()) for m in _CODE_SPAN.finditer(text)}
    spans |= {" ".join(html.unescape(m.group(1)).split()) for m in _CODE_TAG.finditer(text)}
    ordered = sorted((span for span in spans if span), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(span) for span in ordered))


def test_no_boilerplate_phrase() -> None:
    found = [
        (a.source, match.group(0))
        for a, post in posts()
        for part in post.parts
        for match in [_BOILERPLATE.search(part.text)]
        if match and not _BOILERPLATE.search(a.title)
    ]
    assert not found, found[:5]


def test_the_title_is_not_repeated() -> None:
    found = []
    for article, post in posts():
        title = " ".join(article.title.split())
        text = _URL.sub("", post.parts[0].text)
        if len(title) >= 12 and text.count(title) > 1:
            found.append((article.source, post.network, post.parts[0].text))
    assert not found, found[:5]


def test_every_emoji_sequence_is_whole() -> None:
    found = []
    for article, post in posts():
        source = f"{article.title}\n{article.summary}\n{article.body}"
        whole = {c for c in _EMOJI_CLUSTER.findall(source) if _is_emoji(c)}
        for part in post.parts:
            for cluster in _EMOJI_CLUSTER.findall(part.text):
                if _is_emoji(cluster) and cluster not in whole:
                    found.append((article.source, post.network, cluster))
    assert not found, found[:5]


def test_every_link_is_extracted_whole_by_twitter_text() -> None:
    from twitter_text import extract_urls  # the official extractor's Python port

    found: list[tuple[object, ...]] = []
    for article, post in posts():
        if post.network == "bluesky":
            links = [f.value for part in post.parts for f in part.facets if f.kind == "link"]
            if not links or any(" " in link for link in links):
                found.append((article.source, post.network, links))
            continue
        first = post.parts[0].text
        extracted = extract_urls(first)
        if not any(post.url == url or post.url.rstrip("/") == url.rstrip("/") for url in extracted):
            found.append((article.source, post.network, post.url, extracted))
    assert not found, found[:5]


def _without_fences(text: str) -> str:
    """Return a Markdown text without its fenced code blocks."""
    kept, fenced = [], False
    for line in text.split("\n"):
        if line.lstrip().startswith(("```", "~~~")):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return "\n".join(kept)


def _is_emoji(cluster: str) -> bool:
    return bool(regex.search(r"\p{Extended_Pictographic}", cluster)) and cluster not in "©®™"
