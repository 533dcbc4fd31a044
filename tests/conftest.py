"""Test-wide fixtures: no credentials, a working folder of its own, the official twitter-text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

pytest_plugins = ["tests.pds.plugin", "tests.pg.plugin", "tests.fakes.world"]

FIXTURES = Path(__file__).parent / "fixtures"
TWITTER_TEXT_JS = Path(__file__).parent / "compose" / "twitter_text_js"

_SECRET_PREFIXES = ("X_", "MASTODON_", "BLUESKY_", "THREADS_", "GITHUB_STEP_SUMMARY")


@pytest.fixture(scope="session")
def _user_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A user cache folder for the session (syndicator/user_cache.py), not the tester's."""
    return tmp_path_factory.mktemp("user-cache")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, _user_cache: Path) -> None:
    """Clear network credentials from the environment and work in a fresh folder."""
    import os

    for name in list(os.environ):
        if name.startswith(_SECRET_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.setenv("XDG_CACHE_HOME", str(_user_cache))
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def fixtures() -> Path:
    """The folder of example articles copied from shared/examples."""
    return FIXTURES


def _node_missing() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (TWITTER_TEXT_JS / "node_modules" / "twitter-text").is_dir():
        return "run `npm ci --prefix tests/compose/twitter_text_js` to install twitter-text 3.1.0"
    return None


def _node(script: str, *args: str) -> Callable[[Sequence[str]], Any]:
    """Return a function running ``script`` of twitter_text_js over JSON-encoded strings."""
    reason = _node_missing()
    if reason:
        # The differential tests against the official library must run in CI.
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI is set, so the twitter-text tests must run, but {reason}")
        pytest.skip(reason)

    def run(texts: Sequence[str]) -> Any:
        result = subprocess.run(
            ["node", str(TWITTER_TEXT_JS / script), *args],
            input=json.dumps(list(texts)),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=120,
        )
        return json.loads(result.stdout)

    return run


@pytest.fixture(scope="session")
def js_lengths() -> Callable[[Sequence[str]], list[int]]:
    """Return a function measuring strings with the official twitter-text 3.1.0 (node)."""
    return _node("measure.js")


@pytest.fixture(scope="session")
def js_urls() -> Callable[[Sequence[str]], list[list[str]]]:
    """Return a function listing the URLs the official twitter-text 3.1.0 extracts (node)."""
    return _node("extract.js")


@pytest.fixture(scope="session")
def js_hashtags() -> Callable[[Sequence[str]], list[list[str]]]:
    """Return a function listing the hashtags the official twitter-text 3.1.0 extracts."""
    return _node("extract.js", "hashtags")
