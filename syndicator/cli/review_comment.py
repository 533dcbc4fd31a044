"""The pull-request review comment: what each article a pull request adds or changes would post.

``changed_sources`` picks, among the files a pull request touches, the ones the Action's
sources read; ``review_comment`` turns their preview into one Markdown body: per article
a table (network, length against the limit, what was cut, warnings) and the post texts
folded under it. The body starts with ``MARKER``, a hidden HTML comment by which the
Action finds its comment again and edits it instead of adding a second one.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path

from ..errors import SyndicatorError
from ..models import Article, Post
from ..pipeline import Failure
from ..redact import redact
from .summary import cell, folded, inline

__all__ = ["MARKER", "changed_sources", "review_comment"]

#: The first line of the comment: how the Action recognises its own comment.
MARKER = "<!-- syndicator:review -->"
#: Files inside a source folder that are articles (what a folder source reads).
_ARTICLE_SUFFIXES = (".md", ".markdown")


def changed_sources(sources: Sequence[str], changed: Iterable[str], *, root: Path) -> list[str]:
    """Return the ``changed`` files (relative to ``root``) that are sources or articles in one.

    A changed file that is itself a source (a feed file, an article) counts whatever its
    kind; inside a source folder only Markdown articles do. Removed files and URLs never
    count: there is nothing to preview.
    """
    local = [(root / source).resolve() for source in sources if "://" not in source]
    picked = []
    for name in changed:
        path = (root / name).resolve()
        if not path.is_file():
            continue
        if any(path == source for source in local) or (
            path.suffix.lower() in _ARTICLE_SUFFIXES
            and any(source in path.parents for source in local)
        ):
            picked.append(name)
    return picked


def review_comment(
    posts: Sequence[Post],
    *,
    articles: Mapping[str, Article],
    failures: Sequence[Failure] = (),
    source_errors: Sequence[SyndicatorError] = (),
    warnings: Sequence[str] = (),
    names: Mapping[str, str] | None = None,
    changed: int = 0,
    page: str = "",
) -> str:
    """Return the comment's Markdown: a table per article, the texts folded under it."""
    names = names or {}
    lines = [MARKER, "### syndicator: what this pull request would post", ""]
    if not changed:
        lines.append("This pull request adds or changes no article that the sources read.")
    else:
        lines.append(
            f"{changed} article file{'s' if changed != 1 else ''} added or changed. Nothing "
            "is posted before the pull request is merged."
            + (
                f" Every post drawn as each network shows it: [HTML preview]({page})."
                if page
                else ""
            )
        )
    lines.append("")
    for exc in source_errors:
        lines.append(f"❌ {cell(redact(str(exc)))}")
        lines.append("")
    order: dict[str, list[Post]] = {}
    for post in posts:
        order.setdefault(post.article_id, []).append(post)
    for failure in failures:
        order.setdefault(failure.article_id, [])
    for article_id, article_posts in order.items():
        article = articles.get(article_id)
        title = article.title if article else article_id
        lines += [f"#### {inline(title)}", ""]
        lines += ["| Network | Length | Cut | Warnings |", "|---|--:|---|---|"]
        notes = [
            w for w in warnings if article and w.startswith(f"{article.source or article.id}:")
        ]
        for post in article_posts:
            lines.append(_row(post, names.get(post.network, post.network), notes))
        for failure in failures:
            if failure.article_id == article_id:
                name = names.get(failure.network, failure.network)
                error = f"❌ {type(failure.error).__name__}: {redact(str(failure.error))}"
                lines.append(f"| {cell(name)} | | | {cell(error)} |")
        lines.append("")
        for post in article_posts:
            text = "\n\n".join(part.text for part in post.parts)
            lines += folded(f"{names.get(post.network, post.network)} · {title}", text)
    return "\n".join(lines).rstrip() + "\n"


def _row(post: Post, name: str, notes: Sequence[str]) -> str:
    """Return the table row of one post."""
    longest = max(part.length for part in post.parts)
    length = f"{post.length} / {post.limit}"
    if len(post.parts) > 1:
        length += f" ({len(post.parts)} parts)"
    warnings = [*notes, *post.notes]  # the article's, then compose's (an image left out)
    if longest > post.limit:
        warnings.append(f"over the limit by {longest - post.limit}")
    warnings += ["an image has no alt text" for image in post.media if not image.alt][:1]
    cut = ", ".join(post.cut) or "nothing"
    return f"| {cell(name)} | {length} | {cell(cut)} | {cell('; '.join(warnings) or '—')} |"
