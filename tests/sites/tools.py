"""Find a static-site generator's binary for the real-generator tests, or skip (fail on CI).

Under CI (the ``CI`` environment variable set, other than "0" or "false") a missing
generator fails the test: CI must compare our URLs with the generator's own.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent


def on_ci() -> bool:
    """Tell whether the tests run under CI, where every generator must be present."""
    return os.environ.get("CI", "").lower() not in ("", "0", "false")


def require_tool(name: str, *, install_hint: str) -> str:
    """Return the path of the executable ``name`` (PATH, then this venv), else skip or fail."""
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if found:
        return found
    message = f"{name} is not installed ({install_hint})"
    if on_ci():
        pytest.fail(message)
    pytest.skip(message)
