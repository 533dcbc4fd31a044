"""Hugo's ``cascade``: front matter a section's ``_index`` hands down to its pages.

A page's own front matter wins; the nearest ancestor's cascade wins over a farther one
(gohugo.io/content-management/front-matter/#cascade). A cascade entry with a
``target`` (or ``_target``) applies only to pages whose path matches its ``path`` glob
and whose kind, when given, is ``page``.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from .hugo_config import ContentRoot, glob_pattern

__all__ = ["cascaded"]


def cascaded(
    meta: Mapping[str, Any],
    path: Path,
    root: ContentRoot,
    cache: dict[Path, list[dict[str, Any]]],
) -> dict[str, Any]:
    """Return ``meta`` completed with the cascades of the ``_index`` files above ``path``."""
    merged = dict(meta)
    folder = path.parent
    page_path = "/" + "/".join((*root.prefix, *path.relative_to(root.folder).parts))
    page_path = page_path.rsplit(".", 1)[0].lower()
    while True:
        for entry in _entries(folder, cache):
            if _applies(entry, page_path):
                for key, value in entry.items():
                    if key not in ("target", "_target"):
                        merged.setdefault(key, value)
        if folder == root.folder or root.folder not in folder.parents:
            break
        folder = folder.parent
    return merged


def _entries(folder: Path, cache: dict[Path, list[dict[str, Any]]]) -> list[dict[str, Any]]:
    """Return the cascade entries of ``folder``'s ``_index`` file (read once)."""
    if folder in cache:
        return cache[folder]
    entries: list[dict[str, Any]] = []
    for index in sorted(folder.glob("_index.*")):
        if index.suffix.lower() not in (".md", ".markdown", ".html"):
            continue
        from ..sources.markdown import split_front_matter

        try:
            meta, _, _ = split_front_matter(index.read_text(encoding="utf-8"), where=str(index))
        except Exception:  # an unreadable _index is reported when it is read as a page
            continue
        raw = {str(k).lower(): v for k, v in meta.items()}.get("cascade")
        items = raw if isinstance(raw, list) else [raw] if isinstance(raw, dict) else []
        entries += [
            {str(k).lower(): v for k, v in item.items()} for item in items if isinstance(item, dict)
        ]
        break
    cache[folder] = entries
    return entries


def _applies(entry: Mapping[str, Any], page_path: str) -> bool:
    target = entry.get("target", entry.get("_target"))
    if not isinstance(target, dict):
        return True
    target = {str(k).lower(): v for k, v in target.items()}
    kind = str(target.get("kind") or "page").lower()
    if kind not in ("page", "*", "{page,section}", "{section,page}"):
        return False
    glob = target.get("path")
    return not glob or glob_pattern(str(glob).lower()).match(page_path) is not None
