"""``syndicator post``: publish what is not yet published, exactly once, and report it."""

from __future__ import annotations

import json
import math
import sys
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click
from click.core import ParameterSource

from ..errors import SyndicatorError
from ..statuses import OutcomeStatus, mark, words
from .options import (
    article_options,
    config_option,
    format_option,
    network_option,
    resolve_config,
    state_option,
)
from .preview import preview

if TYPE_CHECKING:  # the run's machinery loads when a run starts, not for --help
    from ..pipeline import ArticleFields, Run
    from ..posting.outcomes import Outcome
    from ..state_target import StateTarget

__all__ = ["outcome_json", "post", "run_json", "run_text"]


@click.command()
@click.argument("sources", nargs=-1)
@article_options
@network_option
@config_option
@state_option
@format_option
@click.option(
    "--dry-run",
    is_flag=True,
    help="Show what would be posted (the preview); write and send nothing.",
)
@click.option(
    "--max-posts",
    type=click.IntRange(min=0),
    metavar="N",
    help="Publish at most N posts per network in this run; the rest wait for "
    "the next run (default: the config's max_posts, else no cap).",
)
@click.option(
    "--all",
    "post_all",
    is_flag=True,
    help="Post what a feed or folder already held on a first run, and what was "
    "skipped before, instead of marking it as seen.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Publish again what is 'unknown' (after checking by hand that it is not on the "
    "network), and retry now what a network asked to wait for.",
)
@click.option(
    "--write-back/--no-write-back",
    default=None,
    help="Add the links of what was posted to each Markdown article's front matter "
    "(syndication:) (default: the config's write_back).",
)
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0, max=86_400),
    callback=lambda ctx, param, value: _finite(param, value),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for another run on the same state file, or for another "
    "runner posting for the same account on a shared database (then left to it; "
    "0: do not wait), to finish.",
)
@click.pass_context
def post(
    ctx: click.Context,
    *,
    sources: tuple[str, ...],
    fields: ArticleFields,
    networks: tuple[str, ...],
    config_path: Path | None,
    state_path: StateTarget | None,
    output_format: str,
    dry_run: bool,
    max_posts: int | None,
    post_all: bool,
    force: bool,
    write_back: bool | None,
    lock_timeout: float,
) -> None:
    """Publish every article not yet published, once per network.

    SOURCES are what preview takes: feeds, Markdown files or folders, pages,
    plain text, or --title and --url for an article typed here. On the first run
    over a feed or a folder, the articles already there are marked as seen and
    nothing is posted (unless --all, or a since: date in the config); later runs
    post what is new. An article named by itself is posted. What went where is kept
    in the state database: a rerun never posts twice.

    Exit status: 0 when everything was published or skipped, 1 when a post failed or
    is unknown (see `syndicator history`), 2 for a usage or config error.

    \b
    Example:
        syndicator post https://example.org/feed.xml -n mastodon -n bluesky
        syndicator post --title "Nouvel article" --url https://example.org/a --dry-run
    """
    if dry_run:
        _warn_ignored(ctx)
        ctx.invoke(
            preview,
            sources=sources,
            networks=networks,
            config_path=config_path,
            output_format=output_format,
            **asdict(fields),
        )
        return
    from ..pipeline import article_warnings, run_post
    from ..redact import redact
    from . import error_line
    from .summary import SummaryRow, append_step_summary, markdown_table

    config = resolve_config(config_path)
    run = run_post(
        sources,
        config=config,
        names=networks,
        state=state_path or config.state,
        post_all=post_all,
        force=force,
        max_posts=max_posts if max_posts is not None else config.max_posts,
        lock_timeout=lock_timeout,
        fields=fields,
    )
    titles = {article.id: article.title for article in run.articles}
    problems: list[SyndicatorError] = list(run.problems)
    if config.write_back if write_back is None else write_back:
        problems += add_links(run)
    code = run.exit_code or (2 if problems else 0)
    if output_format == "json":
        document = run_json(run, titles, problems=problems, code=code)
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
    else:
        click.echo(run_text(run, titles))
        for line in run.skipped:
            click.echo(line, err=True)
        for warning in article_warnings(run.articles):
            click.echo(f"Warning: {redact(warning)}", err=True)
    for problem in problems:
        click.echo(f"Error: {error_line(problem)}", err=True)
    append_step_summary(
        markdown_table(
            "syndicator post",
            [
                SummaryRow(
                    article=titles.get(o.article_id, o.article_id),
                    network=o.network,
                    length=o.length,
                    limit=o.limit,
                    status=o.status,
                    link=o.url,
                    error=o.error or o.detail,
                    cost=_money(o),
                )
                for o in run.outcomes
            ],
            _spent(run),
        )
    )
    sys.exit(code)


