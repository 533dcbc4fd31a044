"""The length engine: render an article through a template and fit it to a network.

Pure: no I/O beyond loading templates, no network SDK, no network known by name: the
network is a ``TextRules`` (its spec), which measures text as its server does
(docs/platforms.md) and says how links are shown. See ``environment`` for template
variables and filters.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import characters, urls
from ..errors import FitError
from ..models import Article, Limits, LinkCard, Part, Post, frozen_mapping
from ._markers import MARKERS
from .measure import TextRules, over
from .x_length import X_INVALID

__all__ = [
    "LINK_PLACES",
    "Templates",
    "TextRules",
    "build_templates",
    "clean",
    "compose",
    "summary_shown",
]

#: Where a post's ``link`` option may put the article's link: in the post, in a last
#: part of its own (a reply), or nowhere (X bills a post holding a URL 13 times more).
LINK_PLACES = ("post", "reply", "none")

if TYPE_CHECKING:
    from .environment import Templates
    from .fit import Fitted, Piece

_STRIP = {ord(char): None for char in (*MARKERS, *X_INVALID)}
_STRIPPED = tuple(map(chr, _STRIP))


def __getattr__(name: str) -> Any:
    """Import ``Templates`` on first use: Jinja is only loaded when templates are."""
    if name == "Templates":
        from .environment import Templates

        return Templates
    raise AttributeError(name)


def build_templates(
    templates_dir: Path | None = None, defaults: Mapping[str, str] | None = None
) -> Templates:
    """Build the one sandboxed, strict, plain-text template environment (see ``environment``)."""
    from .environment import build_templates as build

    return build(templates_dir, defaults)


def compose(
    article: Article,
    *,
    network: TextRules,
    templates: Templates,
    template: str,
    limits: Limits,
    thread: bool = False,
    max_parts: int = 10,
    options: Mapping[str, Any] | None = None,
) -> Post:
    """Render ``article`` with ``template`` and fit it to ``network``'s ``limits``.

    ``options`` pass through to ``Post.options`` (the network's measure sees them:
    Mastodon's ``spoiler_text`` counts toward the limit), except ``text``: a literal
    text used instead of the template, then fitted the same way. ``link`` says where
    the article's link goes: ``post`` (the default), ``reply`` (a last part holding
    only the link) or ``none``; the Post keeps the article's URL either way, to find
    the post again. With ``thread``, the body follows as numbered replies,
    ``max_parts`` at most: the last then says where the rest is (with the link).
    """
    from .fit import Unfittable, fit, parse

    settings = dict(options or {})
    literal = settings.pop("text", None)
    article_url = _uri(clean(article.url))
    place = settings.get("link") or "post"
    url = article_url if place == "post" else ""
    if literal is not None:
        text = clean(str(literal))
        if url and url != clean(article.url):
            text = text.replace(clean(article.url), url)
        pieces = _literal_pieces(text, url)
        name = "text"
    else:
        rendered = templates.render(template, _variables(article, network.name, limits, url))
        # Templates are user files: what they add is cleaned like the values they show.
        pieces = _with_link(parse(characters.clean(rendered)), url)
        name = template

    def fits(text: str) -> bool:
        return over(network, text, limits, settings) <= 0

    def length(text: str) -> int:
        return network.measure(text, limits, settings)

    show = network.show_link or _same
    facets = network.facets
    body = clean(article.body).strip() if thread else ""
    try:
        if body:
            more = _more_pieces(article.lang, url)
            fitted, texts, last = _thread(
                pieces, body, fits, show, (article.headings, max_parts, more, article.lang)
            )
        else:
            fitted = fit(pieces, fits=fits, show_link=show, lang=article.lang)
            texts, last = [fitted.text], None
    except Unfittable as exc:
        excess = over(network, exc.text, limits, settings)
        size = length(exc.text)
        limit = limits.max_characters
        if size <= limit and limits.max_bytes is not None:  # it is the byte limit
            size, limit = excess + limits.max_bytes, limits.max_bytes
        raise FitError(template=name, network=network.name, length=size, limit=limit) from None

    parts = []
    # A cut may leave a bidi embedding or isolate open: drop it rather than leak it.
    texts = [characters.balance_bidi(text) for text in texts]
    if place == "reply" and article_url:
        texts.append(article_url)
        last = None
    for index, text in enumerate(texts):
        links = fitted.links if index == 0 else ()
        if last is not None and index == len(texts) - 1:
            links = last.links
        if text == article_url and index > 0 and place == "reply":
            links = ((article_url, article_url),)
        parts.append(
            Part(
                text=text,
                length=length(text),
                facets=facets(text, links) if facets is not None else (),
            )
        )
    card = None
    if network.link_card:
        card = LinkCard(
            url=url, title=article.title, description=summary_shown(article), thumb=article.image
        )
    media = article.images
    notes: tuple[str, ...] = ()
    if network.media is not None:
        media, notes = network.media(media)
    return Post(
        network=network.name,
        article_id=article.id,
        url=article_url,
        parts=tuple(parts),
        limit=limits.max_characters,
        lang=article.lang,
        media=media[: limits.max_media],
        card=card,
        template=name,
        cut=fitted.cut,
        options=frozen_mapping(settings),
        notes=notes,
    )


def clean(text: str) -> str:
    """Return ``text`` as posted: ``\\n`` line endings, NFC, no control, marker or junk."""
    text = characters.clean(text)
    if text.isascii() or not any(char in text for char in _STRIPPED):
        return text
    return text.translate(_STRIP)


def _uri(url: str) -> str:
    """Return the article's link as a URI X and Mastodon detect whole (see ``urls``)."""
    try:
        return urls.to_uri(url) if url else url
    except ValueError:  # sources refuse such links; an Article built by hand may hold one
        return url


