"""A network's settings: the keys every network shares, and its own typed dataclass.

Each network declares its own keys as a frozen dataclass (``NetworkSpec.settings``);
``load_settings`` builds it from the config's mapping, checking every key and type
and suggesting the key meant when one is misspelt. Three kinds of field say where a
value comes from beyond the config file:

``secret_env("VAR")``
    the value names the environment variable that holds a secret (a token): read
    only when the network is about to be used, and masked in every message.
``public_env("VAR")``
    the same for a value that is not secret (an account handle or id).
``env_fallback("VAR")``
    an ordinary setting read from ``VAR`` when the config leaves it unset;
    ``required=True`` when the network cannot work without it.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import types
import typing
from collections.abc import Collection, Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from .errors import ConfigError, MissingCredential
from .pricing import Rates
from .redact import register_secret

__all__ = [
    "NetworkConfig",
    "closest",
    "env_fallback",
    "env_variables",
    "field_types",
    "load_settings",
    "public_env",
    "secret_env",
    "type_problem",
]

_ENV = "syndicator.env"  # the metadata key: "secret", "public" or "fallback"
_REQUIRED = "syndicator.required"
_VARIABLE = "syndicator.variable"


def secret_env(variable: str) -> Any:
    """Declare a setting that names the environment variable holding a secret."""
    return field(default=variable, metadata={_ENV: "secret", _VARIABLE: variable})


def public_env(variable: str) -> Any:
    """Declare a setting that names the environment variable holding a public value."""
    return field(default=variable, metadata={_ENV: "public", _VARIABLE: variable})


def env_fallback(variable: str, *, required: bool = False) -> Any:
    """Declare a setting (default None) read from ``variable`` when the config omits it."""
    return field(
        default=None, metadata={_ENV: "fallback", _VARIABLE: variable, _REQUIRED: required}
    )


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkConfig:
    """One network's settings: the shared ones as fields, its own in ``settings``."""

    name: str
    enabled: bool = True
    template: str = ""
    thread: bool = False
    thread_max_parts: int = 10
    max_characters: int | None = None
    #: The network's own settings dataclass (``NetworkSpec.settings``), filled in.
    settings: Any = None
    #: What posting costs here and what the account may do per window (the spec's
    #: documented ``rates``, with the config's ``rates:`` and ``quotas:`` in place).
    rates: Rates = field(default_factory=Rates)
    #: ``budget:`` caps (micro-units of money, or posts) and ``pace:`` (spend_settings).
    budget: Mapping[str, int] = field(default_factory=lambda: MappingProxyType({}))
    pace: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))

    def secrets(self, environ: Mapping[str, str] | None = None) -> dict[str, str]:
        """Read every ``*_env`` variable; raise MissingCredential naming all that are unset.

        Keys lose their ``_env`` suffix: ``access_token_env`` gives ``access_token``.
        """
        missing = self.missing_secrets(environ)
        if missing:
            raise MissingCredential(self.name, *missing)
        env = os.environ if environ is None else environ
        values: dict[str, str] = {}
        for item, kind in self._env_fields():
            if kind in ("secret", "public"):
                variable = getattr(self.settings, item.name)
                if kind == "secret":
                    register_secret(env[variable])
                values[item.name.removesuffix("_env")] = env[variable]
        return values

    def account(self, environ: Mapping[str, str] | None = None) -> str:
        """Return a stable name for the account this network posts to, revealing no secret.

        Runners sharing a state post for one account one at a time: configs with the
        same server and credentials are one account. The name is a digest of the
        variables' values and the other settings (unset ones count as empty), so no
        secret is kept or shown.
        """
        env = os.environ if environ is None else environ
        parts = [self.name]
        for item, kind in self._env_fields():
            value = getattr(self.settings, item.name)
            if kind in ("secret", "public"):
                value = env.get(value, "")
            elif kind == "fallback":
                value = self.setting(item.name, env) or ""
            parts.append(f"{item.name}={value}")
        return hashlib.sha256("\0".join(parts).encode()).hexdigest()[:16]

    def missing_secrets(self, environ: Mapping[str, str] | None = None) -> list[str]:
        """Return the names of the variables holding secrets and ids that are unset."""
        env = os.environ if environ is None else environ
        return [
            getattr(self.settings, item.name)
            for item, kind in self._env_fields()
            if kind in ("secret", "public") and not env.get(getattr(self.settings, item.name))
        ]

    def missing_settings(self, environ: Mapping[str, str] | None = None) -> list[str]:
        """Return the variables of required settings set neither in the config nor there."""
        return [
            item.metadata[_VARIABLE]
            for item, kind in self._env_fields()
            if kind == "fallback"
            and item.metadata[_REQUIRED]
            and not self.setting(item.name, environ)
        ]

    def setting(self, key: str, environ: Mapping[str, str] | None = None) -> Any:
        """Return one of the network's settings, else the variable it falls back to."""
        value = getattr(self.settings, key)
        item = next((f for f in dataclasses.fields(self.settings) if f.name == key), None)
        if value is None and item is not None and item.metadata.get(_ENV) == "fallback":
            env = os.environ if environ is None else environ
            value = env.get(item.metadata[_VARIABLE]) or None
        return value

    def _env_fields(self) -> list[tuple[dataclasses.Field[Any], str]]:
        if self.settings is None:
            return []
        return [
            (item, item.metadata[_ENV])
            for item in dataclasses.fields(self.settings)
            if _ENV in item.metadata
        ]


