"""Which of a post's images Threads can take: only those at a public URL (sans I/O).

Threads fetches an image itself from ``image_url`` ("it must be on a public server",
docs/platforms.md §8.1), so nothing is uploaded: a local-only image cannot be
posted and is left out, with a note saying so.
"""

from __future__ import annotations

from collections.abc import Sequence

from ...models import Image

__all__ = ["MAX_IMAGES", "public_images"]

#: One image per post: syndicator posts an IMAGE container, not a carousel.
MAX_IMAGES = 1


def public_images(images: Sequence[Image]) -> tuple[tuple[Image, ...], tuple[str, ...]]:
    """Return the images Threads can fetch (at most one) and a note for each left out."""
    kept: list[Image] = []
    notes: list[str] = []
    for image in images:
        if not image.source.lower().startswith(("https://", "http://")):
            notes.append(
                f"image {image.source} left out: Threads only takes an image from a "
                "public URL; give the article's image as its published https:// address"
            )
        elif len(kept) < MAX_IMAGES:
            kept.append(image)
        else:
            notes.append(f"image {image.source} left out: one image per post on Threads")
    return tuple(kept), tuple(notes)
