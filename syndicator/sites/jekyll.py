"""Jekyll sites: read ``_config.yml`` and build each post's URL the way Jekyll 4 does.

The rules are Jekyll 4.3's own (lib/jekyll/document.rb, url.rb, drops/url_drop.rb,
utils.rb, frontmatter_defaults.rb, configuration.rb), checked against the real binary
in tests/sites/test_jekyll.py. Posts (``_posts/YYYY-MM-DD-title.md`` anywhere in the
site) and documents of collections with ``output: true`` are articles; pages, drafts,
``published: false`` and future-dated files are not.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, tzinfo
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import regex

from ..errors import SourceError
from . import configs
from ._files import read_config
from .base import Page, Resolved, SiteSettings

__all__ = ["JekyllSite", "detect", "slugify"]

# Jekyll's STYLE_TO_PERMALINK (configuration.rb).
_STYLES = {
    "none": "/:categories/:title:output_ext",
    "date": "/:categories/:year/:month/:day/:title:output_ext",
    "ordinal": "/:categories/:year/:y_day/:title:output_ext",
    "pretty": "/:categories/:year/:month/:day/:title/",
    "weekdate": "/:categories/:year/W:week/:short_day/:title:output_ext",
}
# Document::DATE_FILENAME_MATCHER, applied to the path relative to the collection.
_DATED_NAME = re.compile(r"^(?:.+/)*?(\d{2,4}-\d{1,2}-\d{1,2})-([^/]*)(\.[^./]+)$")
_PLACEHOLDER = re.compile(r":([a-z_]+)")
_SLUG_DEFAULT = regex.compile(r"[^\p{M}\p{L}\p{Nd}]+")
_SLUG_PRETTY = regex.compile(r"[^\p{M}\p{L}\p{Nd}._~!$&'()+,;=@]+")
_SLUG_ASCII = regex.compile(r"[^A-Za-z0-9]+")
# Addressable::URI.encode keeps RFC 3986 pchar and "/" in a path; "?" starts a query.
_PATH_SAFE = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?"
)
_MARKDOWN_EXTS = frozenset({".markdown", ".mkdown", ".mkdn", ".mkd", ".md"})


def slugify(text: str, mode: str = "default", *, cased: bool = False) -> str:
    """Return ``text`` as Jekyll's ``Utils.slugify`` would (modes default, pretty, raw, ascii)."""
    pattern = {"raw": regex.compile(r"\s+"), "pretty": _SLUG_PRETTY, "ascii": _SLUG_ASCII}
    if mode not in ("raw", "default", "pretty", "ascii", "latin"):
        return text if cased else text.lower()
    slug = pattern.get(mode, _SLUG_DEFAULT).sub("-", text)
    slug = re.sub(r"^-|-$", "", slug, flags=re.MULTILINE)  # Ruby's ^ and $ match at lines
    return slug if cased else slug.lower()


def escape_path(value: str) -> str:
    """Return a URL piece percent-encoded as Jekyll's ``URL.escape_path`` does."""
    if not value or re.fullmatch(r"[a-zA-Z0-9./-]+", value):
        return value
    out: list[str] = []
    for char in value:
        if char in _PATH_SAFE:
            out.append(char)
        else:
            out.extend(f"%{byte:02X}" for byte in char.encode("utf-8"))
    return "".join(out)


