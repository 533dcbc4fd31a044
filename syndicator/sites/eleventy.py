"""Eleventy sites: each Markdown template's URL the way Eleventy 3 writes it.

Eleventy's config is JavaScript, which we never run: the input folder comes from the
``site: content_dir`` setting, else a literal ``input: "..."`` in the config file or an
``--input=`` in package.json's scripts, else the folder holding the config. The rules
are Eleventy 3.1's (src/TemplatePermalink.js, TemplateFileSlug.js, Data/TemplateData.js),
checked against ``eleventy --to=json`` in tests/sites/test_eleventy.py:

- the default URL is ``/<folders>/<file name>/`` (``index.md`` and ``dir/dir.md`` give
  ``/<folders>/``); a ``permalink`` from front matter or the data cascade (JSON
  directory and template data files) replaces it; ``permalink: false`` writes nothing;
- a permalink with template syntax is evaluated when it uses only ``page.fileSlug``,
  ``page.filePathStem`` or a plain-word value of the page's data; any other template is
  an error on that article (we cannot render Liquid or Nunjucks, and a guessed URL
  would be posted for good).

Eleventy has no base URL of its own: it comes from ``site: base_url``.
"""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import quote

from ..errors import SourceError
from . import configs
from .base import Page, Resolved, SiteSettings

__all__ = ["EleventySite", "detect"]

_CONFIGS = configs.ELEVENTY
_CONFIG_INPUT = re.compile(r"""\binput\s*:\s*(["'`])([^"'`$]+)\1""")
_SCRIPT_INPUT = re.compile(r"""\beleventy\b[^&|;]*?--input[= ](["']?)([^\s"']+)\1""")
_CONFIG_DIR = re.compile(r"""\b(output|includes|data)\s*:\s*(["'`])([^"'`$]+)\2""")
_DATED = re.compile(r"\d{4}-\d{2}-\d{2}-(.*)")
_VARIABLE = re.compile(r"\{\{-?\s*([A-Za-z_][\w.]*)\s*-?\}\}")
_PLAIN = re.compile(r"[\w-]+")
_ALWAYS_IGNORED = frozenset({"node_modules", ".git"})


@dataclass(frozen=True, slots=True)
class EleventySite:
    """An Eleventy site: its root, input folder, base URL and ignore rules."""

    root: Path
    base_url: str
    input_dir: Path
    skipped_dirs: tuple[Path, ...]
    ignores: tuple[str, ...]
    lang: str | None
    lang_from: str
    generator: str = "eleventy"
    emoji: bool = False  # no emoji shortcodes read here

    def resolve(self, page: Page) -> Resolved:
        """Return the URL Eleventy writes for ``page``, or why it writes none."""
        try:
            relative = page.path.relative_to(self.input_dir).as_posix()
        except ValueError:
            return Resolved(url=None, key=str(page.path), skip="outside the Eleventy input folder")
        if self._ignored(page.path, relative):
            return Resolved(url=None, key=relative, skip="ignored by Eleventy")
        data, lang_from = self._cascade(relative)
        data.update(page.meta)
        permalink = data.get("permalink")
        if isinstance(permalink, Mapping):
            permalink = permalink.get("build", False)
        if permalink is False:
            return Resolved(url=None, key=relative, skip="permalink: false")
        if permalink in (None, "") or permalink is True:
            path = _default(relative)
        else:
            text = str(permalink)
            if data.get("dynamicPermalink") is not False:
                text = _render(text, relative, data, where=str(page.path))
            path = _href(text)
        path = quote(path, safe="/!$&'()*+,;=:@~-._")
        url = self.base_url + path.lstrip("/") if self.base_url else None
        own_lang = page.meta.get("lang")
        if data.get("lang") and not own_lang and lang_from:
            return Resolved(url=url, key=path, lang=str(data["lang"]), lang_from=lang_from)
        return Resolved(url=url, key=path, lang=self.lang, lang_from=self.lang_from)

    def _ignored(self, path: Path, relative: str) -> bool:
        parts = relative.split("/")
        if any(p in _ALWAYS_IGNORED for p in parts):
            return True
        if any(path.is_relative_to(folder) for folder in self.skipped_dirs):
            return True
        from_root = path.relative_to(self.root).as_posix()
        for pattern in self.ignores:
            bare = pattern.strip("/").removeprefix("./")
            if (
                fnmatch.fnmatch(from_root, bare)
                or from_root.startswith(bare + "/")
                or fnmatch.fnmatch(from_root, bare + "/*")
            ):
                return True
        return False

    def _cascade(self, relative: str) -> tuple[dict[str, Any], str]:
        """Return the JSON data files' values for a template, shallowest folder first."""
        folders = relative.split("/")[:-1]
        stem = relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
        bases: list[Path] = []
        if self.input_dir != self.root:
            bases.append(self.input_dir / self.input_dir.name)
        for depth in range(1, len(folders) + 1):
            bases.append(self.input_dir.joinpath(*folders[:depth], folders[depth - 1]))
        if folders:
            bases.append(self.input_dir.joinpath(*folders, stem))
        data: dict[str, Any] = {}
        lang_from = ""
        for base in bases:
            for suffix in (".json", ".11tydata.json"):
                file = base.with_name(base.name + suffix)
                values = _read_json(file)
                data.update(values)
                if values.get("lang"):
                    lang_from = file.name
        return data, lang_from


