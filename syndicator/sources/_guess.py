"""Guess an article's language from its text when the source does not say (py3langid).

Any source may leave its language unsaid; tagging a French article ``en`` would mislabel
it on Bluesky and Mastodon, so ``_common.language`` asks a language identifier before
falling back to the config's default. The model loads lazily (about 0.4 s, once), only
for a source that needs it.

py3langid's own loader holds its 37 MiB transition table twice while loading (a NumPy
array, then the stdlib array it is copied into), which made a guessing preview peak at
180 MiB against 65 MiB without guesses (issue 18). ``_read_model`` reads the same arrays
from the same file into their final form directly, and hands them to py3langid's
``LanguageIdentifier``: the same model, the same guesses, no copy.
"""

from __future__ import annotations

import functools
from array import array
from pathlib import Path
from typing import IO, Any

__all__ = ["guess_language"]

_MIN_LETTERS = 30  # shorter texts give unreliable guesses
_MIN_CONFIDENCE = 0.9
_SAMPLE = 3000
_CHUNK = 1 << 20  # bytes read at a time: the transient buffer while loading
# NumPy dtype (kind and size) -> stdlib array typecode of the DFA's integer arrays.
_TYPECODES = {"u2": "H", "u4": "I", "i4": "i"}


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

    ptc, pc, classes, nextmove, row, output = _read_model(MODEL_DIR / MODEL_FILE)
    return LanguageIdentifier(ptc, pc, classes, nextmove, output, norm_probs=True, tk_row=row)


def _read_model(path: Path) -> tuple[Any, Any, list[str], array[int], array[int], array[int]]:
    """Read py3langid's model (an .npz inside LZMA) as ``modelio.load_model`` returns it.

    The naive-Bayes tables come back as NumPy arrays, the DFA (transitions, each state's
    row, each state's feature) as stdlib arrays, each read in place from the file.
    """
    import lzma
    import shutil
    import tempfile
    import zipfile

    import numpy as np

    # The .npz is unpacked to a temporary file, as py3langid does: zip needs to seek.
    with tempfile.TemporaryFile(suffix=".npz") as unpacked:
        with lzma.open(path) as packed:
            shutil.copyfileobj(packed, unpacked, length=_CHUNK)
        unpacked.seek(0)
        with zipfile.ZipFile(unpacked) as npz:

            def numpy_array(name: str) -> Any:
                with npz.open(f"{name}.npy") as member:
                    return np.lib.format.read_array(member, allow_pickle=False)

            def stdlib_array(name: str) -> array[int]:
                with npz.open(f"{name}.npy") as member:
                    return _read_int_array(member, f"{path}: {name}")

            return (
                numpy_array("ptc"),
                numpy_array("pc"),
                numpy_array("classes").tolist(),
                stdlib_array("nextmove"),
                stdlib_array("nextmove_row"),
                stdlib_array("out_feat"),
            )


def _read_int_array(member: IO[bytes], where: str) -> array[int]:
    """Read one .npy of integers into a stdlib array, a chunk at a time."""
    import numpy as np

    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(member)
    else:
        shape, _, dtype = np.lib.format.read_array_header_2_0(member)
    values = array(_TYPECODES[f"{dtype.kind}{dtype.itemsize}"], [0]) * int(np.prod(shape))
    with memoryview(values).cast("B") as view:
        done = 0
        while done < len(view):
            chunk = member.read(min(_CHUNK, len(view) - done))
            if not chunk:
                raise ValueError(f"{where} ends after {done} of {len(view)} bytes")
            view[done : done + len(chunk)] = chunk
            done += len(chunk)
    if not dtype.isnative:
        values.byteswap()
    return values


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
