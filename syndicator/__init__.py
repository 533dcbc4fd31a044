"""syndicator: post published articles to X, Mastodon and Bluesky, exactly once.

The public API is listed in ``__all__``; everything else is private. Importing this
package imports no network SDK and reads no environment variable.
"""

from __future__ import annotations

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
