"""What X accepts: its documented limits, shared by the spec and the adapter.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...models import Limits
from ...pricing import Quota, Rates

__all__ = ["LIMITS", "RATES"]

LIMITS = Limits(
    # 280 for a normal account; 25,000 with Premium, set by max_characters [1.1]
    max_characters=280,  # maxWeightedTweetLength, twitter-text config/v3.json [1.1]
    url_length=23,  # transformedURLLength, config/v3.json [1.1]
    max_media=4,  # 4 photos per post, docs.x.com media [1.4]
    max_image_bytes=5_000_000,  # image <= 5 MB, docs.x.com media [1.4]
    max_alt=1_000,  # alt text <= 1,000 chars, POST /2/media/metadata [1.4]
)


# docs.x.com/x-api/getting-started/pricing (read 2026-12-06): "Content: Create $0.015 per
# request", "Content: Create (with URL) $0.200 per request", "Media Metadata $0.005 per
# request"; writes are billed per request, and only requests that succeed
# (docs.x.com/x-api/fundamentals/post-cap FAQ). A reply is a Content: Create like any
# post: no reply price is listed [7.1].
RATES = Rates(
    currency="USD",
    post=15_000,
    post_with_url=200_000,
    image=5_000,
    quotas=(
        Quota(
            key="posts_15min",
            label="posts per 15 minutes",
            limit=100,  # POST /2/tweets, pay-per-use: 100 per 15 min per user [1.5]
            window=timedelta(minutes=15),
            source="docs/platforms.md §1.5",
        ),
        Quota(
            key="posts_day",
            label="posts per 24 hours (per app)",
            limit=10_000,  # and 10,000 per 24 h per app [1.5]
            window=timedelta(hours=24),
            source="docs/platforms.md §1.5",
        ),
    ),
    source="docs.x.com/x-api/getting-started/pricing",
    checked=date(2026, 12, 6),
)
