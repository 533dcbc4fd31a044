"""Launch Debian's Chromium headless through playwright: no browser download, no sandbox.

The flags keep Chromium from calling home (background networking, component updates,
sync): the machines these tests run on reach no host but the package registries.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

CHROMIUM = Path(os.environ.get("SYNDICATOR_CHROMIUM", "/usr/bin/chromium"))
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).resolve().parent / "node_modules" / "axe-core" / "axe.min.js"


def missing() -> str | None:
    """Return what is missing to run a browser test, or None when all is there."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "the Python package playwright is not installed (pip install -e '.[test]')"
    if not CHROMIUM.exists() and not shutil.which(str(CHROMIUM)):
        return f"{CHROMIUM} is missing (apt-get install chromium; scripts/check does it)"
    if not AXE.exists():
        return "axe-core is not installed (cd tests/browser && npm ci)"
    return None


@contextmanager
def browser() -> Iterator[Any]:
    """Yield a headless Chromium ``Browser``, closed at the end."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        try:
            yield launched
        finally:
            launched.close()
