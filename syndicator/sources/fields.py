"""An Article from fields given on the command line (``--title --url --summary ...``).

The values are taken as the plain text a person typed: whitespace is normalised, but
nothing that looks like HTML is dropped or unescaped ("Use <div>" stays as written).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ..errors import SourceError
from ..models import Article, frozen_mapping
from ._common import language, make_images, make_tags
from ._text import clean_url, is_absolute_url, normalise, primary_lang, url_problem

__all__ = ["from_fields"]


def from_fields(
    *,
    title: str,
    url: str,
    summary: str = "",
    tags: Sequence[str] = (),
    lang: str | None = None,
    image: str | None = None,
    image_alt: str = "",
    default_lang: str = "en",
) -> Article:
    """Return the Article described by command-line fields; the id is the cleaned URL."""
    clean_title = normalise(title)
    if not clean_title:
        raise SourceError("--title", "is empty: give the article's title")
    canonical = clean_url(url)
    if not is_absolute_url(canonical):
        raise SourceError("--url", f"{url!r} {url_problem(canonical)}: give the article's address")
    if lang is not None and lang.strip() and primary_lang(lang) is None:
        raise SourceError("--lang", f"{lang!r} is not a language tag such as fr or en-US")
    chosen = language(
        ("--lang", lang), text=f"{clean_title}\n{normalise(summary)}", default=default_lang
    )
    split_tags = [part for value in tags for part in value.split(",")]
    return Article(
        id=canonical,
        url=canonical,
        title=clean_title,
        summary=normalise(summary),
        tags=make_tags(split_tags),
        lang=chosen.code,
        images=make_images([(_image(image), image_alt)]),
        source="command line",
        extra=frozen_mapping(chosen.extra()),
    )


def _image(image: str | None) -> str | None:
    """Return an image URL as given, a path made absolute (so a later chdir cannot lose it)."""
    if not image or not image.strip():
        return None
    image = image.strip()
    return image if is_absolute_url(image) else str(Path(image).expanduser().resolve())
