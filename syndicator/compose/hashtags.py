"""Hashtags from an article's tags: ``Elon Musk`` -> ``#ElonMusk``, one rule for every network.

The rule: a hashtag is ``#`` then letters, combining marks and decimal digits of any
script (``\\p{L}``, ``\\p{M}``, ``\\p{Nd}``), at least one letter, at most Bluesky's 64
grapheme clusters. A ZWNJ (U+200C) between two of them is kept (Persian ``#می‌خواهم``);
so is a middle dot (``·`` ``・``: Catalan ``#Col·legi``); a ZWJ is dropped (only the
rendering changes). Apostrophes (``'`` ``’`` ``‘`` ``ʼ``) are dropped inside a word
(``Women's suffrage`` -> ``#WomensSuffrage``, ``McDonald’s`` -> ``#McDonalds``). Spaces,
hyphens, dots and underscores separate words, and each word then starts with a capital
(``réseaux sociaux`` ->
``#RéseauxSociaux``); a single word keeps its case (``iPhone``). Any other character
(``C++``, an emoji), a tag of digits only (X does not link ``#2023``) or a too long one
drops the tag, and so do duplicates (ignoring case).

Why this rule: it is what all three networks take whole. twitter-text 3.1.0's hashtag
(``regexp/hashtagAlpha.js``, ``hashtagAlphaNumeric.js``, ``hashtagSpecialChars.js``)
takes ``\\p{L}\\p{M}\\p{Nd}_``, ZWJ, ZWNJ and a few more, with at least one
``\\p{L}\\p{M}``; Mastodon's Tag::Naming (app/models/concerns/tag/naming.rb) takes
``[[:word:]]`` (letters, marks, digits, ``_``) with ``_ · ・`` and ZWNJ as separators
inside, and a letter somewhere, but no ZWJ; Bluesky shows exactly the tag facets we
send (app.bsky.richtext.facet#tag: at most 64 graphemes, 640 bytes).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

import regex as re

from . import graphemes

__all__ = ["HASHTAG", "hashtags", "to_hashtag"]

# app.bsky.richtext.facet#tag: maxGraphemes 64 (docs/platforms.md §3.1).
_MAX_TAG_GRAPHEMES = 64
_APOSTROPHES = re.compile(r"['’‘ʼ]")
_SEPARATORS = re.compile(r"[\s\-._]+")
_JOINERS = "\u200c·・"
# Letters, marks and digits, with a ZWNJ or a middle dot only between two of them.
_WORD = re.compile(r"^[\p{L}\p{M}\p{Nd}]+(?:[\u200c·・][\p{L}\p{M}\p{Nd}]+)*$")

#: A hashtag in text: ``#`` after a non-word character, then word characters (``regex``'s
#: ``\w`` holds marks, ZWNJ and ZWJ) joined by middle dots, with a letter somewhere.
HASHTAG = re.compile(r"(?<![\w&/#])#(?=[\w·・]*[^\W\d])(\w+(?:[·・]\w+)*)")


@lru_cache(maxsize=1024)  # sites reuse their tags, article after article
def to_hashtag(tag: str) -> str | None:
    """Return ``tag`` as a hashtag (with ``#``), or None when it cannot be one."""
    tag = _APOSTROPHES.sub("", tag.replace("\u200d", "")).strip().lstrip("#＃").strip()
    words = [word.strip(_JOINERS) for word in _SEPARATORS.split(tag)]
    words = [word for word in words if word]
    if not words or not all(_WORD.match(word) for word in words):
        return None
    body = words[0] if len(words) == 1 else "".join(w[:1].title() + w[1:] for w in words)
    if not any(char.isalpha() for char in body):
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
