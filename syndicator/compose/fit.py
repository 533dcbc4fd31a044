"""Fit a rendered template within a limit: drop optional pieces, then shorten elastic ones.

A template is rendered once; its marked pieces (see ``environment``) are then
assembled in different ways and measured, never re-rendered. Order of sacrifice
(DESIGN.md rule 3): optional pieces, the last first; then elastic pieces, lowest rank
first (summary before title), each cut at the longest word boundary that fits, found by
binary search; a piece that cannot keep even one word is removed, and so is a summary
that cannot keep ``MIN_SUMMARY_WORDS``. The link and the
fixed text are never touched: when they alone do not fit, ``Unfittable`` is raised.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Literal

import regex

from . import graphemes, x_length
from ._markers import CLOSE, MIDDLE, OPEN
from .abbreviations import is_abbreviation
from .hashtags import HASHTAG

__all__ = ["ELLIPSIS", "Fitted", "Piece", "Unfittable", "cut_points", "fit", "parse", "tidy"]

ELLIPSIS = "…"  # U+2026: weight 2 on X (docs/platforms.md §1.1), 1 grapheme elsewhere
#: A summary shortened to fewer words than this says nothing ("submitted…"): it is dropped.
MIN_SUMMARY_WORDS = 4

Kind = Literal["fixed", "elastic", "optional", "link"]

_TRAILING = " \t\n,;:–—-([{«“‘\"'…/"
# Scripts written without spaces between words: a cut may fall between any two clusters.
_NO_SPACES = regex.compile(
    r"[\p{Han}\p{Hiragana}\p{Katakana}\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Tibetan}"
    r"\u3000-\u303f\uff00-\uffef]"
)
# What ``str.isspace`` calls white space (a test keeps this true), for the patterns below.
_SPACE_CHARS = "\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000"


@cache  # compiled on first use (~0.7 ms): only texts in a no-space script need it
def _cluster_point() -> regex.Pattern[str]:
    """Return where a cut may fall in a text in a no-space script, every cluster one point.

    After a character that is not white space, when the next is white space or a
    no-space character (or the text ends), or when it is itself a no-space character.
    """
    return regex.compile(
        rf"(?s)(?![{_SPACE_CHARS}])(?:{_NO_SPACES.pattern}|.(?=[{_SPACE_CHARS}]|{_NO_SPACES.pattern}|\Z))"
    )


_MENTION = regex.compile(r"(?<![\w@])@\w+(?:[.-]\w+)*(?:@\w+(?:[.-]\w+)+)?")
_WORD = regex.compile(r"\S+")
# A sentence's end: its stop (full-width and ellipsis forms too), then closing quotes or
# brackets. A cut there ends the text as a sentence does, with no "…" after the stop.
_SENTENCE_END = regex.compile(
    r"[.!?…‼⁇⁈⁉。！？．｡](?:[ \u00a0\u202f]?[\"'’”»)\]}）］｝」』】〉》])*\Z"
)
_BLANK_LINES = regex.compile(r"\n{3,}")
_LINE_END_SPACES = regex.compile(r"[ \t]+\n")


@dataclass(frozen=True, slots=True)
class Piece:
    """One piece of a rendered template: fixed text, or text the engine may change."""

    kind: Kind
    text: str
    rank: int = 0
    name: str = ""


@dataclass(frozen=True, slots=True)
class Fitted:
    """The fitted text, what was cut (in order), and the links it shows."""

    text: str
    cut: tuple[str, ...]
    links: tuple[tuple[str, str], ...]


class Unfittable(Exception):
    """Even the fixed pieces exceed the limit; ``text`` is the shortest text possible."""

    def __init__(self, text: str) -> None:
        super().__init__(text)
        self.text = text


def parse(rendered: str) -> list[Piece]:
    """Split a rendered template into pieces by its markers."""
    pieces: list[Piece] = []
    index = 0
    while True:
        start = rendered.find(OPEN, index)
        if start < 0:
            break
        middle = rendered.find(MIDDLE, start)
        end = rendered.find(CLOSE, middle)
        if start > index:
            pieces.append(Piece("fixed", rendered[index:start]))
        header, text = rendered[start + 1 : middle], rendered[middle + 1 : end]
        if header[0] == "e":
            rank, _, name = header[1:].partition(":")
            pieces.append(Piece("elastic", text, int(rank), name))
        elif header[0] == "o":
            pieces.append(Piece("optional", text, int(header[1:])))
        else:
            pieces.append(Piece("link", text))
        index = end + 1
    if index < len(rendered):
        pieces.append(Piece("fixed", rendered[index:]))
    return pieces


def tidy(text: str) -> str:
    """Remove what dropped pieces leave behind: spaces at line ends, extra blank lines."""
    if " \n" in text or "\t\n" in text:
        text = _LINE_END_SPACES.sub("\n", text)
    if "\n\n\n" in text:
        text = _BLANK_LINES.sub("\n\n", text)
    return text.strip()


def cut_points(text: str) -> list[int]:
    """Return where ``text`` may be cut: word ends outside URLs, hashtags and mentions.

    Between any two clusters of scripts written without spaces (CJK, Thai...); between
    any two clusters when the text has no word boundary at all.
    """
    return list(_cut_points(text))


@lru_cache(maxsize=32)  # a piece is cut for each network, and again as a thread widens
def _cut_points(text: str) -> tuple[int, ...]:
    """Return ``cut_points(text)``, as a tuple."""
    atoms = _atoms(text)
    if not _NO_SPACES.search(text):
        # Breaks before white space are always cluster boundaries (UAX #29 GB9-GB999).
        points = [match.end() for match in _WORD.finditer(text)]
        if len(points) <= 1 and not any(char.isspace() for char in text):
            points = graphemes.boundaries(text)[1:]
        return _outside(points, atoms)
    if graphemes.count(text) == len(text):  # every cluster is one code point
        points = [match.end() for match in _cluster_point().finditer(text)]
        if len(points) <= 1 and not any(char.isspace() for char in text):
            points = list(range(1, len(text) + 1))
        return _outside(points, atoms)
    bounds = graphemes.boundaries(text)
    no_spaces = {match.start() for match in _NO_SPACES.finditer(text)}
    spaces = [text[start:end].isspace() for start, end in itertools.pairwise(bounds)]
    spaces.append(True)  # the end of the text: a cut may fall there
    # A cut falls after a cluster that is not white space, before white space or where
    # either cluster is of a no-space script.
    points = [
        bounds[i]
        for i in range(1, len(bounds))
        if not spaces[i - 1] and (spaces[i] or bounds[i] in no_spaces or bounds[i - 1] in no_spaces)
    ]
    if len(points) <= 1 and not any(char.isspace() for char in text):
        points = bounds[1:]
    return _outside(points, atoms)


def _outside(points: list[int], atoms: list[tuple[int, int]]) -> tuple[int, ...]:
    """Return the points that fall inside none of the ``atoms`` spans."""
    if not atoms:
        return tuple(points)
    inside = bytearray(max(points[-1] if points else 0, *(b for _, b in atoms)) + 1)
    for start, end in atoms:
        inside[start + 1 : end] = b"\x01" * max(end - start - 1, 0)
    return tuple(point for point in points if not inside[point])


def _atoms(text: str) -> list[tuple[int, int]]:
    """Return the spans that must not be cut: URLs, hashtags and mentions."""
    spans = x_length.url_spans(text) if "." in text else []
    if "#" in text or "＃" in text:
        spans.extend(match.span() for match in HASHTAG.finditer(text))
    if "@" in text:
        spans.extend(match.span() for match in _MENTION.finditer(text))
    return spans


def shortened(text: str, point: int, lang: str | None = None) -> str:
    """Return ``text`` cut at ``point`` and ended with an ellipsis ('' if nothing is left).

    A cut right after a sentence's end keeps that end and adds nothing: "fixes.…" reads
    as a stray mark, and a whole sentence needs no sign that more follows. A stop that
    ends an abbreviation or initial of ``lang`` ("e.g.", "z. B.", "J. R. R.") ends no
    sentence: that cut gets its "…" like any other (``abbreviations``).
    """
    if point >= len(text):
        return text
    kept = text[:point].rstrip(_TRAILING)
    if not kept:
        return ""
    head = text[:point].rstrip()
    if _SENTENCE_END.search(head) and not is_abbreviation(head, lang):
        return head
    return kept + ELLIPSIS


def fit(
    pieces: Sequence[Piece],
    *,
    fits: Callable[[str], bool],
    show_link: Callable[[str], str],
    lang: str | None = None,
) -> Fitted:
    """Return the longest assembly of ``pieces`` that ``fits``; raise Unfittable if none.

    ``lang`` is the text's language: it tells which abbreviations end no sentence.
    """
    texts: list[str | None] = [
        show_link(piece.text) if piece.kind == "link" else piece.text for piece in pieces
    ]
    links = tuple(
        (shown, piece.text)
        for piece, shown in zip(pieces, texts, strict=True)
        if piece.kind == "link" and shown is not None
    )

    def assemble() -> str:
        return tidy("".join(text for text in texts if text))

    cut: list[str] = []
    text = assemble()
    if fits(text):
        return Fitted(text, (), links)

    optional = [i for i, piece in enumerate(pieces) if piece.kind == "optional" and piece.text]

    def keep(count: int) -> None:
        for rank, i in enumerate(optional):
            texts[i] = pieces[i].text if rank < count else None

    # Keep the longest run of leading optional pieces that fits (binary search).
    kept, low, high = 0, 0, len(optional) - 1
    while low <= high:
        middle = (low + high) // 2
        keep(middle)
        if fits(assemble()):
            kept, low = middle, middle + 1
        else:
            high = middle - 1
    keep(kept)
    cut.extend(_describe(pieces[i]) for i in reversed(optional[kept:]))
    if optional:
        text = assemble()
        if fits(text):
            return Fitted(text, tuple(cut), links)

    elastic = [i for i, piece in enumerate(pieces) if piece.kind == "elastic" and piece.text]
    elastic.sort(key=lambda i: (pieces[i].rank, -i))
    for i in elastic:
        piece = pieces[i]
        points = cut_points(piece.text)
        best: str | None = None
        low, high = (MIN_SUMMARY_WORDS - 1 if piece.name == "summary" else 0), len(points) - 1
        while low <= high:
            middle = (low + high) // 2
            texts[i] = shortened(piece.text, points[middle], lang) or None
            candidate = assemble()
            if fits(candidate):
                best, low = texts[i], middle + 1
            else:
                high = middle - 1
        texts[i] = best
        cut.append(piece.name if best else f"{piece.name} (removed)")
        if best is not None:
            return Fitted(assemble(), tuple(cut), links)
        text = assemble()
        if fits(text):
            return Fitted(text, tuple(cut), links)
    raise Unfittable(assemble())


def _describe(piece: Piece) -> str:
    """Return how a dropped optional piece is named in ``Post.cut``."""
    text = piece.text.strip()
    return f"hashtag {text}" if HASHTAG.fullmatch(text) else text
