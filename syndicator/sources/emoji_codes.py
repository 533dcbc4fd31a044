"""Emoji shortcodes (``:tada:``) turned into emoji, as the generators that render them do.

Hugo (``enableEmoji = true``) and Jekyll's jemoji plugin both read GitHub's gemoji
table: a shortcode is a lowercase gemoji name between colons, anywhere in prose (``a:tada:b``
too); an unknown one stays as written. The table comes from the ``emoji`` package
(imported here only, and only for a site that turns emoji on): its GitHub aliases plus
its CLDR English names, which together hold every gemoji name. Known differences with
gemoji are in ``_GEMOJI`` (same name, other emoji) and in the module's tests (CLDR names
gemoji lacks, such as ``:santa_claus:``, are converted here and kept by the generators).
"""

from __future__ import annotations

import re
from functools import cache

__all__ = ["emojize"]

# A shortcode as gemoji writes its names (github/gemoji db/emoji.json: a-z, 0-9, _ + -).
# The closing colon is looked at, not taken: an unknown ``:nope:`` leaves it to open the
# next shortcode, as Hugo reads ``:nope:tada:``.
_CODE = re.compile(r":([a-z0-9_+\-]+)(?=:)")
_NAME = re.compile(r"[a-z0-9_+\-]+")
# gemoji's emoji where the ``emoji`` package's alias names another one (github/gemoji
# db/emoji.json; the real Hugo renders these, tests/sites/test_emoji.py).
_GEMOJI = {"beetle": "\U0001fab2", "egg": "\U0001f95a"}


def emojize(text: str) -> str:
    """Return ``text`` with every known shortcode replaced by its emoji."""
    if ":" not in text:
        return text
    table = _table()
    pieces: list[str] = []
    done = 0  # text[:done] is in pieces
    for match in _CODE.finditer(text):
        start, end = match.start(), match.end() + 1
        if start < done:
            continue  # its opening colon closed the shortcode before
        char = table.get(match.group(1))
        if char is not None:
            pieces += [text[done:start], char]
            done = end
    return "".join(pieces) + text[done:] if pieces else text


@cache
def _table() -> dict[str, str]:
    """Return {shortcode name: emoji}: CLDR names, GitHub aliases over them, gemoji's last."""
    from emoji import EMOJI_DATA, STATUS  # lazy: only sites with emoji turned on pay for it

    names: dict[str, str] = {}
    aliases: dict[str, str] = {}
    for char, data in EMOJI_DATA.items():
        if data["status"] != STATUS["fully_qualified"]:
            continue
        names[data["en"].strip(":")] = char
        for alias in data.get("alias", ()):
            aliases[alias.strip(":")] = char
    names.update(aliases)
    names.update(_GEMOJI)
    return {name: char for name, char in names.items() if _NAME.fullmatch(name)}
