"""Sources -> articles -> posts -> published: the one path ``preview`` and ``post`` take.

What is previewed is exactly what is posted, because both commands call ``gather``
and ``compose_posts``; ``run_post`` adds first-run safety, each network's own limits
and publishing, one concurrent worker per network (``posting``), under the state's
lock (a file) or account leases (a shared database).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .compose import LINK_PLACES, Templates, build_templates, compose
from .compose.overrides import parse_overrides
from .config import Config
from .costs import Cost, estimate, total
from .errors import NetworkError, SourceError, SyndicatorError, UsageError
from .fetch import is_url
from .models import Article, Limits, Post, frozen_mapping
from .networks import registry
from .networks.base import Network
from .redact import redact
from .settings import NetworkConfig
from .sources import from_fields, grant, load
from .state_target import StateTarget

if TYPE_CHECKING:
    from .posting import Outcome, Worker
    from .posting.budget import Plan

__all__ = [
    "ArticleFields",
    "Composed",
    "Failure",
    "Gathered",
    "Run",
    "compose_posts",
    "gather",
    "preview_limits",
    "run_post",
    "templates_for",
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
    #: Ids of the articles read from a feed or a folder: first-run safety applies to
    #: them. The others were named one by one (a file, a page, typed fields).
    listed: frozenset[str] = frozenset()
    #: Whether a feed or a folder was read (even an empty one).
    collection: bool = False
    #: Whether every source could be read (entries that failed inside one do not count).
    complete: bool = True
    #: One line per kind of file a folder skipped ("content: 3 skipped (draft)").
    skipped: tuple[str, ...] = ()


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
    #: Per (article id, network): what the post costs, and with ``choices``, what it
    #: would cost with the link elsewhere (a network whose settings have ``link``).
    costs: Mapping[tuple[str, str], Cost] = field(default_factory=dict)
    choices: Mapping[tuple[str, str], tuple[tuple[str, Cost], ...]] = field(default_factory=dict)


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
        return Gathered((_typed(article, config),), ())
    articles: dict[str, Article] = {}
    errors: list[SourceError] = []
    listed: set[str] = set()
    named: set[str] = set()
    collection = False
    complete = True
    skipped: list[str] = []
    for source in sources:
        try:
            loaded = load(
                source,
                default_lang=config.default_lang,
                timeout=config.timeout,
                allow_private=config.allow_private_addresses,
                allow_files_in=config.allow_files_in,
                site=config.site,
            )
        except SourceError as exc:
            errors.append(exc)
            complete = False
            continue
        collection = collection or loaded.collection
        errors.extend(loaded.errors)
        skipped.extend(f"{source}: {n} skipped ({reason})" for reason, n in loaded.skipped)
        for article in loaded.articles:
            articles.setdefault(article.id, article)
            (listed if loaded.collection else named).add(article.id)
    ordered = sorted(articles.values(), key=_publication_order)
    if fields.given():
        if len(ordered) != 1 or listed:
            raise UsageError(
                f"--title, --url and the other article fields apply to one article; "
                f"the sources hold {len(ordered)}"
            )
        ordered = [_override(ordered[0], fields, config)]
    # An article named by hand is posted by hand, even when a feed also lists it.
    return Gathered(
        tuple(ordered),
        tuple(errors),
        listed=frozenset(listed - named),
        collection=collection,
        complete=complete,
        skipped=tuple(skipped),
    )


def _typed(article: Article, config: Config) -> Article:
    """Return an article typed on the command line, its own image file allowed.

    The image was named by the person running the command, not by an article's text.
    """
    folders = [Path(i.source).parent for i in article.images if not is_url(i.source)]
    return grant(
        article,
        folders=[*folders, *config.allow_files_in],
        allow_private=config.allow_private_addresses,
    )


def _override(article: Article, fields: ArticleFields, config: Config) -> Article:
    """Return ``article`` with the fields typed on the command line in place of its own."""
    default_lang = config.default_lang
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
        images=_typed(typed, config).images or article.images,
        extra=frozen_mapping({**article.extra, **typed.extra}) if fields.lang else article.extra,
    )


def templates_for(config: Config) -> Templates:
    """Return the template environment: the config's folder, ours, the networks' own."""
    return build_templates(config.templates_dir, registry.default_templates())


def preview_limits(networks: Sequence[NetworkConfig]) -> dict[str, Limits]:
    """Return each network's limits without asking it: config value, else the default."""
    return {n.name: registry.spec(n.name).default_limits(n.max_characters) for n in networks}


