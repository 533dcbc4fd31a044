"""One table of limits: the preview fits to the same numbers the adapters report."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicator.config import parse_config
from syndicator.limits import DOCUMENTED, default_limits
from syndicator.networks.registry import connect
from syndicator.pipeline import preview_limits

ENV = {
    "X_API_KEY": "k" * 8, "X_API_SECRET": "s" * 8, "X_ACCESS_TOKEN": "t" * 8,
    "X_ACCESS_TOKEN_SECRET": "u" * 8, "BLUESKY_HANDLE": "a.test", "BLUESKY_APP_PASSWORD": "p" * 8,
}  # fmt: skip


@pytest.mark.parametrize("max_characters", [None, 25_000])
def test_x_and_bluesky_adapters_report_what_the_preview_fits_to(
    tmp_path: Path, max_characters: int | None
) -> None:
    settings = {"max_characters": max_characters} if max_characters else {}
    config = parse_config({"networks": {"x": settings, "bluesky": {}}}, base=tmp_path)
    previewed = preview_limits(config.enabled(("x", "bluesky")))
    for name in ("x", "bluesky"):
        adapter = connect(config.networks[name], state_dir=tmp_path, environ=ENV)
        assert adapter.limits() == previewed[name]
    assert previewed["x"].max_characters == (max_characters or 280)


def test_the_character_limit_is_configurable_except_on_bluesky() -> None:
    assert default_limits("x", 25_000).max_characters == 25_000
    assert default_limits("mastodon", 1_000).max_characters == 1_000
    assert default_limits("bluesky", 1_000) == DOCUMENTED["bluesky"]
    with pytest.raises(ValueError, match="unknown network 'myspace'"):
        default_limits("myspace")
