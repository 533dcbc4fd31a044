"""Markdown files with YAML (``---``) or TOML (``+++``) front matter, one or a folder.

Front matter is split here and read with PyYAML's safe loader or ``tomllib``: that
gives error lines relative to the file and spares python-frontmatter's imports.
"""

from __future__ import annotations

import os
import posixpath
import re
from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import UTC, datetime, time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from ..errors import SourceError
from ..fetch import FetchError, read_bytes
from ..models import Article, Image
from ..sites.base import Page, Resolved, Site, SiteSettings
from ._common import deep_freeze, language, make_images, make_tags
from ._text import (
    clean_url,
    date_from_name,
    first_paragraph,
    html_to_text,
    is_absolute_url,
    normalise,
    parse_datetime,
    url_problem,
)
from .boilerplate import clean_summary
from .markdown_text import article_text, markdown_line

__all__ = [
    "FolderRun",
    "has_front_matter",
    "load_folder",
    "parse_markdown",
    "site_of",
    "split_front_matter",
]

_FENCES = {"---": "yaml", "+++": "toml"}
_MARKDOWN = frozenset({".md", ".markdown"})
_URL_KEYS = ("canonical_url", "canonicalURL", "canonical", "url", "permalink", "link")
_DATE_KEYS = ("date", "publishDate", "published", "pubDate", "created")
_IMAGE_KEYS = ("image", "images", "cover", "featured_image", "featuredImage", "thumbnail")
_ALT_KEYS = ("image_alt", "imageAlt", "image_description", "alt")
_SUMMARY_KEYS = ("summary", "description", "excerpt", "abstract")
_USED = frozenset(
    {*_URL_KEYS, *_DATE_KEYS, *_IMAGE_KEYS, *_ALT_KEYS, *_SUMMARY_KEYS}
    | {"title", "tags", "lang", "language", "locale", "author", "authors", "guid"}
    | {"syndicator", "syndication", "draft"}
)
_MORE = re.compile(r"<!--\s*more\s*-->", re.IGNORECASE)


def has_front_matter(text: str) -> bool:
    """Tell whether ``text`` opens with a ``---`` or ``+++`` front matter fence."""
    return text.lstrip("\ufeff").split("\n", 1)[0].rstrip() in _FENCES


def split_front_matter(text: str, *, where: str) -> tuple[dict[str, Any], str, int]:
    """Return (front matter, body, line where the body starts); empty dict when none."""
    text = text.lstrip("\ufeff").replace("\r\n", "\n")
    fence = text.split("\n", 1)[0].rstrip()
    if fence not in _FENCES:
        return {}, text, 1
    lines = text.split("\n")
    try:
        close = next(i for i in range(1, len(lines)) if lines[i].rstrip() == fence)
    except StopIteration:
        raise SourceError(where, f"front matter opened with {fence} is never closed") from None
    block = "\n".join(lines[1:close])
    body = "\n".join(lines[close + 1 :])
    data = _load_yaml(block, where) if _FENCES[fence] == "yaml" else _load_toml(block, where)
    if data is None:
        data = {}
    if not isinstance(data, dict):
        raise SourceError(f"{where}, line 2", "front matter is not a mapping of keys to values")
    return data, body, close + 2


def _load_yaml(block: str, where: str) -> Any:
    import yaml  # lazy: only Markdown sources pay for it

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        return yaml.load(block, Loader=loader)  # a safe loader (C or Python)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f", line {mark.line + 2}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or exc
        raise SourceError(f"{where}{line}", f"front matter is not valid YAML ({problem})") from None


def _load_toml(block: str, where: str) -> Any:
    import tomllib

    try:
        return tomllib.loads(block)
    except tomllib.TOMLDecodeError as exc:
        raise SourceError(where, f"front matter is not valid TOML ({exc})") from None


def site_of(path: Path | None, settings: SiteSettings | None = None) -> Site | None:
    """Return the static site a Markdown file or folder belongs to (None for stdin)."""
    if path is None:
        return None
    from ..sites import find_site

    return find_site(path, settings)


