"""Test-wide fixtures: every test runs with no credentials and its own working folder."""

from __future__ import annotations

from pathlib import Path

import pytest

pytest_plugins = ["tests.pds.plugin", "tests.fakes.world"]

FIXTURES = Path(__file__).parent / "fixtures"

_SECRET_PREFIXES = ("X_", "MASTODON_", "BLUESKY_", "THREADS_", "GITHUB_STEP_SUMMARY")


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Clear network credentials from the environment and work in a fresh folder."""
    import os

    for name in list(os.environ):
        if name.startswith(_SECRET_PREFIXES):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)


@pytest.fixture
def fixtures() -> Path:
    """The folder of example articles copied from shared/examples."""
    return FIXTURES
