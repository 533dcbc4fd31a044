"""twitter-text's URL extraction (``extractUrlsWithIndices.js``), its TLDs looked up in sets.

twitter-text's URL regex ends a domain with ``(?:gTLD|ccTLD|punycode)``, the TLD lists as
alternations of some 1,500 names, each followed by ``(?=[^0-9a-zA-Z@+-]|$)``; compiled
case-insensitively, they cost ~30 ms at every start. Here a small regex finds where a
domain can start and its labels, and the TLD is looked up in frozensets, trying the
candidates in the order the regex's backtracking tries them:

* the start positions in the regex's order: a preceding character then the domain after
  it, and at the text's start, the domain at 0 (``^``) after the one at 1;
* the labels (``validSubdomain``) taken greedily, then given back one by one: the TLD is
  sought after the last label's dot first; the label just before the TLD
  (``validDomainName``) holds no ``_``;
* at a position, gTLDs before ccTLDs before punycode; the longest TLD first (no TLD is
  listed before a longer one it begins, checked by tests), and only one followed by the
  end or a character outside ``[0-9a-zA-Z@+-]`` (as Python's IGNORECASE reads it);
* letters compared as Python's ``re`` compares them under IGNORECASE (``ſ`` matches
  ``s``, the Kelvin sign ``k``): ``_x_data.TLD_FOLD_*`` hold every letter that matches a TLD's.

What follows the domain (port, path, query) is twitter-text's own regex, compiled only
when a URL has one. Each regex has a plain twin: its classes cut to ASCII, no IGNORECASE
(which puts ``ſ`` in any class holding ``s``: a class past Latin-1, slow to compile); it
compiles six times faster and is used where it reads the text alike, which the tests
check over every code point. ``tests/compose/test_x_urls.py`` checks every result against
the full regex, kept there as the reference.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import TypeAlias

from . import _x_data

__all__ = ["ascii_domains", "find_urls", "tco_url"]

# Pieces of twitter-text's regexes (dist/esm/regexp/*.js), with the same names.
_PUNCT = r"\!'#%&'\(\)*\+,\\\-\.\/:;<=>\?@\[\]\^_{|}~\$"
_SPACES = r"\x09-\x0D\x20\x85\xA0\u1680\u180E\u2000-\u200A\u2028\u2029\u202F\u205F\u3000"
_INVALID = r"\uFFFE\uFEFF\uFFFF"
_DIRECTIONAL = r"\u202A-\u202E\u061C\u200E\u200F\u2066\u2067\u2068\u2069"
_LATIN_ACCENTS = (
    r"\xC0-\xD6\xD8-\xF6\xF8-\xFF\u0100-\u024F\u0253\u0254\u0256\u0257\u0259\u025B"
    r"\u0263\u0268\u026F\u0272\u0289\u028B\u02BB\u0300-\u036F\u1E00-\u1EFF"
)
_CYRILLIC = r"\u0400-\u04FF"
_FLAGS = re.IGNORECASE

#: (the character before, the URL, its protocol or None, its domain, its path or None,
#: the URL's end): groups 2, 3, 4, 5 and 7 of twitter-text's ``extractUrl`` match, and its end.
UrlMatch: TypeAlias = tuple[str, str, str | None, str, str | None, int]


def _start_classes(plain: bool) -> dict[str, str]:
    """Return the classes of a URL's start: full (read under IGNORECASE) or plain.

    ``plain``: the classes cut to ASCII, read without IGNORECASE; they read alike any
    text without the characters of ``_plain_start_differs``.
    """
    if plain:
        return {"preceding": "[^A-Za-z0-9@$#]", "domain": rf"[^{_PUNCT}\x09-\x0D\x20]"}
    return {
        "preceding": rf"[^A-Za-z0-9@＠$#＃{_INVALID}]",
        "directional": f"[{_DIRECTIONAL}]",
        "domain": f"[^{_PUNCT}{_SPACES}{_INVALID}{_DIRECTIONAL}]",
    }


@cache
def _domain_start(plain: bool) -> re.Pattern[str]:
    """Compile the start of a URL: preceding character, protocol, every label with its dot.

    The preceding character (``validPrecedingChars``, or the text's start) is a lookbehind
    here, so that a match starts where the domain (or protocol) does. ``plain``: with the
    plain classes, a sixth of the compile time.
    """
    classes = _start_classes(plain)
    preceding = "".join(
        f"(?<={classes[name]})|" for name in ("preceding", "directional") if name in classes
    )
    protocol = r"[hH][tT][tT][pP][sS]?:\/\/" if plain else r"https?:\/\/"
    dc = classes["domain"]
    subdomain = rf"(?:(?:{dc}(?:[_-]|{dc})*)?{dc}\.)"
    return re.compile(rf"(?:{preceding}^)({protocol})?({subdomain}+)", 0 if plain else _FLAGS)


@cache
def _plain_start_differs() -> frozenset[str]:
    """Return the characters the plain URL start reads unlike the full one.

    Those its classes name beyond ASCII (full-width ``@`` and ``#``, the invalid and the
    directional characters, the spaces), and those IGNORECASE equates with an ASCII letter
    (the non-ASCII part of ``_x_data.TLD_END_BLOCKERS``: ``İ ı ſ`` and the Kelvin sign).
    """
    named = "＠＃\ufffe\ufeff\uffff\u061c\u200e\u200f\u2066\u2067\u2068\u2069\x85\xa0\u1680\u180e"
    ranges = [*range(0x202A, 0x202F), *range(0x2000, 0x200B), 0x2028, 0x2029, 0x202F, 0x205F]
    letters = [char for char in _x_data.TLD_END_BLOCKERS if not char.isascii()]
    return frozenset([*named, *map(chr, ranges), "\u3000", *letters])


def _tail_classes(plain: bool) -> dict[str, str]:
    """Return the classes of what may follow a domain: full (read under IGNORECASE) or plain.

    ``plain``: cut to ASCII, both cases spelt out, read without IGNORECASE (which adds
    ``ſ`` to ``s``: a class beyond Latin-1, slow to compile).
    """
    if plain:
        letters, cyrillic, dash, accents = "a-zA-Z", "", "", ""
    else:
        letters, cyrillic, dash, accents = "a-z", _CYRILLIC, r"\u2013", _LATIN_ACCENTS
    return {
        "path": rf"[{letters}{cyrillic}0-9!\*';:=\+,\.\$\/%#\[\]\-{dash}_~@\|&{accents}]",
        "path end": rf"[\+\-{letters}{cyrillic}0-9=_#\/{accents}]",
        "query": rf"[{letters}0-9!?\*'@\(\);:&=\+\$\/%#\[\]\-_\.,~|]",
        "query end": rf"[{letters}0-9\-_&=#\/]",
    }


@cache
def _after_domain(plain: bool) -> re.Pattern[str]:
    """Compile what may follow a URL's domain: port, path, query (twitter-text's regex).

    ``plain``: with the plain classes, seven times faster to compile; it reads alike any
    text whose first non-ASCII character after the domain is one no class takes
    (``_plain_tail``).
    """
    classes = _tail_classes(plain)
    gpc, query, query_end = classes["path"], classes["query"], classes["query end"]
    parens = rf"\((?:{gpc}+|(?:{gpc}*\({gpc}+\){gpc}*))\)"
    path_end = rf"{classes['path end']}|(?:{parens})"
    # As in twitter-text, path_end is spliced in unbracketed: its "|" splits the group.
    path = rf"(?:(?:{gpc}*(?:{parens}{gpc}*)*{path_end})|(?:@{gpc}+/))"
    tail = rf"(?::([0-9]+))?(\/{path}*)?(\?{query}*{query_end})?"
    return re.compile(tail, 0 if plain else _FLAGS)


def _plain_tail(text: str, position: int) -> bool:
    """Tell whether the plain regex after the domain reads ``text`` from ``position`` alike.

    The regex reads on while its classes take the characters; beyond ASCII, they take
    only letters, marks, ``–`` and ``҂`` (checked over every code point by the tests).
    """
    rest = text[position:]
    if rest.isascii():
        return True
    for char in rest:
        if not char.isascii():
            return not (char.isalpha() or unicodedata.category(char)[0] == "M" or char in "–҂")
    return True


def _ascii_label_class(plain: bool) -> str:
    """Return the class of a ``validAsciiDomain`` label: full (under IGNORECASE) or plain
    (the ASCII part, both cases, without IGNORECASE: alike on an ASCII domain)."""
    return r"[\-a-zA-Z0-9]" if plain else rf"[\-a-z0-9{_LATIN_ACCENTS}]"


@cache
def _ascii_labels(plain: bool) -> re.Pattern[str]:
    """Compile the labels of twitter-text's ``validAsciiDomain``, each with its dot."""
    return re.compile(rf"(?:{_ascii_label_class(plain)}+\.)+", 0 if plain else _FLAGS)


