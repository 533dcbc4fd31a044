"""Split an article's body into a numbered chain of posts, each within the limit.

The first post is the fitted template (it holds the link); the body follows. Parts
break at paragraphs first: a paragraph that does not fit in what is left of a part
starts the next one. A paragraph too long for a part of its own is packed sentence by
sentence, and a sentence too long for a part is cut at words with an ellipsis. A
heading always starts a part and never ends one: the text after it follows in the
same part. Every part ends with its number (``\\n\\n2/5``, or `` 2/5`` on a one-line
post), and room for the widest number is kept while packing, so numbering can never
push a part over the limit. ``cap`` bounds the number of parts: the last one then says
where the rest is (``more``, which holds the link).
"""

from __future__ import annotations

from collections.abc import Callable, Collection

import regex

from . import graphemes
from .abbreviations import is_abbreviation
from .fit import ELLIPSIS, cut_points, shortened

__all__ = ["MORE", "number", "pack", "sentences"]

_PARAGRAPHS = regex.compile(r"\n\s*\n")
# A sentence ends with . ! ? … (and closing quotes or brackets) before a space, or with
# a CJK full stop.
_SENTENCE_END = regex.compile(r"(?<=[.!?…][\"'’”»)\]]*)\s+|(?<=[。！？])")

#: What the last part of a capped thread says, by language; ``{url}`` is the link.
MORE = {
    "en": "The rest of the article: {url}",
    "fr": "La suite de l’article : {url}",
    "de": "Der ganze Artikel: {url}",
    "es": "El resto del artículo: {url}",
    "it": "Il resto dell’articolo: {url}",
    "pt": "O resto do artigo: {url}",
    "nl": "De rest van het artikel: {url}",
}


def paragraphs(body: str) -> list[str]:
    """Return the paragraphs of ``body``, each on one line."""
    return [" ".join(p.split()) for p in _PARAGRAPHS.split(body.strip()) if p.strip()]


def sentences(body: str, lang: str | None = None) -> list[tuple[str, bool]]:
    """Return the sentences of ``body``, each with whether it starts a paragraph.

    A stop after an abbreviation or initial of ``lang`` ("e.g.", "z. B.") ends no
    sentence: a part never ends there.
    """
    found: list[tuple[str, bool]] = []
    for paragraph in paragraphs(body):
        first = True
        held = ""
        for raw in _SENTENCE_END.split(paragraph):
            sentence = " ".join(f"{held} {raw}".split())
            held = sentence if is_abbreviation(sentence, lang) else ""
            if sentence and not held:
                found.append((sentence, first))
                first = False
        if held:
            found.append((held, first))
    return found


def suffix(index: int, total: int, text: str) -> str:
    """Return the numbering appended to a part: on its own line for multi-line posts."""
    return ("\n\n" if "\n" in text else " ") + f"{index}/{total}"


def number(texts: list[str]) -> list[str]:
    """Return ``texts`` with their numbers appended (``1/3``...)."""
    total = len(texts)
    return [text + suffix(i, total, text) for i, text in enumerate(texts, start=1)]


def pack(
    body: str,
    fits: Callable[[str], bool],
    digits: int,
    headings: Collection[int] = (),
    lang: str | None = None,
) -> list[str]:
    """Pack the body's paragraphs into as few parts as fit, keeping room for a number.

    ``headings`` are the positions of the paragraphs that are headings; ``lang`` is the
    body's language (its abbreviations end no sentence).
    """
    room = "\n\n" + "9" * digits + "/" + "9" * digits

    def ok(text: str) -> bool:
        return fits(text + room)

    parts: list[str] = []
    current = ""
    lone_heading = False  # ``current`` is only a heading: something must follow it
    for index, paragraph in enumerate(paragraphs(body)):
        if index in headings:
            if current and not lone_heading:
                parts.append(current)
                current = ""
            # Headings in a row (the section between them is code or a table, left out)
            # stay together, so that none is left alone at the end of a part.
            candidate = f"{current}\n\n{paragraph}" if current else paragraph
            if current and not ok(candidate):
                parts.append(current)
                candidate = paragraph
            current, lone_heading = candidate, True
            while not ok(current):  # a heading longer than a part: cut at words
                head, current = _split(current, ok, lang)
                parts.append(head)
            continue
        candidate = f"{current}\n\n{paragraph}" if current else paragraph
        if ok(candidate):
            current, lone_heading = candidate, False
            continue
        if current and not lone_heading:
            parts.append(current)  # break at the paragraph
            current = ""
            if ok(paragraph):
                current = paragraph
                continue
        current = _sentences_into(parts, current, paragraph, ok, lang)
        lone_heading = False
    if current and not lone_heading:
        parts.append(current)
    return parts


def _sentences_into(
    parts: list[str], current: str, paragraph: str, ok: Callable[[str], bool], lang: str | None
) -> str:
    """Pack one paragraph's sentences after ``current``; return the unfinished part."""
    first = True
    for whole in sentences(paragraph, lang):
        sentence = whole[0]
        if current:
            glue = "\n\n" if first else " "
            candidate = current + glue + sentence
            if ok(candidate):
                current, first = candidate, False
                continue
            if first:  # ``current`` is a lone heading: cut the sentence to follow it
                prefix = current + glue

                def after(text: str, prefix: str = prefix) -> bool:
                    return ok(prefix + text)

                head, sentence = _split(sentence, after, lang)
                parts.append(prefix + head)
            else:
                parts.append(current)
            current = ""
        first = False
        while sentence and not ok(sentence):
            head, sentence = _split(sentence, ok, lang)
            parts.append(head)
        current = sentence
    return current


def _split(sentence: str, ok: Callable[[str], bool], lang: str | None) -> tuple[str, str]:
    """Return the longest head of ``sentence`` that fits (with ``…``) and the rest."""
    points = cut_points(sentence)
    head = _longest(sentence, points, ok, lang)
    if head is None:
        # No word fits on its own (a huge URL or word): cut between grapheme clusters.
        head = _longest(sentence, graphemes.boundaries(sentence)[1:], ok, lang)
    if head is None:
        raise ValueError("not even one character fits in a thread part")
    point, text = head
    return text, sentence[point:].lstrip()


def _longest(
    sentence: str, points: list[int], ok: Callable[[str], bool], lang: str | None
) -> tuple[int, str] | None:
    """Binary-search the last cut point whose shortened head fits."""
    best: tuple[int, str] | None = None
    low, high = 0, len(points) - 1
    while low <= high:
        middle = (low + high) // 2
        point = points[middle]
        text = shortened(sentence, point, lang) if point < len(sentence) else sentence
        if text and text != ELLIPSIS and ok(text):
            best, low = (point, text), middle + 1
        else:
            high = middle - 1
    return best