@dataclass(frozen=True, slots=True, kw_only=True)
class Composition:
    """What composing one article for one network came to: a post, a failure, or a skip."""

    article_id: str
    network: str
    post: Post | None = None
    failure: Failure | None = None
    #: What the article's front matter overrode for this network (for the preview).
    notes: tuple[str, ...] = ()
    #: What the post costs, and with ``choices``, what it would cost with its link in
    #: each place the network's ``link`` setting offers.
    cost: Cost | None = None
    choices: tuple[tuple[str, Cost], ...] = ()


def compose_posts(
    articles: Sequence[Article],
    *,
    config: Config,
    networks: Sequence[NetworkConfig],
    limits: Mapping[str, Limits],
    templates: Templates | None = None,
    choices: bool = False,
) -> Composed:
    """Compose every article for every network, applying per-article overrides."""
    posts: list[Post] = []
    failures: list[Failure] = []
    skipped: list[tuple[str, str]] = []
    notes: dict[tuple[str, str], tuple[str, ...]] = {}
    costs: dict[tuple[str, str], Cost] = {}
    priced: dict[tuple[str, str], tuple[tuple[str, Cost], ...]] = {}
    for done in compose_each(
        articles,
        config=config,
        networks=networks,
        limits=limits,
        templates=templates,
        choices=choices,
    ):
        pair = (done.article_id, done.network)
        if done.notes:
            notes[pair] = done.notes
        if done.cost is not None:
            costs[pair] = done.cost
        if done.choices:
            priced[pair] = done.choices
        if done.post is not None:
            posts.append(done.post)
        elif done.failure is not None:
            failures.append(done.failure)
        else:
            skipped.append((done.article_id, done.network))
    return Composed(tuple(posts), tuple(failures), tuple(skipped), notes, costs, priced)


def compose_each(
    articles: Iterable[Article],
    *,
    config: Config,
    networks: Sequence[NetworkConfig],
    limits: Mapping[str, Limits],
    templates: Templates | None = None,
    choices: bool = False,
) -> Iterator[Composition]:
    """Compose each article for each network as it is asked for, overrides applied.

    One at a time, so a preview writes each post as soon as it is composed and holds
    none it has written (``compose_posts`` gathers them all). Each post is priced;
    ``choices`` also prices the other places a network's ``link`` setting offers.
    """
    templates = templates or templates_for(config)
    specs = registry.specs()
    option_types = {name: spec.post_option_types() for name, spec in specs.items()}
    for article in articles:
        try:
            overrides = parse_overrides(
                article.settings, where=article.source or article.id, networks=option_types
            )
        except UsageError as exc:
            # One error for the article, not one per network: it is the same mistake.
            failure = Failure(article_id=article.id, network="all networks", error=exc)
            yield Composition(article_id=article.id, network=failure.network, failure=failure)
            continue
        for network in networks:
            override = overrides.for_network(network.name)
            done = functools.partial(
                Composition, article_id=article.id, network=network.name, notes=override.describe()
            )
            if override.skip:
                yield done()
                continue
            spec = specs[network.name]
            options: dict[str, Any] = {**spec.configured_options(network), **override.options}
            if override.text is not None:
                options["text"] = override.text
            target = replace(article, lang=override.lang) if override.lang else article
            one = functools.partial(
                compose,
                target,
                network=spec,
                templates=templates,
                template=override.template or network.template,
                limits=limits[network.name],
                thread=network.thread if override.thread is None else override.thread,
                max_parts=network.thread_max_parts,
            )
            try:
                post = one(options=options)
            except SyndicatorError as exc:
                failure = Failure(article_id=article.id, network=network.name, error=exc)
                yield done(failure=failure)
                continue
            priced: tuple[tuple[str, Cost], ...] = ()
            if choices and "link" in spec.post_options:
                priced = tuple(
                    (place, estimate(one(options={**options, "link": place}), network.rates))
                    for place in LINK_PLACES
                )
            yield done(post=post, cost=estimate(post, network.rates), choices=priced)


