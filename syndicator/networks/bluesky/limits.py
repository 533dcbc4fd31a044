"""What Bluesky accepts: its lexicon's limits, shared by the spec and the adapter.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from ...models import Limits

__all__ = ["LIMITS"]

LIMITS = Limits(
    max_characters=300,  # app.bsky.feed.post text maxGraphemes [3.1]
    max_bytes=3_000,  # app.bsky.feed.post text maxLength, UTF-8 bytes [3.1]
    url_length=0,  # URLs count as their visible text [0]
    max_media=4,  # app.bsky.embed.images maxLength [3.3]
    max_image_bytes=1_000_000,  # blob maxSize on older PDS deployments [3.3]
    # alt has no lexicon maximum [0]; 2,000 is the Bluesky app's own cap
    # (unverified against a primary source), kept as a safe bound.
    max_alt=2_000,
)
