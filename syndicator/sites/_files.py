"""Read a generator's config file (TOML, YAML or JSON) into plain dicts, never running it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..errors import SourceError

__all__ = ["lower_keys", "read_config"]


def read_config(path: Path) -> dict[str, Any]:
    """Return the mapping in ``path`` (by extension); raise SourceError when unreadable."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise SourceError(str(path), f"site config cannot be read ({exc})") from None
    suffix = path.suffix.lower()
    try:
        if suffix == ".toml":
            import tomllib

            data: Any = tomllib.loads(text)
        elif suffix == ".json":
            data = json.loads(text) if text.strip() else {}
        else:
            import yaml

            data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except Exception as exc:  # each parser has its own error tree; all mean "not valid"
        problem = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise SourceError(str(path), f"site config is not valid {suffix[1:]} ({problem})") from None
    if data is None:
        return {}
    if not isinstance(data, dict):
        raise SourceError(str(path), "site config is not a mapping of keys to values")
    return data


def lower_keys(value: Any) -> Any:
    """Return ``value`` with every mapping key lowercased, as case-insensitive configs read."""
    if isinstance(value, dict):
        return {str(k).lower(): lower_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [lower_keys(v) for v in value]
    return value
