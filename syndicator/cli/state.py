"""``syndicator state``: look after the state itself (``copy`` between stores)."""

from __future__ import annotations

import click

from ..posting.state import StateTarget, state_target

__all__ = ["state"]


def _target(ctx: click.Context, param: click.Parameter, value: str) -> StateTarget:
    return state_target(value)


@click.group()
def state() -> None:
    """Look after the state: what went where.

    \b
    Example:
        syndicator state copy .syndicator/state.db "$SYNDICATOR_STATE"
    """


@state.command()
@click.argument("source", callback=_target, metavar="SOURCE")
@click.argument("destination", callback=_target, metavar="DESTINATION")
@click.option(
    "--lock-timeout",
    type=click.FloatRange(min=0, max=86_400),
    default=300.0,
    show_default=True,
    metavar="SECONDS",
    help="How long to wait for a run posting from a destination file to finish.",
)
def copy(source: StateTarget, destination: StateTarget, lock_timeout: float) -> None:
    """Copy a state into another: a SQLite file or a postgresql:// URL, either way.

    Rows the destination changed later are kept; copying again changes nothing.
    Pending rows stay in doubt: the next run looks for them before sending again.

    \b
    Example:
        syndicator state copy .syndicator/state.db postgresql://bot@db.example.org/syndicator
        syndicator state copy "$SYNDICATOR_STATE" backup.db
    """
    from ..posting.state.copy import copy_state

    copied = copy_state(source, destination, lock_timeout=lock_timeout)
    click.echo(
        f"Copied {copied.source} to {copied.destination}: {copied.read} rows read, "
        f"{copied.written} written ({copied.read - copied.written} already there)."
    )
