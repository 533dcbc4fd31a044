"""Options shared by several commands, and the config lookup they all use."""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast

import click

if TYPE_CHECKING:  # loaded when a command runs, not for --help
    from ..config import Config

__all__ = [
    "article_options",
    "config_option",
    "format_choice",
    "format_option",
    "network_option",
    "resolve_config",
    "state_option",
]

F = TypeVar("F", bound=Callable[..., object])


def config_option(function: F) -> F:
    """Add ``--config/-c FILE`` (default: syndicator.yaml in the current folder)."""
    return click.option(
        "--config",
        "-c",
        "config_path",
        type=click.Path(path_type=Path, dir_okay=False),
        help="Config file (default: syndicator.yaml here, else built-in defaults).",
    )(function)


def network_option(function: F) -> F:
    """Add ``--network/-n NAME``, repeatable (default: every enabled network)."""
    return click.option(
        "--network",
        "-n",
        "networks",
        multiple=True,
        callback=_installed,
        help="Limit to this network; repeat for several (default: all enabled).",
    )(function)


def _installed(context: click.Context, parameter: click.Parameter, value: Any) -> Any:
    """Refuse a network that is not installed, as a usage error naming those that are."""
    if not value:  # every enabled network: nothing to look up (nor to import)
        return ()
    from ..errors import ConfigError
    from ..networks import registry

    for name in value:
        try:
            registry.spec(name)
        except ConfigError as exc:
            raise click.BadParameter(str(exc), context, parameter) from None
    return tuple(value)


def format_option(function: F) -> F:
    """Add ``--format text|json``."""
    return format_choice("text", "json")(function)


_FORMATS = {
    "text": "people (text)",
    "json": "machines (json)",
    "jsonl": "streams (jsonl: one post per line, written as it is composed)",
    "html": "a browser (html: one page)",
}


def format_choice(*formats: str) -> Callable[[F], F]:
    """Return a decorator adding ``--format`` with these choices (the first is the default)."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(formats),
        default=formats[0],
        show_default=True,
        help="Output for " + ", ".join(_FORMATS[name] for name in formats) + ".",
    )


def resolve_config(path: Path | None) -> Config:
    """Load the named config, else ./syndicator.yaml, else the defaults."""
    from ..config import find_config, load_config

    return load_config(path if path is not None else find_config())


def article_options(function: F) -> F:
    """Add the fields that describe an article on the command line, as ``fields``."""

    @functools.wraps(function)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        from ..pipeline import ArticleFields

        kwargs["fields"] = ArticleFields(**{name: kwargs.pop(name) for name in _FIELDS})
        return function(*args, **kwargs)

    decorators = [
        click.option("--title", help="Article title (with --url: an article with no source)."),
        click.option("--url", help="Article URL; also sets the URL of a single text article."),
        click.option("--summary", help="Article summary."),
        click.option(
            "--tag", "tags", multiple=True, help="A tag; repeat, or separate with commas."
        ),
        click.option("--lang", help="Language tag such as fr or en-US."),
        click.option("--image", help="Image path or URL."),
        click.option("--image-alt", default="", help="Alt text of --image."),
    ]
    command: Any = wrapper
    for decorator in reversed(decorators):
        command = decorator(command)
    return cast(F, command)


_FIELDS = ("title", "url", "summary", "tags", "lang", "image", "image_alt")


def _state_target(ctx: click.Context, param: click.Parameter, value: str | None) -> Any:
    """Return ``--state`` as a path, or a URL with its password registered as a secret."""
    from ..state_target import state_target

    return state_target(value) if value else None


def state_option(function: F) -> F:
    """Add ``--state FILE|URL`` (also ``SYNDICATOR_STATE``; default: the config's ``state``)."""
    return click.option(
        "--state",
        "state_path",
        envvar="SYNDICATOR_STATE",
        callback=_state_target,
        metavar="FILE|URL",
        help="State: a SQLite file, or a postgresql:// URL shared by many runners "
        "(default: $SYNDICATOR_STATE, else the config's state setting, else "
        ".syndicator/state.db beside the config, or here when there is none).",
    )(function)