@dataclass(frozen=True, slots=True)
class JekyllSite:
    """A Jekyll site: its root, base URL and the parts of ``_config.yml`` URLs depend on."""

    root: Path
    base_url: str
    config: Mapping[str, Any]
    lang: str | None
    lang_from: str
    generator: str = "jekyll"
    emoji: bool = False  # the jemoji plugin is on (``plugins:``/``gems:``)

    def resolve(self, page: Page) -> Resolved:
        """Return the URL Jekyll writes for ``page``, or why it writes none."""
        where = str(page.path)
        try:
            relative = page.path.relative_to(self.root).as_posix()
        except ValueError:
            return Resolved(url=None, key=str(page.path), skip="outside the Jekyll source")
        collections_dir = str(self.config.get("collections_dir") or "").strip("/")
        in_collections = relative
        if collections_dir:
            if not relative.startswith(collections_dir + "/"):
                return self._page_or_hidden(relative)
            in_collections = relative[len(collections_dir) + 1 :]
        label, doc_path = self._collection_of(in_collections)
        if label is None:
            return self._page_or_hidden(relative)
        if label == "drafts":
            return Resolved(url=None, key=relative, skip="draft")
        meta = self._data(in_collections, label, page.meta)
        lang, lang_from = self._language(meta, page.meta)
        if label == "posts" and not _DATED_NAME.match(doc_path):
            return Resolved(url=None, key=relative, skip="no date in the file name")
        if label != "posts" and not self._collection(label).get("output"):
            return Resolved(url=None, key=relative, skip=f"collection {label} has no output")
        if meta.get("published") is False:
            return Resolved(url=None, key=relative, skip="draft")
        moment = self._date(meta, in_collections, where)
        if not self.config.get("future") and moment > datetime.now(UTC):
            return Resolved(url=None, key=relative, skip="future")
        template = meta.get("permalink") or self._template(label)
        values = _Placeholders(
            label=label, doc_path=doc_path, meta=meta, moment=moment, where=where
        )
        path = _sanitize(_PLACEHOLDER.sub(values.replace, str(template)))
        url = self.base_url + path.lstrip("/") if self.base_url else None
        return Resolved(url=url, key=path, lang=lang, lang_from=lang_from)

    def _page_or_hidden(self, relative: str) -> Resolved:
        hidden = next((p for p in relative.split("/")[:-1] if p.startswith(("_", "."))), None)
        if hidden is not None:
            return Resolved(url=None, key=relative, skip=f"not published (in {hidden})")
        return Resolved(url=None, key=relative, skip="page, not a post")

    def _collection_of(self, relative: str) -> tuple[str | None, str]:
        """Return (collection label, path inside its folder) of a file, or (None, "")."""
        parts = relative.split("/")
        for index, part in enumerate(parts[:-1]):
            if part in ("_posts", "_drafts"):
                if any(p.startswith(("_", ".")) for p in parts[:index]):
                    return None, ""
                return part[1:], "/".join(parts[index + 1 :])
        first = parts[0]
        if len(parts) > 1 and first.startswith("_") and first[1:] in self._collections():
            return first[1:], "/".join(parts[1:])
        return None, ""

    def _collections(self) -> Mapping[str, Any]:
        raw = self.config.get("collections") or {}
        if isinstance(raw, list):
            raw = {str(label): {} for label in raw}
        return raw if isinstance(raw, Mapping) else {}

    def _collection(self, label: str) -> Mapping[str, Any]:
        found = self._collections().get(label)
        return found if isinstance(found, Mapping) else {}

    def _style(self) -> str:
        return str(self.config.get("permalink") or "date")

    def _template(self, label: str) -> str:
        own = self._collection(label).get("permalink")
        style = self._style()
        if own:
            return str(own)
        if label == "posts":
            return _STYLES.get(style, style)
        template = "/:collection/:path"  # Utils.add_permalink_suffix
        if style == "pretty" or (style not in _STYLES and style.endswith("/")):
            return template + "/"
        if style in ("date", "ordinal", "none") or style.endswith(":output_ext"):
            return template + ":output_ext"
        return template

    def _data(self, relative: str, label: str, meta: Mapping[str, Any]) -> dict[str, Any]:
        """Return the front matter with the ``defaults:`` that apply, as Jekyll merges them."""
        data: dict[str, Any] = {}
        categories: list[str] = _path_categories(relative)
        best: Mapping[str, Any] | None = None
        for scope, values in self._defaults(relative, label):
            if best is None or _precedes(best, scope):
                data = {**data, **values}
                best = scope
            else:
                data = {**values, **data}
        categories = _union(categories, _as_categories(data.get("categories")))
        data.update(meta)
        categories = _union(categories, _as_categories(meta.get("categories")))
        single = data.get("category")
        if single is not None:
            categories = _union(categories, [str(x) for x in _as_list(single)])
        data["categories"] = categories
        return data

    def _defaults(self, relative: str, label: str) -> list[tuple[Mapping[str, Any], Any]]:
        found: list[tuple[Mapping[str, Any], Any]] = []
        for entry in self.config.get("defaults") or ():
            if not isinstance(entry, Mapping) or not isinstance(entry.get("values"), Mapping):
                continue
            raw_scope = entry.get("scope")
            scope: Mapping[str, Any] = raw_scope if isinstance(raw_scope, Mapping) else {}
            kind = str(scope.get("type", label))
            kind = {"post": "posts", "page": "pages", "draft": "drafts"}.get(kind, kind)
            if kind == label and self._path_applies(str(scope.get("path") or ""), relative):
                found.append((scope, entry["values"]))
        return found

    def _path_applies(self, scope_path: str, relative: str) -> bool:
        if not scope_path:
            return True
        collections_dir = str(self.config.get("collections_dir") or "").strip("/")
        if "*" in scope_path:
            matches = [p.relative_to(self.root).as_posix() for p in self.root.glob(scope_path)]
        else:
            matches = [_sanitize_scope(scope_path)]
        for found in matches:
            prefix = collections_dir + "/"
            inside = found[len(prefix) :] if collections_dir and found.startswith(prefix) else found
            if relative.startswith(inside):
                return True
        return False

    def _language(self, meta: Mapping[str, Any], own: Mapping[str, Any]) -> tuple[str | None, str]:
        if meta.get("lang") and not own.get("lang"):
            return str(meta["lang"]), "_config.yml defaults"
        return self.lang, self.lang_from

    def _zone(self) -> tzinfo:
        name = self.config.get("timezone")
        if name:
            from zoneinfo import ZoneInfo

            return ZoneInfo(str(name))
        local = datetime.now().astimezone().tzinfo
        return local or UTC

    def _date(self, meta: Mapping[str, Any], relative: str, where: str) -> datetime:
        """Return the document's date in the site's time zone, as ``Utils.parse_date`` does."""
        zone = self._zone()
        value = meta.get("date")
        named = _DATED_NAME.match(relative)
        if not value and named:
            value = named.group(1)
        if not value:
            return datetime.now(zone)  # Jekyll uses the build time
        if isinstance(value, datetime):
            moment = value if value.tzinfo else value.replace(tzinfo=UTC)  # Psych: naive = UTC
            return moment.astimezone(zone)
        if isinstance(value, date):
            return datetime.combine(value, time(0, 0), zone)
        from ..sources._text import parse_datetime

        text = str(value).strip()
        short = _short_date(text)
        # Time.parse: a string without an offset is in the site's (local) time zone.
        parsed = short.replace(tzinfo=zone) if short else parse_datetime(text, tz=zone)
        if parsed is None:
            raise SourceError(where, f"date: {value!r} is not a date Jekyll can read")
        return parsed.astimezone(zone)


