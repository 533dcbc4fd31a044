"""``syndicator init``: a commented config and the default templates, never overwriting."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from syndicator.cli import cli
from syndicator.cli.init import example_config_path
from syndicator.compose.environment import default_dir
from syndicator.config import load_config

NETWORK_TEMPLATES = {"x.txt.j2", "mastodon.txt.j2", "bluesky.txt.j2"}


def run(*args: str) -> Result:
    return CliRunner().invoke(cli, ["init", *args])


def test_writes_the_commented_config_and_the_default_templates(tmp_path: Path) -> None:
    result = run()
    assert result.exit_code == 0, result.output
    config = tmp_path / "syndicator.yaml"
    assert config.read_bytes() == example_config_path().read_bytes()
    assert "# " in config.read_text("utf-8")  # the comments came along
    copied = {p.name for p in (tmp_path / "templates").iterdir()}
    assert copied >= NETWORK_TEMPLATES
    assert copied == {p.name for p in default_dir().glob("*.j2")}
    for name in copied:
        assert (tmp_path / "templates" / name).read_bytes() == (default_dir() / name).read_bytes()
    # The written config is valid and uses the copied templates.
    loaded = load_config(config)
    assert loaded.templates_dir == tmp_path / "templates"
    assert f"wrote {Path('syndicator.yaml')}" in result.output


def test_dir_option_writes_elsewhere(tmp_path: Path) -> None:
    result = run("--dir", "site/config")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "site/config/syndicator.yaml").is_file()
    assert (tmp_path / "site/config/templates/mastodon.txt.j2").is_file()
    assert not (tmp_path / "syndicator.yaml").exists()


def test_refuses_to_overwrite_anything_without_force(tmp_path: Path) -> None:
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "x.txt.j2").write_text("mine", "utf-8")
    result = run()
    assert result.exit_code == 2
    assert "not overwriting" in result.output
    assert str(Path("templates/x.txt.j2")) in result.output
    assert "--force" in result.output
    # Nothing at all was written, not even the files that did not exist.
    assert not (tmp_path / "syndicator.yaml").exists()
    assert (tmp_path / "templates" / "x.txt.j2").read_text("utf-8") == "mine"
    assert {p.name for p in (tmp_path / "templates").iterdir()} == {"x.txt.j2"}


def test_an_existing_config_is_kept_too(tmp_path: Path) -> None:
    (tmp_path / "syndicator.yaml").write_text("default_lang: fr\n", "utf-8")
    assert run().exit_code == 2
    assert (tmp_path / "syndicator.yaml").read_text("utf-8") == "default_lang: fr\n"


def test_force_overwrites(tmp_path: Path) -> None:
    (tmp_path / "syndicator.yaml").write_text("default_lang: fr\n", "utf-8")
    result = run("--force")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "syndicator.yaml").read_bytes() == example_config_path().read_bytes()


def test_help_has_an_example() -> None:
    result = run("--help")
    assert result.exit_code == 0
    assert "Example:" in result.output
    assert "--force" in result.output