@cache
def _tco() -> re.Pattern[str]:
    """Compile twitter-text's ``validTcoUrl``."""
    classes = _tail_classes(False)
    query, query_end = classes["query"], classes["query end"]
    return re.compile(rf"^https?:\/\/t\.co\/([a-z0-9]+)(?:\?{query}*{query_end})?", _FLAGS)


@cache
def _punycode() -> re.Pattern[str]:
    """Compile twitter-text's ``validPunycode`` (no lookahead after it)."""
    return re.compile(r"xn--[\-0-9a-z]+", _FLAGS)


@cache
def _tlds() -> tuple[frozenset[str], frozenset[str], int, dict[int, int], frozenset[str]]:
    """Return the gTLD and ccTLD sets, the longest TLD's length, the case folding table
    and the characters that may not follow a TLD."""
    gtlds, cctlds = _x_data.GTLDS.split("|"), _x_data.CCTLDS.split("|")
    return (
        frozenset(gtlds),
        frozenset(cctlds),
        max(map(len, (*gtlds, *cctlds))),
        str.maketrans(_x_data.TLD_FOLD_FROM, _x_data.TLD_FOLD_TO),
        frozenset(_x_data.TLD_END_BLOCKERS),
    )


def find_urls(text: str) -> list[UrlMatch]:
    """Return what twitter-text's ``extractUrl`` regex finds in ``text``, match by match."""
    start = _domain_start(text.isascii() or _plain_start_differs().isdisjoint(text))
    found: list[UrlMatch] = []
    tld_ends: dict[int, int] = {}
    position = 0  # where the next domain may start
    while match := start.search(text, position):
        tries: list[re.Match[str] | None] = [match]
        if match.start() == 0:  # the regex tries a preceding character, domain at 1, first
            tries.insert(0, start.match(text, 1))
        for attempt in tries:
            url = _complete(text, attempt, tld_ends) if attempt else None
            if url:
                found.append(url)
                position = url[5] + 1  # the next preceding character is the URL's end
                break
        else:
            position = max(match.start(), 1) + 1
    return found


