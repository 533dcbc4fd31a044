"""Mastodon: its documented default limits, how an instance counts text, its settings.

An instance says its own limits (``/api/v2/instance``); the adapter reads them, and
these are the documented defaults a preview uses. Sources: docs/platforms.md, section
in brackets.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ...compose import clean, graphemes, x_length
from ...models import Limits
from ...settings import env_fallback, secret_env
from ..spec import NetworkSpec
from .limits import LIMITS, RATES, VISIBILITIES

if TYPE_CHECKING:
    from ...settings import NetworkConfig
    from ..base import Network

__all__ = ["SPEC", "VISIBILITIES", "MastodonSettings", "mastodon_length"]

Visibility = Literal["public", "unlisted", "private", "direct"]


@dataclass(frozen=True, slots=True, kw_only=True)
class MastodonSettings:
    """The ``networks.mastodon`` keys."""

    instance: str | None = env_fallback("MASTODON_INSTANCE", required=True)
    access_token_env: str = secret_env("MASTODON_ACCESS_TOKEN")
    visibility: Visibility = "public"
    spoiler_text: str | None = None
    sensitive: bool = False


# Mastodon's Account::MENTION_RE (app/models/account.rb), as Python: the domain is dropped.
_MENTION = re.compile(r"(?<![=/\w])@([a-z0-9_]+(?:[.-]+[a-z0-9_]+)*)(?:@[\w.-]+\w+)", re.IGNORECASE)


@functools.lru_cache(maxsize=32)  # a fitted text is measured again as the post's length
def mastodon_length(text: str, url_length: int = 23, spoiler_text: str = "") -> int:
    """Return Mastodon's count of a status: graphemes of spoiler + countable text.

    ``http(s)://`` URLs count ``url_length`` and ``@user@domain`` counts as ``@user``
    (``StatusLengthValidator`` [2.1]).
    """
    countable = text
    spans = [
        (start, end)
        for start, end in x_length.url_spans(text)
        if text[start : start + 8].lower().startswith(("http://", "https://"))
    ]
    if spans:
        pieces = []
        index = 0
        for start, end in spans:
            pieces.append(text[index:start])
            pieces.append("x" * url_length)
            index = end
        pieces.append(text[index:])
        countable = "".join(pieces)
    if "@" in countable:
        countable = _MENTION.sub(r"@\1", countable)
    return graphemes.count(spoiler_text + countable)


def _measure(text: str, limits: Limits, options: Mapping[str, Any]) -> int:
    """Return the instance's count; the content warning counts toward the limit [5.9]."""
    return mastodon_length(text, limits.url_length, _shown(options.get("spoiler_text")))


@functools.lru_cache(maxsize=64)
def _shown(spoiler_text: object) -> str:
    """Return the content warning as posted (fitting measures with it at every step)."""
    return clean(str(spoiler_text or ""))


def _unfurls(text: str, attached: str, has_media: bool) -> str | None:
    """Return the link Mastodon draws its card for: a post's first http(s) URL, no media [2.4]."""
    if has_media:
        return None
    for start, end in x_length.url_spans(text):
        if text[start : start + 8].lower().startswith(("http://", "https://")):
            return text[start:end]
    return None


def _connect(
    config: NetworkConfig,
    *,
    state_dir: Path,
    environ: Mapping[str, str] | None,
    timeout: float,
) -> Network:
    from .adapter import MastodonNetwork

    return MastodonNetwork.from_config(
        config, state_dir=state_dir, environ=environ, timeout=timeout
    )


SPEC = NetworkSpec(
    name="mastodon",
    display_name="Mastodon",
    limits=LIMITS,
    rates=RATES,
    measure=_measure,
    settings=MastodonSettings,
    connect=_connect,
    unfurls=_unfurls,
    post_options=("visibility", "spoiler_text", "sensitive"),
    content_warning="spoiler_text",
    rank=20,
)
