"""Build Bluesky records as plain JSON: posts, facets, embeds, reply refs. No I/O.

Kept apart from the adapter so that what goes into a record can be read and tested
without the SDK or a server. Lexicons: app.bsky.feed.post, app.bsky.richtext.facet,
app.bsky.embed.images, app.bsky.embed.external, com.atproto.repo.strongRef.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from ...errors import Rejected
from ...models import LinkCard, Part, Post

__all__ = [
    "POST_COLLECTION",
    "StrongRef",
    "check_post",
    "created_at_times",
    "external_embed",
    "image_entry",
    "images_embed",
    "post_record",
    "post_url",
]

POST_COLLECTION = "app.bsky.feed.post"
# app.bsky.embed.images: "images" maxLength 4 (docs/platforms.md §3.3).
MAX_IMAGES = 4
_NETWORK = "bluesky"


@dataclass(frozen=True, slots=True)
class StrongRef:
    """A com.atproto.repo.strongRef: a record's URI and the CID of its content."""

    uri: str
    cid: str

    @property
    def rkey(self) -> str:
        """The record key: the URI's last segment."""
        return self.uri.rsplit("/", 1)[-1]

    def as_record(self) -> dict[str, str]:
        """Return the ref in the record's JSON form."""
        return {"uri": self.uri, "cid": self.cid}


def check_post(post: Post) -> None:
    """Raise Rejected for what the PDS would accept but should not be posted.

    The PDS does not check facet offsets (docs/platforms.md §3.1, tools/local-pds/README.md):
    a facet past the end of its text would be stored and mis-rendered, so refuse it.
    """
    if not post.parts:
        raise Rejected(_NETWORK, "the post has no text")
    for number, part in enumerate(post.parts, start=1):
        _check_facets(part, number)
    if len(post.media) > MAX_IMAGES:
        raise Rejected(
            _NETWORK,
            f"{len(post.media)} images; Bluesky takes at most {MAX_IMAGES} per post",
        )


def _check_facets(part: Part, number: int) -> None:
    data = part.text.encode("utf-8")
    for facet in part.facets:
        where = f"part {number}: {facet.kind} facet [{facet.start}, {facet.end})"
        if not 0 <= facet.start < facet.end <= len(data):
            raise Rejected(
                _NETWORK,
                f"{where} lies outside the text's {len(data)} UTF-8 bytes; "
                "facet offsets are UTF-8 byte offsets into the part's text",
            )
        if _is_continuation(data, facet.start) or _is_continuation(data, facet.end):
            raise Rejected(
                _NETWORK,
                f"{where} cuts a character in two; "
                "facet offsets are UTF-8 byte offsets into the part's text",
            )


def _is_continuation(data: bytes, index: int) -> bool:
    """Tell whether ``data[index]`` is inside a multi-byte UTF-8 sequence."""
    return index < len(data) and data[index] & 0xC0 == 0x80


def created_at_times(count: int, now: datetime | None = None) -> Iterator[str]:
    """Yield ``count`` ISO 8601 UTC times from now, each at least 1 µs after the last.

    Equal ``createdAt`` values in one thread have overwritten timeline entries
    (atproto#2468, docs/platforms.md §3.5).
    """
    start = now or datetime.now(UTC)
    for index in range(count):
        moment = start + timedelta(microseconds=index)
        yield moment.isoformat(timespec="microseconds").replace("+00:00", "Z")


def post_record(
    part: Part,
    *,
    created_at: str,
    lang: str | None,
    reply: tuple[StrongRef, StrongRef] | None = None,
    embed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """Return the app.bsky.feed.post record for one part.

    ``langs`` is set only from the article: the SDK's ``send_post`` would add ``["en"]``
    when none is given (docs/platforms.md §3.2), which is why records are built here.
    ``reply`` is (root, parent).
    """
    record: dict[str, Any] = {"$type": POST_COLLECTION, "text": part.text, "createdAt": created_at}
    if part.facets:
        record["facets"] = [facet.as_record() for facet in part.facets]
    if lang:
        record["langs"] = [lang]
    if reply is not None:
        root, parent = reply
        record["reply"] = {"root": root.as_record(), "parent": parent.as_record()}
    if embed is not None:
        record["embed"] = embed
    return record


def image_entry(blob: dict[str, Any], *, alt: str, width: int, height: int) -> dict[str, Any]:
    """Return one app.bsky.embed.images#image: the blob, its alt text, its aspect ratio."""
    entry: dict[str, Any] = {"image": blob, "alt": alt}
    if width >= 1 and height >= 1:
        entry["aspectRatio"] = {"width": width, "height": height}
    return entry


def images_embed(entries: Sequence[dict[str, Any]]) -> dict[str, Any]:
    """Return an app.bsky.embed.images embed of up to four image entries."""
    return {"$type": "app.bsky.embed.images", "images": list(entries)}


def external_embed(card: LinkCard, thumb: dict[str, Any] | None) -> dict[str, Any]:
    """Return an app.bsky.embed.external embed (a link card) with an optional thumbnail."""
    external: dict[str, Any] = {
        "uri": card.url,
        "title": card.title,
        "description": card.description,
    }
    if thumb is not None:
        external["thumb"] = thumb
    return {"$type": "app.bsky.embed.external", "external": external}


def post_url(handle: str, rkey: str) -> str:
    """Return the bsky.app web address of a post."""
    return f"https://bsky.app/profile/{handle}/post/{rkey}"