def _complete(text: str, match: re.Match[str], tld_ends: dict[int, int]) -> UrlMatch | None:
    """Return the URL whose domain starts with ``match``'s labels, or None (no TLD)."""
    first = match.start(2)
    dot = match.end(2) - 1  # the labels given back one by one, from the last
    while dot >= first:
        label_start = text.rfind(".", first, dot) + 1 or first
        no_underscore = text.find("_", label_start, dot) < 0  # as validDomainName
        domain_end = _tld_end(text, dot + 1, tld_ends) if no_underscore else -1
        if domain_end >= 0:
            end, path = domain_end, None
            if domain_end < len(text) and text[domain_end] in ":/?":
                after = _after_domain(_plain_tail(text, domain_end)).match(text, domain_end)
                assert after is not None  # every part of it is optional
                end, path = after.end(), after.group(2)
            begin = match.start()
            before = text[begin - 1 : begin] if begin else ""
            return before, text[begin:end], match.group(1), text[first:domain_end], path, end
        dot = label_start - 1
    return None


def _tld_end(text: str, position: int, tld_ends: dict[int, int]) -> int:
    """Return the end of the TLD twitter-text's regex finds at ``position``, or -1.

    ``tld_ends`` keeps the answers by position for one text: the regex may seek a TLD at
    the same position from many starts.
    """
    if position not in tld_ends:
        tld_ends[position] = _find_tld(text, position)
    return tld_ends[position]


def _find_tld(text: str, position: int) -> int:
    """Return the end of the gTLD, ccTLD or punycode TLD at ``position``, or -1."""
    gtlds, cctlds, longest, fold, blockers = _tlds()
    size = len(text)
    head = text[position : position + longest + 1]
    run_end = position + len(head) - len(head.lstrip(_x_data.TLD_END_BLOCKERS))
    # run_end: the first character from position that may follow a TLD (or the end).
    if run_end == size or text[run_end].isascii():
        # Only run_end may end a TLD: a blocker follows every end before it, and a TLD
        # going on past it would hold an ASCII character that is no blocker: none does.
        if position < run_end <= position + longest:
            name = text[position:run_end]
            name = name.lower() if name.isascii() else name.translate(fold)  # as IGNORECASE
            if name in gtlds or name in cctlds:
                return run_end
    else:  # a non-ASCII TLD may go on past run_end, as "vermögensberatung" past "m"
        last = min(size, position + longest)
        ends = [
            end
            for end in range(last, max(run_end, position + 1) - 1, -1)
            if end == size or text[end] not in blockers
        ]
        for names in (gtlds, cctlds):  # gTLDs first, each the longest first
            for end in ends:
                if text[position:end].translate(fold) in names:
                    return end
    # validPunycode: "xn--" under IGNORECASE is only ever these four ASCII characters.
    if text[position : position + 4].lower() == "xn--":
        punycode = _punycode().match(text, position)
        if punycode:
            return punycode.end()
    return -1


def ascii_domains(domain: str) -> list[tuple[int, int]]:
    """Return the (start, end) spans twitter-text's ``validAsciiDomain`` finds in ``domain``."""
    labels = _ascii_labels(domain.isascii())
    spans: list[tuple[int, int]] = []
    tld_ends: dict[int, int] = {}
    position = 0
    while match := labels.search(domain, position):
        start = match.start()
        dot = match.end() - 1  # the labels given back one by one, at least one kept
        while dot >= start:
            end = _tld_end(domain, dot + 1, tld_ends)
            if end >= 0:
                spans.append((start, end))
                position = end
                break
            dot = domain.rfind(".", start, dot)
        else:
            position = start + 1
    return spans


def tco_url(url: str, domain: str) -> re.Match[str] | None:
    """Return twitter-text's ``validTcoUrl`` match of ``url`` (its domain ``domain``)."""
    if len(domain) != 4:  # "t.co" follows the protocol: the domain is those four characters
        return None
    return _tco().match(url)
