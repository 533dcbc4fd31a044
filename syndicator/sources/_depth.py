"""Bound how deep markup nests before a parser sees it: deep input costs linear time.

The HTML tree builder walks its stack of open elements at each start tag, so a page
nested 100,000 deep costs minutes in lexbor. Browsers stop nesting at a depth too
(Blink: ``kMaximumHTMLParserDOMTreeDepth = 512``); here the tags past ``MAX_DEPTH``
are dropped and their text kept, which leaves every real page untouched.
"""

from __future__ import annotations

import re

__all__ = ["MAX_DEPTH", "flatten_html"]

#: The depth past which tags are dropped (Blink's own limit, see above).
MAX_DEPTH = 512
_TAG = re.compile(
    r"<!--.*?(?:-->|\Z)"  # a comment: skipped whole
    r"|<(script|style|textarea|title)\b[^>]*>.*?(?:</\1\s*>|\Z)"  # raw text: skipped whole
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)[^>]*?(/?)>",
    re.DOTALL | re.IGNORECASE,
)
#: Elements that never hold others, or whose end tag pages often leave out: they do not
#: count as a level (an unclosed <p> or <li> is closed by the next one).
_FLAT = frozenset(
    {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}
    | {"track", "wbr", "param", "keygen", "p", "li", "dt", "dd", "tr", "td", "th", "option"}
    | {"optgroup", "rb", "rt", "rp", "thead", "tbody", "tfoot", "colgroup", "caption"}
    | {"html", "head", "body"}
)


def flatten_html(html: str) -> str:
    """Return ``html`` with the start and end tags nested deeper than MAX_DEPTH removed."""
    if html.count("<") <= MAX_DEPTH:
        return html  # cannot nest that deep: the common case costs one count
    pieces: list[str] = []
    kept = 0
    depth = 0
    for match in _TAG.finditer(html):
        name = match.group(3)
        if name is None or name.lower() in _FLAT or match.group(4):
            continue
        if match.group(2):  # an end tag
            drop = depth > MAX_DEPTH
            depth = max(depth - 1, 0)
        else:
            depth += 1
            drop = depth > MAX_DEPTH
        if drop:
            pieces.append(html[kept : match.start()])
            kept = match.end()
    if not pieces:
        return html
    pieces.append(html[kept:])
    return "".join(pieces)
