"""YAML -> frozen, validated config. Secrets are named by environment variable only.

The top-level schema lives here as data (``_TOP``); each network's keys are its own
settings dataclass (``NetworkSpec.settings``, see ``syndicator.settings``). An unknown
key or a wrong type is a ``ConfigError`` naming the key's path
(``networks.mastodon.visibilty``). Secrets are read from the environment only when a
network is about to be used, by ``NetworkConfig.secrets``, and registered for redaction.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .models import frozen_mapping
from .networks import registry
from .settings import NetworkConfig, closest, field_types, load_settings
from .sites.base import SiteSettings
from .spend_settings import parse_budget, parse_pace, parse_rates
from .state_target import StateTarget, state_target

__all__ = [
    "COMMON_SETTINGS",
    "DEFAULT_CONFIG_NAMES",
    "Config",
    "NetworkConfig",
    "find_config",
    "load_config",
    "parse_config",
]

DEFAULT_CONFIG_NAMES = ("syndicator.yaml", "syndicator.yml", ".syndicator.yaml")

# key -> (accepted types, default). ``None`` default means "not set".
_Schema = Mapping[str, tuple[tuple[type, ...], Any]]

_TOP: _Schema = {
    "default_lang": ((str,), "en"),
    "templates_dir": ((str,), None),
    "state": ((str,), ".syndicator/state.db"),
    "since": ((str, dt.date), None),
    "max_posts": ((int,), None),
    "write_back": ((bool,), False),
    "timeout": ((int, float), 30),
    # Seconds a runner's lease on an account and a post lasts (a PostgreSQL state).
    "lease": ((int, float), 300),
    # docs/security.md: the only ways past the file and address guards.
    "allow_files_in": ((list,), None),
    "allow_private_addresses": ((bool,), False),
    "networks": ((dict,), None),
    "site": ((dict,), None),
}

#: The ``site:`` block: what a static site's generator config does not say (or says wrong).
_SITE: _Schema = {
    "base_url": ((str,), None),
    "permalink": ((str,), None),
    "lang": ((str,), None),
    "content_dir": ((str,), None),
}

#: The keys every network has, beside its own settings.
COMMON_SETTINGS: _Schema = {
    "enabled": ((bool,), None),  # None: the network's own default (enabled_by_default)
    "template": ((str,), None),
    "thread": ((bool,), False),
    "thread_max_parts": ((int,), 10),
    "max_characters": ((int,), None),
    # What posting costs and how fast it may go (spend_settings.py).
    "rates": ((dict,), None),
    "quotas": ((dict,), None),
    "budget": ((dict,), None),
    "pace": ((dict,), None),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Config:
    """The whole configuration, with paths resolved against the config file's folder."""

    path: Path | None = None
    default_lang: str = "en"
    templates_dir: Path | None = None
    #: A SQLite file, or a PostgreSQL URL (a ``str``) shared by many runners.
    state: StateTarget = Path(".syndicator/state.db")
    #: Seconds a runner's lease lasts on a shared state (renewed before each post).
    lease: float = 300.0
    since: dt.date | None = None
    max_posts: int | None = None
    write_back: bool = False
    timeout: float = 30.0
    #: Folders outside a source's own site folder that its local images may come from.
    allow_files_in: tuple[Path, ...] = ()
    #: Whether fetches may reach loopback, private and other internal addresses.
    allow_private_addresses: bool = False
    networks: Mapping[str, NetworkConfig] = field(default_factory=frozen_mapping)
    site: SiteSettings = field(default_factory=SiteSettings)

    @property
    def folder(self) -> Path:
        """The folder of the config file (the current one when there is none)."""
        return self.path.parent if self.path else Path.cwd()

    def enabled(self, names: tuple[str, ...] = ()) -> tuple[NetworkConfig, ...]:
        """Return the enabled networks, limited to ``names`` when given."""
        chosen = names or tuple(self.networks)
        return tuple(
            network
            for name, network in self.networks.items()
            if name in chosen and (network.enabled or name in names)
        )


