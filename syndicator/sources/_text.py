"""Turn source text into plain text: whitespace, HTML, URLs, languages, dates.

Shared by every source module. Plain text here means: HTML tags dropped, entities
unescaped, runs of ordinary whitespace collapsed to one space, and no-break spaces
(U+00A0, U+202F, U+2007) kept exactly as they are, since French typography puts
them before ``:``, ``?``, ``!`` and inside guillemets.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, time, timedelta, timezone, tzinfo
from typing import Any
from urllib.parse import unquote, urljoin, urlsplit, urlunsplit

from .. import characters, urls

__all__ = [
    "TRACKING_PARAMS",
    "clean_url",
    "date_from_name",
    "first_paragraph",
    "html_blocks",
    "html_to_text",
    "lang_tag",
    "normalise",
    "parse_datetime",
    "primary_lang",
    "url_problem",
]

# Every Unicode whitespace except the no-break spaces, which typography needs.
_SPACES = re.compile(r"[^\S\u00a0\u202f\u2007]+")


def normalise(text: str) -> str:
    """Return ``text`` clean (see ``characters``) on one line; keep no-break spaces."""
    return _SPACES.sub(" ", characters.clean(text)).strip(" ")


# --- summaries ----------------------------------------------------------------------


def first_paragraph(paragraphs: Iterable[str], *, skip: Iterable[str] = ()) -> str:
    """Return the first paragraph that reads like prose (not a heading), else the first."""
    skipped = {normalise(s) for s in skip}
    candidates = [p for p in paragraphs if p and normalise(p) not in skipped]
    for paragraph in candidates:
        if paragraph.rstrip().endswith((".", "!", "?", "…", "»", '"', ")")) or len(paragraph) > 160:
            return paragraph
    return candidates[0] if candidates else ""


# --- HTML ------------------------------------------------------------------------------

_DROP_TAGS = frozenset(
    {"script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form"}
    | {"button", "input", "select", "textarea", "iframe", "svg", "figure", "object", "embed"}
    | {"dialog", "pre", "table"}  # code and tables are not prose: left out of posts
)
# Class or id words that mark site furniture around an article.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|comments?|respond|promo|newsletter|"
    r"subscribe|advert|ads?|sponsor|sidebar|breadcrumbs?|cookie|popup|modal|author-box|"
    r"post-tags|tags-links|navigation|nav|menu|skip-link|screen-reader-text|kicker|"
    r"sr-only|jp-relatedposts|sharedaddy|yarpp)(?:$|[\s_-])",
    re.IGNORECASE,
)
_CONTAINERS = frozenset({"html", "body", "main", "article"})
_BLOCK_TAGS = frozenset(
    {"address", "article", "blockquote", "dd", "details", "div", "dl", "dt", "figcaption"}
    | {"h1", "h2", "h3", "h4", "h5", "h6", "hr", "li", "main", "ol", "p", "pre", "section"}
    | {"summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "body", "html"}
    | {"hr"}
)


def strip_furniture(root: Any) -> None:
    """Remove navigation, asides, forms, share bars and comments from a selectolax tree.

    Walks with its own stack, not recursion: a page nested 100,000 deep is linear work.
    """
    cursors = [root.child]  # per open level: the next node to look at
    while cursors:
        child = cursors[-1]
        if child is None:
            cursors.pop()
            continue
        cursors[-1] = child.next  # read before a decompose unlinks it
        if child.tag not in ("-text", "-comment", "-doctype"):
            if _is_furniture(child):
                child.decompose()
            else:
                cursors.append(child.child)


def _is_furniture(node: Any) -> bool:
    if node.tag in _DROP_TAGS:
        return True
    if node.tag in _CONTAINERS:
        return False  # WordPress puts "category-social" on the article itself
    attrs = node.attributes
    marks = f"{attrs.get('class') or ''} {attrs.get('id') or ''}"
    return bool(
        _FURNITURE.search(marks)
        or attrs.get("role") in {"navigation", "complementary", "banner", "contentinfo"}
        or attrs.get("aria-hidden") == "true"
    )


_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


def _walk(node: Any) -> Iterator[str | bool | None]:
    """Yield text pieces, None at every block boundary, True where a heading starts.

    Walks with its own stack: linear in depth.
    """
    cursors = [node.child]  # per open level: the next node to look at
    blocks = [False]  # per open level: whether leaving it ends a block
    while cursors:
        child = cursors[-1]
        if child is None:
            cursors.pop()
            if blocks.pop():
                yield None
            continue
        cursors[-1] = child.next
        tag = child.tag
        if tag == "-text":
            yield child.text_content or ""
        elif tag == "br":
            yield " "  # a line break inside a paragraph: "Lire aussi :<br>Titre" stays one
        elif tag not in ("-comment", "-doctype"):
            block = tag in _BLOCK_TAGS
            if block:
                yield None
                if tag in _HEADINGS:
                    yield True
            cursors.append(child.child)
            blocks.append(block)


def tree_blocks(root: Any) -> list[str]:
    """Return the plain-text paragraphs under a selectolax node, in document order."""
    return [text for text, _ in marked_blocks(root)]


def marked_blocks(root: Any) -> list[tuple[str, bool]]:
    """Return the plain-text paragraphs under a selectolax node, each with whether it is
    a heading (``<h1>`` to ``<h6>``), in document order."""
    blocks: list[tuple[str, bool]] = []
    buffer: list[str] = []
    heading = False
    for piece in [*_walk(root), None]:
        if piece is None:
            text = normalise("".join(buffer))
            if text:
                blocks.append((text, heading))
            buffer.clear()
            heading = False
        elif piece is True:
            heading = True
        elif piece is not False:
            buffer.append(piece)
    return blocks


def html_blocks(fragment: str, *, furniture: bool = True) -> list[str]:
    """Return the plain-text paragraphs of an HTML fragment, site furniture removed."""
    if "<" not in fragment:
        return [normalise(_unescape(p)) for p in re.split(r"\n\s*\n", fragment) if p.strip()]
    from selectolax.lexbor import LexborHTMLParser  # lazy: only HTML sources pay for it

    from ._depth import flatten_html

    tree = LexborHTMLParser(flatten_html(fragment))
    root = tree.body or tree.root
    if root is None:
        return []
    if furniture:
        strip_furniture(root)
    return tree_blocks(root)


def html_to_text(fragment: str) -> str:
    """Return an HTML fragment (a title, a summary) as one line of plain text."""
    if "<" not in fragment:
        return normalise(_unescape(fragment))
    return normalise(" ".join(html_blocks(fragment, furniture=False)))


def _unescape(text: str) -> str:
    if "&" not in text:
        return text
    import html

    return html.unescape(text)


# --- URLs ------------------------------------------------------------------------------

#: Query parameters that only track a click; removed from canonical URLs. ``ref`` is
#: kept on purpose: sites use it for real content (GitHub's ``?ref=branch``).
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "gclsrc", "dclid", "gbraid", "wbraid", "msclkid", "yclid",
        "twclid", "ttclid", "li_fat_id", "igshid", "igsh", "mc_cid", "mc_eid", "_hsenc",
        "_hsmi", "mkt_tok", "oly_anon_id", "oly_enc_id", "vero_id", "wickedid", "ref_src",
        "ref_url", "xtor", "at_medium", "at_campaign", "_ga", "_gl", "spm", "s_cid",
        # Big publishers' own, from the ClearURLs rules (github.com/ClearURLs/Rules,
        # data.min.json, July 2025): globalRules "wt_?z?mc" (Webtrekk: Spiegel, Zeit,
        # FAZ), "wtrid", "cmpid", "mtm_*", "itm_*", "__twitter_impression"; theguardian.com
        # "CMP"; metro.co.uk "ito"; msn "ocid", "cvid"; nytimes.com "smid"; newyorker.com
        # "mbid"; reuters.com "taid"; techcrunch "guccounter", "guce_referrer",
        # "guce_referrer_sig", "sr_share".
        "wt_mc", "wtmc", "wt_zmc", "wtrid", "cmpid", "__twitter_impression", "cmp", "ito",
        "ocid", "cvid", "smid", "mbid", "taid", "guccounter", "guce_referrer",
        "guce_referrer_sig", "sr_share",
        # comScore Digital Analytix campaign tags, on BBC links
        # (?ns_mchannel=social&ns_source=twitter&ns_campaign=bbc_news).
        "ns_mchannel", "ns_source", "ns_campaign", "ns_linkname", "ns_fee",
    }
)  # fmt: skip
# Google Analytics, AT Internet, Matomo, and "itm_" from ClearURLs' globalRules.
_TRACKING_PREFIXES = ("utm_", "at_", "mtm_", "itm_")


def _is_tracking(key: str) -> bool:
    name = unquote(key).lower()
    return name.startswith(_TRACKING_PREFIXES) or name in TRACKING_PARAMS


def clean_url(url: str, *, base: str | None = None) -> str:
    """Return ``url`` absolute (against ``base``) without tracking parameters."""
    url = url.strip()
    if base and url:
        url = urljoin(base, url)
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        return url
    query = "&".join(
        piece
        for piece in parts.query.split("&")
        if piece and not _is_tracking(piece.split("=", 1)[0])
    )
    fragment = "" if _is_tracking(parts.fragment.split("=", 1)[0]) else parts.fragment
    netloc = parts.netloc
    if "@" not in netloc:
        netloc = netloc.lower()
    return urlunsplit((parts.scheme.lower(), netloc, parts.path, query, fragment))


def url_problem(url: str) -> str:
    """Return why ``url`` is unfit as an article's address, for an error message."""
    return urls.problem(url) or ""


