"""The contract every network adapter meets.

An adapter translates: it turns a finished ``Post`` into SDK calls and SDK errors into
``syndicator.errors`` types. It never imports ``compose`` and never lets an SDK type
out. Constructing one does no I/O; the SDK is imported inside its methods.

Exactly-once posting (DESIGN.md rule 5) rests on two members:

* ``new_key(article_id)`` returns the idempotency key the pipeline stores in the
  ``pending`` row *before* the first attempt; every retry reuses it.
* ``find(post, key=..., since=...)`` looks for an earlier attempt made with that key.
  It returns the ``Published`` when the earlier attempt landed, ``None`` when it
  certainly did not (so publishing again with the same key is safe), and raises
  ``CannotTell`` when the network offers no way to know.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Protocol, runtime_checkable

from ..models import Limits, Post, Published

__all__ = ["Network", "derive_key"]


@runtime_checkable
class Network(Protocol):
    """What the pipeline needs from a network adapter."""

    #: Registry name: its NetworkSpec's ``name`` (the entry point's name too).
    name: str

    def limits(self) -> Limits:
        """Return what the server accepts (may ask the server; cached per run)."""
        ...

    def new_key(self, article_id: str) -> str:
        """Return the idempotency key for a first attempt at posting this article."""
        ...

    def publish(self, post: Post, *, key: str) -> Published:
        """Publish every part of ``post``; safe to call again with the same key."""
        ...

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        """Return the earlier attempt made with ``key`` at ``since``, None if absent."""
        ...

    def check(self) -> Mapping[str, Any]:
        """Make one cheap authenticated call; return what to show (account, limits)."""
        ...


def derive_key(*parts: str) -> str:
    """Return a deterministic idempotency key from ``parts`` (hex SHA-256, 32 chars)."""
    digest = hashlib.sha256("\x1f".join(("syndicator", *parts)).encode("utf-8"))
    return digest.hexdigest()[:32]
