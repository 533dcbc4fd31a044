"""``syndicator history``: what went where, with links and errors, from the state."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import click

from ..posting.state import STATUSES, Row, State
from ..redact import redact
from .options import config_option, format_option, network_option, resolve_config, state_option

__all__ = ["history", "row_json"]


@click.command()
@network_option
@config_option
@state_option
@format_option
@click.option(
    "--status",
    "statuses",
    multiple=True,
    type=click.Choice(STATUSES),
    help="Only rows with this status; repeat for several.",
)
def history(
    *,
    networks: tuple[str, ...],
    config_path: Path | None,
    state_path: Path | None,
    output_format: str,
    statuses: tuple[str, ...],
) -> None:
    """Show what was posted where, with links, and what failed and why.

    Most recent first. Rows that failed are retried by the next `syndicator post`;
    rows that are unknown need a look on the network, then `post --force`.

    \b
    Example:
        syndicator history --status failed --status unknown
    """
    path = state_path or resolve_config(config_path).state
    rows: list[Row] = []
    if path.exists():
        with State.open(path, read_only=True) as state:
            rows = [r for r in state.history(networks) if not statuses or r.status in statuses]
    if output_format == "json":
        document = {"state": str(path), "rows": [row_json(row) for row in rows]}
        click.echo(json.dumps(document, ensure_ascii=False, indent=2))
        return
    if not rows:
        click.echo(f"Nothing recorded yet in {path}." if not path.exists() else "No rows.")
        return
    for row in rows:
        when = row.updated_at.strftime("%Y-%m-%d %H:%M")
        target = row.url or row.article_url or ""
        line = f"{when}  {row.network:<9} {row.status:<9} {row.article_id}"
        if target and target != row.article_id:
            line += f"  {target}"
        click.echo(line)
        if row.last_error:
            click.echo(f"{'':17}  {redact(row.last_error)}")


def row_json(row: Row) -> dict[str, Any]:
    """Return the stable JSON form of a state row."""
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