def load_settings(cls: type[Any], raw: Mapping[str, Any], prefix: str) -> Any:
    """Return ``cls`` built from ``raw``; raise ConfigError naming ``prefix`` + the key."""
    hints = field_types(cls)
    for key in raw:
        if key not in hints:
            hint = closest(str(key), hints)
            raise ConfigError(
                f"{prefix}{key}: unknown setting" + (f" (did you mean {hint}?)" if hint else "")
            )
    values = {}
    for item in dataclasses.fields(cls):
        if item.name not in raw:
            continue
        value = raw[item.name]
        problem = type_problem(value, hints[item.name])
        if problem:
            raise ConfigError(f"{prefix}{item.name}: {problem}")
        if item.metadata.get(_ENV) in ("secret", "public") and not str(value).strip():
            raise ConfigError(
                f"{prefix}{item.name}: empty; name the environment variable that holds "
                f"it (default {item.metadata[_VARIABLE]})"
            )
        values[item.name] = value
    try:
        return cls(**values)
    except ValueError as exc:  # the dataclass's own checks, as "key: what is wrong"
        raise ConfigError(f"{prefix}{exc}") from None


def env_variables(cls: type[Any]) -> tuple[str, ...]:
    """Return the environment variables the settings dataclass ``cls`` reads by default."""
    return tuple(
        item.metadata[_VARIABLE] for item in dataclasses.fields(cls) if _VARIABLE in item.metadata
    )


def field_types(cls: type[Any]) -> Mapping[str, Any]:
    """Return each field of the settings dataclass ``cls`` with its type (read-only)."""
    # Asked three times per network in a start, and get_type_hints evaluates every time.
    found = _FIELD_TYPES.get(cls)
    if found is None:
        hints = typing.get_type_hints(cls)
        found = MappingProxyType({item.name: hints[item.name] for item in dataclasses.fields(cls)})
        _FIELD_TYPES[cls] = found
    return found


_FIELD_TYPES: dict[type[Any], Mapping[str, Any]] = {}


def type_problem(value: Any, annotation: Any) -> str | None:
    """Return what is wrong with ``value`` for a field typed ``annotation``, or None."""
    if value is None:
        return None
    options = _alternatives(annotation)
    literals = [arg for option in options for arg in _literal(option)]
    if literals:
        if value in literals and type(value) in {type(arg) for arg in literals}:
            return None
        return f"{value!r} is not one of {', '.join(str(v) for v in literals)}"
    for option in options:
        if option is bool and isinstance(value, bool):
            return None
        if option is float and isinstance(value, int | float) and not isinstance(value, bool):
            return None
        if option is not bool and isinstance(value, option) and not isinstance(value, bool):
            return None
    wanted = " or ".join(_TYPE_NAMES.get(option, option.__name__) for option in options)
    return f"expected {wanted}, got {value!r}"


def closest(key: str, known: Collection[str]) -> str | None:
    """Return the known key closest to ``key`` (a likely typo), if any is close."""
    import difflib  # for a mistake's message only

    match = difflib.get_close_matches(key, list(known), n=1)
    return match[0] if match else None


def _alternatives(annotation: Any) -> list[Any]:
    """Return the types a union stands for, without None."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(annotation) if a is not type(None)]
    return [annotation]


def _literal(annotation: Any) -> tuple[Any, ...]:
    return typing.get_args(annotation) if typing.get_origin(annotation) is typing.Literal else ()


_TYPE_NAMES: dict[Any, str] = {
    str: "text",
    int: "a whole number",
    float: "a number",
    bool: "true or false",
    dict: "a mapping",
    list: "a list",
}