def parse_markdown(
    text: str, *, path: Path | None, where: str, default_lang: str, site: Site | None = None
) -> Article:
    """Return the Article of one Markdown document; raise SourceError when unusable.

    The URL is the front matter's when absolute; else the one ``site``'s generator
    gives the file. A file the generator publishes no page for (a draft, a list page)
    is an error when named by itself: its URL would not exist.
    """
    meta, body, _ = split_front_matter(text, where=where)
    if not meta:
        raise SourceError(where, "no front matter: start the file with --- and a title: line")
    resolved = _resolve(site, path, meta)
    if site is not None and resolved is not None and resolved.skip:
        raise SourceError(
            where, f"{site.generator} publishes no page for this file ({resolved.skip})"
        )
    return _article(
        meta, body, path=path, where=where, default_lang=default_lang, site=site, resolved=resolved
    )


def _resolve(site: Site | None, path: Path | None, meta: Mapping[str, Any]) -> Resolved | None:
    if site is None or path is None:
        return None
    return site.resolve(Page(path=path.resolve(), meta=meta))


def _article(
    meta: Mapping[str, Any],
    body: str,
    *,
    path: Path | None,
    where: str,
    default_lang: str,
    site: Site | None,
    resolved: Resolved | None,
) -> Article:
    """Build the Article of a file whose front matter is read and site rules applied."""
    title = html_to_text(str(meta.get("title") or ""))
    if not title:
        raise SourceError(where, "front matter has no title: add a title: line")
    guid = str(meta.get("guid") or "").strip()
    url, key = _url(meta, where, site, resolved)
    settings = meta.get("syndicator") or {}
    if not isinstance(settings, Mapping):
        raise SourceError(where, "front matter syndicator: must be a mapping of settings")
    intro = _MORE.split(body, maxsplit=1)[0] if _MORE.search(body) else ""
    emoji = site is not None and site.emoji  # the generator renders :shortcodes:
    paragraphs, headings = article_text(body, emoji=emoji)
    prose = [text for n, text in enumerate(paragraphs) if n not in headings]
    summary = _summary(meta) or markdown_line(intro, emoji=emoji) or first_paragraph(prose)
    lang_value = meta.get("lang", meta.get("language", meta.get("locale")))
    if lang_value is False:
        lang_value = "no"  # YAML 1.1 reads the Norwegian code as a boolean
    body = "\n\n".join(paragraphs)
    site_lang = None
    if resolved is not None and resolved.lang:
        site_lang = (resolved.lang_from or "site config", resolved.lang)
    chosen = language(
        ("front matter", lang_value),
        site=site_lang,
        text=f"{title}\n{summary}\n{body}",
        default=default_lang,
    )
    extra: dict[str, Any] = {k: v for k, v in meta.items() if k not in _USED}
    extra.update(chosen.extra())
    if meta.get("draft"):
        extra["draft"] = True
    published, date_problem = _published(meta, path)
    if date_problem:
        extra["date_unreadable"] = date_problem
        extra["warnings"] = (f"{date_problem}: the article is treated as undated",)
    syndication = meta.get("syndication") or ()
    extra["syndication"] = (syndication,) if isinstance(syndication, str) else syndication
    return Article(
        id=guid or (url if key is None else f"site:{key}"),
        url=url,
        title=title,
        summary=summary,
        body=body,
        headings=headings,
        tags=make_tags(_as_list(meta.get("tags"))),
        lang=chosen.code,
        published=published,
        author=_author(meta.get("author") or meta.get("authors")),
        images=_site_images(make_images([_image(meta, path, site)]), site),
        source=where,
        extra=deep_freeze(extra),
        settings=deep_freeze(settings),
    )


def _url(
    meta: Mapping[str, Any], where: str, site: Site | None, resolved: Resolved | None
) -> tuple[str, str | None]:
    """Return (the article's URL, its key under the site's base URL or None).

    An absolute front matter URL wins and has no key: the article's id stays that URL,
    as before sites were read. Otherwise the URL is the generator's (which reads a
    relative front matter ``url``/``permalink`` its own way), else a relative front
    matter URL joined to the base URL; the key is the part after the base URL, so the
    id (``site:/posts/hello/``) survives a move to another domain.
    """
    raw_url = next((_front_url(meta[k]) for k in _URL_KEYS if _front_url(meta.get(k))), "")
    url = clean_url(raw_url)
    if is_absolute_url(url):
        return url, None
    hint = (
        "set url: to the article's full canonical address, "
        "or base_url in syndicator.yaml's site: block"
    )
    relative = bool(raw_url) and not urlsplit(raw_url).scheme and not raw_url.startswith("//")
    if raw_url and not relative:
        raise SourceError(where, f"url {raw_url!r} {url_problem(url)}: {hint}")
    if site is not None and site.base_url and not is_absolute_url(site.base_url):
        raise SourceError(
            where,
            f"the {site.generator} site in {site.root} has the base URL {site.base_url!r}, "
            "not a full address: set base_url in syndicator.yaml's site: block",
        )
    if resolved is not None and resolved.url:
        return clean_url(resolved.url), resolved.key
    if site is not None and not site.base_url:
        raise SourceError(
            where,
            f"the {site.generator} site in {site.root} has no base URL: set it in its config "
            "or base_url in syndicator.yaml's site: block",
        )
    if raw_url and site is not None:
        key = "/" + raw_url.strip().lstrip("/")
        return clean_url(site.base_url.rstrip("/") + key), key
    what = f"url {raw_url!r} {url_problem(url)}" if raw_url else "front matter has no url"
    raise SourceError(where, f"{what}: {hint}")


