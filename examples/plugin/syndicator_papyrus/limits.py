"""What Papyrus accepts (its API documentation, "Limits")."""

from __future__ import annotations

from syndicator.models import Limits

LIMITS = Limits(
    max_characters=300,  # a note holds at most 300 bytes of UTF-8
    url_length=0,  # a link counts as its bytes, like any text
    max_media=0,  # Papyrus notes carry no images
)
