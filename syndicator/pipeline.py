"""Sources -> articles -> posts: the one path that both ``preview`` and ``post`` take.

What is previewed is exactly what is posted, because both commands call ``gather``
and ``compose_posts``; ``post`` only adds the network's own limits and publishing.
Nothing here touches a network: limits are passed in.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

from .compose import Templates, build_templates, compose, default_limits
from .config import Config, NetworkConfig
from .errors import SourceError, SyndicatorError, UsageError
from .models import Article, Limits, Post
from .overrides import parse_overrides
from .sources import from_fields, load

__all__ = [
    "ArticleFields",
    "Composed",
    "Failure",
    "Gathered",
    "compose_posts",
    "gather",
    "preview_limits",
]


@dataclass(frozen=True, slots=True, kw_only=True)
class ArticleFields:
    """Article fields typed on the command line: a whole article, or overrides for one."""

    title: str | None = None
    url: str | None = None
    summary: str | None = None
    tags: tuple[str, ...] = ()
    lang: str | None = None
    image: str | None = None
    image_alt: str = ""

    def given(self) -> bool:
        """Tell whether any field was given."""
        return any((self.title, self.url, self.summary, self.tags, self.lang, self.image))


@dataclass(frozen=True, slots=True)
class Gathered:
    """The articles read from every source, and the sources that failed."""

    articles: tuple[Article, ...]
    errors: tuple[SourceError, ...]
    #: True when any source was a feed or a folder (first-run safety applies).
    collection: bool


@dataclass(frozen=True, slots=True, kw_only=True)
class Failure:
    """One (article, network) that could not be composed, and why."""

    article_id: str
    network: str
    error: SyndicatorError


@dataclass(frozen=True, slots=True)
class Composed:
    """The posts ready to publish, the failures, and the (article, network) skipped.

    ``notes`` says, per (article id, network), what the article's front matter
    overrode, for the preview to show.
    """

    posts: tuple[Post, ...]
    failures: tuple[Failure, ...]
    skipped: tuple[tuple[str, str], ...] = ()
    notes: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)


def gather(
    sources: Sequence[str], *, config: Config, fields: ArticleFields | None = None
) -> Gathered:
    """Load every source; one bad source or article is reported, not fatal.

    With no sources, ``fields`` describe the article; with sources, they override the
    fields of the single article read (e.g. the URL of a plain-text article).
    """
    fields = fields or ArticleFields()
    if not sources:
        if not (fields.title and fields.url):
            raise UsageError("give a SOURCE (file, folder, URL or -), or --title and --url")
        article = from_fields(
            title=fields.title,
            url=fields.url,
            summary=fields.summary or "",
            tags=fields.tags,
            lang=fields.lang,
            image=fields.image,
            image_alt=fields.image_alt,
            default_lang=config.default_lang,
        )
        return Gathered((article,), (), collection=False)
    articles: dict[str, Article] = {}
    errors: list[SourceError] = []
    collection = False
    for source in sources:
        try:
            loaded = load(source, default_lang=config.default_lang, timeout=config.timeout)
        except SourceError as exc:
            errors.append(exc)
            continue
        collection = collection or loaded.collection
        errors.extend(loaded.errors)
        for article in loaded.articles:
            articles.setdefault(article.id, article)
    ordered = sorted(articles.values(), key=_publication_order)
    if fields.given():
        if len(ordered) != 1 or collection:
            raise UsageError(
                f"--title, --url and the other article fields apply to one article; "
                f"the sources hold {len(ordered)}"
            )
        ordered = [_override(ordered[0], fields, config.default_lang)]
    return Gathered(tuple(ordered), tuple(errors), collection)


def _override(article: Article, fields: ArticleFields, default_lang: str) -> Article:
    """Return ``article`` with the fields typed on the command line in place of its own."""
    url = fields.url or article.url
    typed = from_fields(
        title=fields.title or article.title,
        url=url or "https://invalid.invalid/",
        summary=fields.summary or article.summary,
        tags=fields.tags or article.tags,
        lang=fields.lang or article.lang,
        image=fields.image,
        image_alt=fields.image_alt,
        default_lang=default_lang,
    )
    return replace(
        article,
        id=typed.id if fields.url and not article.url else article.id,
        url=typed.url if url else "",
        title=typed.title,
        summary=typed.summary,
        tags=typed.tags,
        lang=typed.lang,
        images=typed.images or article.images,
    )


def preview_limits(networks: Sequence[NetworkConfig]) -> dict[str, Limits]:
    """Return each network's limits without asking it: config value, else the default."""
    return {n.name: default_limits(n.name, n.max_characters) for n in networks}


def compose_posts(
    articles: Sequence[Article],
    *,
    config: Config,
    networks: Sequence[NetworkConfig],
    limits: Mapping[str, Limits],
    templates: Templates | None = None,
) -> Composed:
    """Compose every article for every network, applying per-article overrides."""
    templates = templates or build_templates(config.templates_dir)
    posts: list[Post] = []
    failures: list[Failure] = []
    skipped: list[tuple[str, str]] = []
    notes: dict[tuple[str, str], tuple[str, ...]] = {}
    for article in articles:
        try:
            overrides = parse_overrides(article.settings, where=article.source or article.id)
        except UsageError as exc:
            # One error for the article, not one per network: it is the same mistake.
            failures.append(Failure(article_id=article.id, network="all networks", error=exc))
            continue
        for network in networks:
            override = overrides.for_network(network.name)
            if override.describe():
                notes[(article.id, network.name)] = override.describe()
            if override.skip:
                skipped.append((article.id, network.name))
                continue
            options: dict[str, Any] = {**_network_options(network), **override.options}
            if override.text is not None:
                options["text"] = override.text
            target = replace(article, lang=override.lang) if override.lang else article
            try:
                post = compose(
                    target,
                    network=network.name,
                    templates=templates,
                    template=override.template or network.template,
                    limits=limits[network.name],
                    thread=network.thread if override.thread is None else override.thread,
                    options=options,
                )
            except SyndicatorError as exc:
                failures.append(Failure(article_id=article.id, network=network.name, error=exc))
                continue
            posts.append(post)
    return Composed(tuple(posts), tuple(failures), tuple(skipped), notes)


def _network_options(network: NetworkConfig) -> dict[str, Any]:
    """Return the per-post options a network's config sets (Mastodon's CW, visibility)."""
    if network.name != "mastodon":
        return {}
    keys = ("visibility", "spoiler_text", "sensitive")
    return {k: network.options[k] for k in keys if network.options.get(k) is not None}


def _publication_order(article: Article) -> tuple[float, str]:
    """Sort key: oldest first; undated articles last, by id for stability."""
    stamp = article.published.timestamp() if article.published else float("inf")
    return (stamp, article.id)