@dataclass(frozen=True, slots=True)
class FolderRun:
    """What a folder gave: its articles (date order), the files that failed, and how
    many files were no article, by reason (``("draft", 3)``)."""

    articles: tuple[Article, ...]
    errors: tuple[SourceError, ...]
    skipped: tuple[tuple[str, int], ...]


def load_folder(
    folder: Path, *, default_lang: str, settings: SiteSettings | None = None
) -> FolderRun:
    """Return the articles of every Markdown file under ``folder`` and the files that failed.

    The site (Hugo, Jekyll, Zola...) is found once for the whole folder; each file it
    publishes no page for (draft, future, list page, bundle resource...) is counted
    by reason, with files without a title and files that are not Markdown. Hidden
    folders and node_modules are not read. A folder with Markdown files but no article
    and no error is a SourceError listing those reasons. Order: by publication date
    (undated last), then path.
    """
    found_site = site_of(folder, settings)
    found: list[tuple[Article, str]] = []
    errors: list[SourceError] = []
    skipped: Counter[str] = Counter()
    markdown = 0
    for path in _files(folder):
        if path.suffix.lower() not in _MARKDOWN:
            skipped["not Markdown"] += 1
            continue
        markdown += 1
        where = str(path)
        try:
            text = read_bytes(path).decode("utf-8-sig")  # the 20 MB cap, read no further
            meta, body, _ = split_front_matter(text, where=where)
            reason = _skip_reason(path, folder, meta, found_site)
            resolved = None
            if reason is None:
                resolved = _resolve(found_site, path, meta)
                reason = resolved.skip if resolved is not None else None
            if reason is None and not meta.get("title"):
                reason = "no title"
            if reason is not None:
                skipped[reason] += 1
                continue
            article = _article(
                meta,
                body,
                path=path,
                where=where,
                default_lang=default_lang,
                site=found_site,
                resolved=resolved,
            )
            found.append((article, where))
        except UnicodeDecodeError:
            errors.append(SourceError(where, "not UTF-8 text; skipped"))
        except OSError as exc:
            errors.append(SourceError(where, f"cannot be read ({exc.strerror or exc}); skipped"))
        except FetchError as exc:
            errors.append(SourceError(where, f"{exc}; skipped".removeprefix(f"{where}: ")))
        except SourceError as exc:
            errors.append(exc)
        except RecursionError:
            errors.append(SourceError(where, "nested too deeply to be read; skipped"))
        except Exception as exc:  # one file's trouble must not stop the others
            errors.append(SourceError(where, f"cannot be read ({exc!r}); skipped"))
    if not markdown:
        raise SourceError(str(folder), "no Markdown files (*.md, *.markdown) in this folder")
    counts = tuple(sorted(skipped.items(), key=lambda pair: (-pair[1], pair[0])))
    if not found and not errors:
        reasons = ", ".join(f"{n} {reason}" for reason, n in counts if reason != "not Markdown")
        raise SourceError(
            str(folder),
            f"no article: every Markdown file was skipped ({reasons}); "
            "publish one (no draft: true, a date not in the future) or check the folder",
        )
    found.sort(key=lambda pair: _order(pair[0], pair[1]))
    return FolderRun(tuple(article for article, _ in found), tuple(errors), counts)


def _files(folder: Path) -> list[Path]:
    """Return every file under ``folder``, sorted, hidden folders and node_modules left out."""
    paths: list[Path] = []
    for directory, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".") and f != "node_modules"]
        base = Path(directory)
        paths.extend(base / name for name in names if not name.startswith("."))
    return sorted(paths)


