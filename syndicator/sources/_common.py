"""Helpers every source uses to finish an Article: tags, language, images, ordering."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any

from ..models import Article, Image
from ._text import lang_tag, normalise, primary_lang

__all__ = ["chronological", "deep_freeze", "language", "make_images", "make_tags"]


def make_tags(values: Iterable[object]) -> tuple[str, ...]:
    """Return the tags as plain strings, trimmed, without empties or repeats (first wins)."""
    seen: set[str] = set()
    tags: list[str] = []
    for value in values:
        if value is None:
            continue
        tag = normalise(str(value)).lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


def language(*candidates: object, default: str) -> tuple[str, str | None]:
    """Return (primary subtag, full BCP-47 tag) of the first valid candidate, else the default.

    The Article carries the primary subtag ("fr"): Mastodon accepts only ISO 639 codes and
    Bluesky accepts any BCP-47 tag, so "fr" is valid everywhere. The full tag ("fr-FR") is
    kept for templates in ``extra["lang_tag"]``.
    """
    for candidate in candidates:
        primary = primary_lang(candidate)
        if primary:
            return primary, lang_tag(candidate)
    return primary_lang(default) or default, None


def make_images(pairs: Iterable[tuple[str | None, str | None]]) -> tuple[Image, ...]:
    """Return Images for (source, alt) pairs, skipping empty sources and repeats."""
    seen: set[str] = set()
    images: list[Image] = []
    for source, alt in pairs:
        if not source or source in seen:
            continue
        seen.add(source)
        images.append(Image(source, normalise(alt or "")))
    return tuple(images)


def deep_freeze(value: Any) -> Any:
    """Return ``value`` with lists as tuples and mappings as read-only mappings."""
    if isinstance(value, Mapping):
        return MappingProxyType({str(k): deep_freeze(v) for k, v in value.items()})
    if isinstance(value, list | tuple | set | frozenset):
        return tuple(deep_freeze(v) for v in value)
    return value


def chronological(articles: Sequence[Article]) -> tuple[Article, ...]:
    """Return articles oldest first; undated ones keep their place relative to the input.

    Feeds list newest first, so callers pass entries already reversed; a stable sort by
    date then keeps that order for ties.
    """
    if all(a.published is not None for a in articles):
        return tuple(sorted(articles, key=lambda a: _utc(a.published)))
    return tuple(articles)


def _utc(moment: datetime | None) -> float:
    return moment.timestamp() if moment is not None else 0.0
