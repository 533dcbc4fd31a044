"""``syndicator history``: what went where, with links and errors, from the state."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from ..statuses import STATE_STATUSES
from .options import config_option, format_option, network_option, resolve_config, state_option

if TYPE_CHECKING:
    from ..config import Config
    from ..posting.state import Row
    from ..posting.state.spend import SpendTotal
    from ..state_target import StateTarget

__all__ = ["history", "row_json"]

#: Rows shown when neither --limit nor --all is given.
DEFAULT_LIMIT = 50


@click.command()
@network_option
@config_option
@state_option
@format_option
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATE_STATUSES),
    help="Only rows with this status; repeat for several.",
)
@click.option(
    "--limit",
    type=click.IntRange(min=1),
    default=DEFAULT_LIMIT,
    show_default=True,
    metavar="N",
    help="Show the newest N rows.",
)
@click.option("--all", "show_all", is_flag=True, help="Show every row (no --limit).")
@click.option(
    "--spend",
    is_flag=True,
    help="Show what each network spent (money, or posts where posting is free) per UTC "
    "day and month, instead of the posts.",
)
def history(
    *,
    networks: tuple[str, ...],
    config_path: Path | None,
    state_path: StateTarget | None,
    output_format: str,
    statuses: tuple[str, ...],
    limit: int,
    show_all: bool,
    spend: bool,
) -> None:
    """Show what was posted where, with links, and what failed and why.

    Most recent first, the newest 50 unless --limit or --all. Rows that failed are
    retried by the next `syndicator post`; rows that are unknown need a look on the
    network, then `post --force`.

    \b
    Examples:
        syndicator history --status failed --status unknown --all
        syndicator history --spend -n x
    """
    from ..state_target import shown

    if spend:  # the config gives each network's currency
        config = resolve_config(config_path)
        _spend(state_path or config.state, networks, config, output_format)
        return
    target = state_path or resolve_config(config_path).state
    where = shown(target)
    nothing: Iterator[Row] = iter(())
    # A file not there yet is an empty history; a database is asked (it may be down).
    if isinstance(target, Path) and not target.exists():
        _print(nothing, where=where, empty=True, output_format=output_format, limit=None)
        return
    from ..errors import NoState
    from ..posting.state.store import open_store  # the stores: only for a state to read

    # One row past the limit tells whether rows were left out.
    wanted = None if show_all else limit + 1
    try:
        store = open_store(target, read_only=True)
    except NoState:  # a database with no syndicator tables yet: nothing recorded either
        _print(nothing, where=where, empty=True, output_format=output_format, limit=None)
        return
    with store as state:
        rows = iter(state.history(networks, statuses=statuses, limit=wanted))
        _print(
            rows,
            where=where,
            empty=False,
            output_format=output_format,
            limit=None if show_all else limit,
        )


def _print(
    rows: Iterator[Row], *, where: str, empty: bool, output_format: str, limit: int | None
) -> None:
    """Write the rows as they are read, a batch at a time: text lines, or one JSON document.

    The JSON is what ``json.dumps(document, indent=2)`` writes, one row at a time.
    """
    from .stream import echo_batched, json_items

    shown = itertools.islice(rows, limit)
    if output_format == "json":
        import json

        state = json.dumps(where, ensure_ascii=False)
        click.echo(f'{{\n  "state": {state},\n  "rows": [', nl=False)
        count = echo_batched(json_items((row_json(row) for row in shown), depth=1))
        click.echo("\n  ]\n}" if count else "]\n}")
    else:
        count = echo_batched(_line(row) + "\n" for row in shown)
        if not count:
            click.echo(f"Nothing recorded yet in {where}." if empty else "No rows.")
    if count and next(rows, None) is not None:
        click.echo(f"(the newest {limit} rows; --limit N or --all for more)", err=True)


def _line(row: Row) -> str:
    """Return a row for people: when, where, what, its link, and its error below."""
    from ..redact import redact

    when = row.updated_at.strftime("%Y-%m-%d %H:%M")
    target = row.url or row.article_url or ""
    line = f"{when}  {row.network:<9} {row.status:<9} {row.article_id}"
    if target and target != row.article_id:
        line += f"  {target}"
    if row.last_error:
        line += f"\n{'':17}  {redact(row.last_error)}"
    return line


def row_json(row: Row) -> dict[str, Any]:
    """Return the stable JSON form of a state row."""
    from ..redact import redact

    return {
        "article_id": row.article_id,
        "article_url": row.article_url,
        "network": row.network,
        "status": row.status,
        "url": row.url,
        "remote_id": row.remote_id,
        "key": row.key,
        "attempts": row.attempts,
        "error": redact(row.last_error) if row.last_error else None,
        "error_kind": row.error_kind,
        "retry_at": row.retry_at.isoformat() if row.retry_at else None,
        "first_attempt_at": row.first_attempt_at.isoformat() if row.first_attempt_at else None,
        "updated_at": row.updated_at.isoformat(),
    }


def _spend(
    path: StateTarget, networks: tuple[str, ...], config: Config, output_format: str
) -> None:
    """Print what each network spent per UTC day and per month, newest first."""
    from ..posting.state.store import open_store
    from ..pricing import format_money
    from ..state_target import shown
    from .costs import money_json

    totals: dict[str, list[SpendTotal]] = {"days": [], "months": []}
    if not (isinstance(path, Path) and not path.exists()):
        with open_store(path, read_only=True) as state:
            totals["days"] = state.spend_totals(networks, by="day")
            totals["months"] = state.spend_totals(networks, by="month")

    def currency(network: str) -> str | None:
        known = config.networks.get(network)
        return known.rates.currency if known is not None else None

    if output_format == "json":
        import json

        document = {
            "state": shown(path),
            "spend": {
                period: [
                    {
                        "period": t.period,
                        "network": t.network,
                        **money_json(t.money, currency(t.network)),
                        "posts": t.posts,
                    }
                    for t in found
                ]
                for period, found in totals.items()
            },
        }
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if not totals["days"]:
        click.echo(f"Nothing spent yet in {shown(path)}.")
        return
    for title, period in (("Per day (UTC)", "days"), ("Per month (UTC)", "months")):
        click.echo(title)
        for t in totals[period]:
            money = format_money(t.money, currency(t.network)) if currency(t.network) else "free"
            posts = f"{t.posts} post{'s' if t.posts != 1 else ''}"
            click.echo(f"  {t.period:<10}  {t.network:<9} {money:>9}  {posts}")
