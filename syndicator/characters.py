"""Which characters text may carry: no controls, no invisible junk, bidi pairs balanced, NFC.

Shared by the sources (at the edge) and compose (on every value a template sees), so
that what is posted and what is printed never holds a terminal escape sequence.

Kept on purpose: ZWJ (U+200D) and ZWNJ (U+200C), which emoji sequences (👨‍👩‍👧‍👦, 🏳️‍🌈)
and scripts (Persian می‌خواهم, Devanagari half forms) need; the bidi marks LRM, RLM and
ALM; tab and newline. Removed: the C0 and C1 controls and whole escape sequences
(``ESC ] … BEL`` terminal titles, ``ESC [ … m`` colours), soft hyphens, ZWSP, word
joiners, byte-order marks, lone surrogates, and bidi embeddings, overrides and isolates
that are not closed in the same paragraph (or closers that close nothing).
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["balance_bidi", "clean", "printable"]

# ECMA-48: OSC, DCS, SOS, PM and APC strings run to BEL or ST (ESC \ or U+009C); an
# unterminated one loses only its introducer (its text stays, harmless without it). CSI:
# parameters, intermediates, one final byte. Any other escape: intermediates and a final
# byte. Lone 8-bit introducers are dropped one by one with the other C1 controls: in text
# they are far more often mis-decoded Windows-1252 than a terminal string.
_ESCAPES = re.compile(
    r"\x1b[\]PX^_][^\x07\x1b\x9c\n]*(?:\x07|\x1b\\|\x9c)"
    r"|(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]?"
    r"|\x1b[ -/]*[0-~]?"
)
# Line and paragraph breaks among the controls become newlines (VT, FF, FS, GS, RS, NEL).
_BREAKS = re.compile(r"\r\n?|[\x0b\x0c\x1c-\x1e\x85]")
# C0 and C1 controls except tab and newline; soft hyphen, ZWSP, word joiner, BOM;
# lone surrogates (left by lossy decoding; they cannot be encoded in UTF-8).
_DROP = re.compile(
    r"[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff]"
)
_ASCII_DIRTY = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
# Every character one of the steps above (or ``balance_bidi``) may change: text without
# any is only normalised, in one scan instead of four.
_DIRTY = re.compile(
    r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u00ad\u200b\u2060\ufeff\ud800-\udfff"
    "\u202a-\u202e\u2066-\u2069]"
)

_EMBEDDINGS = frozenset("\u202a\u202b\u202d\u202e")  # LRE RLE LRO RLO, closed by PDF
_ISOLATES = frozenset("\u2066\u2067\u2068")  # LRI RLI FSI, closed by PDI
_PDF, _PDI = "\u202c", "\u2069"
_BIDI = re.compile("[\u202a-\u202e\u2066-\u2069]")

# What a terminal must never be sent raw: every control but tab and newline.
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")


def clean(text: str) -> str:
    """Return ``text`` without controls, escape sequences or invisible junk, bidi balanced, NFC."""
    if text.isascii():
        if not _ASCII_DIRTY.search(text):
            return text
        return _DROP.sub("", _BREAKS.sub("\n", _ESCAPES.sub("", text)))
    if _DIRTY.search(text):
        text = balance_bidi(_DROP.sub("", _BREAKS.sub("\n", _ESCAPES.sub("", text))))
    return unicodedata.normalize("NFC", text)


def balance_bidi(text: str) -> str:
    """Return ``text`` without the bidi embeddings and isolates left open or closing nothing.

    Pairs are matched as UAX #9 matches them: within a paragraph (a newline ends every
    open one), a PDF closes the innermost embedding unless an isolate is open inside it,
    and a PDI closes the innermost isolate and every embedding opened inside it.
    """
    if not _BIDI.search(text):
        return text
    drop: set[int] = set()
    stack: list[tuple[int, bool]] = []  # (index, is_isolate)
    for index, char in enumerate(text):
        if char in _EMBEDDINGS or char in _ISOLATES:
            stack.append((index, char in _ISOLATES))
        elif char == _PDF:
            if stack and not stack[-1][1]:
                stack.pop()
            else:
                drop.add(index)
        elif char == _PDI:
            if any(isolate for _, isolate in stack):
                while True:
                    opened, isolate = stack.pop()
                    if isolate:
                        break
                    drop.add(opened)
            else:
                drop.add(index)
        elif char == "\n":
            drop.update(opened for opened, _ in stack)
            stack.clear()
    drop.update(opened for opened, _ in stack)
    if not drop:
        return text
    return "".join(char for index, char in enumerate(text) if index not in drop)


def printable(text: str) -> str:
    """Return ``text`` safe for a terminal: every control but tab and newline shown escaped."""
    if text.isprintable() or not _UNPRINTABLE.search(text):
        return text
    return _UNPRINTABLE.sub(lambda match: ascii(match.group())[1:-1], text)