def _default(relative: str) -> str:
    """Return Eleventy's default URL (TemplatePermalink.generate) for a template."""
    folders = relative.split("/")[:-1]
    stem = relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    duplicate = bool(folders) and folders[-1] == stem
    path = "/".join(folders) + "/" if folders else ""
    if stem != "index" and not duplicate:
        path += stem + "/"
    return _href(path + "index.html")


def _href(link: str) -> str:
    """Return the ``page.url`` of a permalink (TemplatePermalink#toHref)."""
    if link.endswith("/"):
        link += "index.html"
    link = link if link.startswith("/") else "/" + link
    for needle in ("/index.html", "/index/", "/index"):
        if link.endswith(needle):
            return link[: -len(needle)] + "/"
    return link


def _render(text: str, relative: str, data: Mapping[str, Any], *, where: str) -> str:
    """Evaluate the few template expressions whose value is certain; refuse the rest."""
    folders = relative.split("/")[:-1]
    stem = relative.rsplit("/", 1)[-1].rsplit(".", 1)[0]
    dated = _DATED.fullmatch(stem)
    raw_slug = dated.group(1) if dated else stem
    file_slug = raw_slug
    if raw_slug == "index":
        last = folders[-1] if folders else ""
        last_dated = _DATED.fullmatch(last)
        file_slug = last_dated.group(1) if last_dated else last
    page = {"fileSlug": file_slug, "filePathStem": "/" + "/".join([*folders, raw_slug])}

    def value(match: re.Match[str]) -> str:
        name = match.group(1)
        if name.startswith("page."):
            found = page.get(name[5:])
        else:
            own = data.get(name)
            found = own if isinstance(own, str) and _PLAIN.fullmatch(own) else None
        if found is None:
            raise SourceError(where, _cannot(text))
        return found

    rendered = _VARIABLE.sub(value, text)
    if "{{" in rendered or "{%" in rendered:
        raise SourceError(where, _cannot(text))
    return rendered


def _cannot(text: str) -> str:
    return (
        f"permalink {text!r} is a template syndicator cannot evaluate (it reads "
        "{{ page.fileSlug }}, {{ page.filePathStem }} and plain data values): "
        "set url: to the article's address"
    )


def _read_json(path: Path) -> dict[str, Any]:
    if not path.is_file():
        return {}
    try:
        data = json.loads(path.read_text(encoding="utf-8-sig") or "{}")
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise SourceError(str(path), f"Eleventy data file is not valid JSON ({exc})") from None
    return data if isinstance(data, dict) else {}


def _config_file(folder: Path) -> Path | None:
    for name in _CONFIGS:
        if (folder / name).is_file():
            return folder / name
    package = _read_json(folder / "package.json")
    for key in ("dependencies", "devDependencies"):
        deps = package.get(key)
        if isinstance(deps, Mapping) and "@11ty/eleventy" in deps:
            return folder / "package.json"
    return None


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def _input_dir(folder: Path, config: Path, settings: SiteSettings) -> tuple[str, dict[str, str]]:
    """Return the input folder and the other literal ``dir`` settings found."""
    text = _read_text(config) if config.name != "package.json" else ""
    dirs = {m.group(1): m.group(3) for m in _CONFIG_DIR.finditer(text)}
    if settings.content_dir:
        return settings.content_dir, dirs
    found = _CONFIG_INPUT.search(text)
    if found:
        return found.group(2), dirs
    scripts = _read_json(folder / "package.json").get("scripts")
    if isinstance(scripts, Mapping):
        for command in scripts.values():
            match = _SCRIPT_INPUT.search(str(command))
            if match:
                return match.group(2), dirs
    return ".", dirs


def _ignore_lines(folder: Path, input_dir: Path) -> tuple[str, ...]:
    lines: list[str] = []
    for file in (folder / ".gitignore", folder / ".eleventyignore", input_dir / ".eleventyignore"):
        for raw in _read_text(file).splitlines():
            line = raw.strip()
            if line and not line.startswith(("#", "!")):
                lines.append(line)
    return tuple(dict.fromkeys(lines))


def detect(folder: Path, settings: SiteSettings) -> EleventySite | None:
    """Return the Eleventy site configured in ``folder``, or None."""
    config = _config_file(folder)
    if config is None:
        return None
    root = folder.resolve()
    name, dirs = _input_dir(folder, config, settings)
    input_dir = (root / name).resolve()
    skipped = (
        root / dirs.get("output", "_site"),
        input_dir / dirs.get("includes", "_includes"),
        input_dir / dirs.get("data", "_data"),
    )
    base = settings.base_url or ""
    return EleventySite(
        root=root,
        base_url=base.rstrip("/") + "/" if base else "",
        input_dir=input_dir,
        skipped_dirs=tuple(p.resolve() for p in skipped),
        ignores=_ignore_lines(root, input_dir),
        lang=settings.lang,
        lang_from="syndicator.yaml site.lang" if settings.lang else "",
    )
