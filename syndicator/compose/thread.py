"""Split an article's body into a numbered chain of posts, each within the limit.

The first post is the fitted template (it holds the link); the body follows, packed
sentence by sentence; a sentence too long for one post is cut at word boundaries with
an ellipsis. Every part ends with its number (``\\n\\n2/5``, or `` 2/5`` on a one-line
post), and room for the widest number is kept while packing, so numbering can never
push a part over the limit.
"""

from __future__ import annotations

from collections.abc import Callable

import regex

from . import graphemes
from .fit import ELLIPSIS, cut_points, shortened

__all__ = ["number", "pack", "sentences"]

_PARAGRAPHS = regex.compile(r"\n\s*\n")
# A sentence ends with . ! ? … (and closing quotes or brackets) before a space, or with
# a CJK full stop.
_SENTENCE_END = regex.compile(r"(?<=[.!?…][\"'’”»)\]]*)\s+|(?<=[。！？])")


def sentences(body: str) -> list[tuple[str, bool]]:
    """Return the sentences of ``body``, each with whether it starts a paragraph."""
    found: list[tuple[str, bool]] = []
    for paragraph in _PARAGRAPHS.split(body.strip()):
        first = True
        for raw in _SENTENCE_END.split(paragraph.strip()):
            sentence = " ".join(raw.split())
            if sentence:
                found.append((sentence, first))
                first = False
    return found


def suffix(index: int, total: int, text: str) -> str:
    """Return the numbering appended to a part: on its own line for multi-line posts."""
    return ("\n\n" if "\n" in text else " ") + f"{index}/{total}"


def number(texts: list[str]) -> list[str]:
    """Return ``texts`` with their numbers appended (``1/3``...)."""
    total = len(texts)
    return [text + suffix(i, total, text) for i, text in enumerate(texts, start=1)]


def pack(body: str, fits: Callable[[str], bool], digits: int) -> list[str]:
    """Pack the body's sentences into as few parts as fit, keeping room for a number."""
    room = "\n\n" + "9" * digits + "/" + "9" * digits

    def ok(text: str) -> bool:
        return fits(text + room)

    parts: list[str] = []
    current = ""
    for whole, new_paragraph in sentences(body):
        sentence = whole
        if current:
            candidate = current + ("\n\n" if new_paragraph else " ") + sentence
            if ok(candidate):
                current = candidate
                continue
            parts.append(current)
            current = ""
        while sentence and not ok(sentence):
            head, sentence = _split(sentence, ok)
            parts.append(head)
        current = sentence
    if current:
        parts.append(current)
    return parts


def _split(sentence: str, ok: Callable[[str], bool]) -> tuple[str, str]:
    """Return the longest head of ``sentence`` that fits (with ``…``) and the rest."""
    points = cut_points(sentence)
    head = _longest(sentence, points, ok)
    if head is None:
        # No word fits on its own (a huge URL or word): cut between grapheme clusters.
        head = _longest(sentence, graphemes.boundaries(sentence)[1:], ok)
    if head is None:
        raise ValueError("not even one character fits in a thread part")
    point, text = head
    return text, sentence[point:].lstrip()


def _longest(sentence: str, points: list[int], ok: Callable[[str], bool]) -> tuple[int, str] | None:
    """Binary-search the last cut point whose shortened head fits."""
    best: tuple[int, str] | None = None
    low, high = 0, len(points) - 1
    while low <= high:
        middle = (low + high) // 2
        point = points[middle]
        text = shortened(sentence, point) if point < len(sentence) else sentence
        if text and text != ELLIPSIS and ok(text):
            best, low = (point, text), middle + 1
        else:
            high = middle - 1
    return best