def _skip_reason(
    path: Path, folder: Path, meta: Mapping[str, Any], site: Site | None
) -> str | None:
    """Return why a file is no article when no site rules say (drafts, list pages)."""
    if "_drafts" in path.relative_to(folder).parts[:-1]:
        return "draft"
    if site is not None:
        return None
    if path.name == "_index.md":
        return "list page"
    if meta.get("draft") is True or meta.get("published") is False:
        return "draft"  # published: false is Jekyll's way to mark a draft
    return None


def _order(article: Article, where: str) -> tuple[int, float, str]:
    if article.published is None:
        return (1, 0.0, where)
    return (0, article.published.timestamp(), where)


def _published(meta: Mapping[str, Any], path: Path | None) -> tuple[datetime | None, str]:
    """Return (the date, "" or what made it unreadable): front matter, else the file name.

    A date the generators accept is read (see ``parse_datetime``); one that cannot be
    read leaves the article undated with a warning rather than refusing it.
    """
    key = next((k for k in _DATE_KEYS if meta.get(k) and not isinstance(meta[k], bool)), None)
    if key is None:
        named = date_from_name(path.name) if path is not None else None
        return (datetime.combine(named, time(0, 0), UTC) if named else None), ""
    moment = parse_datetime(meta[key])
    if moment is None:
        return (
            None,
            f"{key}: {meta[key]!r} is not a date (write 2024-05-01 or 2024-05-01T10:00:00+02:00)",
        )
    return moment, ""


def _summary(meta: Mapping[str, Any]) -> str:
    for key in _SUMMARY_KEYS:
        value = meta.get(key)
        if isinstance(value, str) and value.strip():
            return clean_summary(markdown_line(value))
    return ""


def _as_list(value: object) -> list[object]:
    if value is None:
        return []
    if isinstance(value, str):
        return list(value.split(","))
    if isinstance(value, list | tuple):
        return list(value)
    return [value]


def _author(value: object) -> str | None:
    if isinstance(value, list | tuple):
        value = value[0] if value else None
    if isinstance(value, Mapping):
        value = value.get("name")
    return normalise(str(value)) if value else None


def _image(
    meta: Mapping[str, Any], path: Path | None, site: Site | None = None
) -> tuple[str | None, str | None]:
    alt = next((str(meta[k]) for k in _ALT_KEYS if meta.get(k)), None)
    source: object = next((meta[k] for k in _IMAGE_KEYS if meta.get(k)), None)
    if isinstance(source, list | tuple):
        source = source[0] if source else None
    if isinstance(source, Mapping):  # Hugo themes: cover: {image: ..., alt: ...}
        alt = alt or source.get("alt") or source.get("caption")
        source = source.get("image") or source.get("src") or source.get("url")
    if not isinstance(source, str) or not source.strip():
        return None, None
    source = source.strip()
    if site is not None and source.startswith("/") and not source.startswith("//"):
        return _site_image(site, source), alt
    if not is_absolute_url(source) and path is not None:
        candidate = Path(source).expanduser()
        if not candidate.is_absolute():
            source = str((path.parent / candidate).resolve())
    return source, alt


# Where generators copy files that pages name from the site's root (``/images/a.jpg``):
# Hugo's and Zola's ``static/``, Jekyll's site root, Eleventy's common ``src/`` input.
_STATIC_DIRS = ("static", ".", "src")


def _site_image(site: Site, named: str) -> str:
    """Return the file a site-absolute image path names, else its published URL.

    ``/images/a.jpg`` in a site's front matter is an address on the site, not a path
    on this machine: it is the copy under the site's static folder when there is one
    (no download, works before the site is deployed), else the URL the site serves.
    """
    relative = posixpath.normpath(named).lstrip("/")  # "/../x" is "/x", as on a web server
    for folder in _STATIC_DIRS:
        candidate = site.root / folder / relative
        if candidate.is_file():
            return str(candidate.resolve())
    return clean_url(site.base_url.rstrip("/") + "/" + relative)


def _site_images(images: tuple[Image, ...], site: Site | None) -> tuple[Image, ...]:
    """Return ``images`` allowed to be read from the whole site, not only the file's folder."""
    if site is None:
        return images
    root = str(site.root.resolve())
    return tuple(replace(image, roots=(*image.roots, root)) for image in images)


def _front_url(value: object) -> str:
    """Return a front-matter URL value as text: ``canonical: {url: ...}`` (Jekyll SEO) too."""
    if isinstance(value, Mapping):
        value = value.get("url") or value.get("href")
    return str(value).strip() if isinstance(value, str | int | float) and value else ""
