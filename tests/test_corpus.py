"""The real-text corpus: posts a human editor would accept, on every network.

Every snippet under tests/corpus (its README says where each came from) goes through
the real source loader and is composed for X, Mastodon and Bluesky, as one post and
as a thread. Each post must hold no Markdown residue, no boilerplate phrase, the title
once, every emoji sequence and every joined word of the source whole, and its links
extracted whole by the official twitter-text (X and Mastodon) or carried whole by a
link facet (Bluesky).
"""

from __future__ import annotations

import html
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path

import regex

from syndicator import urls
from syndicator.compose import build_templates, compose
from syndicator.compose.hashtags import hashtags
from syndicator.compose.thread import sentences
from syndicator.models import Article, Post
from syndicator.networks.registry import spec
from syndicator.sources import load

CORPUS = Path(__file__).parent / "corpus"
NETWORKS = ("x", "mastodon", "bluesky")
KINDS = ("markdown", "feeds", "pages")

# What Markdown leaves behind when it is not parsed: links, images, emphasis, code
# fences, footnotes, escapes, headings, shortcodes, Liquid tags and HTML tags.
_RESIDUE = regex.compile(
    r"\]\(|\]\[|!\[|\[\^|\*\*|(?<!\w)__[^\W_]|(?m:^```|^~~~)|\{\{|\}\}|\{%|%\}|\{:"
    r"|\\[*_\[\]#`\\]|(?m:^#{1,6}\s)|</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>"
    r"|&(?:[a-zA-Z]{2,8}|#\d{2,6}|#x[0-9a-fA-F]{2,6});"
)
# What sites and feed generators add around an article, in English, French, German and
# Spanish: feed footers, "read more" links, truncation marks, share and sign-up lines.
_BOILERPLATE = regex.compile(
    r"appeared first on|est apparu en premier|erschien zuerst auf|ist zuerst auf .{1,80} erschienen"
    r"|se publicó primero|apareció primero en|was originally published in .{1,80} on medium"
    r"|(?:continue reading|keep reading|read more|read the full (?:story|article)|lire la suite"
    r"|weiterlesen|mehr lesen|seguir leyendo|sigue leyendo|leer más)\s*(?:[»→›…:]|\.\.\.|$)"
    r"|(?:…|\.\.\.)\s*(?:continue reading|read more|lire la suite|weiterlesen|seguir leyendo)\b"
    r"|\[(?:…|\.\.\.|&hellip;)\]"
    r"|all rights reserved|tous droits réservés|alle rechte vorbehalten"
    r"|todos los derechos reservados|subscribe for free|share this (?:post|article|story)"
    r"|sign up for (?:our|the) .{0,30}newsletter|abonnez-vous à (?:notre|la) newsletter"
    r"|newsletter abonnieren|suscríbete a (?:nuestro|nuestra)|leave a (?:comment|reply)"
    r"|laisser un commentaire|schreibe einen kommentar|deja un comentario"
    r"|posted by .{1,60} at \d{1,2}:\d{2}|email this ?blogthis",
    regex.IGNORECASE,
)
_CLUSTER = regex.compile(r"\X")
# A sentence of 40 characters or more said twice is no chance. One cut with "…" in a
# first post may be said whole in the next part: it is not checked.
_EMOJI_WORD = regex.compile(r"\S*\p{Extended_Pictographic}\S*")
_JOINED_WORD = regex.compile(r"[\p{L}\p{M}]+(?:[\u200c\u200d][\p{L}\p{M}]+)+")
_HTTP_TOKEN = regex.compile(r"https?://\S+")
_TRAILING = ".,;:!?)]}»”’\"'…"
_CODE_TAG = regex.compile(r"<code>(.*?)</code>", regex.DOTALL)
_CODE_SPAN = regex.compile(r"(`+)([^`]+?)\1")
_URL = regex.compile(r"\S+\.\S+/\S*")
_ENCODING = regex.compile(rb"""encoding=["']([A-Za-z0-9_.:-]+)|charset=["']?([A-Za-z0-9_.:-]+)""")


@cache
def articles() -> tuple[Article, ...]:
    """Load every snippet of the corpus through the sources users run."""
    found: list[Article] = []
    for folder in KINDS:
        for path in sorted((CORPUS / folder).iterdir()):
            if path.name.startswith("."):
                continue
            loaded = load(str(path))
            assert not loaded.errors, loaded.errors
            assert loaded.articles, path
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


def _file(article: Article) -> Path:
    """Return the corpus file an article was read from."""
    path = Path(article.source.split("#", 1)[0])
    assert path.is_file(), article.source
    return path


def kind(article: Article) -> str:
    """Return the corpus folder (markdown, feeds, pages) an article was read from."""
    return _file(article).relative_to(CORPUS).parts[0]