def is_absolute_url(url: str) -> bool:
    """Tell whether ``url`` is fit as an article's address (see ``urls.problem``)."""
    return urls.problem(url) is None


# --- languages -------------------------------------------------------------------------

_LANG = re.compile(r"^([A-Za-z]{2,3})((?:[-_][A-Za-z0-9]{1,8})*)$")
_NO_LANG = frozenset({"und", "mul", "zxx", "mis"})


def lang_tag(value: object) -> str | None:
    """Return ``value`` as a well-cased BCP-47 tag ("fr_fr" -> "fr-FR"), None if not one."""
    if not isinstance(value, str):
        return None
    match = _LANG.match(value.strip())
    if not match or match.group(1).lower() in _NO_LANG:
        return None
    subtags = [match.group(1).lower()]
    for sub in re.split(r"[-_]", match.group(2))[1:]:
        if len(sub) == 4 and sub.isalpha():
            subtags.append(sub.title())
        elif (len(sub) == 2 and sub.isalpha()) or (len(sub) == 3 and sub.isdigit()):
            subtags.append(sub.upper())
        else:
            subtags.append(sub.lower())
    return "-".join(subtags)


def primary_lang(value: object) -> str | None:
    """Return the primary language subtag, lowercase ("fr-FR" -> "fr"), None if not one."""
    tag = lang_tag(value)
    return tag.split("-", 1)[0] if tag else None


