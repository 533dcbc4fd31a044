"""``syndicator preview``: every post exactly as it would go out, with no credentials."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from .options import article_options, config_option, format_choice, network_option, resolve_config

if TYPE_CHECKING:  # composing loads when a preview runs, not for --help
    from ..pipeline import ArticleFields, Composed
    from .summary import SummaryRow

__all__ = ["preview"]


@click.command()
@click.argument("sources", nargs=-1)
@article_options
@network_option
@config_option
@format_choice("text", "json", "html")
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
    from ..pipeline import article_warnings, compose_posts, gather, preview_limits
    from ..redact import redact
    from . import error_line
    from .render import failure_json, json_text, lang_origin, post_json, post_text
    from .summary import append_step_summary, markdown_table

    config = resolve_config(config_path)
    chosen = config.enabled(networks)
    gathered = gather(sources, config=config, fields=fields)
    composed = compose_posts(
        gathered.articles, config=config, networks=chosen, limits=preview_limits(chosen)
    )
    titles = {article.id: article.title for article in gathered.articles}
    articles = {article.id: article for article in gathered.articles}
    if output_format == "json":
        document = {
            "posts": [
                post_json(post, lang_from=lang_origin(post, articles)) for post in composed.posts
            ],
            "errors": [
                {"source": exc.where, "error": type(exc).__name__, "message": redact(str(exc))}
                for exc in gathered.errors
            ]
            + [failure_json(failure) for failure in composed.failures],
            "skipped": list(gathered.skipped),
            "warnings": [redact(w) for w in article_warnings(gathered.articles)],
        }
        click.echo(json_text(document))
    elif output_format == "html":
        from .html import html_page, show_page

        page = html_page(
            composed.posts,
            articles=articles,
            failures=composed.failures,
            source_errors=gathered.errors,
            notes=composed.notes,
            warnings=article_warnings(gathered.articles),
        )
        show_page(page, output=output, open_page=open_page)
    else:
        color = sys.stdout.isatty()
        blocks = [
            post_text(
                post,
                titles.get(post.article_id, post.url),
                notes=composed.notes.get((post.article_id, post.network), ()),
                lang_from=lang_origin(post, articles),
                color=color,
            )
            for post in composed.posts
        ]
        if blocks:
            click.echo("\n\n".join(blocks))
        elif not (gathered.errors or composed.failures):
            click.echo("Nothing to preview: the sources hold no article.")
        for article_id, network in composed.skipped:
            title = printable(titles.get(article_id, article_id))
            click.echo(f"{network} · {title}: skipped (front matter)")
    if output_format != "json":
        for line in gathered.skipped:
            click.echo(line, err=True)
        for warning in article_warnings(gathered.articles):
            click.echo(f"Warning: {printable(redact(warning))}", err=True)
    append_step_summary(markdown_table("syndicator preview", _summary_rows(composed, titles)))
    problems = [str(exc) for exc in gathered.errors]
    problems += [
        f"{failure.network} · {titles.get(failure.article_id, failure.article_id)}: {failure.error}"
        for failure in composed.failures
    ]
    for problem in dict.fromkeys(problems):
        click.echo(f"Error: {error_line(problem)}", err=True)
    if problems:
        sys.exit(2)


def _summary_rows(composed: Composed, titles: dict[str, str]) -> list[SummaryRow]:
    """Return one job-summary row per (article, network): would post, failed or skipped."""
    from .summary import SummaryRow

    rows = [
        SummaryRow(
            article=titles.get(post.article_id, post.url),
            network=post.network,
            length=post.length,
            limit=post.limit,
            status="would post",
            text="\n\n".join(part.text for part in post.parts),
        )
        for post in composed.posts
    ]
    rows += [
        SummaryRow(
            article=titles.get(failure.article_id, failure.article_id),
            network=failure.network,
            status="failed",
            error=str(failure.error),
        )
        for failure in composed.failures
    ]
    rows += [
        SummaryRow(article=titles.get(article_id, article_id), network=network, status="skipped")
        for article_id, network in composed.skipped
    ]
    return rows
