"""The networks installed: every ``NetworkSpec`` of the ``syndicator.networks`` entry points.

The built-in networks register the same way as any other package (pyproject.toml)::

    [project.entry-points."syndicator.networks"]
    mastodon = "syndicator.networks.mastodon.spec:SPEC"

The entry points are read once per process, from a cache while nothing was installed
or uninstalled (``entry_points``). A plugin that cannot be loaded does not stop the
others: it is reported when the config or a command names it.
"""

from __future__ import annotations

import functools
import pkgutil
from collections.abc import Mapping
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING

from ..errors import ConfigError
from . import entry_points
from .spec import NetworkSpec

if TYPE_CHECKING:
    from ..settings import NetworkConfig
    from .base import Network

__all__ = ["GROUP", "broken", "connect", "default_templates", "names", "spec", "specs"]

#: The entry-point group a package registers its networks in.
GROUP = "syndicator.networks"


def specs() -> Mapping[str, NetworkSpec]:
    """Return every installed network, by name, in the order reports list them."""
    return _load()[0]


def broken() -> Mapping[str, str]:
    """Return, by name, why each network whose entry point failed could not be loaded."""
    return _load()[1]


def names() -> tuple[str, ...]:
    """Return the installed networks' names, in the order reports list them."""
    return tuple(specs())


def spec(name: str) -> NetworkSpec:
    """Return the network called ``name``; raise ConfigError saying what is installed."""
    found = specs().get(name)
    if found is not None:
        return found
    if name in broken():
        raise ConfigError(f"network {name!r} is installed but cannot be loaded: {broken()[name]}")
    from ..settings import closest

    hint = closest(name, specs())
    raise ConfigError(
        f"unknown network {name!r} (known: {', '.join(specs())})"
        + (f"; did you mean {hint}?" if hint else "")
    )


def default_templates() -> dict[str, str]:
    """Return the default templates networks ship themselves, by file name."""
    return {f"{s.name}.txt.j2": s.template for s in specs().values() if s.template is not None}


def connect(
    config: NetworkConfig,
    *,
    state_dir: Path,
    environ: Mapping[str, str] | None = None,
    timeout: float = 30.0,
) -> Network:
    """Build the adapter of the network ``config`` is for (reads secrets, no I/O)."""
    network: Network = spec(config.name).connect(
        config, state_dir=state_dir, environ=environ, timeout=timeout
    )
    return network


@functools.cache
def _load() -> tuple[Mapping[str, NetworkSpec], Mapping[str, str]]:
    found: dict[str, NetworkSpec] = {}
    failed: dict[str, str] = {}
    for name, value in entry_points.read(GROUP):
        if name in found or name in failed:
            continue  # the same name twice on sys.path: the first wins, as for imports
        try:
            # As EntryPoint.load(): import the module, then the attribute after the colon.
            loaded = pkgutil.resolve_name(value.partition("[")[0].strip())
        except Exception as exc:  # a broken plugin must not stop the other networks
            failed[name] = f"{value}: {type(exc).__name__}: {exc}"
            _warn(name, failed[name])
            continue
        if not isinstance(loaded, NetworkSpec) or loaded.name != name:
            failed[name] = f"{value} is not a NetworkSpec named {name!r}"
            _warn(name, failed[name])
            continue
        found[name] = loaded
    ordered = sorted(found.values(), key=lambda s: (s.rank, s.name))
    return MappingProxyType({s.name: s for s in ordered}), MappingProxyType(failed)


def _warn(name: str, reason: str) -> None:
    """Log that network ``name`` cannot be loaded (``logging`` loads only then)."""
    import logging

    logging.getLogger(__name__).warning("network %s cannot be loaded: %s", name, reason)
