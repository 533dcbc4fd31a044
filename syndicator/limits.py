"""The networks syndicator knows, and their documented limits, which compose and the adapters share.

The preview fits posts to these numbers, and the adapters report the same ones (or,
for Mastodon, what the instance says), so what is previewed is what is posted.
Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from .models import Limits

__all__ = ["DOCUMENTED", "NETWORK_NAMES", "default_limits"]

#: The networks syndicator knows, in the order reports list them.
NETWORK_NAMES: tuple[str, ...] = ("x", "mastodon", "bluesky")

DOCUMENTED = MappingProxyType(
    {
        "x": Limits(
            max_characters=280,  # maxWeightedTweetLength, twitter-text config/v3.json [1.1]
            url_length=23,  # transformedURLLength, config/v3.json [1.1]
            max_media=4,  # 4 photos per post, docs.x.com media [1.4]
            max_image_bytes=5_000_000,  # image <= 5 MB, docs.x.com media [1.4]
            max_alt=1_000,  # alt text <= 1,000 chars, POST /2/media/metadata [1.4]
        ),
        "mastodon": Limits(
            max_characters=500,  # configuration.statuses.max_characters default [2.1]
            url_length=23,  # characters_reserved_per_url [2.1]
            max_media=4,  # configuration.statuses.max_media_attachments [2.1]
            # image_size_limit: 10 MiB in the v1 example, 16 MiB in 4.x; the smaller [2.1]
            max_image_bytes=10 * 1024 * 1024,
            max_alt=1_500,  # description_limit (MAX_DESCRIPTION_LENGTH) [2.1]
        ),
        "bluesky": Limits(
            max_characters=300,  # app.bsky.feed.post text maxGraphemes [3.1]
            max_bytes=3_000,  # app.bsky.feed.post text maxLength, UTF-8 bytes [3.1]
            url_length=0,  # URLs count as their visible text [0]
            max_media=4,  # app.bsky.embed.images maxLength [3.3]
            max_image_bytes=1_000_000,  # blob maxSize on older PDS deployments [3.3]
            # alt has no lexicon maximum [0]; 2,000 is the Bluesky app's own cap
            # (unverified against a primary source), kept as a safe bound.
            max_alt=2_000,
        ),
    }
)


def default_limits(network: str, max_characters: int | None = None) -> Limits:
    """Return ``network``'s documented limits, with the configured character limit.

    ``max_characters`` is X's limit for a Premium account (25,000 [1.1]) or a Mastodon
    instance's own; Bluesky's limit is fixed by its lexicon and cannot be changed.
    """
    try:
        limits = DOCUMENTED[network]
    except KeyError:
        known = ", ".join(DOCUMENTED)
        raise ValueError(f"unknown network {network!r} (known: {known})") from None
    if max_characters and network != "bluesky":
        return replace(limits, max_characters=max_characters)
    return limits
