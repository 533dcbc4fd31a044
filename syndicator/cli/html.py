"""The HTML preview: one self-contained page with a card per post, drawn after its network.

``html_page`` turns what ``preview`` composed into the values ``preview.html.j2`` draws
(an autoescaped Jinja environment of its own: this template is ours, not a user's). The
page asks no other host for anything: local images are embedded as ``data:`` URIs, a
remote image is a placeholder, the CSS is inline and there is no script.
"""

from __future__ import annotations

import base64
import functools
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit

import click
import jinja2

from ..compose import summary_shown
from ..errors import MediaError, SyndicatorError
from ..models import Article, Image, LinkCard, Post
from ..networks import NetworkSpec, registry
from ..pipeline import Failure
from ..redact import redact
from .html_text import Run, detected_runs, facet_runs, mark_cuts

__all__ = ["display_name", "html_page", "show_page"]


# Embedded copies are shrunk to this: the page is for looking, not for uploading.
_EMBED_BYTES = 150_000
_EMBED_SIDE = 720


@dataclass(frozen=True, slots=True)
class MediaView:
    """An image as the page shows it: embedded, or a placeholder saying why not."""

    alt: str
    src: str = ""
    missing: str = ""


@dataclass(frozen=True, slots=True)
class UnfurlView:
    """The card a network draws itself from a linked page's tags, as the preview expects it.

    For the article's own page it is drawn from the article's fields (what its tags
    say); another page is not fetched, so only its host is known.
    """

    network: str
    host: str
    title: str = ""
    description: str = ""
    image: MediaView | None = None


@dataclass(frozen=True, slots=True)
class PartView:
    """One post of a thread as drawn: its runs of text, its length against the limit."""

    text: str
    runs: Sequence[Run]
    length: int
    limit: int
    number: int
    total: int
    unfurl: UnfurlView | None = None

    @property
    def over(self) -> bool:
        """Whether the part is longer than the network allows."""
        return self.length > self.limit

    @property
    def meter(self) -> int:
        """The length the meter shows: full at the limit."""
        return min(self.length, self.limit)


@dataclass(frozen=True, slots=True)
class CardView:
    """A post drawn after its network."""

    network: str
    article_id: str
    name: str
    host: str
    lang: str
    parts: Sequence[PartView]
    warning: str
    media: Sequence[MediaView]
    card: LinkCard | None
    card_host: str
    card_thumb: MediaView | None
    cut: Sequence[str]
    notes: Sequence[str]  # the article's front matter, about this post
    post_notes: Sequence[str]  # compose's, about this post (an image left out)
    costs: Sequence[str]  # what it costs, the link choices, the quota: as the text preview
    tallest: float | None
    widest: float | None


@dataclass(frozen=True, slots=True)
class ErrorView:
    """A post or a source that failed, as a red card."""

    where: str
    error: str
    message: str


@dataclass(slots=True)
class Group:
    """One article's cards, or the sources that could not be read."""

    title: str
    url: str
    lang: str
    cards: list[CardView] = field(default_factory=list)
    errors: list[ErrorView] = field(default_factory=list)


def html_page(
    posts: Sequence[Post],
    *,
    articles: Mapping[str, Article],
    failures: Sequence[Failure] = (),
    source_errors: Sequence[SyndicatorError] = (),
    notes: Mapping[tuple[str, str], Sequence[str]] | None = None,
    warnings: Sequence[str] = (),
    costs: Mapping[tuple[str, str], Sequence[str]] | None = None,
    spend: Sequence[str] = (),
) -> str:
    """Return the preview page of ``posts``, failures as red cards, as one HTML document.

    ``costs`` are each post's lines on its cost (``cli/preview.py``), ``spend`` what the
    posts would spend per network.
    """
    groups: dict[str, Group] = {}
    embed = functools.lru_cache(maxsize=None)(_embedded)

    def group(article_id: str) -> Group:
        if article_id not in groups:
            article = articles.get(article_id)
            title = article.title if article else article_id
            groups[article_id] = Group(
                title=title,
                url=article.url if article else "",
                lang=(article.lang or "") if article else "",
            )
        return groups[article_id]

    for post in posts:
        pair = (post.article_id, post.network)
        group(post.article_id).cards.append(
            _card(
                post,
                articles.get(post.article_id),
                (notes or {}).get(pair, ()),
                (costs or {}).get(pair, ()),
                embed,
            )
        )
    for failure in failures:
        name = display_name(failure.network)
        group(failure.article_id).errors.append(
            ErrorView(name, type(failure.error).__name__, redact(str(failure.error)))
        )
    unread = [
        ErrorView(
            getattr(exc, "where", ""),
            type(exc).__name__,
            redact(getattr(exc, "what", str(exc))),
        )
        for exc in source_errors
    ]
    return _template().render(
        groups=list(groups.values()),
        unread=unread,
        warnings=[redact(w) for w in warnings],
        counts=(len(posts), len(failures) + len(unread)),
        spend=spend,
    )


