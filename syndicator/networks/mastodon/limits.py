"""What Mastodon accepts by default: its documented limits and visibilities.

An instance says its own limits (``/api/v2/instance``); the adapter reads them.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from ...models import Limits

__all__ = ["LIMITS", "VISIBILITIES"]

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