#: Options a dry run has no use for: it posts nothing and opens no state.
_POSTING_ONLY = ("force", "post_all", "write_back", "max_posts", "lock_timeout", "state_path")


def _warn_ignored(ctx: click.Context) -> None:
    """Say on stderr which of the given options a dry run ignores."""
    for param in ctx.command.params:
        if param.name in _POSTING_ONLY and ctx.get_parameter_source(param.name) in (
            ParameterSource.COMMANDLINE,
            ParameterSource.ENVIRONMENT,
        ):
            flag = max(param.opts, key=len)
            click.echo(f"Warning: {flag} does nothing with --dry-run (nothing is posted)", err=True)


def _finite(param: click.Parameter, value: float) -> float:
    """Refuse NaN, which passes FloatRange's comparisons."""
    if math.isnan(value):
        raise click.BadParameter("must be a number of seconds, not nan", param=param)
    return value


def add_links(run: Run) -> list[SyndicatorError]:
    """Add each Markdown article's post URLs to its front matter; return what failed."""
    from ..writeback import add_syndication_links

    failures: list[SyndicatorError] = []
    for article in run.articles:
        path = Path(article.source)
        urls = [
            o.url
            for o in run.outcomes
            if o.article_id == article.id and o.url and o.status.endswith("published")
        ]
        if urls and path.suffix.lower() in (".md", ".markdown") and path.is_file():
            try:
                add_syndication_links(path, urls)
            except SyndicatorError as exc:
                failures.append(exc)
    return failures


def outcome_json(outcome: Outcome, title: str) -> dict[str, Any]:
    """Return the stable JSON form of one (article, network) outcome."""
    return {
        "article_id": outcome.article_id,
        "title": title,
        "network": outcome.network,
        "status": outcome.status,
        "url": outcome.url,
        "error": outcome.error,
        "detail": outcome.detail,
        "length": outcome.length,
        "limit": outcome.limit,
        "cost": _money_json(outcome),
    }


def run_json(
    run: Run, titles: dict[str, str], *, problems: list[SyndicatorError], code: int
) -> dict[str, Any]:
    """Return the JSON document of a run: outcomes, source errors, exit code."""
    from ..pipeline import article_warnings
    from ..redact import redact
    from .costs import cost_json

    return {
        "outcomes": [outcome_json(o, titles.get(o.article_id, o.article_id)) for o in run.outcomes],
        "errors": [{"error": type(e).__name__, "message": redact(str(e))} for e in problems],
        "skipped": list(run.skipped),
        "warnings": [redact(w) for w in article_warnings(run.articles)],
        "spend": {network: cost_json(cost) for network, cost in run.spend.items()},
        "exit_code": code,
    }


def run_text(run: Run, titles: dict[str, str]) -> str:
    """Return the run for people: each article, then one line per network."""
    if not run.outcomes:
        return "Nothing to post: the sources hold no article."
    lines: list[str] = []
    current = None
    for outcome in run.outcomes:
        if outcome.article_id != current:
            current = outcome.article_id
            lines.append(titles.get(current, current))
        line = f"  {mark(outcome.status)} {outcome.network:<9} {words(outcome.status)}"
        extra = [x for x in (outcome.url, outcome.error, outcome.detail, _money(outcome)) if x]
        if extra:
            line += ": " + " · ".join(extra)
        lines.append(line)
    counts: dict[OutcomeStatus, int] = {}
    for outcome in run.outcomes:
        counts[outcome.status] = counts.get(outcome.status, 0) + 1
    lines.append(", ".join(f"{n} {words(s)}" for s, n in counts.items()))
    lines.extend(_spent(run))
    return "\n".join(lines)


def _money(outcome: Outcome) -> str | None:
    """Return what a post cost as a line shows it ("$0.200"); None where posting is free."""
    from ..pricing import format_money

    if outcome.cost is None or outcome.currency is None:
        return None
    return format_money(outcome.cost, outcome.currency)


def _money_json(outcome: Outcome) -> dict[str, Any] | None:
    from .costs import money_json

    return money_json(outcome.cost, outcome.currency) if outcome.cost is not None else None


def _spent(run: Run) -> list[str]:
    """Return one line per network on what this run spent and the quota it used."""
    from .costs import spend_lines

    return spend_lines({network: [cost] for network, cost in run.spend.items()}, verb="spent")
