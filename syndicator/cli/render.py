"""Turn posts and failures into the text people read and the JSON machines read.

The JSON keys are a stable interface: CI jobs read them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..characters import printable
from ..models import Article, Part, Post
from ..networks import registry
from ..redact import redact

if TYPE_CHECKING:
    from ..pipeline import Failure

__all__ = ["failure_json", "lang_origin", "post_json", "post_text"]


def post_json(post: Post, *, lang_from: str | None = None) -> dict[str, Any]:
    """Return the stable JSON form of a post; ``lang_from`` says where its language came from."""
    data: dict[str, Any] = {
        "network": post.network,
        "article_id": post.article_id,
        "url": post.url,
        "text": post.text,
        "thread": [_part_json(post, part) for part in post.thread],
        "length": post.length,
        "limit": post.limit,
        "truncated": post.truncated,
        "cut": list(post.cut),
        "lang": post.lang,
        "lang_from": lang_from,
        "media": [{"source": image.source, "alt": image.alt} for image in post.media],
        "template": post.template,
        "options": {k: v for k, v in post.options.items() if k != "text"},
        "notes": list(post.notes),
    }
    spec = registry.specs().get(post.network)
    if spec is not None and spec.facets is not None:
        data["facets"] = [facet.as_record() for facet in post.parts[0].facets]
    if spec is not None and spec.link_card:
        data["card"] = (
            {"uri": post.card.url, "title": post.card.title, "description": post.card.description}
            if post.card
            else None
        )
    return data


def _part_json(post: Post, part: Part) -> dict[str, Any]:
    data: dict[str, Any] = {"text": part.text, "length": part.length}
    spec = registry.specs().get(post.network)
    if spec is not None and spec.facets is not None:
        data["facets"] = [facet.as_record() for facet in part.facets]
    return data


def failure_json(failure: Failure) -> dict[str, Any]:
    """Return the JSON form of a composing failure."""
    return {
        "article_id": failure.article_id,
        "network": failure.network,
        "error": type(failure.error).__name__,
        "message": redact(str(failure.error)),
    }


def lang_origin(post: Post, articles: Mapping[str, Article]) -> str | None:
    """Return where a post's language came from ("front matter", "guessed from text")."""
    article = articles.get(post.article_id)
    if article is None:
        return None
    if post.lang != article.lang:
        return "front matter syndicator: lang"  # a per-network override
    origin = article.extra.get("lang_from")
    return str(origin) if origin else None


def post_text(
    post: Post,
    title: str,
    *,
    notes: Sequence[str] = (),
    lang_from: str | None = None,
    color: bool = False,
    costs: Sequence[str] = (),
) -> str:
    """Return a post as a block for people: header, facts, then the exact text.

    ``costs`` are lines on what the post costs and the quota it uses, shown last.

    Every value shown passes through ``printable``: a title or a file name cannot send
    an escape sequence to the terminal (the post text itself holds none, see compose).
    """
    spec = registry.specs().get(post.network)
    name = spec.display_name if spec is not None else post.network
    header = f"{name} · {_clip(printable(title), 72)}"
    lines = [click.style(header, bold=True) if color else header]
    parts = post.parts
    for number, part in enumerate(parts, start=1):
        facts = [_length(part.length, post.limit, color=color)]
        if len(parts) > 1:
            facts.insert(0, f"part {number}/{len(parts)}")
        if number == 1:
            origin = f" ({printable(lang_from)})" if lang_from and post.lang else ""
            facts.append(f"lang {post.lang or '(none)'}{origin}")
            if post.cut:
                facts.append("shortened: " + ", ".join(post.cut))
        lines.append("  " + " · ".join(facts))
        lines.extend(_boxed(printable(part.text)))
    for image in post.media:
        lines.append(f"  image: {printable(_shown(image.source))}")
        lines.append(f"    alt: {printable(image.alt)}" if image.alt else "    alt: (none)")
    lines.extend(f"  front matter: {printable(note)}" for note in notes)
    lines.extend(f"  note: {printable(note)}" for note in post.notes)
    if post.card and not post.media:
        lines.append(f"  link card: {_clip(printable(post.card.title), 72)}")
    for key, value in post.options.items():
        if key != "text" and value not in (None, "", False):
            lines.append(f"  {key}: {printable(str(value))}")
    lines.extend(f"  {line}" for line in costs)
    return "\n".join(lines)


def _clip(text: str, width: int) -> str:
    """Return ``text`` cut to ``width`` grapheme clusters for a header (display only)."""
    if len(text) <= width:
        return text
    from ..compose import graphemes

    bounds = graphemes.boundaries(text)
    if len(bounds) <= width + 1:
        return text
    return text[: bounds[width - 1]].rstrip() + "…"


def _shown(source: str) -> str:
    """Return an image path relative to the current folder when it is inside it."""
    if "://" in source:
        return source
    try:
        return str(Path(source).relative_to(Path.cwd()))
    except ValueError:
        return source


def _length(length: int, limit: int, *, color: bool) -> str:
    text = f"{length}/{limit}"
    if color:
        return click.style(text, fg="green" if length <= limit else "red")
    return text


def _boxed(text: str) -> Iterable[str]:
    yield "  ┌"
    for line in text.split("\n"):
        yield f"  │ {line}" if line else "  │"
    yield "  └"