def display_name(network: str) -> str:
    """Return how a network is named to people ("X", "Mastodon", "Bluesky")."""
    spec = registry.specs().get(network)
    return spec.display_name if spec is not None else network


def _card(
    post: Post,
    article: Article | None,
    notes: Sequence[str],
    costs: Sequence[str],
    embed: Callable[[Image], MediaView],
) -> CardView:
    spec = registry.specs().get(post.network)
    total = len(post.parts)
    parts = []
    for number, part in enumerate(post.parts, start=1):
        # A network with facets draws what they say; the others find links themselves.
        rich = spec is not None and spec.facets is not None
        runs = facet_runs(part.text, part.facets) if rich else detected_runs(part.text)
        if post.cut:
            runs = mark_cuts(runs)
        unfurl = _unfurl(post, number, spec, article, embed)
        parts.append(PartView(part.text, runs, part.length, post.limit, number, total, unfurl))
    card = post.card if post.card and not post.media else None
    return CardView(
        network=post.network,
        article_id=post.article_id,
        name=display_name(post.network),
        host=_host(post.url),
        lang=post.lang or "",
        parts=parts,
        warning=_warning(post, spec),
        media=[embed(image) for image in post.media],
        card=card,
        card_host=_host(card.url) if card else "",
        card_thumb=embed(card.thumb) if card and card.thumb else None,
        cut=post.cut,
        notes=notes,
        post_notes=post.notes,
        costs=[line.strip() for line in costs],
        tallest=spec.tallest_image if spec is not None else None,
        widest=spec.widest_image if spec is not None else None,
    )


def _unfurl(
    post: Post,
    number: int,
    spec: NetworkSpec | None,
    article: Article | None,
    embed: Callable[[Image], MediaView],
) -> UnfurlView | None:
    """Return the card the network draws for part ``number`` from its link, or None.

    Images go with the first part only, and only the first carries our own link.
    """
    if spec is None or spec.unfurls is None:
        return None
    first = number == 1
    link = spec.unfurls(
        post.parts[number - 1].text, post.url if first else "", first and bool(post.media)
    )
    if not link:
        return None
    name = spec.display_name
    if article is None or _same_page(link) != _same_page(article.url):
        return UnfurlView(name, _host(link) or _host(f"https://{link}"))
    return UnfurlView(
        name,
        _host(article.url),
        title=article.title,
        description=summary_shown(article),
        image=embed(article.image) if article.image else None,
    )


def _same_page(url: str) -> str:
    """Return ``url`` in a form in which two spellings of one page compare equal."""
    rest = url.strip().rstrip("/").split("://", 1)[-1]
    host, slash, path = rest.partition("/")
    return f"{host.lower().removeprefix('www.')}{slash}{path}"


def _warning(post: Post, spec: NetworkSpec | None) -> str:
    """Return the content warning the post is folded under, or "" (the spec says which option)."""
    if spec is None or spec.content_warning is None:
        return ""
    return str(post.options.get(spec.content_warning) or "")


def _embedded(image: Image) -> MediaView:
    """Return ``image`` embedded as a data URI, or a placeholder saying why it is not."""
    if "://" in image.source:
        return MediaView(image.alt, missing=f"image from {_host(image.source)} (not fetched)")
    from ..media import load_image

    try:
        data = load_image(image, max_bytes=_EMBED_BYTES, max_side=_EMBED_SIDE)
    except MediaError as exc:
        return MediaView(image.alt, missing=redact(str(exc)))
    encoded = base64.b64encode(data.data).decode("ascii")
    return MediaView(image.alt, src=f"data:{data.mime};base64,{encoded}")


def _host(url: str) -> str:
    try:
        return (urlsplit(url).hostname or "").removeprefix("www.")
    except ValueError:
        return ""


@functools.cache
def _template() -> jinja2.Template:
    """Return the page template, autoescaped (every value in it is text to show, not HTML)."""
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(Path(__file__).parent),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return environment.get_template("preview.html.j2")


def show_page(page: str, *, output: Path | None, open_page: bool) -> None:
    """Write ``page`` to ``output`` (else standard output, or a temporary file to open)."""
    if output is None and open_page:
        handle, name = tempfile.mkstemp(prefix="syndicator-preview-", suffix=".html")
        os.close(handle)
        output = Path(name)
    if output is None:
        click.echo(page, nl=False)
        return
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        raise click.FileError(str(output), hint=exc.strerror or str(exc)) from None
    click.echo(f"Preview written to {output}", err=True)
    if open_page:
        import webbrowser

        webbrowser.open(output.resolve().as_uri())
