"""Zola sites: each page's permalink and language as ``zola build`` gives them.

Ported from Zola's source (``components/content/src/page.rs`` ``Page::parse``,
``file_info.rs`` ``find_language``, ``config::make_permalink``, ``utils::slugs``) and
checked against the examples of its documentation (tests/sites/test_zola.py): a
page's ``path`` or ``slug``, the file name (or a bundle's folder) with its date prefix
dropped, the folders above it, ``.fr.md`` language suffixes, ``slugify.paths``.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import configs
from ._files import read_config
from .base import Page, Resolved, SiteSettings

__all__ = ["ZolaSite", "detect", "slugify"]

#: Zola's config file names: zola.toml since 0.22, config.toml before.
_NAMES = configs.ZOLA
#: page.rs RFC3339_DATE: a date (or RFC 3339 datetime) opening a file name, then the slug.
_DATED = re.compile(
    r"^(?P<datetime>(\d{4})-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9]|3[01])"
    r"(T([01][0-9]|2[0-3]):([0-5][0-9]):([0-5][0-9]|60)(\.[0-9]+)?"
    r"(Z|(\+|-)([01][0-9]|2[0-3]):([0-5][0-9])))?)(\s?(_|-)(?P<slug>.+$))?"
)
#: Letters NFKD does not split into ASCII and a mark (deunicode's transliterations).
_LETTERS = {"ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O", "œ": "oe", "Œ": "OE"}
_LETTERS |= {"đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "Þ": "Th", "ð": "d"}


def detect(folder: Path, settings: SiteSettings) -> ZolaSite | None:
    """Return the Zola site whose config (with its required ``base_url``) is in ``folder``."""
    for name in _NAMES:
        path = folder / name
        if path.is_file():
            data = read_config(path)
            if "base_url" in data:
                return ZolaSite(root=folder, data=data, source=name, settings=settings)
    return None


@dataclass(frozen=True, slots=True)
class ZolaSite:
    """A Zola site found on disk."""

    root: Path
    data: dict[str, Any] = field(repr=False)
    source: str
    settings: SiteSettings = field(default_factory=SiteSettings)
    generator: str = "zola"
    emoji: bool = False  # no emoji shortcodes read here

    @property
    def base_url(self) -> str:
        """The site's base URL (``site.base_url`` wins over ``base_url``), ending in ``/``."""
        base = self.settings.base_url or str(self.data.get("base_url") or "")
        return base if not base or base.endswith("/") else base + "/"

    @property
    def default_language(self) -> str:
        """The ``default_language`` (``en`` unless set)."""
        return str(self.data.get("default_language") or "en")

    def resolve(self, page: Page) -> Resolved:
        """Return the page's permalink, key, language and exclusion as Zola makes them."""
        content = Path(self.settings.content_dir) if self.settings.content_dir else None
        content = (content or self.root / "content").resolve()
        try:
            parts = page.path.relative_to(content).parts
        except ValueError:
            return Resolved(url=None, key="", skip="outside the content folder")
        meta = page.meta
        name = parts[-1].rsplit(".", 1)[0]
        lang, name = self._language(name)
        lang_from = (
            f"zola: file name suffix .{lang}"
            if lang != self.default_language
            else (f"zola: default_language ({self.source})")
        )
        if self.settings.lang:
            lang, lang_from = self.settings.lang, "syndicator.yaml site.lang"
        skip = None
        if name == "_index" or "_index." in parts[-1]:
            skip = "list page"
        elif meta.get("draft") is True:
            skip = "draft"
        elif meta.get("render") is False:
            skip = "not rendered (render = false)"
        path = self._path(parts[:-1], name, meta, lang)
        base = self.base_url.rstrip("/")
        url = base + path if base else None
        return Resolved(url=url, key=path, lang=lang, lang_from=lang_from, skip=skip)

    def _language(self, name: str) -> tuple[str, str]:
        """Return (language, file name without it), as ``FileInfo::find_language``."""
        languages = self.data.get("languages")
        others = (
            [k for k in languages if k != self.default_language]
            if isinstance(languages, dict)
            else []
        )
        if not others or "." not in name:
            return self.default_language, name
        stem, code = name.split(".", 1)
        if code == self.default_language or code not in others:
            return self.default_language, name
        return code, stem

    def _path(self, folders: tuple[str, ...], name: str, meta: Any, lang: str) -> str:
        """Return the page's path under the base URL (``Page::parse``), ending in ``/``."""
        own = str(meta.get("path") or "").strip()
        if own:
            path = own if own.startswith("/") else "/" + own
            return path if path.endswith("/") else path + "/"
        slugify_conf = self.data.get("slugify")
        strategy = "on"
        keep_dates = False
        if isinstance(slugify_conf, dict):
            strategy = str(slugify_conf.get("paths") or "on")
            keep_dates = slugify_conf.get("paths_keep_dates") is True
        components = list(folders)
        bundle = name == "index" and bool(components)
        for_slug = components.pop() if bundle else name
        from_date = None
        dated = _DATED.match(for_slug)
        if dated and dated.group("slug") is not None and not keep_dates:
            from_date = dated.group("slug")
        slug_source = str(meta.get("slug") or "") or from_date or for_slug
        slug = slugify_paths(slug_source, strategy)
        if not components:
            body = "" if name == "index" and not bundle else slug
        else:
            body = "/".join(components) + "/" + slug
        if lang != self.default_language:
            body = f"{lang}/{body}"
        path = "/" + body
        return path if path.endswith("/") else path + "/"


def slugify(text: str) -> str:
    """Return the ``slug`` crate's ``slugify``: ASCII letters and digits, lowercased, '-'."""
    out: list[str] = []
    prev_dash = True
    for char in text:
        for ascii_char in _ascii(char):
            if ascii_char.isascii() and ascii_char.isalnum():
                out.append(ascii_char.lower())
                prev_dash = False
            elif not prev_dash:
                out.append("-")
                prev_dash = True
    if out and out[-1] == "-":
        out.pop()
    return "".join(out)


def _ascii(char: str) -> str:
    """Transliterate one character (deunicode's tables, for Latin letters)."""
    if char.isascii():
        return char
    if char in _LETTERS:
        return _LETTERS[char]
    decomposed = unicodedata.normalize("NFKD", char)
    kept = "".join(c for c in decomposed if c.isascii())
    return kept or "-"


def slugify_paths(text: str, strategy: str) -> str:
    """Return ``utils::slugs::slugify_paths`` for ``slugify.paths`` = on, safe or off."""
    if strategy == "on":
        return slugify(text)
    if strategy == "safe":
        trimmed = text.rstrip(" .")
        return "".join(c for c in trimmed if c not in '<>:"/\\|?*')
    return text