def find_config(start: Path | None = None) -> Path | None:
    """Return the first default-named config file in ``start`` (the cwd), if any."""
    folder = start or Path.cwd()
    for name in DEFAULT_CONFIG_NAMES:
        if (folder / name).is_file():
            return folder / name
    return None


def load_config(path: Path | None) -> Config:
    """Load and validate the config at ``path``; no path means all defaults."""
    if path is None:
        return parse_config({}, base=Path.cwd())
    import yaml  # lazy: a preview without config needs no YAML

    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ConfigError(
            f"{path}: no such config file (create one with `syndicator init`)"
        ) from None
    except OSError as exc:
        raise ConfigError(f"{path}: cannot be read ({exc.strerror})") from None
    try:
        data = yaml.load(text, Loader=_loader()) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}, line {mark.line + 1}" if mark else str(path)
        problem = getattr(exc, "problem", None) or str(exc)
        raise ConfigError(f"{where}: invalid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping of settings at the top level")
    try:
        return parse_config(data, base=path.parent, path=path)
    except ConfigError as exc:
        raise ConfigError(f"{path}: {exc}") from None


def parse_config(data: Mapping[str, Any], *, base: Path, path: Path | None = None) -> Config:
    """Validate a config mapping and build the typed Config."""
    top = _check(data, _TOP, "")
    networks = _networks(top.pop("networks") or {})
    since = top["since"]
    if isinstance(since, str):
        try:
            since = dt.date.fromisoformat(since)
        except ValueError:
            raise ConfigError(f"since: {since!r} is not a date (use YYYY-MM-DD)") from None
    timeout = float(top["timeout"])
    # A socket timeout must be finite and positive; an hour is more than any exchange needs.
    if not (math.isfinite(timeout) and timeout > 0):
        raise ConfigError(f"timeout: must be a number of seconds above 0, not {timeout!r}")
    if timeout > _MAX_TIMEOUT_S:
        raise ConfigError(f"timeout: {timeout:g} s is too long (at most {_MAX_TIMEOUT_S:g})")
    lease = float(top["lease"])
    if not (math.isfinite(lease) and timeout < lease <= _MAX_LEASE_S):
        raise ConfigError(
            f"lease: must be a number of seconds above the timeout ({timeout:g} s) and at most "
            f"{_MAX_LEASE_S:g}, not {lease!r}: a post must end before its lease does"
        )
    if top["max_posts"] is not None and top["max_posts"] < 0:
        raise ConfigError("max_posts: must be 0 or more")
    folders = top["allow_files_in"] or []
    if not all(isinstance(folder, str) and folder.strip() for folder in folders):
        raise ConfigError("allow_files_in: expected a list of folder paths")
    site = _site(top.pop("site"), base)
    return Config(
        path=path,
        default_lang=top["default_lang"],
        templates_dir=(base / top["templates_dir"]) if top["templates_dir"] else None,
        state=state_target(top["state"], base=base),
        lease=lease,
        since=since,
        max_posts=top["max_posts"],
        write_back=top["write_back"],
        timeout=timeout,
        allow_files_in=tuple((base / Path(f).expanduser()).resolve() for f in folders),
        allow_private_addresses=top["allow_private_addresses"],
        networks=frozen_mapping(networks),
        site=site,
    )


