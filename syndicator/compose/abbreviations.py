"""Abbreviations that end in a full stop but end no sentence, by language.

A cut right after a sentence's end needs no "…" (``fit.shortened``), but a cut after
"e.g." or "z. B." is not one: the post would read "… such as e.g." as if it were
whole. Each list holds words written with a final stop that, in running text, are
followed by more of the same sentence: titles before a name, Latin and local
"for example", "that is", "and so on", "versus", "page", "number"; lower case,
without that final stop. Words that often end a sentence too ("Inc.", "no.", "EE. UU.")
are left out: a whole sentence cut there keeps its clean end.

A single letter and its stop ("J. R. R.", "M.", "z. B.", "p. ex.", "S. 12") is an
initial or part of an abbreviation in every language: ``is_abbreviation`` says so
without a list. In German, a number and its stop is an ordinal ("am 8. März").

No library was used: sentencex 1.0.32 (a segmenter, not a list) split
"M. Dupont" in French and costs ~1 ms on its first call for each language;
pysbd's lists have not been updated since 2021.
"""

from __future__ import annotations

__all__ = ["ABBREVIATIONS", "is_abbreviation"]

ABBREVIATIONS: dict[str, frozenset[str]] = {
    "en": frozenset(
        {"e.g", "i.e", "etc", "vs", "viz", "cf", "approx", "a.m", "p.m", "fig", "ca"}
        | {"mr", "mrs", "ms", "dr", "prof", "st", "sr", "jr"}
        | {"jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
    ),
    "fr": frozenset(
        {"ex", "etc", "cf", "env", "c.-à-d", "c-à-d", "vs", "av", "bd", "éd", "vol", "chap"}
        | {"mme", "mmes", "mlle", "mlles", "mm", "dr", "pr", "me", "st", "ste", "sr", "mgr"}
        | {"janv", "févr", "avr", "juil", "sept", "oct", "nov", "déc"}
    ),
    "de": frozenset(
        {"z.b", "bzw", "usw", "etc", "d.h", "u.a", "u.ä", "o.ä", "ca", "vgl", "ggf", "evtl"}
        | {"inkl", "exkl", "bspw", "sog", "nr", "str", "hr", "fr", "dr", "prof", "st", "abs"}
        | {"jan", "feb", "febr", "apr", "aug", "sept", "okt", "nov", "dez", "v.a", "z.t"}
    ),
    "es": frozenset(
        {"ej", "p.ej", "etc", "vs", "cf", "aprox", "pág", "págs", "núm", "art", "cap", "vol"}
        | {"sr", "sra", "sres", "srta", "dr", "dra", "ud", "uds", "vd", "vds", "dña", "sto"}
        | {"sta", "ene", "feb", "abr", "ago", "sept", "oct", "nov", "dic"}
    ),
}
_EVERY = frozenset().union(*ABBREVIATIONS.values())
_OPENING = "([{«“‘\"'¿¡"


def is_abbreviation(head: str, lang: str | None) -> bool:
    """Say whether ``head`` ends with an abbreviation's stop rather than a sentence's.

    ``lang`` is the article's language ("fr", "pt-BR"...): its list is used, and every
    list when it is None or has none.
    """
    if not head.endswith("."):
        return False
    word = head[:-1].rsplit(None, 1)[-1].lstrip(_OPENING).lower() if head[:-1].strip() else ""
    if len(word) == 1 and word.isalpha():  # an initial: "J. R. R.", "z. B.", "M."
        return True
    primary = (lang or "").partition("-")[0].lower()
    if primary == "de" and word.isdigit():  # an ordinal: "am 8. März", "der 2. Teil"
        return True
    return word in ABBREVIATIONS.get(primary, _EVERY)
