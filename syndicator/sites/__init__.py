"""Static sites as committed: find the generator's config, build URLs its way.

See ``base`` for the contract each generator module fulfils. A generator's module is
imported only when a folder above a Markdown source holds one of its config files
(``configs``).
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path

from .base import Page, Resolved, Site, SiteSettings
from .configs import MARKERS

__all__ = ["GENERATORS", "Page", "Resolved", "Site", "SiteSettings", "find_site"]

#: Generator modules asked in this order in each folder, nearest folder first.
#: Each is ``syndicator.sites.<name>`` with ``detect(folder, settings) -> Site | None``.
GENERATORS: tuple[str, ...] = ("hugo", "jekyll", "zola", "eleventy")


def find_site(start: Path, settings: SiteSettings | None = None) -> Site | None:
    """Return the site ``start`` (a Markdown file or folder) belongs to, or None.

    The site root is the nearest folder, from ``start`` up, that holds a generator's
    config. With none, a ``site:`` block in syndicator.yaml describes a ``custom`` site.
    """
    settings = settings or SiteSettings()
    here = start.resolve()
    folders = [here, *here.parents] if here.is_dir() else list(here.parents)
    for folder in folders:
        for name in GENERATORS:
            if not any(os.path.lexists(folder / marker) for marker in MARKERS[name]):
                continue
            module = importlib.import_module(f"{__name__}.{name}")
            site: Site | None = module.detect(folder, settings)
            if site is not None:
                return site
    if not settings.describes_site():
        return None
    from . import custom

    return custom.detect(folders[0], settings)
