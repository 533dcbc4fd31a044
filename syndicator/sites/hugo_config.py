"""Read a Hugo site's config the way Hugo merges it (gohugo.io/configuration/introduction/).

Hugo reads ``hugo.*`` (else ``config.*``) in the project root, then ``config/_default/``
and ``config/production/`` (``hugo`` builds for production), each file named after
the top-level key it fills (``languages.toml``, ``permalinks.yaml``). Keys are
case-insensitive: everything is lowercased here.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import configs
from ._files import lower_keys, read_config

__all__ = [
    "ROOT_NAMES",
    "ContentRoot",
    "HugoConfig",
    "HugoLanguage",
    "Permalink",
    "glob_pattern",
    "is_hugo_config",
    "load",
]

#: Hugo's project config files, in the order it looks for them.
ROOT_NAMES = configs.HUGO
_EXTENSIONS = (".toml", ".yaml", ".yml", ".json")
#: Keys only Hugo's config has: a ``config.toml`` with none of them is another tool's.
_HUGO_KEYS = frozenset(
    {"baseurl", "languagecode", "defaultcontentlanguage", "languages", "permalinks", "theme"}
    | {"title", "params", "menu", "menus", "taxonomies", "module", "markup", "uglyurls"}
    | {"contentdir", "publishdir", "paginate", "pagination", "outputs", "summarylength"}
)
_KINDS = ("page", "section", "taxonomy", "term", "home")


@dataclass(frozen=True, slots=True, kw_only=True)
class HugoLanguage:
    """One language of the site: its key (URL prefix), BCP-47 code and content folder."""

    key: str
    code: str | None
    content_dir: Path
    base_url: str | None
    weight: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Permalink:
    """One permalink rule: the page kind and path glob it targets, and its pattern."""

    kind: str
    path: re.Pattern[str]
    pattern: str
    specificity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class ContentRoot:
    """A folder Hugo reads content from: where it sits in the content tree, its language.

    ``lang`` is None when the folder is shared by languages (file suffixes decide).
    """

    folder: Path
    prefix: tuple[str, ...]
    lang: str | None


@dataclass(frozen=True, slots=True, kw_only=True)
class HugoConfig:
    """The settings of a Hugo site that decide its URLs, languages and exclusions."""

    root: Path
    source: str
    base_url: str
    content_dir: Path
    languages: Mapping[str, HugoLanguage]
    default_lang: str
    lang_configured: bool
    default_in_subdir: bool
    ugly_urls: bool | Mapping[str, bool]
    disable_path_to_lower: bool
    remove_path_accents: bool
    permalinks: tuple[Permalink, ...]
    build_drafts: bool
    build_future: bool
    build_expired: bool
    time_zone: str | None
    mounts: tuple[ContentRoot, ...] = ()
    emoji: bool = False  # enableEmoji: content's :shortcodes: become emoji

    def content_roots(self) -> tuple[ContentRoot, ...]:
        """Return the content folders, deepest first: the module mounts, else contentDirs."""
        return _content_roots(self)

    @property
    def multilingual(self) -> bool:
        """Tell whether the site has more than one language (then URLs carry prefixes)."""
        return len(self.languages) > 1

    @property
    def multihost(self) -> bool:
        """Tell whether each language has its own base URL (then no language prefix)."""
        return self.multilingual and all(lang.base_url for lang in self.languages.values())

    def is_ugly(self, section: str) -> bool:
        """Tell whether pages of ``section`` are ``name.html`` rather than ``name/``."""
        if isinstance(self.ugly_urls, Mapping):
            return bool(self.ugly_urls.get(section, False))
        return self.ugly_urls


def _content_roots(config: HugoConfig) -> tuple[ContentRoot, ...]:
    """Return ``config.content_roots()`` (``HugoSite`` keeps it: paths are resolved)."""
    self = config
    roots = list(self.mounts)
    if not roots:
        for lang in self.languages.values():
            shared = [v for v in self.languages.values() if v.content_dir == lang.content_dir]
            owner = lang.key if len(shared) == 1 and self.multilingual else None
            root = ContentRoot(folder=lang.content_dir.resolve(), prefix=(), lang=owner)
            if root not in roots:
                roots.append(root)
    return tuple(sorted(roots, key=lambda root: -len(root.folder.parts)))


def is_hugo_config(folder: Path) -> tuple[Path | None, bool]:
    """Return (root config file or None, whether ``folder`` holds a config/_default dir)."""
    has_dir = (folder / "config" / "_default").is_dir()
    for name in ROOT_NAMES:
        candidate = folder / name
        if candidate.is_file():
            if name.startswith("hugo.") or has_dir:
                return candidate, has_dir
            data = lower_keys(read_config(candidate))
            if "base_url" in data and "baseurl" not in data:
                return None, has_dir  # Zola's config.toml
            if _HUGO_KEYS & set(data) or (folder / "content").is_dir():
                return candidate, has_dir
            return None, has_dir
    return None, has_dir


def load(folder: Path, root_file: Path | None, has_dir: bool) -> HugoConfig:
    """Return the merged config of the Hugo site in ``folder``."""
    data: dict[str, Any] = lower_keys(read_config(root_file)) if root_file else {}
    sources = [root_file.name] if root_file else []
    if has_dir:
        for env in ("_default", "production"):
            env_dir = folder / "config" / env
            if not env_dir.is_dir():
                continue
            for path in sorted(env_dir.iterdir()):
                if path.suffix.lower() not in _EXTENSIONS:
                    continue
                part = lower_keys(read_config(path))
                stem = path.stem.lower()
                key, _, lang = stem.partition(".")
                if key in {"hugo", "config"}:
                    _merge(data, part)
                elif not lang:
                    _merge(data, {key: part})
                elif key == "languages":  # languages.fr.toml: that language's settings
                    _merge(data, {"languages": {lang: part}})
                else:  # menus.fr.toml, params.fr.toml: settings of that language
                    _merge(data, {"languages": {lang: {key: part}}})
                sources.append(f"config/{env}/{path.name}")
    return _build(folder, data, ", ".join(sources))


def _merge(into: dict[str, Any], more: Mapping[str, Any]) -> None:
    for key, value in more.items():
        if isinstance(value, dict) and isinstance(into.get(key), dict):
            _merge(into[key], value)
        else:
            into[key] = value


def _build(folder: Path, data: Mapping[str, Any], source: str) -> HugoConfig:
    content_dir = folder / str(data.get("contentdir") or "content")
    default_lang = str(data.get("defaultcontentlanguage") or "en").lower()
    disabled = {str(x).lower() for x in data.get("disablelanguages") or ()}
    raw_languages = data.get("languages") if isinstance(data.get("languages"), dict) else {}
    languages: dict[str, HugoLanguage] = {}
    for name, value in (raw_languages or {}).items():
        conf = value if isinstance(value, dict) else {}
        key = str(name).lower()
        if key in disabled or conf.get("disabled") is True:
            continue
        own_dir = conf.get("contentdir")
        languages[key] = HugoLanguage(
            key=key,
            code=_text(conf.get("languagecode") or conf.get("locale")),
            content_dir=(folder / str(own_dir)) if own_dir else content_dir,
            base_url=_text(conf.get("baseurl")),
            weight=int(conf.get("weight") or 0),
        )
    if default_lang not in languages:
        languages[default_lang] = HugoLanguage(
            key=default_lang,
            code=_text(data.get("languagecode") or data.get("locale")),
            content_dir=content_dir,
            base_url=None,
            weight=0,
        )
    elif not languages[default_lang].code and _text(data.get("languagecode")):
        old = languages[default_lang]
        languages[default_lang] = HugoLanguage(
            key=old.key,
            code=_text(data.get("languagecode")),
            content_dir=old.content_dir,
            base_url=old.base_url,
            weight=old.weight,
        )
    ugly = data.get("uglyurls", False)
    return HugoConfig(
        root=folder,
        source=source,
        base_url=str(data.get("baseurl") or ""),
        content_dir=content_dir,
        languages=languages,
        default_lang=default_lang,
        lang_configured=bool(
            data.get("languagecode") or data.get("defaultcontentlanguage") or raw_languages
        ),
        default_in_subdir=data.get("defaultcontentlanguageinsubdir") is True,
        ugly_urls={str(k): bool(v) for k, v in ugly.items()}
        if isinstance(ugly, dict)
        else bool(ugly),
        disable_path_to_lower=data.get("disablepathtolower") is True,
        remove_path_accents=data.get("removepathaccents") is True,
        permalinks=_permalinks(data.get("permalinks")),
        build_drafts=data.get("builddrafts") is True,
        build_future=data.get("buildfuture") is True,
        build_expired=data.get("buildexpired") is True,
        time_zone=_text(data.get("timezone")),
        mounts=_mounts(folder, data.get("module")),
        emoji=data.get("enableemoji") is True,
    )


def _mounts(folder: Path, module: object) -> tuple[ContentRoot, ...]:
    """Return the ``module.mounts`` that target content (they replace ``contentDir``)."""
    mounts = module.get("mounts") if isinstance(module, dict) else None
    roots = []
    for mount in mounts if isinstance(mounts, list) else ():
        if not isinstance(mount, dict):
            continue
        target = str(mount.get("target") or "").strip("/").split("/")
        if target[0] != "content" or not mount.get("source"):
            continue
        lang = mount.get("lang")
        matrix = (
            mount.get("sites", {}).get("matrix", {}) if isinstance(mount.get("sites"), dict) else {}
        )
        langs = matrix.get("languages") if isinstance(matrix, dict) else None
        if not lang and isinstance(langs, list) and len(langs) == 1:
            lang = langs[0]
        roots.append(
            ContentRoot(
                folder=(folder / str(mount["source"])).resolve(),
                prefix=tuple(t for t in target[1:] if t),
                lang=str(lang).lower() if lang else None,
            )
        )
    return tuple(roots)


def _text(value: object) -> str | None:
    return str(value) if value else None


def _permalinks(raw: object) -> tuple[Permalink, ...]:
    """Return the rules of Hugo's legacy map form and its newer list form."""
    rules: list[Permalink] = []
    if isinstance(raw, dict):
        for key, value in raw.items():
            if isinstance(value, str):
                for kind in ("page", "term"):
                    rules.append(_section_rule(kind, key, value))
            elif isinstance(value, dict) and key in _KINDS:
                for section, pattern in value.items():
                    if isinstance(pattern, str):
                        rules.append(_section_rule(key, section, pattern))
    elif isinstance(raw, list):
        for item in raw:
            if not isinstance(item, dict) or not isinstance(item.get("pattern"), str):
                continue
            target = item.get("target")
            if not isinstance(target, dict):
                target = {}
            glob = str(target.get("path") or "/**").lower()
            kind = str(target.get("kind") or "").lower()
            rules.append(
                Permalink(
                    kind=kind, path=glob_pattern(glob), pattern=item["pattern"], specificity=0
                )
            )
        return tuple(rules)
    # Hugo's map form has no order: the most specific section wins.
    return tuple(sorted(rules, key=lambda rule: -rule.specificity))


