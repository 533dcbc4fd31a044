"""Config: YAML -> validated, typed values; secrets only from the environment."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from syndicator.config import load_config, parse_config
from syndicator.errors import ConfigError, MissingCredential
from syndicator.redact import redact


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "syndicator.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_no_config_means_every_network_with_its_default_template() -> None:
    config = load_config(None)
    assert [n.name for n in config.enabled()] == ["x", "mastodon", "bluesky"]
    assert [n.template for n in config.enabled()] == [
        "x.txt.j2",
        "mastodon.txt.j2",
        "bluesky.txt.j2",
    ]
    assert config.default_lang == "en"
    assert config.state == Path.cwd() / ".syndicator" / "state.db"


def test_paths_resolve_against_the_config_folder(tmp_path: Path) -> None:
    path = write(tmp_path, "templates_dir: tpl\nstate: data/state.db\nsince: 2024-05-01\n")
    config = load_config(path)
    assert config.templates_dir == tmp_path / "tpl"
    assert config.state == tmp_path / "data" / "state.db"
    assert config.since == dt.date(2024, 5, 1)


def test_unknown_key_is_named_with_its_path_and_a_suggestion(tmp_path: Path) -> None:
    path = write(tmp_path, "networks:\n  mastodon:\n    visibilty: unlisted\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    message = str(info.value)
    assert "networks.mastodon.visibilty: unknown setting" in message
    assert "did you mean visibility?" in message
    assert str(path) in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("max_posts: many\n", "max_posts: expected a whole number, got 'many'"),
        ("write_back: 1\n", "write_back: expected true or false, got 1"),
        ("networks:\n  x:\n    thread: yes please\n", "networks.x.thread: expected true or false"),
        ("networks:\n  myspace: {}\n", "networks.myspace: unknown network"),
        ("networks:\n  mastodon:\n    visibility: secret\n", "'secret' is not one of public"),
        ("since: yesterday\n", "since: 'yesterday' is not a date"),
        ("networks:\n  x:\n    max_characters: true\n", "expected a whole number, got True"),
        ("networks:\n  bluesky:\n    max_characters: 500\n", "Bluesky's limit is fixed"),
    ],
)
def test_wrong_values_are_named(tmp_path: Path, text: str, expected: str) -> None:
    with pytest.raises(ConfigError, match=None) as info:
        load_config(write(tmp_path, text))
    assert expected in str(info.value)


def test_invalid_yaml_names_the_line(tmp_path: Path) -> None:
    path = write(tmp_path, "default_lang: fr\nnetworks:\n  x: [unclosed\n")
    with pytest.raises(ConfigError) as info:
        load_config(path)
    assert f"{path}, line" in str(info.value)
    assert "invalid YAML" in str(info.value)


def test_missing_config_file_says_how_to_create_one(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="syndicator init"):
        load_config(tmp_path / "nope.yaml")


def test_disabled_network_is_left_out_unless_named() -> None:
    config = parse_config({"networks": {"x": {"enabled": False}}}, base=Path.cwd())
    assert [n.name for n in config.enabled()] == ["mastodon", "bluesky"]
    assert [n.name for n in config.enabled(("x",))] == ["x"]


def test_secrets_come_from_the_named_variables_and_are_redacted() -> None:
    config = parse_config(
        {"networks": {"mastodon": {"access_token_env": "MY_TOKEN"}}}, base=Path.cwd()
    )
    mastodon = config.networks["mastodon"]
    with pytest.raises(MissingCredential) as info:
        mastodon.secrets({})
    assert "MY_TOKEN is not set" in str(info.value)
    assert mastodon.missing_secrets({}) == ["MY_TOKEN"]
    secrets = mastodon.secrets({"MY_TOKEN": "tok-s3cr3t-value"})
    assert secrets == {"access_token": "tok-s3cr3t-value"}
    assert redact("refused token tok-s3cr3t-value") == "refused token ********"


def test_settings_fall_back_to_their_environment_variable() -> None:
    config = parse_config({}, base=Path.cwd())
    mastodon = config.networks["mastodon"]
    assert mastodon.setting("instance", {}) is None
    assert mastodon.setting("instance", {"MASTODON_INSTANCE": "https://m.example"}) == (
        "https://m.example"
    )
    configured = parse_config(
        {"networks": {"mastodon": {"instance": "https://a.example"}}}, base=Path.cwd()
    ).networks["mastodon"]
    assert configured.setting("instance", {"MASTODON_INSTANCE": "https://b.example"}) == (
        "https://a.example"
    )


def test_the_bluesky_handle_is_read_but_not_masked_in_messages() -> None:
    bluesky = parse_config({}, base=Path.cwd()).networks["bluesky"]
    secrets = bluesky.secrets(
        {"BLUESKY_HANDLE": "alice.example.org", "BLUESKY_APP_PASSWORD": "app-pass-word-1234"}
    )
    assert secrets == {"handle": "alice.example.org", "app_password": "app-pass-word-1234"}
    assert redact("cannot log in as alice.example.org with app-pass-word-1234") == (
        "cannot log in as alice.example.org with ********"
    )


def test_every_missing_variable_of_a_network_is_named_at_once() -> None:
    x = parse_config({}, base=Path.cwd()).networks["x"]
    with pytest.raises(MissingCredential) as info:
        x.secrets({"X_API_KEY": "key-value-1234"})
    message = str(info.value)
    assert "X_API_SECRET, X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET are not set" in message
    assert "X_API_KEY" not in message


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("timeout: -5", "timeout: must be a number of seconds above 0"),
        ("timeout: 0", "timeout: must be a number of seconds above 0"),
        ("timeout: .nan", "timeout: must be a number of seconds above 0"),
        ("timeout: .inf", "timeout: must be a number of seconds above 0"),
        ("timeout: 1.0e+300", "at most 3600"),
        ("since: 2024-13-45", "since: '2024-13-45' is not a date"),
        ("since: 2024-02-30", "since: '2024-02-30' is not a date"),
        ("networks:\n  x:\n    api_key_env: ''", "networks.x.api_key_env: empty"),
        ("networks:\n  mastodon:\n    access_token_env: '  '", "access_token_env: empty"),
    ],
)
def test_bad_values_are_config_errors_not_tracebacks(
    tmp_path: Path, text: str, expected: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_config(write(tmp_path, text))
    assert expected in str(caught.value)
    assert "\n" not in str(caught.value)


def test_a_lock_timeout_that_is_not_a_number_is_refused_by_the_command_line(
    tmp_path: Path,
) -> None:
    from click.testing import CliRunner

    from syndicator.cli import cli

    for value in ("nan", "inf", "-1"):
        result = CliRunner().invoke(
            cli, ["post", "--lock-timeout", value, "--title", "T", "--url", "https://e.org/a"]
        )
        assert result.exit_code == 2, (value, result.output)
        assert "--lock-timeout" in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
