"""The user's cache folder for what syndicator can rebuild at any time.

``$XDG_CACHE_HOME/syndicator`` (default ``~/.cache/syndicator``). Only what is derived
from installed files lives there, never an article or a post: deleting the folder
costs one slower start, nothing else.
"""

from __future__ import annotations

import os
from pathlib import Path

__all__ = ["folder"]


def folder() -> Path:
    """Return the cache folder (it may not exist yet)."""
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return Path(base) / "syndicator"