@dataclass(frozen=True, slots=True, kw_only=True)
class _Placeholders:
    """The values Jekyll's UrlDrop gives each ``:name`` of a permalink."""

    label: str
    doc_path: str
    meta: Mapping[str, Any]
    moment: datetime
    where: str

    def replace(self, match: re.Match[str]) -> str:
        name = match.group(1)
        pool = [name, name[:-1]] if name.endswith("_") else [name]
        for key in pool:
            value = self.value(key)
            if value is not None:
                return escape_path(value) + match.group(0)[len(key) + 1 :]
        raise SourceError(
            self.where, f"permalink has :{pool[-1]}, which Jekyll does not know; fix the permalink"
        )

    def value(self, key: str) -> str | None:
        stem = self.doc_path.rsplit("/", 1)[-1]
        stem = stem.rsplit(".", 1)[0] if "." in stem else stem
        own = self.meta.get("slug")
        slug = _ruby_str(own) if own is not None and own is not False else self._file_slug()
        moment = self.moment
        categories = [str(c) for c in self.meta.get("categories") or ()]
        simple = {
            "collection": self.label,
            "path": "/" + _strip_dots(self.doc_path.rsplit(".", 1)[0]),
            "output_ext": ".html",
            "name": slugify(stem),
            "title": slugify(slug, "pretty", cased=True),
            "slug": slugify(slug),
            "categories": "/".join(dict.fromkeys(c.lower() for c in categories)),
            "slugified_categories": "/".join(dict.fromkeys(slugify(c) for c in categories)),
        }
        if key in simple:
            return simple[key]
        formats = {
            "year": "%Y", "month": "%m", "day": "%d", "hour": "%H", "minute": "%M",
            "second": "%S", "short_month": "%b", "long_month": "%B", "short_year": "%y",
            "w_year": "%G", "week": "%V", "w_day": "%u", "short_day": "%a", "long_day": "%A",
            "y_day": "%j",
        }  # fmt: skip
        if key in formats:
            return moment.strftime(formats[key])
        if key == "i_day":
            return str(moment.day)
        if key == "i_month":
            return str(moment.month)
        return None

    def _file_slug(self) -> str:
        named = _DATED_NAME.match(self.doc_path)
        if named:
            return _strip_dots(named.group(2))
        name = self.doc_path.rsplit("/", 1)[-1]
        return _strip_dots(name.rsplit(".", 1)[0] if "." in name else name)