def _publication_order(article: Article) -> tuple[float, str]:
    """Sort key: oldest first; undated articles last, by id for stability."""
    stamp = article.published.timestamp() if article.published else float("inf")
    return (stamp, article.id)


@dataclass(frozen=True, slots=True, kw_only=True)
class Run:
    """What one ``post`` run did: an outcome per (article, network), and source problems."""

    articles: tuple[Article, ...]
    outcomes: tuple[Outcome, ...]
    problems: tuple[SyndicatorError, ...] = ()
    #: One line per kind of file a folder skipped (``Gathered.skipped``).
    skipped: tuple[str, ...] = ()
    #: What the posts published in this run cost, and the quota they used, per network.
    spend: Mapping[str, Cost] = field(default_factory=frozen_mapping)

    @property
    def exit_code(self) -> int:
        """1 when a post failed or is unknown, else 2 when a source or template failed, else 0."""
        from .posting import exit_code  # lazy: a preview loads no posting machinery

        if exit_code(self.outcomes):
            return 1
        return 2 if self.problems else 0


def article_warnings(articles: Sequence[Article]) -> list[str]:
    """Return what was read with doubt, one line per article and warning (a bad date)."""
    return [
        f"{article.source or article.id}: {warning}"
        for article in articles
        for warning in article.extra.get("warnings", ())
    ]


def _undatable(gathered: Gathered, since: date | None) -> dict[str, SourceError]:
    """Return, by article id, an error for each listed article whose bad date ``since`` needs."""
    if since is None:
        return {}
    return {
        article.id: SourceError(
            article.source or article.id,
            f"{article.extra['date_unreadable']}, and since: {since.isoformat()} needs the "
            "date to tell whether to post this article; not posted until the date is fixed",
        )
        for article in gathered.articles
        if article.id in gathered.listed and article.extra.get("date_unreadable")
    }


