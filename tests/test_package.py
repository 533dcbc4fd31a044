"""The package as users meet it: its public API, its commands, its wheel."""

from __future__ import annotations

import json
import subprocess
import sys
import zipfile
from pathlib import Path

import click
import pytest
from click.testing import CliRunner

import syndicator
from syndicator.cli import COMMANDS, SUMMARIES, cli

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "threads-musk-meta.md"


def test_all_lists_exactly_the_public_names() -> None:
    public = {name for name in dir(syndicator) if not name.startswith("_")}
    modules = {name for name in public if type(getattr(syndicator, name)).__name__ == "module"}
    assert sorted(syndicator.__all__) == sorted(public - modules - {"annotations"})
    homes = {getattr(syndicator, name).__module__ for name in syndicator.__all__}
    assert homes == {"syndicator.errors", "syndicator.models"}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_has_help_with_an_example(name: str) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None, f"command {name} is not importable"
    result = CliRunner().invoke(cli, [name, "--help"])
    assert result.exit_code == 0, result.output
    assert "Example" in result.output or "example" in result.output
    assert f"syndicator {name}" in result.output


@pytest.mark.parametrize("name", list(COMMANDS))
def test_help_summarises_each_command_with_the_first_sentence_of_its_own_help(
    name: str,
) -> None:
    command = cli.get_command(click.Context(cli), name)
    assert command is not None
    assert SUMMARIES[name] == command.get_short_help_str(limit=10_000)


@pytest.mark.parametrize("width", [30, 80, 200])
def test_help_lists_the_commands_as_click_does_from_the_commands_themselves(width: int) -> None:
    """``--help`` reads SUMMARIES, and writes what click writes after loading every command."""
    assert list(SUMMARIES) == list(COMMANDS)
    context = click.Context(cli, terminal_width=width)
    ours, clicks = context.make_formatter(), context.make_formatter()
    cli.format_commands(context, ours)
    click.Group.format_commands(cli, context, clicks)  # loads each command for its help
    assert "Commands:" in ours.getvalue()
    assert ours.getvalue() == clicks.getvalue()


def test_preview_imports_no_network_sdk() -> None:
    """A dry-run preview must not pay for tweepy, Mastodon.py, atproto or psycopg (rule 7)."""
    code = (
        "import sys\n"
        "from click.testing import CliRunner\n"
        "from syndicator.cli import cli\n"
        f"r = CliRunner().invoke(cli, ['preview', '--format', 'json', {str(EXAMPLE)!r}])\n"
        "heavy = ('tweepy', 'mastodon', 'atproto', 'PIL', 'psycopg')\n"
        "sdks = [m for m in heavy if m in sys.modules]\n"
        "print(r.exit_code, ','.join(sdks) or 'none', len(r.output))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT
    )
    exit_code, sdks, size = done.stdout.split()
    assert (exit_code, sdks) == ("0", "none")
    assert int(size) > 100


def test_python_dash_m_runs_the_cli() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "syndicator", "preview", "--format", "json", str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    networks = [post["network"] for post in json.loads(done.stdout)["posts"]]
    assert networks == ["x", "mastodon", "bluesky"]


@pytest.mark.slow
def test_wheel_carries_the_templates_and_finds_them_when_installed(tmp_path: Path) -> None:
    """A non-editable install, run from another folder, renders with the packaged templates."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path / "dist"),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
    )
    (wheel,) = (tmp_path / "dist").glob("syndicator-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for template in ("x.txt.j2", "mastodon.txt.j2", "bluesky.txt.j2"):
        assert f"syndicator/templates/{template}" in names
    assert "syndicator/config.example.yaml" in names

    target = tmp_path / "site"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "-q",
            "--no-deps",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        capture_output=True,
    )
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    code = (
        "import sys; sys.path.insert(0, sys.argv[1])\n"
        "import syndicator\n"
        "assert syndicator.__file__.startswith(sys.argv[1]), syndicator.__file__\n"
        "from click.testing import CliRunner\n"
        "from syndicator.cli import cli\n"
        "r = CliRunner().invoke(cli, ['preview', '-n', 'mastodon', sys.argv[2]])\n"
        "print(r.exit_code); print(r.output)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code, str(target), str(EXAMPLE)],
        capture_output=True,
        text=True,
        check=True,
        cwd=elsewhere,
    )
    assert done.stdout.startswith("0\n"), done.stdout + done.stderr
    assert "Threads : Elon Musk" in done.stdout
