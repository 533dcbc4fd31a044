"""``syndicator check``: config errors exit 2, missing variables are named, credentials checked."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
import responses
from click.testing import CliRunner, Result

from syndicator.cli import cli

from ..networks.mastodon_fake import BASE, TOKEN, FakeMastodon

ALL_VARIABLES = (
    "X_API_KEY",
    "X_API_SECRET",
    "X_ACCESS_TOKEN",
    "X_ACCESS_TOKEN_SECRET",
    "MASTODON_ACCESS_TOKEN",
    "MASTODON_INSTANCE",
    "BLUESKY_HANDLE",
    "BLUESKY_APP_PASSWORD",
)


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["check", *args])


def write_config(tmp_path: Path, text: str) -> Path:
    """Write a config with its own templates folder, so only the config is under test."""
    (tmp_path / "tpl").mkdir(exist_ok=True)
    for name in ("x", "mastodon", "bluesky"):
        (tmp_path / "tpl" / f"{name}.txt.j2").write_text("{{ title }} {{ url }}", "utf-8")
    path = tmp_path / "syndicator.yaml"
    path.write_text("templates_dir: tpl\n" + text, encoding="utf-8")
    return path


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    server = FakeMastodon(max_characters=1000)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        server.install(mock)
        yield server


def test_every_missing_variable_is_named(tmp_path: Path) -> None:
    config = write_config(tmp_path, "")
    result = run("--config", str(config))
    assert result.exit_code == 1, result.output
    for variable in ALL_VARIABLES:
        assert variable in result.output
    assert "x: not ready" in result.output
    assert "missing environment variables: MASTODON_ACCESS_TOKEN, MASTODON_INSTANCE" in (
        result.output
    )


def test_only_the_unset_variables_are_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = write_config(tmp_path, "")
    monkeypatch.setenv("BLUESKY_HANDLE", "me.bsky.social")
    result = run("--config", str(config), "-n", "bluesky", "--format", "json")
    assert result.exit_code == 1
    report = json.loads(result.stdout)
    assert report["ok"] is False
    assert report["networks"] == [
        {
            "network": "bluesky",
            "ok": False,
            "missing": ["BLUESKY_APP_PASSWORD"],
            "problems": [],
            "details": {},
        }
    ]


def test_variable_names_come_from_the_config(tmp_path: Path) -> None:
    config = write_config(
        tmp_path,
        "networks:\n  mastodon:\n    instance: https://social.example\n"
        "    access_token_env: MY_BLOG_TOKEN\n",
    )
    result = run("--config", str(config), "-n", "mastodon")
    assert result.exit_code == 1
    assert "missing environment variables: MY_BLOG_TOKEN" in result.output
    assert "MASTODON_INSTANCE" not in result.output


def test_disabled_networks_are_not_checked(tmp_path: Path) -> None:
    config = write_config(
        tmp_path, "networks:\n  x: {enabled: false}\n  bluesky: {enabled: false}\n"
    )
    result = run("--config", str(config))
    assert "X_API_KEY" not in result.output
    assert "BLUESKY_HANDLE" not in result.output
    assert "MASTODON_ACCESS_TOKEN" in result.output


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "networks:\n  mastodon:\n    visibilty: unlisted\n",
            "networks.mastodon.visibilty: unknown setting (did you mean visibility?)",
        ),
        ("max_posts: five\n", "max_posts: expected a whole number, got 'five'"),
        ("networks:\n  x:\n    thread: maybe\n", "networks.x.thread: expected true or false"),
        ("networks:\n  linkedin: {}\n", "networks.linkedin: unknown network"),
    ],
)
def test_an_invalid_config_exits_2_naming_the_key(tmp_path: Path, text: str, message: str) -> None:
    config = write_config(tmp_path, text)
    result = run("--config", str(config))
    assert result.exit_code == 2
    assert message in result.output
    assert str(config) in result.output
    result = run("--config", str(config), "--format", "json")
    assert result.exit_code == 2
    assert message in json.loads(result.stdout)["config"]["error"]


def test_a_missing_config_file_exits_2(tmp_path: Path) -> None:
    result = run("--config", str(tmp_path / "nope.yaml"))
    assert result.exit_code == 2
    assert "no such config file" in result.output


def test_a_missing_template_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, "networks:\n  bluesky:\n    template: nope.txt.j2\n")
    monkeypatch.setenv("BLUESKY_HANDLE", "me.bsky.social")
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", "app-pass-word")
    result = run("--config", str(config), "-n", "bluesky")
    assert result.exit_code == 1
    assert "template nope.txt.j2: not found in" in result.output
    assert str(tmp_path / "tpl") in result.output


def test_a_template_syntax_error_is_named(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = write_config(tmp_path, "")
    (tmp_path / "tpl" / "bluesky.txt.j2").write_text("{{ title ", "utf-8")
    result = run("--config", str(config), "-n", "bluesky")
    assert result.exit_code == 1
    assert "template bluesky.txt.j2: line 1:" in result.output


def test_mastodon_credentials_ok_shows_account_and_instance_limits(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeMastodon
) -> None:
    config = write_config(tmp_path, f"networks:\n  mastodon:\n    instance: {BASE}\n")
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", TOKEN)
    result = run("--config", str(config), "-n", "mastodon")
    assert result.exit_code == 0, result.output
    assert "mastodon: ok" in result.output
    assert "account: @syndicator@social.example" in result.output
    assert "max_characters: 1000" in result.output  # the instance's own, not the default 500
    assert TOKEN not in result.output
    assert [(r.method, r.path) for r in fake.received] == [
        ("GET", "/api/v1/accounts/verify_credentials"),
        ("GET", "/api/v2/instance"),
    ]


def test_mastodon_credentials_ok_as_json(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeMastodon
) -> None:
    config = write_config(tmp_path, "")
    monkeypatch.setenv("MASTODON_INSTANCE", BASE)
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", TOKEN)
    result = run("--config", str(config), "-n", "mastodon", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["ok"] is True
    (mastodon,) = report["networks"]
    assert mastodon["details"]["account"] == "@syndicator@social.example"
    assert mastodon["details"]["max_characters"] == 1000
    assert mastodon["details"]["url_length"] == 23


def test_refused_credentials_fail_without_showing_the_token(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeMastodon
) -> None:
    config = write_config(tmp_path, f"networks:\n  mastodon:\n    instance: {BASE}\n")
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", "wrong-token-value-123")
    result = run("--config", str(config), "-n", "mastodon")
    assert result.exit_code == 1
    assert "mastodon: not ready" in result.output
    assert "wrong-token-value-123" not in result.output
    assert "MASTODON_ACCESS_TOKEN" in result.output  # the adapter says which token to replace


def test_one_network_failing_does_not_stop_the_others(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fake: FakeMastodon
) -> None:
    config = write_config(tmp_path, f"networks:\n  mastodon:\n    instance: {BASE}\n")
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", TOKEN)
    result = run("--config", str(config), "-n", "x", "-n", "mastodon")
    assert result.exit_code == 1
    assert "x: not ready" in result.output
    assert "mastodon: ok" in result.output


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["check", "--help"])
    assert result.exit_code == 0
    assert "Example:" in result.output
