"""twitter-text's URL regexes whole, as x_length compiled them before x_urls: the reference.

Built from twitter-text 3.1.0's pieces (``dist/esm/regexp/*.js``, same names) with its TLD
lists as it writes them: plain alternations in its order, each followed by its lookahead.
``syndicator.compose.x_urls`` must find exactly what these find.
"""

from __future__ import annotations

import re
from functools import cache

from syndicator.compose import _x_data
from syndicator.compose.x_urls import UrlMatch

_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B"
    r"\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"
_QUERY_CHARS = r"[a-z0-9!?\*'@\(\);:&=\+\$\/%#\[\]\-_\.,~|]"
_QUERY_END = r"[a-z0-9\-_&=#\/]"


@cache
def regexes() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    """Compile twitter-text's extractUrl, validAsciiDomain and validTcoUrl regexes."""
    tld_end = r"(?=[^0-9a-zA-Z@+-]|\Z)"
    gtld = "(?:(?:" + "|".join(map(re.escape, _x_data.GTLDS.split("|"))) + ")" + tld_end + ")"
    cctld = "(?:(?:" + "|".join(map(re.escape, _x_data.CCTLDS.split("|"))) + ")" + tld_end + ")"
    punycode = r"(?:xn--[\-0-9a-z]+)"
    dc = f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]"
    subdomain = rf"(?:(?:{dc}(?:[_-]|{dc})*)?{dc}\.)"
    domain_name = rf"(?:(?:{dc}(?:-|{dc})*)?{dc}\.)"
    domain = f"(?:{subdomain}*{domain_name}(?:{gtld}|{cctld}|{punycode}))"
    gpc = rf"[a-z{_CYRILLIC}0-9!\*';:=\+,\.\$\/%#\[\]\-\u2013_~@\|&{_LATIN_ACCENTS}]"
    parens = rf"\((?:{gpc}+|(?:{gpc}*\({gpc}+\){gpc}*))\)"
    path_end = rf"[\+\-a-z{_CYRILLIC}0-9=_#\/{_LATIN_ACCENTS}]|(?:{parens})"
    path = rf"(?:(?:{gpc}*(?:{parens}{gpc}*)*{path_end})|(?:@{gpc}+/))"
    preceding = rf"(?:[^A-Za-z0-9@＠$#＃{_INVALID}]|[{_DIRECTIONAL}]|^)"
    extract = (
        rf"(({preceding})((https?:\/\/)?({domain})(?::([0-9]+))?"
        rf"(\/{path}*)?(\?{_QUERY_CHARS}*{_QUERY_END})?))"
    )
    ascii_domain = rf"(?:(?:[\-a-z0-9{_LATIN_ACCENTS}]+)\.)+(?:{gtld}|{cctld}|{punycode})"
    tco = rf"^https?:\/\/t\.co\/([a-z0-9]+)(?:\?{_QUERY_CHARS}*{_QUERY_END})?"
    flags = re.IGNORECASE
    return re.compile(extract, flags), re.compile(ascii_domain, flags), re.compile(tco, flags)


def find_urls(text: str) -> list[UrlMatch]:
    """Return the extractUrl matches of ``text``: groups 2, 3, 4, 5, 7 and the end."""
    return [(*match.group(2, 3, 4, 5, 7), match.end()) for match in regexes()[0].finditer(text)]


def ascii_domains(domain: str) -> list[tuple[int, int]]:
    """Return the spans of the validAsciiDomain matches in ``domain``."""
    return [match.span() for match in regexes()[1].finditer(domain)]


def tco_url(url: str) -> str | None:
    """Return the validTcoUrl match of ``url``, or None."""
    match = regexes()[2].match(url)
    return match.group(0) if match else None
