"""Any other generator (Astro, Next.js, Pelican, MkDocs...): the ``site:`` block says it all.

``base_url`` is required for URLs; ``permalink`` is a pattern with Hugo's placeholders
(``:year :month :day :slug :title :filename :section :sections ...``), by default
``/:sections/:slugorfilename/`` (the file's path under ``content_dir``, which defaults
to the folder or file's folder given); ``lang`` is the site's language.
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from pathlib import Path

from ..sources._text import parse_datetime
from .base import Page, Resolved, SiteSettings
from .hugo_paths import PageFacts, expand, make_path_sanitized, path_escape, urlize

__all__ = ["DEFAULT_PERMALINK", "CustomSite", "detect"]

DEFAULT_PERMALINK = "/:sections/:slugorfilename/"
_DATE_KEYS = ("date", "publishDate", "published", "pubDate", "created")


def detect(folder: Path, settings: SiteSettings) -> CustomSite | None:
    """Return the site the ``site:`` block describes, rooted at its content_dir or ``folder``."""
    if not settings.describes_site():
        return None
    root = Path(settings.content_dir) if settings.content_dir else folder
    return CustomSite(root=root.resolve(), settings=settings)


@dataclass(frozen=True, slots=True)
class CustomSite:
    """A site known only from syndicator.yaml's ``site:`` block."""

    root: Path
    settings: SiteSettings
    generator: str = "custom"
    emoji: bool = False  # no emoji shortcodes read here

    @property
    def base_url(self) -> str:
        """The ``site.base_url``, ending in ``/`` ('' when unset)."""
        base = self.settings.base_url or ""
        return base if not base or base.endswith("/") else base + "/"

    @property
    def source(self) -> str:
        """Where the settings were read, for ``syndicator check``."""
        return "syndicator.yaml site:"

    def resolve(self, page: Page) -> Resolved:
        """Return the page's URL from the permalink pattern; drafts are skipped."""
        lang = self.settings.lang
        lang_from = "syndicator.yaml site.lang" if lang else ""
        try:
            parts = page.path.relative_to(self.root).parts
        except ValueError:
            return Resolved(
                url=None, key="", lang=lang, lang_from=lang_from, skip="outside the content folder"
            )
        stem = parts[-1].rsplit(".", 1)[0]
        bundle = stem == "index" and len(parts) > 1
        folders = parts[:-2] if bundle else parts[:-1]
        meta = page.meta
        date = page.published or next(
            (d for k in _DATE_KEYS if (d := parse_datetime(meta.get(k))) is not None), None
        )
        facts = PageFacts(
            date=date,
            title=str(meta.get("title") or ""),
            slug=str(meta.get("slug") or "").strip(),
            sections=tuple(folders),
            base_name=parts[-2] if bundle else stem,
            file_base=stem,
        )
        pattern = self.settings.permalink or DEFAULT_PERMALINK
        own = str(meta.get("url") or meta.get("permalink") or "").strip()
        if own and "://" not in own:
            pattern = own  # a relative front matter address, under the base URL
        expanded = expand(pattern, facts, urlize)
        trailing = expanded.endswith("/")
        clean = posixpath.normpath("/" + make_path_sanitized(expanded).strip("/"))
        key = path_escape(clean + ("/" if trailing and clean != "/" else ""))
        skip = "draft" if meta.get("draft") is True or meta.get("published") is False else None
        url = self.base_url.rstrip("/") + key if self.base_url else None
        return Resolved(url=url, key=key, lang=lang, lang_from=lang_from, skip=skip)
