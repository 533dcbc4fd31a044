"""The private-use code points that delimit marked pieces of a rendered template."""

from __future__ import annotations

__all__ = ["CLOSE", "MARKERS", "MIDDLE", "OPEN"]

# Plane 15 private use: every value given to a template is stripped of these first.
OPEN, MIDDLE, CLOSE = "\U000f0000", "\U000f0001", "\U000f0002"
MARKERS = frozenset({OPEN, MIDDLE, CLOSE})
