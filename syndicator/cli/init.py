"""``syndicator init``: a commented config and the default templates, ready to edit."""

from __future__ import annotations

import re
import shutil
from importlib import resources
from pathlib import Path

import click

from ..errors import UsageError

__all__ = ["example_config_path", "init"]

CONFIG_NAME = "syndicator.yaml"
TEMPLATES_FOLDER = "templates"  # what config.example.yaml's templates_dir names


def example_config_path() -> Path:
    """Return config.example.yaml: packaged in the wheel, else at the repository's root."""
    packaged = resources.files("syndicator") / "config.example.yaml"
    if packaged.is_file():
        return Path(str(packaged))
    return Path(__file__).resolve().parents[2] / "config.example.yaml"


@click.command()
@click.option(
    "--dir",
    "folder",
    type=click.Path(path_type=Path, file_okay=False),
    default=Path("."),
    show_default=True,
    help="Folder to write syndicator.yaml and templates/ into.",
)
@click.option("--force", is_flag=True, help="Overwrite files that already exist.")
def init(folder: Path, force: bool) -> None:
    """Write a commented syndicator.yaml and copy the default templates to edit.

    Nothing is overwritten unless --force is given: when a file exists, nothing is
    written at all.

    \b
    Example:
        syndicator init && syndicator check
    """
    from ..compose.environment import default_dir

    config_source = example_config_path()
    if not config_source.is_file():
        raise UsageError(f"the example config is missing from this installation ({config_source})")
    templates = sorted(p for p in default_dir().glob("*.j2") if p.is_file())
    if not templates:
        raise UsageError(f"no default templates found in {default_dir()}")
    copies = [(config_source, folder / CONFIG_NAME)]
    copies += [(p, folder / TEMPLATES_FOLDER / p.name) for p in templates]
    existing = [target for _, target in copies if target.exists()]
    if existing and not force:
        raise UsageError(
            "not overwriting "
            + ", ".join(str(p) for p in existing)
            + " (use --force to replace them with the defaults)"
        )
    from .site_report import site_block

    values, found = site_block(folder)
    try:
        (folder / TEMPLATES_FOLDER).mkdir(parents=True, exist_ok=True)
        for source, target in copies:
            shutil.copyfile(source, target)
        if values:
            _set_site(folder / CONFIG_NAME, values)
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename}: {exc.strerror}") from None
    for _, target in copies:
        click.echo(f"wrote {target}")
    click.echo(found)
    click.echo(
        "Next: set the environment variables it names, then run `syndicator check`; "
        "`syndicator preview SOURCE` shows what would be posted."
    )


def _set_site(config: Path, values: dict[str, str]) -> None:
    """Write ``values`` into the ``site:`` block of the copied example config."""
    text = config.read_text(encoding="utf-8")
    for key, value in values.items():
        text = re.sub(
            rf"(?m)^  {key}: null$", f"  {key}: {value}".replace("\\", "/"), text, count=1
        )
    config.write_text(text, encoding="utf-8")
