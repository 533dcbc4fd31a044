"""The values that flow through syndicator: Article -> Post -> Published.

Every value is a frozen dataclass: sources produce Articles, ``compose`` turns an
Article into a Post for one network, an adapter turns a Post into a Published.
Nothing here does I/O or imports anything beyond the standard library.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any, Literal

__all__ = [
    "Article",
    "Facet",
    "Image",
    "Limits",
    "LinkCard",
    "Part",
    "Post",
    "Published",
    "frozen_mapping",
]


def frozen_mapping(data: Mapping[str, Any] | None = None) -> Mapping[str, Any]:
    """Return a read-only view of a copy of ``data`` (empty when None)."""
    return MappingProxyType(dict(data or {}))


@dataclass(frozen=True, slots=True)
class Image:
    """An image to attach: a local path or an http(s) URL, with its alt text.

    What it may be read from travels with it, and ``media`` enforces it when reading:
    a local path only from inside one of ``roots`` (its source's site folder and the
    config's ``allow_files_in``; none: no local file at all), a URL only from a public
    address unless ``allow_private`` (config ``allow_private_addresses``).
    """

    source: str
    alt: str = ""
    roots: tuple[str, ...] = ()
    allow_private: bool = False


@dataclass(frozen=True, slots=True, kw_only=True)
class Article:
    """One published article, as every source produces it.

    ``id`` is stable across runs: the feed's guid, else the canonical URL; it never
    depends on the title. All text fields are plain text (no HTML, entities decoded).
    ``extra`` holds the source's other fields for templates; ``settings`` holds the
    per-article overrides (front matter ``syndicator:`` block), validated by config.
    ``body`` is paragraphs separated by blank lines; ``headings`` holds the positions
    (0-based) of the paragraphs that are headings, where a thread starts a new part.
    """

    id: str
    url: str
    title: str
    summary: str = ""
    body: str = ""
    headings: tuple[int, ...] = ()
    tags: tuple[str, ...] = ()
    lang: str | None = None
    published: datetime | None = None
    author: str | None = None
    images: tuple[Image, ...] = ()
    source: str = ""
    extra: Mapping[str, Any] = field(default_factory=frozen_mapping)
    settings: Mapping[str, Any] = field(default_factory=frozen_mapping)

    @property
    def image(self) -> Image | None:
        """The article's main image, if any."""
        return self.images[0] if self.images else None


@dataclass(frozen=True, slots=True)
class Facet:
    """A Bluesky rich-text facet: a UTF-8 byte range and what it means.

    ``kind`` is ``link`` (value = full URI), ``tag`` (value = tag without ``#``) or
    ``mention`` (value = DID). ``start`` is inclusive, ``end`` exclusive, both in
    UTF-8 bytes of the part's text (app.bsky.richtext.facet#byteSlice).
    """

    start: int
    end: int
    kind: Literal["link", "tag", "mention"]
    value: str

    def as_record(self) -> dict[str, Any]:
        """Return the facet in the record's own JSON form."""
        feature: dict[str, Any] = {"$type": f"app.bsky.richtext.facet#{self.kind}"}
        feature[{"link": "uri", "tag": "tag", "mention": "did"}[self.kind]] = self.value
        return {
            "index": {"byteStart": self.start, "byteEnd": self.end},
            "features": [feature],
        }


@dataclass(frozen=True, slots=True, kw_only=True)
class Part:
    """One post of a thread (the first part is the post itself)."""

    text: str
    length: int
    facets: tuple[Facet, ...] = ()


@dataclass(frozen=True, slots=True, kw_only=True)
class LinkCard:
    """A link preview the client must build itself (Bluesky ``embed.external``)."""

    url: str
    title: str
    description: str = ""
    thumb: Image | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Limits:
    """What a network accepts, as numbers the length engine and adapters use.

    Defaults are the documented ones; Mastodon replaces them with its instance's
    own (``/api/v2/instance``), see docs/platforms.md for each source.
    """

    max_characters: int
    url_length: int = 23
    max_bytes: int | None = None
    max_media: int = 4
    max_image_bytes: int = 5_000_000
    max_alt: int = 1_000


@dataclass(frozen=True, slots=True, kw_only=True)
class Post:
    """What ``compose`` produces for one (article, network): ready to publish.

    ``parts[0]`` is the post; further parts are replies forming a thread. ``options``
    carries network-specific settings (visibility, spoiler_text, sensitive).
    ``cut`` names what the length engine dropped or shortened, in order; ``notes`` say
    what else the network's rules changed (an image it cannot take, left out).
    """

    network: str
    article_id: str
    url: str
    parts: tuple[Part, ...]
    limit: int
    lang: str | None = None
    media: tuple[Image, ...] = ()
    card: LinkCard | None = None
    template: str = ""
    cut: tuple[str, ...] = ()
    options: Mapping[str, Any] = field(default_factory=frozen_mapping)
    notes: tuple[str, ...] = ()

    @property
    def text(self) -> str:
        """The first post's text."""
        return self.parts[0].text

    @property
    def length(self) -> int:
        """The first post's measured length."""
        return self.parts[0].length

    @property
    def thread(self) -> tuple[Part, ...]:
        """The replies after the first post (empty when not a thread)."""
        return self.parts[1:]

    @property
    def truncated(self) -> bool:
        """Whether the length engine dropped or shortened anything."""
        return bool(self.cut)


@dataclass(frozen=True, slots=True, kw_only=True)
class Published:
    """What a network returned for a post: the first post's id and URL, every part's id.

    ``incomplete`` is None when every part landed. Otherwise the first post (and the
    parts in ``part_ids``) stand and must never be sent again; it says which parts
    did not land and why, for the run's report.
    """

    network: str
    id: str
    url: str
    part_ids: tuple[str, ...] = ()
    incomplete: str | None = None
