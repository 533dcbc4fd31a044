"""Hugo sites: each page's permalink, language and exclusion as ``hugo`` gives them.

Ported from Hugo's source (``hugolib/page__paths.go``, ``resources/page/page_paths.go``,
``resources/page/permalinks.go``) and checked against the binary's ``hugo list all``
(tests/sites). Supported: ``baseURL``, ``contentDir``, ``permalinks`` (map and list
forms), ``uglyURLs``, ``disablePathToLower``, ``removePathAccents``, languages (their
``contentDir``, ``post.fr.md`` suffixes, URL prefixes, ``defaultContentLanguageInSubdir``,
a ``baseURL`` per language), front matter ``url``/``slug``/``draft``/``publishDate``/
``expiryDate``/``headless``/``build``, ``_index.md`` list pages and page bundles.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

from ..sources._text import parse_datetime
from . import hugo_config
from .base import Page, Resolved, SiteSettings
from .hugo_config import ContentRoot, HugoConfig, HugoLanguage, Permalink
from .hugo_content import cascaded
from .hugo_paths import PageFacts, expand, make_path_sanitized, path_escape, query_unescape, urlize

__all__ = ["HugoSite", "detect"]

_CONTENT_SUFFIXES = (".md", ".markdown", ".mdown", ".html", ".htm", ".adoc", ".org", ".rst")
#: Hugo's front matter date keys, in its default order (gohugo.io/configuration/front-matter/).
_DATE_KEYS = ("date", "publishdate", "pubdate", "published", "lastmod", "modified")
_PUBLISH_KEYS = ("publishdate", "pubdate", "published", "date")
_EXPIRY_KEYS = ("expirydate", "unpublishdate")


def detect(folder: Path, settings: SiteSettings) -> HugoSite | None:
    """Return the Hugo site whose config is in ``folder``, or None."""
    root_file, has_dir = hugo_config.is_hugo_config(folder)
    if root_file is None and not has_dir:
        return None
    config = hugo_config.load(folder, root_file, has_dir)
    if settings.content_dir:
        content = folder / settings.content_dir
        languages = {
            k: replace(v, content_dir=content) if v.content_dir == config.content_dir else v
            for k, v in config.languages.items()
        }
        config = replace(config, content_dir=content, languages=languages)
    if settings.permalink:
        rule = Permalink(
            kind="page",
            path=hugo_config.glob_pattern("/**"),
            pattern=settings.permalink,
            specificity=99,
        )
        config = replace(config, permalinks=(rule,))
    return HugoSite(config=config, settings=settings)


@dataclass(frozen=True, slots=True)
class HugoSite:
    """A Hugo site found on disk."""

    config: HugoConfig
    settings: SiteSettings = field(default_factory=SiteSettings)
    generator: str = "hugo"
    #: Each folder's ``_index`` cascade, read once per run.
    _cascades: dict[Path, list[dict[str, Any]]] = field(
        default_factory=dict, compare=False, repr=False
    )
    _sections_seen: dict[Path, bool] = field(default_factory=dict, compare=False, repr=False)
    _bundles: dict[Path, bool] = field(default_factory=dict, compare=False, repr=False)
    _content: list[ContentRoot] = field(default_factory=list, compare=False, repr=False)

    @property
    def root(self) -> Path:
        """The folder holding hugo.toml (or config.toml, config/_default/)."""
        return self.config.root

    @property
    def emoji(self) -> bool:
        """Whether ``enableEmoji`` is on: Hugo renders the content's ``:shortcodes:``."""
        return self.config.emoji

    @property
    def base_url(self) -> str:
        """The site's base URL (``site.base_url`` wins over ``baseURL``), ending in ``/``."""
        base = self.settings.base_url or self.config.base_url
        return base if not base or base.endswith("/") else base + "/"

    @property
    def source(self) -> str:
        """Where the settings were read, for ``syndicator check``."""
        return self.config.source

    def resolve(self, page: Page) -> Resolved:
        """Return the page's permalink, key, language and exclusion as Hugo makes them."""
        meta = {str(k).lower(): v for k, v in page.meta.items()}
        found = self._place(page.path)
        if found is None:
            return Resolved(url=None, key="", skip="outside the content folder")
        language, parts, root, lang_from = found
        meta = cascaded(meta, page.path, root, self._cascades)
        lang = (
            self.settings.lang
            or language.code
            or (language.key if self.config.lang_configured or self.config.multilingual else None)
        )
        if self.settings.lang:
            lang_from = "syndicator.yaml site.lang"
        name = _base_name(parts[-1], self.config.languages)
        skip = self._skip(page.path, parts[len(root.prefix) :], name, meta)
        key, url = self._link(meta, parts, name, language)
        return Resolved(url=url, key=key, lang=lang, lang_from=lang_from if lang else "", skip=skip)

    def _roots(self) -> tuple[ContentRoot, ...]:
        """Return the site's content folders, resolved once per run."""
        if not self._content:
            self._content.extend(self.config.content_roots())
        return tuple(self._content)

    def _place(self, path: Path) -> tuple[HugoLanguage, tuple[str, ...], ContentRoot, str] | None:
        """Return (language, path in the content tree, its content folder, language's origin)."""
        config = self.config
        for root in self._roots():
            try:
                relative = path.relative_to(root.folder)
            except ValueError:
                continue
            parts = (*root.prefix, *relative.parts)
            suffix = _lang_suffix(path.name, config.languages)
            if root.lang is not None and root.lang in config.languages:
                where = (
                    root.folder.relative_to(config.root).as_posix()
                    if root.folder.is_relative_to(config.root)
                    else root.folder
                )
                return config.languages[root.lang], parts, root, f"hugo: {where}"
            if suffix is not None and config.multilingual:
                return config.languages[suffix], parts, root, f"hugo: file name suffix .{suffix}"
            how = (
                f"hugo: defaultContentLanguage ({config.source})"
                if config.multilingual
                else f"hugo: {config.source}"
            )
            return config.languages[config.default_lang], parts, root, how
        return None

    def _skip(
        self, path: Path, parts: tuple[str, ...], name: str, meta: dict[str, Any]
    ) -> str | None:
        """Return why Hugo renders no page for this file, or None."""
        if name == "_index":
            return "list page"
        if name != "index" and _in_bundle(path, parts, self._bundles):
            return "page bundle resource"
        if any(p.startswith(".") for p in parts):
            return "hidden file"
        if meta.get("draft") is True and not self.config.build_drafts:
            return "draft"
        build = meta.get("build") or meta.get("_build") or {}
        render = build.get("render") if isinstance(build, dict) else None
        if meta.get("headless") is True or render in (False, "never", "false"):
            return "not rendered (headless or build.render: never)"
        now = datetime.now(UTC)
        published = _date(meta, _PUBLISH_KEYS)
        if published is not None and published > now and not self.config.build_future:
            return "future"
        expires = _date(meta, _EXPIRY_KEYS)
        if expires is not None and expires <= now and not self.config.build_expired:
            return "expired"
        return None

    def _link(
        self,
        meta: dict[str, Any],
        parts: tuple[str, ...],
        name: str,
        language: HugoLanguage,
    ) -> tuple[str, str | None]:
        """Return (the page's address under the base URL, its permalink)."""
        config = self.config
        lower = not config.disable_path_to_lower
        accents = not config.remove_path_accents
        bundle = name == "index"
        folders = parts[:-2] if bundle else parts[:-1]
        own = parts[-2] if bundle else name
        slug = str(meta.get("slug") or "").strip()
        facts = PageFacts(
            date=_date(meta, _DATE_KEYS),
            title=str(meta.get("title") or ""),
            slug=slug,
            sections=self._sections(parts, bundle, lower),
            base_name=own,
            file_base=name,
        )
        url_of = partial(urlize, lower=lower, accents=accents)
        prefix = self._prefix(language)
        front_url = str(meta.get("url") or "").strip()
        if front_url:
            if ":" in front_url:
                front_url = query_unescape(expand(front_url, facts, url_of))
            link = _front_link(front_url)
            if not front_url.startswith("/") and prefix and not front_url.startswith(prefix):
                link = "/" + prefix + link
            link = path_escape(link.replace("#", "%23"))
        else:
            page_path = "/" + "/".join((*folders, own))
            pattern = self._pattern(page_path.lower() if lower else page_path)
            ugly = config.is_ugly(parts[0] if len(parts) > 1 else "")
            if pattern is not None:
                expanded = posixpath.normpath(query_unescape(expand(pattern, facts, url_of)))
                elements = [expanded]
            else:
                elements = [*folders, slug or own]
            elements = [make_path_sanitized(e, lower=lower, accents=accents) for e in elements]
            body = "/".join(e.strip("/") for e in elements if e.strip("/"))
            link = "/" + body + (".html" if ugly else "/")
            if prefix:
                link = "/" + prefix + link
            link = path_escape(link.replace("#", "%23"))
        key = link
        if config.multihost:
            key = f"/{language.key}{link}"
            base = self.settings.base_url or language.base_url or ""
        else:
            base = self.base_url
        if not base:
            return key, None
        return key, base.rstrip("/") + link

    def _prefix(self, language: HugoLanguage) -> str:
        """Return the language folder Hugo puts in front of the page's path, or ''."""
        config = self.config
        if config.multihost or not config.multilingual:
            return ""
        if language.key != config.default_lang or config.default_in_subdir:
            return language.key
        return ""

    def _pattern(self, page_path: str) -> str | None:
        for rule in self.config.permalinks:
            if rule.kind in ("", "page") and rule.path.match(page_path):
                return rule.pattern
        return None

    def _sections(self, parts: tuple[str, ...], bundle: bool, lower: bool) -> tuple[str, ...]:
        """Return the page's sections: the top folder, then each nested one with an _index."""
        folders = parts[:-2] if bundle else parts[:-1]
        sections: list[str] = []
        for depth, folder in enumerate(folders):
            if depth > 0 and not self._has_index(parts[: depth + 1]):
                break
            sections.append(folder.lower() if lower else folder)
        return tuple(sections)

    def _has_index(self, folders: tuple[str, ...]) -> bool:
        """Tell whether a content folder has an ``_index`` file (then it is a section)."""
        key = Path(*folders)
        if key not in self._sections_seen:
            self._sections_seen[key] = any(
                any(root.folder.joinpath(*folders[len(root.prefix) :]).glob("_index.*"))
                for root in self._roots()
                if folders[: len(root.prefix)] == root.prefix
            )
        return self._sections_seen[key]