def _section_rule(kind: str, section: str, pattern: str) -> Permalink:
    """Return Hugo's ``sectionToPathGlob``: the section and everything under it."""
    section = section.strip(" /").lower()
    if not section:
        return Permalink(kind=kind, path=glob_pattern("/*"), pattern=pattern, specificity=0)
    glob = "/{" + section + "," + section + "/**}"
    return Permalink(
        kind=kind, path=glob_pattern(glob), pattern=pattern, specificity=section.count("/") + 1
    )


def glob_pattern(glob: str) -> re.Pattern[str]:
    """Compile a gobwas-style glob (``*``, ``**``, ``{a,b}``) with ``/`` as separator."""
    out: list[str] = []
    i = 0
    while i < len(glob):
        char = glob[i]
        if glob.startswith("**", i):
            out.append(".*")
            i += 2
            continue
        if char == "*":
            out.append("[^/]*")
        elif char == "?":
            out.append("[^/]")
        elif char == "{":
            end = glob.find("}", i)
            if end < 0:
                out.append(re.escape(char))
            else:
                options = glob[i + 1 : end].split(",")
                out.append("(?:" + "|".join(glob_pattern(o).pattern[:-2] for o in options) + ")")
                i = end + 1
                continue
        else:
            out.append(re.escape(char))
        i += 1
    return re.compile("".join(out) + r"\Z")