# --- dates -----------------------------------------------------------------------------

# The forms static-site generators accept besides ISO 8601: 2024/12/05, single-digit
# hours (2023-11-02T8:00:00+02:00), a space before the offset (2024-05-01 10:00:00 +0200).
_DATE = re.compile(
    r"(?P<y>\d{4})[-/.](?P<m>\d{1,2})[-/.](?P<d>\d{1,2})"
    r"(?:(?:[Tt]|\s+)(?P<H>\d{1,2}):(?P<M>\d{2})(?::(?P<S>\d{2})(?:[.,](?P<f>\d+))?)?)?"
    r"\s*(?P<z>[Zz]|UTC|GMT|[-+]\d{1,2}(?::?\d{2})?)?"
)
_NAME_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[-_.]|$)")


def parse_datetime(value: object, *, tz: tzinfo = UTC) -> datetime | None:
    """Return ``value`` as an aware datetime; naive values and bare dates are taken in ``tz``.

    Reads what YAML and TOML give (datetime, date), ISO 8601, the generators' looser
    forms (see ``_DATE``) and RFC 2822 (feeds).
    """
    result: datetime | None = None
    if isinstance(value, datetime):
        result = value
    elif isinstance(value, date):
        result = datetime.combine(value, time(0, 0))
    elif isinstance(value, str) and value.strip():
        text = value.strip()
        try:
            result = datetime.fromisoformat(text)
        except ValueError:
            result = _loose_datetime(text) or _rfc2822(text)
    if result is None:
        return None
    return result if result.tzinfo is not None else result.replace(tzinfo=tz)


def date_from_name(name: str) -> date | None:
    """Return the date a file name starts with (``2024-12-05-title.md``), or None."""
    match = _NAME_DATE.match(name)
    if match is None:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), int(match.group(3)))
    except ValueError:
        return None


def _loose_datetime(text: str) -> datetime | None:
    match = _DATE.fullmatch(text)
    if match is None:
        return None
    parts = match.groupdict()
    zone: tzinfo | None = None
    if parts["z"]:
        zone = _offset(parts["z"])
    try:
        return datetime(
            int(parts["y"]),
            int(parts["m"]),
            int(parts["d"]),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
            int((parts["f"] or "0")[:6].ljust(6, "0")),
            tzinfo=zone,
        )
    except ValueError:
        return None


def _offset(text: str) -> tzinfo:
    if text.upper() in ("Z", "UTC", "GMT"):
        return UTC
    sign = -1 if text[0] == "-" else 1
    digits = text[1:].replace(":", "")
    hours, minutes = (digits[:-2], digits[-2:]) if len(digits) > 2 else (digits, "0")
    return timezone(sign * timedelta(hours=int(hours), minutes=int(minutes)))


def _rfc2822(text: str) -> datetime | None:
    from email.utils import parsedate_to_datetime

    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        return None
