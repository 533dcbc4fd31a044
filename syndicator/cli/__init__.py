"""The ``syndicator`` command line: a click group whose commands load on demand.

Each command lives in its own module of this package and is imported only when it
is run (or listed in ``--help``), so ``syndicator preview`` imports no network SDK
and starts fast. Our errors become messages and exit codes in one place:
``SyndicatorGroup.invoke``.
"""

from __future__ import annotations

import importlib
import sys
from typing import Any

import click

from ..errors import SyndicatorError, one_line

__all__ = ["cli", "error_line", "main"]

#: command name -> (module in this package, attribute). Order is the help's order.
COMMANDS: dict[str, tuple[str, str]] = {
    "preview": ("preview", "preview"),
    "post": ("post", "post"),
    "review": ("review", "review"),
    "history": ("history", "history"),
    "check": ("check", "check"),
    "state": ("state", "state"),
    "init": ("init", "init"),
}


def error_line(problem: object) -> str:
    """Return a problem as the one line users see: secrets masked, controls escaped, cut.

    Every ``Error:`` line of every command goes through here.
    """
    from ..characters import printable
    from ..redact import redact

    return one_line(printable(redact(str(problem))).replace("\n", " "))


class ReportedError(click.ClickException):
    """A SyndicatorError shown as ``Error: message`` with its exit code."""

    def __init__(self, error: SyndicatorError) -> None:
        super().__init__(error_line(error))
        self.exit_code = error.exit_code  # type: ignore[misc]


class SyndicatorGroup(click.Group):
    """A group that imports commands lazily and turns our errors into exit codes."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return [name for name in COMMANDS if self._load(name) is not None]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        return self._load(cmd_name)

    def _load(self, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[name]
        full = f"{__name__}.{module_name}"
        try:
            module = importlib.import_module(full)
        except ModuleNotFoundError as exc:
            if exc.name == full:
                return None
            raise
        command: click.Command = getattr(module, attribute)
        return command

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except SyndicatorError as exc:
            if ctx.meta.get("syndicator.debug"):
                raise
            raise ReportedError(exc) from exc


@click.group(cls=SyndicatorGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="syndicator")
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.pass_context
def cli(ctx: click.Context, debug: bool) -> None:
    """Syndicate published articles to X, Mastodon and Bluesky.

    \b
    Preview what would be posted (no credentials needed):
        syndicator preview examples/threads-musk-meta.md
    Post what is new in a feed, exactly once:
        syndicator post https://example.org/feed.xml
    """
    import logging

    from ..redact import RedactingFilter

    ctx.meta["syndicator.debug"] = debug
    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        handlers=[handler],
        force=True,
    )


def main() -> None:
    """Run the command line (the ``syndicator`` console script)."""
    cli(prog_name="syndicator")
