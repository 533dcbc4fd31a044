"""X: its limits, how it counts text (twitter-text v3 weighted length), its settings.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ...compose import x_length
from ...models import Limits
from ...settings import secret_env
from ..spec import NetworkSpec
from .limits import LIMITS, RATES

if TYPE_CHECKING:
    from ...settings import NetworkConfig
    from ..base import Network

__all__ = ["SPEC", "XSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class XSettings:
    """The ``networks.x`` keys: the four OAuth 1.0a values, and where the link goes."""

    api_key_env: str = secret_env("X_API_KEY")
    api_secret_env: str = secret_env("X_API_SECRET")
    access_token_env: str = secret_env("X_ACCESS_TOKEN")
    access_token_secret_env: str = secret_env("X_ACCESS_TOKEN_SECRET")
    #: Where the article's link goes: in the post (None: the default, $0.200 a post
    #: holding a URL), in a reply after it, or nowhere ($0.015) [7.1].
    link: Literal["post", "reply", "none"] | None = None


def _measure(text: str, limits: Limits, options: Mapping[str, Any]) -> int:
    """Return X's weighted length: URLs 23, emoji 2, CJK 2, most Latin 1 [1.1]."""
    return x_length.weighted_length(text)


def _unfurls(text: str, attached: str, has_media: bool) -> str | None:
    """Return the link X draws its card for: the last URL of a post without media [1.7]."""
    spans = [] if has_media else x_length.url_spans(text)
    return text[slice(*spans[-1])] if spans else None


def _connect(
    config: NetworkConfig,
    *,
    state_dir: Path,
    environ: Mapping[str, str] | None,
    timeout: float,
) -> Network:
    from .adapter import XNetwork

    return XNetwork.from_config(config, state_dir=state_dir, environ=environ, timeout=timeout)


SPEC = NetworkSpec(
    name="x",
    display_name="X",
    limits=LIMITS,
    rates=RATES,
    measure=_measure,
    settings=XSettings,
    connect=_connect,
    unfurls=_unfurls,
    # A single image of a standard ratio is shown uncropped, an ultra-tall or ultra-wide
    # one centre-cropped: 16:9 and 4:3 stay whole (Twitter's 2021 change, Dantley Davis).
    tallest_image=4 / 3,
    widest_image=9 / 16,
    post_options=("link",),
    rank=10,
)
