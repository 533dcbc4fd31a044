"""config.example.yaml stays in sync with the schema in config.py."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import yaml

from syndicator.cli.init import example_config_path
from syndicator.config import _TOP, COMMON_SETTINGS, load_config, parse_config
from syndicator.networks import registry
from syndicator.settings import field_types

EXAMPLE = Path(__file__).resolve().parents[1] / "config.example.yaml"


def test_init_finds_the_repository_copy() -> None:
    assert example_config_path().read_bytes() == EXAMPLE.read_bytes()


def test_every_schema_key_is_set_in_the_example() -> None:
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    assert set(data) == set(_TOP)
    built_in = {"x", "mastodon", "bluesky"}  # plugins document their own keys
    assert set(data["networks"]) == built_in
    for name in built_in:
        keys = {*COMMON_SETTINGS, *field_types(registry.spec(name).settings)}
        assert set(data["networks"][name]) == keys, name


def test_the_example_parses_and_shows_the_defaults() -> None:
    """Every value in the example is the default, except templates_dir (init copies them)."""
    data = yaml.safe_load(EXAMPLE.read_text("utf-8"))
    example = parse_config(data, base=Path("/site"))
    defaults = parse_config({}, base=Path("/site"))
    assert example.templates_dir == Path("/site/templates")
    assert dataclasses.replace(example, templates_dir=None) == defaults


def test_load_config_reads_the_example(tmp_path: Path) -> None:
    copy = tmp_path / "syndicator.yaml"
    copy.write_bytes(EXAMPLE.read_bytes())
    assert load_config(copy).state == tmp_path / ".syndicator/state.db"


def test_every_key_has_a_comment_and_no_secret_is_written() -> None:
    text = EXAMPLE.read_text("utf-8")
    lines = text.splitlines()
    for index, line in enumerate(lines):
        match = re.match(r"\s*(\w+):", line)
        if not match or match.group(1) in {"networks", "x", "mastodon", "bluesky"}:
            continue
        key = match.group(1)
        # Documented either just above (a comment block) or in the networks' shared notes.
        above = lines[index - 1].strip()
        assert above.startswith("#") or f"#   {key}" in text or key.endswith("_env"), key
    for line in lines:
        match = re.match(r"\s*(\w+_env): (\S+)", line)
        if match:
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*", match.group(2)), match.group(0)