def run_post(
    sources: Sequence[str],
    *,
    config: Config,
    names: tuple[str, ...] = (),
    state: StateTarget,
    post_all: bool = False,
    force: bool = False,
    max_posts: int | None = None,
    lock_timeout: float = 300.0,
    fields: ArticleFields | None = None,
    connector: Callable[[NetworkConfig, Path], Network] | None = None,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> Run:
    """Gather, hold back what a first run must not post, compose, publish and record.

    ``connector`` builds a network's adapter (default: its spec's); ``now`` is the
    clock the state's times and the networks' waits are read from.
    """
    from .posting import Outcome, Policy, Worker, first_run_skips, in_parallel
    from .posting.state import open_for_run, session_folder

    chosen = config.enabled(names)
    if not chosen:
        raise UsageError("no network is enabled: enable one in the config or name it with -n")
    gathered = gather(sources, config=config, fields=fields)
    if connector is None:
        connector = functools.partial(_connect, timeout=config.timeout)
    sessions = session_folder(state, config.folder)
    # A network that cannot be set up (a missing credential) is reported; the others post.
    networks: dict[str, Network] = {}
    unusable: list[UsageError] = []
    for network_config in chosen:
        try:
            networks[network_config.name] = connector(network_config, sessions)
        except UsageError as exc:
            unusable.append(exc)
    if not networks:
        raise UsageError("; ".join(str(exc) for exc in unusable))
    chosen = tuple(n for n in chosen if n.name in networks)
    undatable = _undatable(gathered, config.since)
    articles = tuple(a for a in gathered.articles if a.id not in undatable)
    named = frozenset(a.id for a in articles if a.id not in gathered.listed)
    plans = {n.name: plan_of(n) for n in chosen}
    with open_for_run(state, lock_timeout=lock_timeout, lease=config.lease, now=now) as store:
        # A network paced with first_run: drip posts a feed's backlog at its pace.
        drip = [n for n in networks if getattr(plans[n].pace, "first_run", "") == "drip"]
        rest = [n for n in networks if n not in drip]
        held: list[tuple[Article, str]] = []
        for group, everything in ((drip, True), (rest, post_all)):
            if group:
                held += first_run_skips(
                    [a for a in articles if a.id in gathered.listed],
                    group,
                    store,
                    collection=gathered.collection,
                    post_all=everything,
                    since=config.since,
                    complete=gathered.complete,
                )
        outcomes = [
            Outcome(article_id=a.id, network=n, status="skipped", detail="seen on a first run")
            for a, n in held
        ]
        done = {(a.id, n) for a, n in held}
        policy = Policy(
            force=force,
            post_skipped=post_all,
            named=named,
            max_posts=max_posts,
            now=now,
            account_wait=lock_timeout,
        )
        rows = store.get_many([a.id for a in articles], list(networks))
        for article in articles:
            for name in networks:
                row = rows.get((article.id, name))
                status = None if (article.id, name) in done else policy.settled(row)
                if status is not None and row is not None:
                    done.add((article.id, name))
                    outcomes.append(
                        Outcome(article_id=article.id, network=name, status=status, url=row.url)
                    )
        jobs = {}
        workers: list[Worker] = []
        templates = templates_for(config)  # one environment, shared by threads
        for network in chosen:
            todo = [a for a in articles if (a.id, network.name) not in done]
            if todo:
                worker = Worker(
                    networks[network.name],
                    store,
                    policy,
                    plans[network.name],
                    account=network.account(),
                )
                workers.append(worker)
                jobs[network.name] = functools.partial(
                    _compose_and_publish,
                    worker,
                    todo,
                    config=config,
                    network=network,
                    templates=templates,
                )
        outcomes += in_parallel(jobs)
    order = {article.id: index for index, article in enumerate(articles)}
    rank = {name: index for index, name in enumerate(registry.names())}
    outcomes.sort(key=lambda o: (order.get(o.article_id, 0), rank[o.network]))
    problems = (*gathered.errors, *unusable, *undatable.values())
    return Run(
        articles=articles,
        outcomes=tuple(outcomes),
        problems=problems,
        skipped=gathered.skipped,
        spend=frozen_mapping({w.network.name: total(w.spent) for w in workers if w.spent}),
    )


def plan_of(network: NetworkConfig) -> Plan:
    """Return a network's prices, budget and pace, as its config sets them."""
    from .posting.budget import Budget, Pace, Plan

    return Plan(
        rates=network.rates,
        budget=Budget(**network.budget) if network.budget else None,
        pace=Pace(**network.pace) if network.pace else None,
    )


def _connect(config: NetworkConfig, state_dir: Path, *, timeout: float) -> Network:
    """Build a network's adapter from its config (reads its secrets, does no I/O)."""
    return registry.connect(config, state_dir=state_dir, timeout=timeout)


def _compose_and_publish(
    worker: Worker,
    articles: Sequence[Article],
    *,
    config: Config,
    network: NetworkConfig,
    templates: Templates,
) -> list[Outcome]:
    """Read one network's limits, compose its posts and publish them, in its own thread.

    Each network goes at its own pace: none waits for another's limits.
    """
    from .posting import Outcome

    name = network.name
    try:
        limits = worker.network.limits()
    except Exception as exc:  # one network's trouble must not stop the others
        error = redact(str(exc) if isinstance(exc, NetworkError) else repr(exc))
        return [
            Outcome(article_id=a.id, network=name, status="failed", error=error) for a in articles
        ]
    failed: list[Outcome] = []
    skipped: list[Outcome] = []

    def posts() -> Iterator[Post]:
        """Yield each post as soon as it is composed: publishing starts with the first."""
        for done in compose_each(
            articles, config=config, networks=[network], limits={name: limits}, templates=templates
        ):
            if done.post is not None:
                yield done.post
            elif done.failure is not None:
                error = redact(str(done.failure.error))
                failed.append(
                    Outcome(article_id=done.article_id, network=name, status="failed", error=error)
                )
            else:
                skipped.append(
                    Outcome(
                        article_id=done.article_id,
                        network=name,
                        status="skipped",
                        detail="front matter says skip",
                    )
                )

    published = worker.run(posts())
    return failed + skipped + published
