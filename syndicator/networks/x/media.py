"""Upload images to X through the v2 media endpoints, each with its alt text.

tweepy 4.17 has no v2 media methods (tweepy#2217) and its v1.1 upload targets an
endpoint X retired in 2025 (docs/platforms.md §1.4), so the two requests are made here,
on tweepy's own session and signed with the same OAuth 1.0a credentials. A refusal
is raised as the tweepy exception tweepy itself would raise for that status, so the
adapter translates media and post errors in one place.
"""

from __future__ import annotations

import importlib
from collections.abc import Sequence
from typing import Any

from ...media import load_image
from ...models import Image
from .limits import LIMITS

__all__ = ["MAX_ALT", "MAX_IMAGE_BYTES", "METADATA_URL", "UPLOAD_URL", "trim_alt", "upload_images"]

# One-shot image upload and alt text (docs.x.com media pages, X OpenAPI; docs/platforms.md §1.4).
UPLOAD_URL = "https://api.x.com/2/media/upload"
METADATA_URL = "https://api.x.com/2/media/metadata"
# Image at most 5 MB, alt text at most 1,000 characters (docs/platforms.md §1.4).
MAX_IMAGE_BYTES = LIMITS.max_image_bytes
MAX_ALT = LIMITS.max_alt
# media_category by type (POST /2/media/upload: tweet_image | tweet_gif | tweet_video).
_CATEGORIES = {"image/gif": "tweet_gif"}
_EXTENSIONS = {"image/jpeg": "jpg", "image/png": "png", "image/gif": "gif", "image/webp": "webp"}


def upload_images(session: Any, auth: Any, images: Sequence[Image], *, timeout: float) -> list[str]:
    """Upload each image (shrunk under 5 MB if needed), set its alt text; return media ids."""
    media_ids: list[str] = []
    for image in images:
        data = load_image(image, max_bytes=MAX_IMAGE_BYTES)
        name = f"image.{_EXTENSIONS.get(data.mime, 'jpg')}"
        response = session.post(
            UPLOAD_URL,
            auth=auth,
            timeout=timeout,
            files={"media": (name, data.data, data.mime)},
            data={"media_category": _CATEGORIES.get(data.mime, "tweet_image")},
        )
        media_id = str(raise_for_status(response)["data"]["id"])
        alt = trim_alt(data.alt)
        if alt:
            metadata = {"id": media_id, "metadata": {"alt_text": {"text": alt}}}
            raise_for_status(session.post(METADATA_URL, auth=auth, timeout=timeout, json=metadata))
        media_ids.append(media_id)
    return media_ids


def trim_alt(alt: str, limit: int = MAX_ALT) -> str:
    """Return ``alt`` stripped and cut to ``limit`` code points at a grapheme boundary."""
    alt = alt.strip()
    if len(alt) <= limit:
        return alt
    regex = importlib.import_module("regex")  # a project dependency, without type stubs
    kept: list[str] = []
    size = 0
    for cluster in regex.findall(r"\X", alt):
        if size + len(cluster) > limit:
            break
        kept.append(cluster)
        size += len(cluster)
    return "".join(kept).rstrip()


def raise_for_status(response: Any) -> dict[str, Any]:
    """Return the JSON body of a 2xx ``response``; else raise what tweepy would raise."""
    from tweepy import errors  # lazy: only publishing imports tweepy

    status = response.status_code
    if 200 <= status < 300:
        try:
            body = response.json()
        except ValueError:
            body = {}
        return body if isinstance(body, dict) else {}
    # Same mapping as tweepy.client.BaseClient.request (tweepy 4.17.0).
    if status == 429:
        reset = response.headers.get("x-rate-limit-reset")
        raise errors.TooManyRequests(
            response, reset_time=int(reset) if reset and reset.isdigit() else None
        )
    by_status = {
        400: errors.BadRequest,
        401: errors.Unauthorized,
        403: errors.Forbidden,
        404: errors.NotFound,
    }
    kind = errors.TwitterServerError if status >= 500 else by_status.get(status)
    raise (kind or errors.HTTPException)(response)