def summary_shown(article: Article) -> str:
    """Return the summary a post shows: none when it only repeats the title.

    The one place for the rule, whatever the source: a summary equal to the title or
    contained in it is dropped; one that opens with the title loses that opening.
    """
    summary = clean(article.summary).strip()
    title = clean(article.title).strip()
    folded, heading = summary.casefold(), title.casefold()
    if not summary or folded.rstrip(" .…!?:") in heading:
        return ""
    if title and folded.startswith(heading):
        rest = summary[len(title) :].lstrip(" .:;,–—-|\n")
        if rest.casefold().rstrip(" .…!?:") in heading:
            return ""  # "Title. Title": what is left repeats the title too
        return rest if rest[0] not in ".,;" else summary
    return summary


def _same(url: str) -> str:
    """Show a link as it is."""
    return url


def _variables(article: Article, network: str, limits: Limits, url: str) -> dict[str, Any]:
    """Return what a template sees (documented in ``environment``)."""
    from .environment import Field, Link
    from .hashtags import hashtags

    tags = [clean(tag) for tag in article.tags]
    return {
        "title": Field(_bounded(clean(article.title)), "title"),
        "summary": Field(_bounded(summary_shown(article)), "summary"),
        "body": Field(_bounded(clean(article.body)), "body"),
        "url": Link(url),
        "tags": tags,
        "hashtags": list(hashtags(tags)),
        "lang": article.lang,
        "author": clean(article.author) if article.author else None,
        "published": article.published,
        "id": article.id,
        "source": article.source,
        "extra": dict(article.extra),
        "network": network,
        "limit": limits.max_characters,
    }


#: The most of one text field a template sees: far more than any post shows (Mastodon's
#: default is 500 characters, docs/platforms.md §2), and three of them stay well under the
#: rendered output bound (``bounds.MAX_OUTPUT``), so a 100 KB title is fitted, not refused.
MAX_FIELD = 20_000


