"""Hashtags from an article's tags: ``Elon Musk`` -> ``#ElonMusk``.

A tag becomes a hashtag when it is made of letters, marks, digits and underscores,
with words separated by spaces, hyphens, apostrophes or dots (each word then starts
with a capital letter: ``réseaux sociaux`` -> ``#RéseauxSociaux``). Tags holding other
characters (``C++``), made only of digits (X does not link ``#2023``) or longer than
Bluesky's 64 graphemes are dropped, and so are duplicates (ignoring case).
"""

from __future__ import annotations

from collections.abc import Iterable

import regex as re

from . import graphemes

__all__ = ["HASHTAG", "hashtags", "to_hashtag"]

# app.bsky.richtext.facet#tag: maxGraphemes 64 (PLATFORMS.md §3.1).
_MAX_TAG_GRAPHEMES = 64
_SEPARATORS = re.compile(r"[\s\-'’.·_]+")
_WORD = re.compile(r"^[^\W_]+$")
_ALLOWED = re.compile(r"^[\w\s\-'’.·]+$")

#: A hashtag in text: ``#`` after a non-word character, then word characters.
HASHTAG = re.compile(r"(?<![\w&/#])#(\w*[^\W\d]\w*)")


def to_hashtag(tag: str) -> str | None:
    """Return ``tag`` as a hashtag (with ``#``), or None when it cannot be one."""
    tag = tag.strip().lstrip("#＃").strip()
    if not tag or not _ALLOWED.match(tag):
        return None
    words = [word for word in _SEPARATORS.split(tag) if word]
    if not words or not all(_WORD.match(word) for word in words):
        return None
    body = words[0] if len(words) == 1 else "".join(w[:1].upper() + w[1:] for w in words)
    if body.isdigit() or not any(char.isalpha() for char in body):
        return None
    if graphemes.count(body) > _MAX_TAG_GRAPHEMES:
        return None
    return "#" + body


def hashtags(tags: Iterable[str]) -> tuple[str, ...]:
    """Return the hashtags of ``tags`` in order, without duplicates (ignoring case)."""
    seen: set[str] = set()
    found: list[str] = []
    for tag in tags:
        hashtag = to_hashtag(tag)
        if hashtag is None or hashtag.casefold() in seen:
            continue
        seen.add(hashtag.casefold())
        found.append(hashtag)
    return tuple(found)
