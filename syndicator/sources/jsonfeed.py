"""JSON Feed 1.0 and 1.1 (https://jsonfeed.org/version/1.1), read with the json module.

feedparser 6 does not read JSON Feed, and the format is small enough to map by hand.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from ..errors import SourceError
from ..models import Article
from ._common import chronological, deep_freeze, language, make_images, make_tags
from ._text import (
    clean_url,
    first_paragraph,
    html_blocks,
    html_to_text,
    is_absolute_url,
    normalise,
    parse_datetime,
    url_problem,
)
from .boilerplate import clean_summary, drop_boilerplate

__all__ = ["is_json_feed", "parse_json_feed"]


def is_json_feed(data: bytes) -> bool:
    """Tell whether ``data`` looks like a JSON Feed (a JSON object naming jsonfeed.org)."""
    head = data[:4096].lstrip(b"\xef\xbb\xbf \t\r\n")
    return head.startswith(b"{") and b"jsonfeed.org" in head


def parse_json_feed(
    data: bytes, *, where: str, default_lang: str
) -> tuple[tuple[Article, ...], tuple[SourceError, ...]]:
    """Return the JSON Feed's articles (oldest first) and the items that could not be read."""
    try:
        document = json.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise SourceError(where, f"not UTF-8 text ({exc.reason}); a JSON Feed must be") from None
    except json.JSONDecodeError as exc:
        raise SourceError(f"{where}, line {exc.lineno}", f"not valid JSON ({exc.msg})") from None
    if not isinstance(document, dict) or not isinstance(document.get("items"), list):
        raise SourceError(where, "not a JSON Feed: no top-level object with an 'items' list")
    articles: list[Article] = []
    errors: list[SourceError] = []
    for index, item in enumerate(document["items"]):
        place = f"{where}, item {index + 1}"
        try:
            if not isinstance(item, dict):
                raise SourceError(place, "item is not an object; skipped")
            articles.append(_article(item, document, where, place, default_lang))
        except SourceError as exc:
            errors.append(exc)
        except (TypeError, ValueError, AttributeError) as exc:  # odd shapes in one item
            errors.append(SourceError(place, f"item cannot be read ({exc}); skipped"))
    articles.reverse()  # JSON Feed lists newest first, like RSS
    return chronological(articles), tuple(errors)


def _article(
    item: Mapping[str, Any], feed: Mapping[str, Any], where: str, place: str, default_lang: str
) -> Article:
    guid = str(item.get("id") or "").strip()
    raw_url = item.get("url") or item.get("external_url") or ""
    url = clean_url(str(raw_url), base=feed.get("home_page_url")) if raw_url else ""
    title = html_to_text(str(item.get("title") or ""))
    label = f"item {guid or title or '(untitled)'}"
    if not url:
        raise SourceError(place, f"{label} has no absolute 'url'; skipped")
    if not is_absolute_url(url):
        raise SourceError(place, f"{label}: 'url' {url!r} {url_problem(url)}; skipped")
    if not title:
        raise SourceError(place, f"{label} has no title; skipped")
    if item.get("content_html"):
        body_paragraphs = drop_boilerplate(html_blocks(str(item["content_html"])))
    else:
        text = str(item.get("content_text") or "")
        body_paragraphs = drop_boilerplate(normalise(p) for p in text.split("\n\n"))
    summary = clean_summary(html_to_text(str(item.get("summary") or ""))) or first_paragraph(
        body_paragraphs, skip=[title]
    )
    body = "\n\n".join(body_paragraphs)
    chosen = language(
        ("item language", item.get("language")),
        ("feed language", feed.get("language")),
        text=f"{title}\n{summary}\n{body}",
        default=default_lang,
    )
    authors = item.get("authors") or feed.get("authors") or [item.get("author") or {}]
    author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")), None)
    extra: dict[str, Any] = {"site_name": html_to_text(str(feed.get("title") or ""))}
    extra.update(chosen.extra())
    if guid:
        extra["guid"] = guid
    image = item.get("image") or item.get("banner_image")
    return Article(
        id=guid or url,
        url=url,
        title=title,
        summary=summary,
        body=body,
        tags=make_tags(_as_list(item.get("tags"))),
        lang=chosen.code,
        published=parse_datetime(item.get("date_published") or item.get("date_modified")),
        author=normalise(str(author)) if author else None,
        images=make_images([(clean_url(str(image), base=url) if image else None, None)]),
        source=where,
        extra=deep_freeze(extra),
    )


def _as_list(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    return [value] if isinstance(value, str) else []