def _lang_suffix(filename: str, languages: Any) -> str | None:
    stem = filename.rsplit(".", 1)[0]
    if "." in stem:
        suffix = stem.rsplit(".", 1)[1].lower()
        if suffix in languages:
            return str(suffix)
    return None


def _base_name(filename: str, languages: Any) -> str:
    """Return the file name without extension or language suffix (Hugo's base name)."""
    stem = filename.rsplit(".", 1)[0] if "." in filename else filename
    if "." in stem and stem.rsplit(".", 1)[1].lower() in languages:
        stem = stem.rsplit(".", 1)[0]
    return stem


def _in_bundle(path: Path, parts: tuple[str, ...], bundles: dict[Path, bool]) -> bool:
    """Tell whether a folder between the file and the content root is a leaf bundle.

    Each folder is listed once per run (``bundles``): listing it again for each of its
    files would make a folder of n files cost n².
    """
    folder = path.parent
    for _ in range(len(parts) - 1):
        if folder not in bundles:
            bundles[folder] = any(folder.glob("index.*"))
        if bundles[folder]:
            return True
        folder = folder.parent
    return False


def _front_link(url: str) -> str:
    """Return the link Hugo makes of a front matter ``url`` (page_paths.CreateTargetPaths)."""
    fields = [f for f in url.split("/") if f]
    if url.endswith("/") or "." not in url:
        return "/" + "/".join(fields) + ("/" if fields else "")
    return "/" + "/".join(fields)


def _date(meta: dict[str, Any], keys: tuple[str, ...]) -> datetime | None:
    for key in keys:
        value = meta.get(key)
        if value and not isinstance(value, bool):
            moment = parse_datetime(value)
            if moment is not None:
                return moment
    return None
