"""Papyrus as syndicator sees it: name, limits, how it counts, settings, adapter.

This module is imported by every ``syndicator`` command (previews included): it
imports no HTTP client. The adapter is imported by ``_connect``, when posting.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from syndicator.models import Limits
from syndicator.networks import Network, NetworkConfig, NetworkSpec, env_fallback, secret_env

from .limits import LIMITS


@dataclass(frozen=True, slots=True, kw_only=True)
class PapyrusSettings:
    """The keys of ``networks.papyrus`` in syndicator.yaml."""

    #: The server, e.g. https://papyrus.example; else the PAPYRUS_API variable.
    api: str | None = env_fallback("PAPYRUS_API", required=True)
    #: The variable that holds the API token.
    token_env: str = secret_env("PAPYRUS_TOKEN")


def _measure(text: str, limits: Limits, options: Mapping[str, Any]) -> int:
    """Papyrus counts a note in UTF-8 bytes: 'é' is 2, '👍' is 4."""
    return len(text.encode("utf-8"))


def _connect(
    config: NetworkConfig,
    *,
    state_dir: Path,
    environ: Mapping[str, str] | None,
    timeout: float,
) -> Network:
    from .adapter import PapyrusNetwork  # imports httpx: only when posting

    return PapyrusNetwork.from_config(config, environ=environ, timeout=timeout)


#: The default template, ``papyrus.txt.j2``: a file of that name in the config's
#: templates folder replaces it. The filters are syndicator's (see docs/usage.md).
TEMPLATE = """\
{{ title | shorten(2) }}
{% if summary %}
{{ summary | shorten(1) }}
{% endif %}
{{ url }}
{% if hashtags %}
{{ hashtags | optional }}
{% endif %}
"""

SPEC = NetworkSpec(
    name="papyrus",
    display_name="Papyrus",
    limits=LIMITS,
    measure=_measure,
    settings=PapyrusSettings,
    connect=_connect,
    template=TEMPLATE,
)
