"""The config files that make a folder a generator's site, by name.

``find_site`` looks for these names before it imports a generator's module: a folder
with none of them is no site of that generator, and a Markdown file outside any site
costs no generator module at all. Each module's ``detect`` reads the same names.
"""

from __future__ import annotations

__all__ = ["ELEVENTY", "HUGO", "JEKYLL", "MARKERS", "ZOLA"]

#: Hugo's project config files, in the order it looks for them.
HUGO = tuple(
    f"{stem}.{ext}" for stem in ("hugo", "config") for ext in ("toml", "yaml", "yml", "json")
)
JEKYLL = ("_config.yml", "_config.yaml")
ZOLA = ("zola.toml", "config.toml")
#: Eleventy's config files; a package.json that depends on Eleventy also makes a site.
ELEVENTY = (
    "eleventy.config.js",
    "eleventy.config.mjs",
    "eleventy.config.cjs",
    "eleventy.config.ts",
    ".eleventy.js",
)
#: Generator -> the names, any of which in a folder is worth asking its ``detect`` about
#: (Hugo's ``config`` is its config/_default folder).
MARKERS: dict[str, tuple[str, ...]] = {
    "hugo": (*HUGO, "config"),
    "jekyll": JEKYLL,
    "zola": ZOLA,
    "eleventy": (*ELEVENTY, "package.json"),
}
