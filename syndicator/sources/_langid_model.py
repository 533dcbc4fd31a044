"""py3langid's model, read in place and with its transition table in 16 bits (issue 18).

py3langid (0.4) walks a DFA over the text's UTF-8 bytes, one transition per byte, and
scores the features it meets with a naive-Bayes table. Its loader keeps the transition
table as 32-bit integers (the DFA has 104,583 states) and holds it twice while loading
(a NumPy array, then the stdlib array it is copied into): 37 MiB, 74 MiB at the peak.

Here the table is read a chunk at a time and renumbered: the 65,535 states that most
transitions lead to get 16-bit numbers; a transition to one of the others (39,048
states, each reached by exactly one transition) holds ``_FAR`` and its state is looked
up in a short sorted table. 19 MiB, no copy, and the same features for every text, so
the same scores, bit for bit (tests/sources/test_guess.py checks the corpus).
"""

from __future__ import annotations

import lzma
import shutil
import tempfile
import zipfile
from array import array
from bisect import bisect_left
from collections import Counter
from pathlib import Path
from typing import IO, Any

import numpy as np
from py3langid.langid import MODEL_DIR, MODEL_FILE, LanguageIdentifier

__all__ = ["load_identifier"]

_FAR = 0xFFFF  # a transition whose state does not fit in 16 bits
_CHUNK = 1 << 16  # transitions (or bytes) read at a time: the transient buffers


class CompactIdentifier(LanguageIdentifier):  # type: ignore[misc]  # py3langid is untyped
    """py3langid's identifier over a 16-bit transition table.

    It overrides py3langid's private ``_raw_score`` (0.4), which walks the DFA with
    ``langid.visit_counts``: the same walk, plus the lookup of far states.
    """

    __slots__ = ("far_index", "far_state")

    def __init__(self, *args: Any, far_index: array[int], far_state: array[int], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.far_index = far_index  # the transitions that hold _FAR, in order
        self.far_state = far_state  # the state each of them leads to

    def _raw_score(self, text: bytes) -> Any:
        nextmove, rowbase, output = self.tk_nextmove, self._rowbase, self.tk_output
        far_index, far_state = self.far_index, self.far_state
        state, features = 0, []
        for letter in text:
            index = rowbase[state] + letter
            state = nextmove[index]
            if state == _FAR:
                state = far_state[bisect_left(far_index, index)]
            feature = output[state]
            if feature >= 0:
                features.append(feature)
        if features:
            return self._sparse_score(Counter(features), self.nb_ptc)
        return super()._raw_score(b"")  # no feature: py3langid's own answer


def load_identifier() -> CompactIdentifier:
    """Load py3langid's bundled model; probabilities normalised, as confidences."""
    path = MODEL_DIR / MODEL_FILE
    # The .npz is unpacked to a temporary file, as py3langid does: zip needs to seek.
    with tempfile.TemporaryFile(suffix=".npz") as unpacked:
        with lzma.open(path) as packed:
            shutil.copyfileobj(packed, unpacked, length=_CHUNK)
        unpacked.seek(0)
        with zipfile.ZipFile(unpacked) as npz:

            def read(name: str) -> Any:
                with npz.open(f"{name}.npy") as member:
                    return np.lib.format.read_array(member, allow_pickle=False)

            ptc, pc, classes = read("ptc"), read("pc"), read("classes").tolist()
            row, output = read("nextmove_row"), read("out_feat")
            # States by how many transitions lead to them; the start state stays 0.
            counts = np.zeros(len(row), dtype=np.int64)
            for _, chunk in _chunks(npz, path):
                counts += np.bincount(chunk, minlength=len(row))
            order = np.argsort(-counts, kind="stable")
            order = np.concatenate(([0], order[order != 0]))
            renumber = np.empty(len(order), dtype=np.uint32)
            renumber[order] = np.arange(len(order), dtype=np.uint32)
            nextmove, far_index, far_state = _renumbered(npz, path, renumber, int(counts.sum()))
    return CompactIdentifier(
        ptc,
        pc,
        classes,
        nextmove,
        array("i", output[order].astype(np.int32).tobytes()),
        norm_probs=True,
        tk_row=array("H", row[order].astype(np.uint16).tobytes()),
        far_index=far_index,
        far_state=far_state,
    )


def _renumbered(
    npz: zipfile.ZipFile, path: Path, renumber: Any, total: int
) -> tuple[array[int], array[int], array[int]]:
    """Return the transition table in 16 bits, and the far transitions and their states."""
    nextmove = array("H", [0]) * total  # its final size at once: no growing, no copy
    far_index, far_state = array("I"), array("I")
    for start, chunk in _chunks(npz, path):
        states = renumber[chunk]
        far = np.flatnonzero(states >= _FAR)
        far_index.frombytes((far + start).astype(np.uint32).tobytes())
        far_state.frombytes(states[far].tobytes())
        states[far] = _FAR
        nextmove[start : start + len(states)] = array("H", states.astype(np.uint16).tobytes())
    return nextmove, far_index, far_state


def _chunks(npz: zipfile.ZipFile, path: Path) -> Any:
    """Yield (offset, NumPy array) for successive chunks of the transition table."""
    with npz.open("nextmove.npy") as member:
        shape, dtype = _header(member)
        (total,) = shape
        start = 0
        while start < total:
            data = member.read(min(_CHUNK, total - start) * dtype.itemsize)
            if not data:
                raise ValueError(f"{path}: nextmove ends after {start} of {total} transitions")
            chunk = np.frombuffer(data, dtype=dtype)
            yield start, chunk
            start += len(chunk)


def _header(member: IO[bytes]) -> tuple[tuple[int, ...], Any]:
    """Read a .npy header: the array's shape and dtype."""
    version = np.lib.format.read_magic(member)
    if version == (1, 0):
        shape, _, dtype = np.lib.format.read_array_header_1_0(member)
    else:
        shape, _, dtype = np.lib.format.read_array_header_2_0(member)
    return shape, dtype