def _networks(raw: Mapping[str, Any]) -> dict[str, NetworkConfig]:
    """Validate the ``networks:`` block: every installed network, configured or not."""
    specs = registry.specs()
    for name in raw:
        if name not in specs:
            try:
                registry.spec(str(name))  # raises: not installed, or installed but broken
            except ConfigError as exc:
                raise ConfigError(f"networks.{name}: {exc}") from None
    networks = {}
    for name, spec in specs.items():
        values = raw.get(name)
        if values is None:
            values = {}
        elif not isinstance(values, dict):
            raise ConfigError(f"networks.{name}: expected a mapping of settings")
        prefix = f"networks.{name}."
        _known(values, [*COMMON_SETTINGS, *field_types(spec.settings)], prefix)
        common = _check(
            {k: v for k, v in values.items() if k in COMMON_SETTINGS}, COMMON_SETTINGS, prefix
        )
        own = {k: v for k, v in values.items() if k not in COMMON_SETTINGS}
        if spec.fixed_limit is not None and common["max_characters"] is not None:
            raise ConfigError(f"{prefix}max_characters: {spec.fixed_limit}; remove this setting")
        if common["thread_max_parts"] < 2:
            raise ConfigError(
                f"{prefix}thread_max_parts: {common['thread_max_parts']} is too few; "
                "a thread needs 2 parts or more (the post and where to read the rest)"
            )
        rates = parse_rates(spec.rates, common["rates"], common["quotas"], prefix)
        networks[name] = NetworkConfig(
            name=name,
            enabled=spec.enabled_by_default if common["enabled"] is None else common["enabled"],
            template=common["template"] or f"{name}.txt.j2",
            thread=common["thread"],
            thread_max_parts=common["thread_max_parts"],
            max_characters=common["max_characters"],
            settings=load_settings(spec.settings, own, prefix),
            rates=rates,
            budget=frozen_mapping(parse_budget(common["budget"], rates, prefix)),
            pace=frozen_mapping(parse_pace(common["pace"], prefix)),
        )
    return networks


def _site(raw: object, base: Path) -> SiteSettings:
    """Validate the ``site:`` block; ``content_dir`` is relative to the config's folder."""
    if raw is None:
        return SiteSettings()
    if not isinstance(raw, dict):
        raise ConfigError("site: expected a mapping of settings")
    values = _check(raw, _SITE, "site.")
    base_url = values["base_url"]
    if base_url is not None:
        from urllib.parse import urlsplit

        parts = urlsplit(base_url)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise ConfigError(
                f"site.base_url: {base_url!r} is not an http(s) address; "
                "write the site's address, e.g. https://example.org/"
            )
    permalink = values["permalink"]
    if permalink is not None and not permalink.strip():
        raise ConfigError("site.permalink: is empty; write a pattern such as /:year/:slug/")
    content_dir = values["content_dir"]
    return SiteSettings(
        base_url=base_url,
        permalink=permalink,
        lang=values["lang"] or None,
        content_dir=str((base / content_dir).resolve()) if content_dir else None,
    )


_MAX_TIMEOUT_S = 3600.0
_MAX_LEASE_S = 86_400.0


def _loader() -> Any:
    """Return a safe YAML loader that keeps a date it cannot build as text.

    PyYAML raises a bare ValueError for ``since: 2024-13-45``; as text, the key's own
    check names it.
    """
    import yaml

    class Loader(yaml.SafeLoader):
        def construct_yaml_timestamp(self, node: Any) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError:
                return self.construct_scalar(node)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    return Loader


def _known(data: Mapping[str, Any], known: Collection[str], prefix: str) -> None:
    """Raise ConfigError on the first key of ``data`` not in ``known``, with a suggestion."""
    for key in data:
        if key not in known:
            hint = closest(str(key), known)
            raise ConfigError(
                f"{prefix}{key}: unknown setting" + (f" (did you mean {hint}?)" if hint else "")
            )


def _check(data: Mapping[str, Any], schema: _Schema, prefix: str) -> dict[str, Any]:
    """Return ``data`` with defaults filled in; raise on unknown keys or wrong types."""
    _known(data, schema, prefix)
    values = {}
    for key, (types, default) in schema.items():
        value = data.get(key, default)
        if value is not None and (
            not isinstance(value, types) or (isinstance(value, bool) and bool not in types)
        ):
            wanted = " or ".join(_TYPE_NAMES.get(t, t.__name__) for t in types)
            raise ConfigError(f"{prefix}{key}: expected {wanted}, got {value!r}")
        values[key] = value
    return values


_TYPE_NAMES = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
    dt.date: "a date",
}
