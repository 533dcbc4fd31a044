"""The ``syndicator`` command line: a click group whose commands load on demand.

Each command lives in its own module of this package and is imported only when it
is run, so ``syndicator preview`` imports no network SDK and starts fast; ``--help``
lists the commands from ``SUMMARIES`` and imports none of them. Our errors become
messages and exit codes in one place: ``SyndicatorGroup.invoke``.
"""

from __future__ import annotations

import gc
import importlib
from gettext import gettext
from typing import TYPE_CHECKING, Any

import click

from .logs import log_to_stderr

if TYPE_CHECKING:
    from ..errors import SyndicatorError

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

#: command name -> the first sentence of its help, which ``syndicator --help`` lists
#: without importing the command (tests/test_package.py keeps each one true).
SUMMARIES: dict[str, str] = {
    "preview": "Show every post as it would be published, with its length against the limit.",
    "post": "Publish every article not yet published, once per network.",
    "review": "Comment on a pull request what the articles it adds or changes would post.",
    "history": "Show what was posted where, with links, and what failed and why.",
    "check": "Check the config, the state, each network's credentials (one cheap call) and limits.",
    "state": "Look after the state: what went where.",
    "init": "Write a commented syndicator.yaml and copy the default templates to edit.",
}


def error_line(problem: object) -> str:
    """Return a problem as the one line users see: secrets masked, controls escaped, cut.

    Every ``Error:`` line of every command goes through here.
    """
    from ..characters import printable
    from ..errors import one_line
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
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module_name, attribute = COMMANDS[cmd_name]
        module = importlib.import_module(f"{__name__}.{module_name}")
        command: click.Command = getattr(module, attribute)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """List the commands as click does, from ``SUMMARIES``: no command is imported."""
        names = self.list_commands(ctx)
        limit = formatter.width - 6 - max(len(name) for name in names)
        # click shortens each summary to the terminal's width as it does a command's help.
        rows = [
            (name, click.Command(name, help=SUMMARIES[name]).get_short_help_str(limit))
            for name in names
        ]
        with formatter.section(gettext("Commands")):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:
            # Imported here, not for --help: a command raising one of ours has loaded it.
            from ..errors import SyndicatorError

            if not isinstance(exc, SyndicatorError) or ctx.meta.get("syndicator.debug"):
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
    ctx.meta["syndicator.debug"] = debug
    log_to_stderr(debug=debug)


def main() -> None:
    """Run the command line (the ``syndicator`` console script)."""
    try:
        cli(prog_name="syndicator")
    finally:
        # The process ends here (click exits): the cycle collection at exit need not walk
        # every module and what they hold to free memory the OS takes back anyway (~15 ms
        # of a cold preview). gc.freeze is documented "to speed up collection".
        gc.freeze()
