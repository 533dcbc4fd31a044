"""Threads (Meta): its limits, how Meta counts text, its settings, its adapter (lazily).

Sources for every number: docs/platforms.md, section in brackets. ``connect`` imports
the adapter (and through it httpx) only when posting, so a preview loads neither.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...models import Limits
from ...settings import secret_env
from ..spec import NetworkSpec
from .limits import LIMITS
from .media import public_images

if TYPE_CHECKING:
    from ...settings import NetworkConfig
    from ..base import Network

__all__ = ["SPEC", "ThreadsSettings"]


@dataclass(frozen=True, slots=True, kw_only=True)
class ThreadsSettings:
    """The ``networks.threads`` keys."""

    access_token_env: str = secret_env("THREADS_ACCESS_TOKEN")
    # An id rather than a secret, but masked in every message all the same.
    user_id_env: str = secret_env("THREADS_USER_ID")
    #: The Graph API's address (default https://graph.threads.net/v1.0) [8.1].
    api: str | None = None

    def __post_init__(self) -> None:
        if self.api is not None and not self.api.startswith(("https://", "http://")):
            raise ValueError(
                f"api: {self.api!r} is not an http(s) address; leave it out for "
                "https://graph.threads.net/v1.0"
            )


def _measure(text: str, limits: Limits, options: Mapping[str, Any]) -> int:
    """Return Meta's count: graphemes, an emoji as its UTF-8 bytes; over 5 links is over [8.2]."""
    from . import text as threads_text  # lazy: regex and the URL finder, only to compose

    length = threads_text.length(text)
    if threads_text.links(text) > threads_text.MAX_LINKS:
        return max(length, limits.max_characters + 1)
    return length


def _unfurls(text: str, attached: str, has_media: bool) -> str | None:
    """Return the link Threads previews: our ``link_attachment``, else the first URL [8.1]."""
    if has_media:
        return None
    from . import text as threads_text

    sent = threads_text.link_attachment(text, attached)
    if sent is not None:
        return sent  # what the adapter sends as link_attachment
    from ...compose.x_length import url_spans

    spans = url_spans(text)
    return text[slice(*spans[0])] if spans else None


def _connect(
    config: NetworkConfig,
    *,
    state_dir: Path,
    environ: Mapping[str, str] | None,
    timeout: float,
) -> Network:
    from .adapter import ThreadsNetwork

    return ThreadsNetwork.from_config(config, state_dir=state_dir, environ=environ, timeout=timeout)


SPEC = NetworkSpec(
    name="threads",
    display_name="Threads",
    limits=LIMITS,
    measure=_measure,
    settings=ThreadsSettings,
    connect=_connect,
    unfurls=_unfurls,
    media=public_images,
    enabled_by_default=False,
    fixed_limit="Threads' limit is fixed: 500 characters, each emoji counted in UTF-8 bytes",
    rank=40,
)
