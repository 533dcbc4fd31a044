"""Guess an article's language from its text when the source does not say (py3langid).

Any source may leave its language unsaid; tagging a French article ``en`` would mislabel
it on Bluesky and Mastodon, so ``_common.language`` asks a language identifier before
falling back to the config's default. The model loads lazily (about 0.5 s, once), only
for a source that needs it, in the compact form of ``_langid_model``.
"""

from __future__ import annotations

import functools
from typing import Any

__all__ = ["guess_language"]

_MIN_LETTERS = 30  # shorter texts give unreliable guesses
_MIN_CONFIDENCE = 0.9
_SAMPLE = 3000


@functools.cache
def _identifier() -> Any:
    from ._langid_model import load_identifier  # NumPy and the model: only when guessing

    return load_identifier()


def guess_language(text: str) -> str | None:
    """Return the ISO 639-1 code of ``text``'s language, or None when unsure."""
    sample = text[:_SAMPLE]
    if sum(char.isalpha() for char in sample) < _MIN_LETTERS:
        return None
    try:
        identifier = _identifier()
    except OSError:
        # The model is unpacked to a temporary file: on a full disk there is no guess,
        # and the article gets the default language rather than failing.
        return None
    code, confidence = identifier.classify(sample)
    return str(code) if confidence >= _MIN_CONFIDENCE else None
