"""Helpers every source uses to finish an Article: tags, language, images, ordering."""

from __future__ import annotations

import html
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from types import MappingProxyType
from typing import Any

from ..models import Article, Image
from ._text import lang_tag, normalise, primary_lang

__all__ = [
    "Language",
    "chronological",
    "deep_freeze",
    "language",
    "make_images",
    "make_tags",
]


def make_tags(values: Iterable[object]) -> tuple[str, ...]:
    """Return the tags as plain strings (entities decoded), trimmed, without empties or repeats."""
    seen: set[str] = set()
    tags: list[str] = []
    for value in values:
        if value is None:
            continue
        text = str(value)
        if "&" in text:  # sites write entities in JSON-LD and feed categories
            text = html.unescape(text)
        tag = normalise(text).lstrip("#").strip()
        if tag and tag.casefold() not in seen:
            seen.add(tag.casefold())
            tags.append(tag)
    return tuple(tags)


@dataclass(frozen=True, slots=True)
class Language:
    """An article's language: primary subtag, full BCP-47 tag, and where it was found.

    The Article carries the primary subtag ("fr"): Mastodon accepts only ISO 639 codes and
    Bluesky accepts any BCP-47 tag, so "fr" is valid everywhere. The full tag ("fr-FR")
    goes to templates as ``extra["lang_tag"]``; ``source`` ("front matter", "guessed
    from text", ...) goes to ``extra["lang_from"]`` for the preview.
    """

    code: str
    tag: str | None
    source: str

    def extra(self) -> dict[str, str]:
        """Return the ``extra`` entries an Article carries for this language."""
        found = {"lang_from": self.source}
        if self.tag:
            found["lang_tag"] = self.tag
        return found


def language(
    *declared: tuple[str, object],
    site: tuple[str, object] | None = None,
    text: str = "",
    default: str,
) -> Language:
    """Decide an article's language, the same way for every source.

    In order: the first valid tag the source declares (``declared``: (where, value)
    pairs, e.g. ("front matter", "fr"), ("feed <language>", "de-DE")); the site
    generator's language (``site``: (where, value)); the language of ``text`` when the
    guess is confident; else ``default``.
    """
    candidates = [*declared, site] if site is not None else list(declared)
    for where, value in candidates:
        primary = primary_lang(value)
        if primary:
            return Language(primary, lang_tag(value), where)
    if text.strip():
        from ._guess import guess_language  # lazy: the model loads only when needed

        guessed = guess_language(text)
        if guessed:
            return Language(guessed, None, "guessed from text")
    return Language(primary_lang(default) or default, None, "default_lang")


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
