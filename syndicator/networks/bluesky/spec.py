"""Bluesky: its lexicon limits, how it counts text, links shown short with facets.

Sources for every number: docs/platforms.md, section in brackets.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...compose import graphemes
from ...models import Facet, Limits
from ...settings import env_fallback, public_env, secret_env
from ..spec import NetworkSpec
from .limits import LIMITS, RATES

if TYPE_CHECKING:
    from ...settings import NetworkConfig
    from ..base import Network

__all__ = ["SPEC", "BlueskySettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class BlueskySettings:
    """The ``networks.bluesky`` keys."""

    service: str | None = env_fallback("BLUESKY_SERVICE")
    handle_env: str = public_env("BLUESKY_HANDLE")
    app_password_env: str = secret_env("BLUESKY_APP_PASSWORD")
    # 1,000,000 B: the lexicon limit on older PDS deployments [3.3].
    max_image_bytes: int = 1_000_000


def _measure(text: str, limits: Limits, options: Mapping[str, Any]) -> int:
    """Return the grapheme count; the UTF-8 byte limit is checked apart [3.1]."""
    return graphemes.count(text)


def _show_link(url: str) -> str:
    from .text import show_link  # lazy: regex and the fitting helpers, only to compose

    return show_link(url)


def _facets(text: str, links: Sequence[tuple[str, str]]) -> tuple[Facet, ...]:
    from .text import facets

    return facets(text, links)


def _connect(
    config: NetworkConfig,
    *,
    state_dir: Path,
    environ: Mapping[str, str] | None,
    timeout: float,
) -> Network:
    from .adapter import BlueskyNetwork

    return BlueskyNetwork.from_config(config, state_dir=state_dir, environ=environ, timeout=timeout)


SPEC = NetworkSpec(
    name="bluesky",
    display_name="Bluesky",
    limits=LIMITS,
    rates=RATES,
    measure=_measure,
    settings=BlueskySettings,
    connect=_connect,
    show_link=_show_link,
    facets=_facets,
    link_card=True,
    # The feed crops a single image taller than 1:2 (social-app AutoSizedImage.tsx:
    # "max of 1:2 ratio in feeds").
    tallest_image=2.0,
    fixed_limit="Bluesky's limit is fixed by its lexicon (300 graphemes and 3,000 bytes)",
    rank=30,
)
