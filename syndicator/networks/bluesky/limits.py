"""What Bluesky accepts: its lexicon's limits, shared by the spec and the adapter.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...models import Limits
from ...pricing import Quota, Rates

__all__ = ["LIMITS", "RATES"]

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


# "5,000 points per hour and 35,000 points per day", CREATE = 3 points
# (docs.bsky.app/docs/advanced-guides/rate-limits) [7.1]. An image is a blob, not a
# record: it costs no write points.
RATES = Rates(
    quotas=(
        Quota(
            key="points_hour",
            label="write points per hour",
            limit=5_000,
            window=timedelta(hours=1),
            per_post=3,
            source="docs.bsky.app rate-limits",
        ),
        Quota(
            key="points_day",
            label="write points per day",
            limit=35_000,
            window=timedelta(hours=24),
            per_post=3,
            source="docs.bsky.app rate-limits",
        ),
    ),
    source="docs.bsky.app/docs/advanced-guides/rate-limits",
    checked=date(2026, 12, 6),
)
