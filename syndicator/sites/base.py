"""What every static-site generator module provides: find its site, resolve a page.

A generator module (``hugo``, ``jekyll``, ``zola``, ``eleventy``, ``custom``) exposes
``detect(folder: Path, settings: SiteSettings) -> Site | None``: it reads the
generator's own config in ``folder`` (never runs it) and returns the Site, or None when
``folder`` holds no config of that generator. ``sites.find_site`` walks up from a
Markdown file or folder and asks each module in turn.

Nothing here imports a source or a network: a Site turns (file, front matter) into the
URL, language and exclusion the generator would give, and nothing more.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any, Protocol

from ..models import frozen_mapping

__all__ = ["Page", "Resolved", "Site", "SiteSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteSettings:
    """The ``site:`` block of ``syndicator.yaml``; each key set there overrides the generator.

    ``content_dir`` arrives absolute (config.py resolves it against the config's folder).
    """

    base_url: str | None = None
    permalink: str | None = None
    lang: str | None = None
    content_dir: str | None = None

    def describes_site(self) -> bool:
        """Tell whether these settings describe a site by themselves (a ``custom`` one)."""
        return bool(self.base_url or self.permalink or self.content_dir)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One Markdown file of a site, as a generator sees it."""

    path: Path  # the file, absolute and resolved
    meta: Mapping[str, Any] = field(default_factory=frozen_mapping)  # its front matter
    published: datetime | None = None  # its date (front matter or file name), when readable


@dataclass(frozen=True, slots=True, kw_only=True)
class Resolved:
    """What the generator makes of one page.

    ``url`` is absolute, exactly as the generator writes it (None when the generator
    publishes no page for the file, or when the site's base URL is unknown).
    ``key`` is the page's address relative to the site (``/posts/hello/``): it does not
    change when only the base URL does, so the article id built from it survives a move
    to another domain. ``lang``/``lang_from`` are the generator's language for the page
    and where it was read ("hugo: content/fr", "_config.yml lang"); ``skip`` says why the
    generator publishes no page for this file ("draft", "future", "list page", ...).
    """

    url: str | None
    key: str
    lang: str | None = None
    lang_from: str = ""
    skip: str | None = None


class Site(Protocol):
    """A site found on disk: its generator, root folder and base URL."""

    @property
    def generator(self) -> str:
        """The generator's name: ``hugo``, ``jekyll``, ``zola``, ``eleventy`` or ``custom``."""
        ...

    @property
    def root(self) -> Path:
        """The folder holding the generator's config."""
        ...

    @property
    def base_url(self) -> str:
        """The site's base URL, ending in ``/``."""
        ...

    @property
    def emoji(self) -> bool:
        """Whether the generator turns ``:shortcodes:`` in page content into emoji."""
        ...

    def resolve(self, page: Page) -> Resolved:
        """Return the URL, key, language and exclusion the generator gives ``page``."""
        ...
