"""Split a post's text into runs the HTML preview draws: plain, link, hashtag, mention, cut.

Two ways, as the networks themselves do it. Bluesky draws what the record's facets say
(its links show the shortened text the facet covers, docs/platforms.md §3.1); X and Mastodon
find links, hashtags and mentions in the text and show the full URL. The runs always
join back to the exact text: the page shows what will be posted, character for character.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

import regex as re

from ..compose.fit import ELLIPSIS
from ..compose.hashtags import HASHTAG
from ..compose.x_length import url_spans
from ..models import Facet

__all__ = ["Run", "detected_runs", "facet_runs", "mark_cuts"]

Kind = Literal["", "link", "tag", "mention", "cut"]

#: ``@user`` or ``@user@domain`` after a non-word character (Mastodon's Account::MENTION_RE
#: and X's @handle, as syndicator/compose/measure.py spells the first).
_MENTION = re.compile(r"(?<![=/\w@])@\w+(?:[.-]+\w+)*(?:@[\w.-]+\w)?")


@dataclass(frozen=True, slots=True)
class Run:
    """A piece of a post's text and what the network makes of it."""

    text: str
    kind: Kind = ""
    href: str = ""


def facet_runs(text: str, facets: Sequence[Facet]) -> list[Run]:
    """Return ``text`` cut at its facets (UTF-8 byte ranges), each facet as a link, tag, mention."""
    if not facets:
        return [Run(text)] if text else []
    data = text.encode("utf-8")
    runs: list[Run] = []
    position = 0  # in bytes
    for facet in sorted(facets, key=lambda f: f.start):
        if facet.start < position or facet.end > len(data) or facet.start >= facet.end:
            continue  # overlapping or out of range: the network ignores it too
        if facet.start > position:
            runs.append(Run(data[position : facet.start].decode("utf-8", "replace")))
        shown = data[facet.start : facet.end].decode("utf-8", "replace")
        runs.append(Run(shown, facet.kind, facet.value if facet.kind == "link" else ""))
        position = facet.end
    if position < len(data):
        runs.append(Run(data[position:].decode("utf-8", "replace")))
    return runs


def detected_runs(text: str) -> list[Run]:
    """Return ``text`` with the links (X's URL rules), hashtags and mentions the server finds."""
    spans: list[tuple[int, int, Kind]] = [(start, end, "link") for start, end in url_spans(text)]
    if "#" in text or "＃" in text:
        spans += _free(spans, ((m.start(), m.end(), "tag") for m in HASHTAG.finditer(text)))
    if "@" in text:
        spans += _free(spans, ((m.start(), m.end(), "mention") for m in _MENTION.finditer(text)))
    spans.sort()
    runs: list[Run] = []
    position = 0
    for start, end, kind in spans:
        if start > position:
            runs.append(Run(text[position:start]))
        shown = text[start:end]
        href = "" if kind != "link" else shown if "://" in shown else "https://" + shown
        runs.append(Run(shown, kind, href))
        position = end
    if position < len(text):
        runs.append(Run(text[position:]))
    return runs


def mark_cuts(runs: list[Run]) -> list[Run]:
    """Return ``runs`` with each ellipsis in plain text as a ``cut`` run: the text was cut there."""
    marked: list[Run] = []
    for run in runs:
        if run.kind or ELLIPSIS not in run.text:
            marked.append(run)
            continue
        for index, piece in enumerate(run.text.split(ELLIPSIS)):
            if index:
                marked.append(Run(ELLIPSIS, "cut"))
            if piece:
                marked.append(Run(piece))
    return marked


def _free(
    taken: list[tuple[int, int, Kind]], found: Iterable[tuple[int, int, Kind]]
) -> list[tuple[int, int, Kind]]:
    """Return the spans of ``found`` that overlap none of ``taken`` (a URL's ``#`` is no tag)."""
    free: list[tuple[int, int, Kind]] = []
    for start, end, kind in found:
        if not any(a < end and start < b for a, b, _ in taken):
            free.append((start, end, kind))
    return free
