"""What Threads accepts: its documented limits (sans I/O).

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from ...models import Limits
from .media import MAX_IMAGES
from .text import MAX_CHARACTERS

__all__ = ["LIMITS"]

LIMITS = Limits(
    max_characters=MAX_CHARACTERS,  # text posts: 500 characters [8.2]
    url_length=0,  # a link counts as its text: Meta documents no shortening [8.2]
    max_media=MAX_IMAGES,  # one IMAGE container per post (carousels are not used) [8.1]
    max_image_bytes=8 * 1024 * 1024,  # images: 8 MB at most, media specifications [8.1]
    # alt_text has no documented maximum [8.1]; 1,000 is kept as a safe bound.
    max_alt=1_000,
)
