"""What Mastodon accepts by default: its documented limits and visibilities.

An instance says its own limits (``/api/v2/instance``); the adapter reads them.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from datetime import date, timedelta

from ...models import Limits
from ...pricing import Quota, Rates

__all__ = ["LIMITS", "RATES", "VISIBILITIES"]

LIMITS = Limits(
    max_characters=500,  # configuration.statuses.max_characters default [2.1]
    url_length=23,  # characters_reserved_per_url [2.1]
    max_media=4,  # configuration.statuses.max_media_attachments [2.1]
    # image_size_limit: 10 MiB in the v1 example, 16 MiB in 4.x; the smaller [2.1]
    max_image_bytes=10 * 1024 * 1024,
    max_alt=1_500,  # description_limit (MAX_DESCRIPTION_LENGTH) [2.1]
)

#: Mastodon status visibilities (docs.joinmastodon.org/methods/statuses/#create).
VISIBILITIES = ("public", "unlisted", "private", "direct")


RATES = Rates(
    quotas=(
        Quota(
            key="statuses_3h",
            label="statuses per 3 hours",
            # app/lib/rate_limiter.rb FAMILIES statuses: 300 per 3 hours per account
            # (mastodon/mastodon; forks and instances change it: quotas: in the config) [7.1]
            limit=300,
            window=timedelta(hours=3),
            source="mastodon app/lib/rate_limiter.rb",
        ),
        Quota(
            key="media_30min",
            label="media uploads per 30 minutes",
            limit=30,  # POST /api/v1/media: 30 per 30 min (docs.joinmastodon.org rate-limits) [7.1]
            window=timedelta(minutes=30),
            per_post=0,
            per_image=1,
            source="docs.joinmastodon.org/api/rate-limits",
        ),
    ),
    source="docs.joinmastodon.org/api/rate-limits; mastodon app/lib/rate_limiter.rb",
    checked=date(2026, 12, 6),
)
