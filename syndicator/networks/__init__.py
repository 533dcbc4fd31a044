"""Networks: one ``NetworkSpec`` each, found through the ``syndicator.networks`` entry points.

What a network package (built in, or a plugin of its own, see docs/plugins.md) uses:
``NetworkSpec`` and the setting helpers to declare it, ``Network`` (the adapter's
protocol) and ``derive_key`` to build its adapter. ``registry`` lists what is installed.
"""

from __future__ import annotations

from ..settings import NetworkConfig, env_fallback, public_env, secret_env
from .base import Network, derive_key
from .spec import NetworkSpec

__all__ = [
    "Network",
    "NetworkConfig",
    "NetworkSpec",
    "derive_key",
    "env_fallback",
    "public_env",
    "secret_env",
]
