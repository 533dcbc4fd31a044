"""syndicator: post published articles to X, Mastodon and Bluesky, exactly once.

The public API is listed in ``__all__``; everything else is private. Importing this
package imports no network SDK and reads no environment variable. Each public name is
loaded from its module on first use: ``python -m syndicator --help`` imports this
package first and must not pay for the models' dataclasses (issue 18).
"""

from __future__ import annotations

import importlib
import typing

if typing.TYPE_CHECKING:
    from .errors import (
        AuthError,
        CannotTell,
        ConfigError,
        Duplicate,
        FitError,
        MediaError,
        MissingCredential,
        NetworkError,
        RateLimited,
        Rejected,
        SourceError,
        StateError,
        SyndicatorError,
        TemplateError,
        Unavailable,
        UsageError,
    )
    from .models import Article, Facet, Image, Limits, LinkCard, Part, Post, Published

__all__ = [
    "Article",
    "AuthError",
    "CannotTell",
    "ConfigError",
    "Duplicate",
    "Facet",
    "FitError",
    "Image",
    "Limits",
    "LinkCard",
    "MediaError",
    "MissingCredential",
    "NetworkError",
    "Part",
    "Post",
    "Published",
    "RateLimited",
    "Rejected",
    "SourceError",
    "StateError",
    "SyndicatorError",
    "TemplateError",
    "Unavailable",
    "UsageError",
]

_MODELS = {"Article", "Facet", "Image", "Limits", "LinkCard", "Part", "Post", "Published"}


def __getattr__(name: str) -> typing.Any:
    """Return a public name from its module (``models`` or ``errors``), importing it once."""
    if name not in __all__:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    home = importlib.import_module(".models" if name in _MODELS else ".errors", __name__)
    value = getattr(home, name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
