"""What X accepts: its documented limits, shared by the spec and the adapter.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from ...models import Limits

__all__ = ["LIMITS"]

LIMITS = Limits(
    # 280 for a normal account; 25,000 with Premium, set by max_characters [1.1]
    max_characters=280,  # maxWeightedTweetLength, twitter-text config/v3.json [1.1]
    url_length=23,  # transformedURLLength, config/v3.json [1.1]
    max_media=4,  # 4 photos per post, docs.x.com media [1.4]
    max_image_bytes=5_000_000,  # image <= 5 MB, docs.x.com media [1.4]
    max_alt=1_000,  # alt text <= 1,000 chars, POST /2/media/metadata [1.4]
)
