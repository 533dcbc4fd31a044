"""Hugo's path rules, ported from its Go source so URLs match the binary's.

``sanitize`` is ``common/paths.Sanitize``; ``make_path_sanitized`` is
``helpers.PathSpec.MakePathSanitized``; ``urlize`` is ``PathSpec.URLize``;
``path_escape`` is ``paths.PathEscape`` (Go's ``url.URL.EscapedPath``); ``expand`` is
``resources/page/permalinks.go``'s ``PermalinkExpander``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote, unquote, unquote_plus

__all__ = [
    "PageFacts",
    "expand",
    "make_path_sanitized",
    "path_escape",
    "query_unescape",
    "remove_accents",
    "sanitize",
    "urlize",
]

_ALLOWED_MARKS = frozenset("./\\_#+~-@")
_HEX = frozenset("0123456789abcdefABCDEF")
#: Go's url.shouldEscape(c, encodePath) leaves these unescaped (besides ASCII alphanumerics).
_GO_PATH_SAFE = "-_.~$&+,/:;=@"
#: Go's validEncoded also accepts these raw in a path (net/url/url.go).
_GO_VALID_RAW = frozenset("!$&'()*+,;=:@[]-_.~/%")
#: Go's time.Month and time.Weekday names (Monday first, as Python's weekday()).
_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
_MONTHS += ("August", "September", "October", "November", "December")
_DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_ATTRIBUTE = re.compile(r":\w+(\[.+?\])?")


def _allowed(text: str, i: int, char: str) -> bool:
    if char == " ":
        return False
    if char in _ALLOWED_MARKS:
        return True
    category = unicodedata.category(char)
    if category[0] in "LM" or category == "Nd":
        return True
    return char == "%" and i + 2 < len(text) and text[i + 1] in _HEX and text[i + 2] in _HEX


def sanitize(text: str) -> str:
    """Keep letters, digits, marks and ``./\\_#+~-@``; a space run becomes one hyphen."""
    if all(_allowed(text, i, c) for i, c in enumerate(text)):
        return text
    out: list[str] = []
    prepend = was_hyphen = False
    for i, char in enumerate(text):
        if _allowed(text, i, char):
            was_hyphen = char == "-"
            if prepend:
                if not was_hyphen:
                    out.append("-")
                prepend = False
            out.append(char)
        elif out and not was_hyphen and char.isspace():
            prepend = True
    return "".join(out)


def remove_accents(text: str) -> str:
    """Drop combining marks after NFD, as Hugo's ``text.RemoveAccentsString``."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if unicodedata.category(c) != "Mn")
    )


def make_path_sanitized(text: str, *, lower: bool = True, accents: bool = True) -> str:
    """Sanitize, drop accents when asked (``removePathAccents``), lowercase unless disabled."""
    text = sanitize(text)
    if not accents:
        text = remove_accents(text)
    return text.lower() if lower else text


def path_escape(path: str) -> str:
    """Return Go's ``url.Parse(path).EscapedPath()``: valid raw ASCII kept, else escaped."""
    if all(c.isascii() and (c.isalnum() or c in _GO_VALID_RAW) for c in path) and _valid_percent(
        path
    ):
        return path
    return quote(unquote(path), safe=_GO_PATH_SAFE)


def _valid_percent(path: str) -> bool:
    return all(
        len(path[i + 1 : i + 3]) == 2 and set(path[i + 1 : i + 3]) <= _HEX
        for i, c in enumerate(path)
        if c == "%"
    )


def urlize(text: str, *, lower: bool = True, accents: bool = True) -> str:
    """Return Hugo's ``urlize``: a sanitized path segment, percent-escaped."""
    return path_escape(make_path_sanitized(text, lower=lower, accents=accents))


@dataclass(frozen=True, slots=True, kw_only=True)
class PageFacts:
    """What the permalink tokens of one page read."""

    date: datetime | None
    title: str
    slug: str
    sections: tuple[str, ...]  # content folders from the top section down, as on disk
    base_name: str  # file name without extension and language, or the bundle's folder
    file_base: str  # file name without extension and language ("index" for a bundle)


def expand(pattern: str, facts: PageFacts, url: Callable[[str], str]) -> str:
    """Return ``pattern`` with each ``:token`` replaced for this page (``url`` = urlize)."""
    pattern = pattern.replace("\\:", "\x00")

    def token(match: re.Match[str]) -> str:
        name = match.group(0)[1:]
        cut = match.group(1) or ""
        name = name[: len(name) - len(cut)]
        return _token(name, cut, facts, url)

    return _ATTRIBUTE.sub(token, pattern).replace("\x00", ":")


def _token(name: str, cut: str, facts: PageFacts, url: Callable[[str], str]) -> str:
    date = facts.date or datetime(1, 1, 1)  # Hugo's zero time.Time for an undated page
    slug_or = url(facts.slug) if facts.slug else None
    # A title is one path segment: Hugo turns its slashes into hyphens (hugo 0.168
    # `list all`: "A/B c" under :title or :slug gives /a-b-c/); a front matter slug keeps them.
    title = url(facts.title.replace("/", "-"))
    filename = "" if facts.file_base == "_index" else url(facts.base_name)
    simple: dict[str, Callable[[], str]] = {
        "year": lambda: str(date.year),
        "month": lambda: f"{date.month:02d}",
        "monthname": lambda: _MONTHS[date.month - 1],
        "day": lambda: f"{date.day:02d}",
        "weekday": lambda: str((date.weekday() + 1) % 7),  # Go: Sunday is 0
        "weekdayname": lambda: _DAYS[date.weekday()],
        "yearday": lambda: str(date.timetuple().tm_yday),
        "section": lambda: facts.sections[0] if facts.sections else "",
        "sections": lambda: "/".join(_cut(list(facts.sections), cut)),
        "title": lambda: title,
        "slug": lambda: slug_or or title,
        "slugorfilename": lambda: slug_or or filename,
        "filename": lambda: filename,
        "contentbasename": lambda: url(facts.base_name),
        "slugorcontentbasename": lambda: slug_or or url(facts.base_name),
    }
    if name in simple and (not cut or name == "sections"):
        return simple[name]()
    return ":" + name + cut


def _cut(items: list[str], cut: str) -> list[str]:
    """Slice ``items`` as Hugo's ``toSliceFunc`` does (``[1:]``, ``[last]``, ``[:2]``)."""
    cut = cut.strip().lower()
    if not cut:
        return items
    if len(cut) < 3 or cut[0] != "[" or cut[-1] != "]":
        return []

    def index(text: str, low: bool) -> int:
        if text == "":
            return 0 if low else len(items)
        if text == "last":
            return len(items) - 1
        n = max(int(text) if text.lstrip("-").isdigit() else 0, 0)
        if n >= len(items):
            return -1 if low else len(items)
        return n

    inner = cut[1:-1]
    if not items:
        return []
    if ":" not in inner:
        n = index(inner, True)
        return [] if n < 0 or not items[n] else [items[n]]
    low, high = inner.split(":", 1)
    n1, n2 = index(low, True), index(high, False)
    return [] if n1 < 0 or n2 < 0 else items[n1:n2]


def query_unescape(text: str) -> str:
    """Return Go's ``url.QueryUnescape`` (``+`` is a space), as Hugo applies to permalinks."""
    return unquote_plus(text)
