"""The installed networks: found by entry point, and the limits the preview and adapters share."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicator.config import parse_config
from syndicator.errors import ConfigError
from syndicator.networks import registry
from syndicator.networks.registry import connect, spec
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
    assert spec("x").default_limits(25_000).max_characters == 25_000
    assert spec("mastodon").default_limits(1_000).max_characters == 1_000
    assert spec("bluesky").default_limits(1_000) == spec("bluesky").limits
    assert spec("bluesky").limits.max_characters == 300


def test_the_built_in_networks_are_found_by_their_entry_points() -> None:
    from importlib.metadata import entry_points

    points = {p.name: p.value for p in entry_points(group=registry.GROUP)}
    for name in ("x", "mastodon", "bluesky"):
        assert points[name] == f"syndicator.networks.{name}.spec:SPEC"
        assert spec(name).name == name
    built_in = [
        name for name in registry.names() if name in points and name in {"x", "mastodon", "bluesky"}
    ]
    assert built_in == ["x", "mastodon", "bluesky"]  # the order reports list them in
    assert registry.broken() == {}


def test_an_unknown_network_is_named_with_what_is_installed() -> None:
    with pytest.raises(
        ConfigError, match=r"unknown network 'myspace' \(known: x, mastodon, bluesky"
    ):
        spec("myspace")
    with pytest.raises(ConfigError, match="did you mean mastodon"):
        spec("mastodn")