def test_the_corpus_holds_at_least_200_real_snippets_of_every_kind() -> None:
    found = articles()
    assert len(found) >= 200
    counts = {k: sum(1 for a in found if kind(a) == k) for k in KINDS}
    # Mostly real blog posts, feed items and pages, not only package READMEs.
    readmes = sum(1 for a in found if _file(a).name.startswith("npm-"))
    assert len(found) - readmes >= 120, counts
    assert all(count >= 40 for count in counts.values()), counts
    assert len({a.lang for a in found}) >= 8, sorted({a.lang for a in found})


def test_no_markdown_residue() -> None:
    found = []
    for article, post in posts():
        spans = _code_spans(article.source)
        for part in post.parts:
            # inline code keeps its text, markup-like or not: it is not residue
            text = spans.sub("", part.text) if spans.pattern else part.text
            for match in _RESIDUE.finditer(text):
                # an HTML source's own text may hold what looks like Markdown ("** We'll
                # start at 6PM **" in a Reddit post): only what the source lacks is residue
                if kind(article) != "markdown" and _in_source(article, text, match):
                    continue
                found.append((article.source, match.group(0), part.text))
    assert not found, found[:5]


def _in_source(article: Article, text: str, match: regex.Match[str]) -> bool:
    """Tell whether a match, with the words after it, is the HTML source's own text."""
    around = text[match.start() : match.end() + 12].split("\n", 1)[0]
    return around in _plain_source(str(_file(article)))


@cache
def _plain_source(path: str) -> str:
    return " ".join(html.unescape(html.unescape(_raw(path))).split())


@cache
def _code_spans(source: str) -> regex.Pattern[str]:
    """Return a pattern of the inline code of a snippet, as plain text shows it."""
    path = Path(source.split("#", 1)[0])
    text = _raw(str(path))
    if path.suffix == ".md":
        text = _without_fences(text)
        spans = {" ".join(m.group(2).split()) for m in _CODE_SPAN.finditer(text)}
    else:
        spans = set()
    spans |= {" ".join(html.unescape(m.group(1)).split()) for m in _CODE_TAG.finditer(text)}
    ordered = sorted((span for span in spans if span), key=len, reverse=True)
    return regex.compile("|".join(regex.escape(span) for span in ordered))


def test_no_boilerplate_phrase() -> None:
    found = [
        (a.source, post.network, match.group(0), part.text)
        for a, post in posts()
        for part in post.parts
        for match in [_BOILERPLATE.search(part.text)]
        if match and not _BOILERPLATE.search(a.title)
    ]
    assert not found, found[:5]


def test_no_summary_opens_with_a_bare_link() -> None:
    """An excerpt's leading embed URL (a YouTube link) is no summary."""
    found = [(a.source, a.summary[:80]) for a in articles() if regex.match(r"https?://", a.summary)]
    assert not found, found[:5]


def test_the_title_is_not_repeated() -> None:
    """The title is said once, unless the summary's own sentence quotes it."""
    found = []
    for article, post in posts():
        title = " ".join(article.title.split())
        text = _URL.sub("", post.parts[0].text)
        quoted = " ".join(article.summary.split()).find(title) > 0
        if len(title) >= 12 and text.count(title) > 1 and not quoted:
            found.append((article.source, post.network, post.parts[0].text))
    assert not found, found[:5]


def test_no_thread_part_ends_with_a_heading() -> None:
    """A heading (Markdown or HTML) opens a part with what follows it, never ends one."""
    found = []
    with_headings = 0
    for article, post in posts():
        paragraphs = [" ".join(p.split()) for p in article.body.split("\n\n")]
        # a table of contents says a heading's words too: those are not checked
        titles = {paragraphs[i] for i in article.headings if paragraphs.count(paragraphs[i]) == 1}
        with_headings += bool(titles) and len(post.parts) > 2
        for part in post.parts[:-1]:
            last = regex.sub(r"\s*\d+/\d+$", "", part.text).split("\n\n")[-1]
            if " ".join(last.split()) in titles:
                found.append((article.source, post.network, last))
    assert not found, found[:5]
    assert with_headings >= 100


def test_no_thread_says_a_sentence_twice() -> None:
    """A thread's parts never repeat a sentence (a summary taken from the body, say).

    Unless the article itself says it twice (a README's API sections do).
    """
    found = []
    for article, post in posts():
        seen: dict[str, int] = {}
        for index, part in enumerate(post.parts):
            # Sentences as the thread packer splits them: "(i.e. index 0 …)" is one.
            said = {s for p in part.text.split("\n") for s, _ in sentences(p, article.lang)}
            for sentence in {s for s in said if len(s) >= 40 and s.endswith((".", "!", "?"))}:
                if seen.setdefault(sentence, index) != index and article.body.count(sentence) < 2:
                    found.append((article.source, post.network, sentence))
    assert not found, found[:5]


def test_every_emoji_sequence_is_whole() -> None:
    """Each emoji in an article and its posts is one the source file holds, whole."""
    found = []
    zwj_sequences = 0
    for article, post in posts():
        whole = _source_emoji(str(_file(article)))
        texts = [article.title, article.summary, article.body, *(p.text for p in post.parts)]
        for text in texts:
            for cluster in _CLUSTER.findall(text):
                if _is_emoji(cluster):
                    zwj_sequences += "\u200d" in cluster
                    if cluster not in whole:
                        found.append((article.source, post.network, cluster, ascii(cluster)))
    assert not found, found[:5]
    assert zwj_sequences, "the corpus has no emoji ZWJ sequence left to check"


