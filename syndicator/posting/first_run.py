"""What a first run over a feed or folder holds back: the articles already there."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date

from ..models import Article
from .state import Store

__all__ = ["first_run_skips"]


def first_run_skips(
    articles: Sequence[Article],
    networks: Sequence[str],
    state: Store,
    *,
    collection: bool,
    post_all: bool,
    since: date | None,
    complete: bool = True,
) -> list[tuple[Article, str]]:
    """Return the new (article, network) pairs not to post, and record them as skipped.

    Only feeds and folders (``collection``) hold articles back: on a network never run
    over one, everything already there is marked seen (a ``since`` date lets through
    what is dated on or after it); later, only articles dated before ``since`` are.
    ``post_all`` holds nothing back. Articles named one by one are always posted.
    A network stops being new only once a run read every source (``complete``): a feed
    that failed to load must not flood followers next time. A feed read without error
    counts even when it is empty (a new blog's first article must go out) or when some
    of its entries were unreadable (they are reported; the others are known).
    """
    if not collection:
        return []
    skips: list[tuple[Article, str]] = []
    seen = {} if post_all else state.get_many([a.id for a in articles], networks)
    for network in networks:
        first = not state.known(network)
        for article in articles:
            if post_all or (article.id, network) in seen:
                continue
            day = article.published.astimezone(UTC).date() if article.published else None
            hold = day < since if since is not None and day is not None else first
            if hold:
                skips.append((article, network))
    state.mark_skipped(
        ((article.id, network, article.url) for article, network in skips),
        networks=networks if complete else (),
    )
    return skips
