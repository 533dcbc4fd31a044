"""``syndicator preview``: every post exactly as it would go out, with no credentials."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from .options import article_options, config_option, format_choice, network_option, resolve_config

if TYPE_CHECKING:  # composing loads when a preview runs, not for --help
    from ..costs import Cost
    from ..models import Post
    from ..pipeline import ArticleFields, Composition, Failure
    from .summary import SummaryRow

__all__ = ["preview"]


@click.command()
@click.argument("sources", nargs=-1)
@article_options
@network_option
@config_option
@format_choice("text", "json", "jsonl", "html")
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="With --format html: write the page to FILE (default: standard output).",
)
@click.option(
    "--open", "open_page", is_flag=True, help="With --format html: open the page in a browser."
)
def preview(
    *,
    sources: tuple[str, ...],
    fields: ArticleFields,
    networks: tuple[str, ...],
    config_path: Path | None,
    output_format: str,
    output: Path | None,
    open_page: bool,
) -> None:
    """Show every post as it would be published, with its length against the limit.

    SOURCES are feeds (RSS, Atom, JSON Feed), Markdown files or folders, HTML pages,
    plain-text articles (paths or URLs), or - for standard input; or no source and
    --title/--url for an article typed here. Nothing is posted and no credentials
    are needed.

    \b
    Examples:
        syndicator preview examples/threads-musk-meta.md -n bluesky
        syndicator preview --title "Nouvel article" --url https://example.org/a --lang fr
        syndicator preview content/posts --format html -o preview.html --open
    """
    if (output or open_page) and output_format != "html":
        raise click.UsageError("--output and --open go with --format html")
    from ..characters import printable
    from ..pipeline import article_warnings, compose_each, gather, preview_limits
    from ..redact import redact
    from . import error_line
    from .costs import cost_json
    from .render import failure_json, lang_origin, post_json, post_text
    from .stream import echo_batched, json_items, json_line, json_text

    config = resolve_config(config_path)
    chosen = config.enabled(networks)
    gathered = gather(sources, config=config, fields=fields)
    titles = {article.id: article.title for article in gathered.articles}
    articles = {article.id: article for article in gathered.articles}
    seen = _Seen(titles, summary=bool(os.environ.get("GITHUB_STEP_SUMMARY")))
    posts = seen.posts(
        compose_each(
            gathered.articles,
            config=config,
            networks=chosen,
            limits=preview_limits(chosen),
            choices=True,
        )
    )
    # Each post is written as it is composed: memory does not grow with the articles.
    if output_format == "json":
        click.echo('{\n  "posts": [', nl=False)
        count = echo_batched(
            json_items(
                (
                    {**post_json(p, lang_from=lang_origin(p, articles)), "cost": seen.cost_json()}
                    for p in posts
                ),
                depth=1,
            )
        )
        rest = {
            "spend": {network: cost_json(cost) for network, cost in seen.spend.items()},
            "errors": [
                {"source": exc.where, "error": type(exc).__name__, "message": redact(str(exc))}
                for exc in gathered.errors
            ]
            + [failure_json(failure) for failure in seen.failures],
            "skipped": list(gathered.skipped),
            "warnings": [redact(w) for w in article_warnings(gathered.articles)],
        }
        click.echo(("\n  ]," if count else "],") + json_text(rest)[1:])
    elif output_format == "jsonl":
        echo_batched(
            json_line(
                {**post_json(p, lang_from=lang_origin(p, articles)), "cost": seen.cost_json()}
            )
            for p in posts
        )
    elif output_format == "html":
        from .html import html_page, show_page

        shown, costs = [], {}
        for post in posts:  # a post's cost is known as it is yielded
            shown.append(post)
            costs[(post.article_id, post.network)] = seen.cost_lines(post)
        page = html_page(
            shown,
            articles=articles,
            failures=seen.failures,
            source_errors=gathered.errors,
            notes=seen.notes,
            warnings=article_warnings(gathered.articles),
            costs=costs,
            spend=seen.spend_lines(),
        )
        show_page(page, output=output, open_page=open_page)
    else:
        color = sys.stdout.isatty()
        blocks = (
            post_text(
                post,
                titles.get(post.article_id, post.url),
                notes=seen.notes.get((post.article_id, post.network), ()),
                lang_from=lang_origin(post, articles),
                color=color,
                costs=seen.cost_lines(post),
            )
            for post in posts
        )
        if echo_batched(("\n\n" if index else "") + b for index, b in enumerate(blocks)):
            click.echo()
            spend = seen.spend_lines()
            if spend:
                click.echo("\n" + "\n".join(spend))
        elif not (gathered.errors or seen.failures):
            click.echo("Nothing to preview: the sources hold no article.")
        for article_id, network in seen.skipped:
            title = printable(titles.get(article_id, article_id))
            click.echo(f"{network} · {title}: skipped (front matter)")
    if output_format not in ("json", "jsonl"):
        for line in gathered.skipped:
            click.echo(line, err=True)
        for warning in article_warnings(gathered.articles):
            click.echo(f"Warning: {printable(redact(warning))}", err=True)
    if seen.summary is not None:
        from .summary import append_step_summary, markdown_table

        append_step_summary(
            markdown_table("syndicator preview", seen.summary_rows(), seen.spend_lines())
        )
    problems = [str(exc) for exc in gathered.errors]
    problems += [
        f"{failure.network} · {titles.get(failure.article_id, failure.article_id)}: {failure.error}"
        for failure in seen.failures
    ]
    for problem in dict.fromkeys(problems):
        click.echo(f"Error: {error_line(problem)}", err=True)
    if problems:
        sys.exit(2)


class _Seen:
    """What composing came to besides the posts written: failures, skips, notes.

    With ``summary`` (a job summary is wanted), each post's summary row is kept too.
    """

    def __init__(self, titles: dict[str, str], *, summary: bool) -> None:
        self.titles = titles
        self.failures: list[Failure] = []
        self.skipped: list[tuple[str, str]] = []
        self.notes: dict[tuple[str, str], tuple[str, ...]] = {}
        self.summary: list[SummaryRow] | None = [] if summary else None
        #: The cost (and link choices) of the post last yielded, and each network's total.
        self.cost: Cost | None = None
        self.choices: tuple[tuple[str, Cost], ...] = ()
        self.spend: dict[str, Cost] = {}

    def posts(self, results: Iterable[Composition]) -> Iterator[Post]:
        """Yield the posts among ``results``, keeping the rest."""
        for done in results:
            if done.notes:
                self.notes[(done.article_id, done.network)] = done.notes
            if done.post is not None:
                self._priced(done)
                if self.summary is not None:
                    from .summary import SummaryRow

                    post = done.post
                    self.summary.append(
                        SummaryRow(
                            article=self.titles.get(post.article_id, post.url),
                            network=post.network,
                            length=post.length,
                            limit=post.limit,
                            status="would_post",
                            text="\n\n".join(part.text for part in post.parts),
                            cost=self._price(),
                        )
                    )
                yield done.post
            elif done.failure is not None:
                self.failures.append(done.failure)
            else:
                self.skipped.append((done.article_id, done.network))

    def _priced(self, done: Composition) -> None:
        """Keep what the post costs, and add it to its network's total."""
        from ..costs import total

        self.cost, self.choices = done.cost, done.choices
        if done.cost is not None:
            before = self.spend.get(done.network)
            self.spend[done.network] = total([before, done.cost]) if before else done.cost

    def _price(self) -> str | None:
        from ..pricing import format_money

        if self.cost is None or self.cost.currency is None:
            return None
        return format_money(self.cost.money, self.cost.currency)

    def cost_lines(self, post: Post) -> list[str]:
        """Return the preview's lines on the post's cost, its link choices and quota use."""
        from .costs import choice_line

        if self.cost is None:
            return []
        lines = [f"cost: {self.cost.describe()}"]
        if self.choices:
            chosen = str(post.options.get("link") or "post")
            lines.append(f"  {choice_line(self.choices, chosen)}")
        quotas = self.cost.quota_lines()
        if quotas:
            lines.append(f"quota: {', '.join(quotas)}")
        return lines

    def cost_json(self) -> dict[str, Any] | None:
        """Return the JSON form of the post's cost (None: not priced)."""
        from .costs import cost_json

        return cost_json(self.cost, self.choices) if self.cost is not None else None

    def spend_lines(self) -> list[str]:
        """Return one line per network: what the posts previewed would spend."""
        from .costs import spend_lines

        return spend_lines({n: [c] for n, c in self.spend.items()}, verb="would spend")

    def summary_rows(self) -> list[SummaryRow]:
        """Return one job-summary row per (article, network): would post, failed or skipped."""
        from .summary import SummaryRow

        rows = list(self.summary or [])
        rows += [
            SummaryRow(
                article=self.titles.get(failure.article_id, failure.article_id),
                network=failure.network,
                status="failed",
                error=str(failure.error),
            )
            for failure in self.failures
        ]
        rows += [
            SummaryRow(
                article=self.titles.get(article_id, article_id), network=network, status="skipped"
            )
            for article_id, network in self.skipped
        ]
        return rows
