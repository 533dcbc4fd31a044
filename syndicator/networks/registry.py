"""The registry: a network's name to its adapter, importing only that adapter's module."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .base import Network

if TYPE_CHECKING:
    from ..config import NetworkConfig

__all__ = ["connect"]


def connect(
    config: NetworkConfig,
    *,
    state_dir: Path,
    environ: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> Network:
    """Build the adapter ``config`` names, importing only its module (reads secrets, no I/O)."""
    factory: Any
    if config.name == "x":
        from .x import XNetwork as factory
    elif config.name == "mastodon":
        from .mastodon import MastodonNetwork as factory
    elif config.name == "bluesky":
        from .bluesky import BlueskyNetwork as factory
    else:
        raise KeyError(config.name)
    network: Network = factory.from_config(
        config, state_dir=state_dir, environ=environ, timeout=timeout
    )
    return network