def _strip_dots(text: str) -> str:
    return re.sub(r"\.*\Z", "", text)


def _sanitize(url: str) -> str:
    """Return ``url`` as Jekyll's ``URL#sanitize_url`` leaves it: one leading slash."""
    result = ("/" + url).replace("..", "/").replace("./", "")
    return re.sub(r"/{2,}", "/", result)


def _sanitize_scope(path: str) -> str:
    return re.sub(r"\A/|(?<=[^/])\Z", "", path) if path.startswith("/") else path


def _precedes(old: Mapping[str, Any], new: Mapping[str, Any]) -> bool:
    """Tell whether scope ``new`` wins over ``old`` (FrontmatterDefaults#has_precedence?)."""
    new_path = _sanitize_scope(str(new.get("path") or ""))
    old_path = _sanitize_scope(str(old.get("path") or ""))
    if len(new_path) != len(old_path):
        return len(new_path) >= len(old_path)
    return "type" in new or "type" not in old


def _path_categories(relative: str) -> list[str]:
    """Return the folders above ``_posts`` (``es/_posts/x.md`` is in category ``es``)."""
    parts = relative.split("/")
    index = next((i for i, p in enumerate(parts) if p in ("_posts", "_drafts")), 0)
    return [p for p in parts[:index] if p]


def _as_list(value: object) -> list[object]:
    return list(value) if isinstance(value, list | tuple) else [value]


def _as_categories(value: object) -> list[str]:
    if value is None:
        return []
    if isinstance(value, str):
        return value.split()
    return [_ruby_str(v) for v in _as_list(value) if v is not None]


def _ruby_str(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _union(first: list[str], second: list[str]) -> list[str]:
    return list(dict.fromkeys([*first, *second]))


def _short_date(text: str) -> datetime | None:
    """Read a file-name date (``2024-1-5``, ``24-01-05``) as Ruby's ``Time.parse`` does."""
    match = re.fullmatch(r"(\d{2,4})-(\d{1,2})-(\d{1,2})", text)
    if match is None:
        return None
    year = int(match.group(1))
    if len(match.group(1)) == 2:
        year += 1900 if year >= 69 else 2000
    try:
        return datetime(year, int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _normal_base(base: str) -> str:
    """Return the base URL with a lowercase scheme and host, as ``absolute_url`` writes it."""
    if not base:
        return ""
    parts = urlsplit(base)
    host = parts.netloc.lower()
    if not host.isascii():
        host = host.encode("idna").decode("ascii")
    return urlunsplit((parts.scheme.lower(), host, parts.path.rstrip("/") + "/", "", ""))


def detect(folder: Path, settings: SiteSettings) -> JekyllSite | None:
    """Return the Jekyll site whose ``_config.yml`` is in ``folder``, or None."""
    config_file = next((folder / n for n in configs.JEKYLL if (folder / n).is_file()), None)
    if config_file is None:
        return None
    config = read_config(config_file)
    if settings.permalink:
        config["permalink"] = settings.permalink
    root = folder.resolve()
    if config.get("source"):
        root = (root / str(config["source"])).resolve()
    if settings.base_url:
        base = settings.base_url
    else:
        base = str(config.get("url") or "").rstrip("/")
        baseurl = str(config.get("baseurl") or "").strip("/")
        base = f"{base}/{baseurl}" if baseurl else base
    if settings.lang:
        lang, lang_from = settings.lang, "syndicator.yaml site.lang"
    elif config.get("lang"):
        lang, lang_from = str(config["lang"]), "_config.yml lang"
    else:
        lang, lang_from = None, ""
    return JekyllSite(
        root=root,
        base_url=_normal_base(base),
        config=config,
        lang=lang,
        lang_from=lang_from,
        emoji=_uses_jemoji(config),
    )


def _uses_jemoji(config: Mapping[str, Any]) -> bool:
    """Tell whether ``_config.yml`` turns on jemoji, which renders ``:shortcodes:``.

    ``plugins:`` lists the plugins Jekyll loads (``gems:`` before Jekyll 3.5).
    """
    for key in ("plugins", "gems"):
        listed = config.get(key)
        if isinstance(listed, str):
            listed = [listed]
        if isinstance(listed, list) and "jemoji" in (str(name).strip() for name in listed):
            return True
    return False
