"""Move a state between stores: SQLite to PostgreSQL and back, as often as needed.

Every row of the source is written to the destination unless the destination's
row for that (article, network) changed later: copying twice changes nothing, and a
row a runner has moved on since is kept. Keys, attempts and statuses travel as they
are, so a ``pending`` row stays in doubt and is resolved by ``find()`` before any
re-send, whichever store the next run uses. Leases do not travel.
"""

from __future__ import annotations

from dataclasses import dataclass

from ...state_target import StateTarget, shown
from .store import open_for_run, open_store

__all__ = ["Copied", "copy_state"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Copied:
    """What a copy did: rows read from the source, rows written to the destination."""

    source: str
    destination: str
    read: int
    written: int


def copy_state(source: StateTarget, destination: StateTarget, *, lock_timeout: float) -> Copied:
    """Copy every row and known network of ``source`` into ``destination``."""
    with open_store(source, read_only=True) as origin:
        rows = origin.rows()
        networks = origin.known_networks()
    with open_for_run(destination, lock_timeout=lock_timeout) as target:
        written = target.put(rows, networks=networks)
    return Copied(
        source=shown(source), destination=shown(destination), read=len(rows), written=written
    )
