"""Output written as it is produced: JSON laid out piece by piece, writes in batches.

Kept apart from ``render`` (which knows posts and networks) so that ``history`` writes
its rows without importing the network registry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from typing import Any

import click

__all__ = ["echo_batched", "json_items", "json_line", "json_text"]

# json.dumps escapes C0 controls but not C1 ones nor lone surrogates. Text, compiled by
# ``re`` on first use: ``history`` imports this module to print text.
_C1 = r"[\x7f-\x9f\ud800-\udfff]"


def json_text(document: Mapping[str, Any]) -> str:
    """Return ``document`` as indented JSON a terminal shows safely (C1 controls escaped)."""
    import json  # here, not at import: ``history`` prints text without it

    return _escape_c1(json.dumps(document, ensure_ascii=False, indent=2))


def _escape_c1(text: str) -> str:
    return re.sub(_C1, lambda match: f"\\u{ord(match.group()):04x}", text)


def json_line(document: Mapping[str, Any]) -> str:
    """Return ``document`` as one line of JSON Lines (C1 controls escaped), newline included."""
    import json

    return _escape_c1(json.dumps(document, ensure_ascii=False)) + "\n"


def json_items(values: Iterable[Mapping[str, Any]], *, depth: int) -> Iterator[str]:
    """Yield the items of a JSON list one by one, as ``json_text`` lays them out at ``depth``.

    Written in turn between ``[`` and ``]``, they make the text ``json_text`` would
    make of the whole list, without holding it.
    """
    import json

    pad = "\n" + "  " * (depth + 1)
    for index, value in enumerate(values):
        text = json.dumps(value, ensure_ascii=False, indent=2).replace("\n", pad)
        yield ("," if index else "") + pad + _escape_c1(text)


def echo_batched(pieces: Iterable[str], *, size: int = 200) -> int:
    """Echo ``pieces`` as they come, one write per ``size`` of them; return how many.

    ``click.echo`` flushes every call: a long stream written piece by piece spends
    more time flushing than composing.
    """
    count = 0
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        count += 1
        if len(batch) == size:
            click.echo("".join(batch), nl=False)
            batch.clear()
    if batch:
        click.echo("".join(batch), nl=False)
    return count
