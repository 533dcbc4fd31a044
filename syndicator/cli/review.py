"""``syndicator review``: one pull-request comment showing what the changed articles would post."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Mapping
from pathlib import Path

import click

from ..errors import GitHubError, UsageError
from .options import config_option, network_option, resolve_config

__all__ = ["review"]


@click.command()
@click.argument("sources", nargs=-1, required=True)
@network_option
@config_option
@click.option(
    "--pull-request",
    "number",
    type=click.IntRange(min=1),
    help="The pull request's number (default: the one of the event in GITHUB_EVENT_PATH).",
)
@click.option(
    "--html",
    "html_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Also write the HTML preview page of the changed articles to this file.",
)
@click.option("--page-link", default="", help="Where reviewers find that page, for the comment.")
def review(
    *,
    sources: tuple[str, ...],
    networks: tuple[str, ...],
    config_path: Path | None,
    number: int | None,
    html_path: Path | None,
    page_link: str,
) -> None:
    """Comment on a pull request what the articles it adds or changes would post.

    Only the files of the pull request that SOURCES read are previewed. One comment is
    kept: a later run edits it. Nothing is posted to any network and no state is written.
    GitHub Actions sets what it reads: GITHUB_TOKEN, GITHUB_REPOSITORY, GITHUB_API_URL
    and GITHUB_EVENT_PATH.

    \b
    Example (in a pull_request workflow; the Action runs it for you):
        syndicator review content/posts --html preview.html
    """
    environ = os.environ
    # Loaded here, not for --help: composing, the page and the GitHub client.
    from ..pipeline import (
        Composed,
        Gathered,
        article_warnings,
        compose_posts,
        gather,
        preview_limits,
    )
    from . import error_line
    from .github import GitHub
    from .html import display_name, html_page
    from .review_comment import MARKER, changed_sources, review_comment
    from .summary import append_step_summary

    github = GitHub(
        api_url=environ.get("GITHUB_API_URL") or "https://api.github.com",
        repository=_needed(environ, "GITHUB_REPOSITORY"),
        token=_needed(environ, "GITHUB_TOKEN"),
    )
    number = number or _event_pull_request(environ)
    config = resolve_config(config_path)
    chosen = config.enabled(networks)
    changed = changed_sources(sources, github.changed_files(number), root=Path.cwd())
    gathered = gather(changed, config=config) if changed else Gathered((), ())
    composed = (
        compose_posts(
            gathered.articles, config=config, networks=chosen, limits=preview_limits(chosen)
        )
        if gathered.articles
        else Composed((), ())
    )
    articles = {article.id: article for article in gathered.articles}
    warnings = article_warnings(gathered.articles)
    if html_path is not None:
        page = html_page(
            composed.posts,
            articles=articles,
            failures=composed.failures,
            source_errors=gathered.errors,
            notes=composed.notes,
            warnings=warnings,
        )
        html_path.parent.mkdir(parents=True, exist_ok=True)
        html_path.write_text(page, encoding="utf-8")
    body = review_comment(
        composed.posts,
        articles=articles,
        failures=composed.failures,
        source_errors=gathered.errors,
        warnings=warnings,
        names={network.name: display_name(network.name) for network in chosen},
        changed=len(changed),
        page=page_link,
    )
    try:
        done, comment_id = github.keep_comment(number, body, marker=MARKER)
    except GitHubError as exc:
        # A fork's pull request gets a read-only token: the summary still has it all.
        click.echo(f"Warning: the review comment was not written: {error_line(exc)}", err=True)
    else:
        click.echo(f"Review comment {done} on pull request #{number} (comment {comment_id}).")
    append_step_summary(body)
    problems = [str(exc) for exc in gathered.errors]
    problems += [f"{f.network}: {f.error}" for f in composed.failures]
    for problem in dict.fromkeys(problems):
        click.echo(f"Error: {error_line(problem)}", err=True)
    if problems:
        sys.exit(2)


def _needed(environ: Mapping[str, str], name: str) -> str:
    value = environ.get(name, "")
    if not value:
        raise UsageError(f"environment variable {name} is not set; GitHub Actions sets it")
    return value


def _event_pull_request(environ: Mapping[str, str]) -> int:
    """Return the number of the pull request in the event GitHub describes in GITHUB_EVENT_PATH."""
    path = _needed(environ, "GITHUB_EVENT_PATH")
    try:
        event = json.loads(Path(path).read_text("utf-8"))
        return int(event["pull_request"]["number"])
    except (OSError, ValueError, KeyError, TypeError):
        raise UsageError(
            f"{path}: no pull request in this event; give --pull-request NUMBER"
        ) from None
