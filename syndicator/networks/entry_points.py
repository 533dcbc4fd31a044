"""An entry-point group, read without a metadata scan while nothing was installed.

``importlib.metadata`` costs a cold start about 50 ms: importing it (with ``email``,
``zipfile``, ``csv``) and reading the metadata of every distribution on ``sys.path``.
Installing or uninstalling a distribution adds or removes its ``.dist-info`` folder in
a ``sys.path`` folder (an editable install adds a ``.pth`` file there), which changes
that folder's modification time. So the group's entry points are kept in the user's
cache folder with ``sys.path`` and the modification time of each of its entries; while
those are the same, the cache answers. Anything else (no cache, a folder changed, a
cache that cannot be read) scans as before and writes the cache again.
"""

from __future__ import annotations

import contextlib
import json
import os
import time
import zlib
from pathlib import Path

from ..user_cache import folder

__all__ = ["read"]

#: Changes when what the cache files hold changes.
_FORMAT = 1
# A folder changed this recently may change again within the same tick of a file
# system with coarse times (FAT keeps 2 s): its time cannot vouch for the cache yet.
_SETTLED_NS = 3_000_000_000

_Key = list[tuple[str, int | None]]


def read(group: str) -> list[tuple[str, str]]:
    """Return (name, value) of each entry point of ``group``, in importlib.metadata's order."""
    key = _key()
    entries = [entry for entry, _ in key]
    path = folder() / f"entry-points-{zlib.crc32(json.dumps([group, entries]).encode()):08x}.json"
    cached = _cached(path, group, key)
    if cached is not None:
        return cached
    from importlib.metadata import entry_points

    points = [(point.name, point.value) for point in entry_points(group=group)]
    now = time.time_ns()
    if all(mtime is None or now - mtime > _SETTLED_NS for _, mtime in key):
        _store(path, {"format": _FORMAT, "group": group, "key": key, "points": points})
    return points


def _key() -> _Key:
    """Return each ``sys.path`` entry (absolute) with its modification time (None: none)."""
    import sys

    stamped: _Key = []
    for entry in map(os.path.abspath, sys.path):
        try:
            stamped.append((entry, os.stat(entry).st_mtime_ns))
        except OSError:
            stamped.append((entry, None))
    return stamped


def _cached(path: Path, group: str, key: _Key) -> list[tuple[str, str]] | None:
    """Return the entry points ``path`` keeps for ``key``, or None (none, stale, unreadable)."""
    try:
        data = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != _FORMAT or data.get("group") != group:
        return None
    if data.get("key") != [list(entry) for entry in key]:
        return None
    points = data.get("points")
    if not isinstance(points, list) or not all(
        isinstance(point, list) and len(point) == 2 and all(isinstance(s, str) for s in point)
        for point in points
    ):
        return None
    return [(name, value) for name, value in points]


def _store(path: Path, data: dict[str, object]) -> None:
    """Write the cache file whole (another process may be reading it); a failure is no error."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data), encoding="utf-8")
        os.replace(temporary, path)
    except OSError:
        with contextlib.suppress(OSError):
            temporary.unlink(missing_ok=True)