def test_every_joined_word_is_whole() -> None:
    """A word the source joins with ZWNJ or ZWJ (Persian, Indic) keeps its joiner."""
    found = []
    for article, post in posts():
        words = _joined_words(str(_file(article)))
        for part in post.parts:
            for word in words:
                if word.replace("\u200c", "").replace("\u200d", "") in part.text:
                    found.append((article.source, post.network, word))
    assert not found, found[:5]


def test_every_link_is_extracted_whole_by_twitter_text(
    js_urls: Callable[[Sequence[str]], list[list[str]]],
) -> None:
    """The official twitter-text extracts the article's link, and every link, whole."""
    checked = [
        (article, post, part.text)
        for article, post in posts()
        if post.network != "bluesky"
        for part in post.parts
    ]
    extracted = js_urls([text for _, _, text in checked])
    found: list[tuple[object, ...]] = []
    linked = set()
    for (article, post, text), urls_found in zip(checked, extracted, strict=True):
        if urls.to_uri(post.url) in urls_found:
            linked.add((article.source, post.network, post.parts))
        for token in _HTTP_TOKEN.findall(text):
            link = token.rstrip(_TRAILING)
            if link not in urls_found and not link.endswith("…"):
                found.append((article.source, post.network, link, urls_found))
    missing = [
        (article.source, post.network, post.url, [p.text for p in post.parts])
        for article, post in posts()
        if post.network != "bluesky" and (article.source, post.network, post.parts) not in linked
    ]
    assert not missing, missing[:5]
    assert not found, found[:5]


def test_every_hashtag_is_extracted_whole_by_twitter_text(
    js_hashtags: Callable[[Sequence[str]], list[list[str]]],
) -> None:
    """The hashtags made from the article's tags are hashtags whole for X and Bluesky."""
    checked = [
        (article, post, part, hashtag)
        for article, post in posts()
        for part in post.parts
        for hashtag in hashtags(article.tags)
        if regex.search(regex.escape(hashtag) + r"(?![\w·・])", part.text)
    ]
    extracted = js_hashtags(sorted({part.text for _, _, part, _ in checked}))
    by_text = dict(zip(sorted({part.text for _, _, part, _ in checked}), extracted, strict=True))
    found: list[tuple[object, ...]] = []
    for article, post, part, hashtag in checked:
        if hashtag[1:] not in by_text[part.text]:
            found.append((article.source, post.network, hashtag, by_text[part.text]))
        if post.network == "bluesky" and hashtag[1:] not in {
            f.value for f in part.facets if f.kind == "tag"
        }:
            found.append((article.source, post.network, hashtag, part.facets))
    assert not found, found[:5]
    assert len({article.source for article, *_ in checked}) >= 40


def test_every_bluesky_link_facet_is_whole() -> None:
    """The article's link is a facet whose URI is the whole ASCII link, over whole text."""
    found: list[tuple[object, ...]] = []
    for article, post in posts():
        if post.network != "bluesky":
            continue
        values = []
        for part in post.parts:
            data = part.text.encode("utf-8")
            for facet in part.facets:
                if facet.kind != "link":
                    continue
                values.append(facet.value)
                shown = data[facet.start : facet.end].decode("utf-8")
                before = data[: facet.start].decode("utf-8")[-1:]
                after = data[facet.end :].decode("utf-8")[:1]
                if (
                    not shown
                    or regex.search(r"\s", shown)
                    or (before and not before.isspace() and before not in "(«“\"'")
                    or (after and not after.isspace() and after not in _TRAILING)
                    or not facet.value.isascii()
                    or regex.search(r"\s", facet.value)
                ):
                    found.append((article.source, shown, facet.value))
        if urls.to_uri(post.url) not in values:
            found.append((article.source, post.url, values))
    assert not found, found[:5]


@cache
def _raw(path: str) -> str:
    """Return a corpus file as text, HTML entities decoded (twice: feeds escape HTML)."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        match = _ENCODING.search(data[:2048])
        declared = (match.group(1) or match.group(2)).decode("ascii") if match else "cp1252"
        text = data.decode(declared, "replace")
    return text


@cache
def _source_emoji(path: str) -> frozenset[str]:
    # Grapheme clusters never span whitespace: only the words holding a pictograph
    # need splitting, which keeps this linear in a few emoji, not in the whole page.
    words = _EMOJI_WORD.findall(_plain_source(path))
    return frozenset(c for word in words for c in _CLUSTER.findall(word) if _is_emoji(c))


@cache
def _joined_words(path: str) -> frozenset[str]:
    text = _plain_source(path)
    if "\u200c" not in text and "\u200d" not in text:
        return frozenset()
    return frozenset(_JOINED_WORD.findall(text))


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