def _bounded(text: str) -> str:
    """Return ``text`` cut to MAX_FIELD characters at a space, the cut marked with '…'."""
    if len(text) <= MAX_FIELD:
        return text
    head = text[: MAX_FIELD - 1]
    space = head.rfind(" ")
    return (head[:space] if space > MAX_FIELD // 2 else head).rstrip() + "…"


def _with_link(pieces: list[Piece], url: str) -> list[Piece]:
    """Return ``pieces`` with the link appended when the template left it out."""
    from .fit import Piece

    # Only a link piece or fixed text is sure to survive fitting: a URL inside
    # shortenable or optional text may be cut away, so the link is added after it.
    if not url or any(p.kind == "link" or (p.kind == "fixed" and url in p.text) for p in pieces):
        return pieces
    return [*pieces, Piece("fixed", "\n\n"), Piece("link", url)]


def _literal_pieces(text: str, url: str) -> list[Piece]:
    """Return the pieces of a per-article literal text: elastic text around the link."""
    from .fit import Piece

    if url and url in text:
        before, _, after = text.partition(url)
        return [
            Piece("elastic", before, 2, "text"),
            Piece("link", url),
            Piece("elastic", after, 1, "text"),
        ]
    return _with_link([Piece("elastic", text, 1, "text")], url)


def _more_pieces(lang: str | None, url: str) -> list[Piece]:
    """Return the pieces of a capped thread's last part: "the rest is at" and the link."""
    from .fit import Piece
    from .thread import MORE

    primary = (lang or "en").split("-", 1)[0].lower()
    before, _, after = MORE.get(primary, MORE["en"]).partition("{url}")
    return [Piece("fixed", before), Piece("link", url), Piece("fixed", after)]


def _unshown(
    body: str, headings: tuple[int, ...], shown: str, lang: str | None
) -> tuple[str, tuple[int, ...]]:
    """Return the body without the opening sentences the first post already shows whole.

    A summary taken from one of the body's paragraphs is in the first post: the thread
    leaves out the opening sentences of a paragraph the first post shows whole, instead
    of saying them twice (rust-lang's "Security advisories for Cargo", Jekyll's release
    notes did). Returns the body and its heading positions, renumbered.
    """
    from .thread import paragraphs, sentences

    flat = _plain_quotes(" ".join(shown.split()))
    kept: list[str] = []
    moved: dict[int, int] = {}
    for index, paragraph in enumerate(paragraphs(body)):
        rest = paragraph
        if index in headings:  # a heading goes only whole (one a README's summary came from)
            if len(paragraph) >= _SHOWN_MIN and _plain_quotes(paragraph) in flat:
                rest = ""
        else:
            said = [text for text, _ in sentences(paragraph, lang)]
            done = 0
            while done < len(said) and _plain_quotes(said[done]) in flat:
                done += 1
            if sum(map(len, said[:done])) >= _SHOWN_MIN:
                rest = " ".join(said[done:])
        if rest:
            moved[index] = len(kept)
            kept.append(rest)
    return "\n\n".join(kept), tuple(moved[h] for h in headings if h in moved)


# The length under which sentences ("Hey!") may be in the first post by chance.
_SHOWN_MIN = 20
# A feed's summary and its content may quote differently (TechCrunch: "it's", "it’s").
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


def _plain_quotes(text: str) -> str:
    return text.translate(_QUOTES)


def _thread(
    pieces: list[Piece],
    body: str,
    fits: Callable[[str], bool],
    show: Callable[[str], str],
    shape: tuple[tuple[int, ...], int, list[Piece], str | None],
) -> tuple[Fitted, list[str], Fitted | None]:
    """Fit the first post and pack the body after it, numbered; widen numbers if needed.

    ``shape`` is (the body's heading positions, the cap on parts, the pieces of the
    last part of a capped thread, the article's language). Returns the first post,
    every part's text and, when the thread was capped, the fitted last part (its links
    give its facets).
    """
    from . import thread as threads
    from .fit import fit

    headings, max_parts, more, lang = shape
    digits = 1
    while True:
        room = "\n\n" + "9" * digits + "/" + "9" * digits

        def fits_numbered(text: str, room: str = room) -> bool:
            return fits(text + room)

        fitted = fit(pieces, fits=fits_numbered, show_link=show, lang=lang)
        unshown, unshown_headings = _unshown(body, headings, fitted.text, lang)
        rest = threads.pack(unshown, fits, digits, unshown_headings, lang)
        last = None
        if 1 + len(rest) > max_parts:
            last = fit(more, fits=fits_numbered, show_link=show, lang=lang)
            rest = [*rest[: max(max_parts - 2, 0)], last.text]
        texts = [fitted.text, *rest]
        if len(str(len(texts))) <= digits:
            if len(texts) == 1:
                return fitted, [fitted.text], None
            return fitted, threads.number(texts), last
        digits += 1
