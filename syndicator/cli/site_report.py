"""What ``init`` and ``check`` say about the static site: its generator, settings, newest URL."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from ..errors import SourceError
from ..sites import Site, SiteSettings, find_site

__all__ = ["SiteFound", "describe_site", "site_block"]

#: Where other generators keep their Markdown (Astro, Next.js, Pelican, MkDocs...).
_CONTENT_GUESSES = (
    "src/content/blog",
    "src/content/posts",
    "src/content",
    "content/posts",
    "content",
    "posts",
    "_posts",
    "blog",
    "docs",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class SiteFound:
    """The site found from a folder and its newest article (when one could be read)."""

    generator: str
    root: Path
    base_url: str
    newest_title: str | None = None
    newest_url: str | None = None
    problem: str | None = None


def content_folder(site: Site, settings: SiteSettings) -> Path:
    """Return the folder holding the site's articles (``content/`` for Hugo and Zola)."""
    if settings.content_dir:
        return Path(settings.content_dir)
    content = site.root / "content"
    return content if content.is_dir() and site.generator in ("hugo", "zola") else site.root


def describe_site(folder: Path, settings: SiteSettings, *, default_lang: str) -> SiteFound | None:
    """Return the site ``folder`` belongs to and the URL of its newest article, or None."""
    try:
        site = find_site(folder, settings)
    except SourceError as exc:
        return SiteFound(generator="?", root=folder, base_url="", problem=str(exc))
    if site is None:
        return None
    from ..sources.markdown import load_folder

    found = SiteFound(generator=site.generator, root=site.root, base_url=site.base_url)
    try:
        run = load_folder(
            content_folder(site, settings), default_lang=default_lang, settings=settings
        )
    except SourceError as exc:
        return replace(found, problem=str(exc))
    dated = [a for a in run.articles if a.published is not None]
    newest = max(dated, key=lambda a: a.published or 0) if dated else None
    if newest is None and run.articles:
        newest = run.articles[-1]
    if newest is None:
        problem = str(run.errors[0]) if run.errors else "no article found"
        return replace(found, problem=problem)
    return replace(found, newest_title=newest.title, newest_url=newest.url)


def site_block(folder: Path) -> tuple[dict[str, str], str]:
    """Return the ``site:`` settings ``init`` writes for ``folder``, and a line saying why.

    Nothing when a generator's config gives the base URL; the content folder (guessed)
    when no generator config is found; the base URL stays for the user to write.
    """
    site = find_site(folder)
    if site is not None and site.generator != "custom":
        if site.base_url:
            return {}, (
                f"found a {site.generator} site in {site.root} (base URL {site.base_url}): "
                "its config gives each article's URL; site: left as is"
            )
        return {}, (
            f"found a {site.generator} site in {site.root} with no base URL: "
            "set site.base_url in syndicator.yaml"
        )
    for guess in _CONTENT_GUESSES:
        candidate = folder / guess
        if candidate.is_dir() and any(candidate.rglob("*.md")):
            return {"content_dir": guess}, (
                f"no generator config found; Markdown articles in {guess}/: "
                "set site.base_url (and site.permalink) in syndicator.yaml"
            )
    return (
        {},
        "no static site found here: give URLs in front matter or set site: in syndicator.yaml",
    )
