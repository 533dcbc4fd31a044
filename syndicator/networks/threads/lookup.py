"""Find an earlier attempt among the account's recent threads, by link and text.

Threads has no idempotency key. The first part is looked for in GET
/{user-id}/threads since the attempt (its link attachment, a link in its text, or its
very text); the replies in GET /{media-id}/conversation, each the account's own reply
to the part before with that part's text (docs/platforms.md §8.4).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

from ...errors import AuthError, CannotTell, NetworkError, Unavailable
from ...models import Post
from .client import Graph
from .errors import NAME, GraphError, translate

__all__ = ["find"]

# Posts a page holds at most (the reference's ``limit``), and pages read: a burst of
# posts since a pending attempt fits in a few pages.
_PAGE_SIZE = 100
_PAGES = 3
# Allowance for clock skew between this machine and Meta when reading back from a time.
_SKEW = timedelta(minutes=5)
# ``since`` must be at least this Unix time (the reference of GET /{user-id}/threads).
_EARLIEST = 1688540400
_THREAD_FIELDS = "id,text,timestamp,permalink,link_attachment_url,username"
_REPLY_FIELDS = "id,text,timestamp,username,replied_to,is_reply_owned_by_me"

Found = tuple[Mapping[str, Any], tuple[str, ...], str | None]


def find(graph: Graph, user_id: str, post: Post, *, since: datetime, now: datetime) -> Found | None:
    """Return (first part, every part's id, what is missing) or None when nothing landed."""
    import httpx

    start = min(since if since.tzinfo else since.replace(tzinfo=UTC), now) - _SKEW
    threads: list[Mapping[str, Any]] = []
    try:
        params: dict[str, Any] = {
            "fields": _THREAD_FIELDS,
            "since": max(int(start.timestamp()), _EARLIEST),
            "limit": _PAGE_SIZE,
        }
        for _ in range(_PAGES):
            page = graph.get(f"{user_id}/threads", **params)
            threads.extend(t for t in page.get("data") or () if isinstance(t, dict))
            after = ((page.get("paging") or {}).get("cursors") or {}).get("after")
            if not after or not (page.get("paging") or {}).get("next"):
                break
            params["after"] = after
    except (GraphError, httpx.HTTPError, TimeoutError) as exc:
        error = translate(exc, "read the account's recent threads")
        if isinstance(error, AuthError | Unavailable):
            raise error from exc
        raise CannotTell(
            NAME,
            f"cannot read the account's recent threads to see whether an earlier attempt "
            f"landed ({_reason(error)}); check the Threads profile by hand and rerun with "
            "--force if nothing was posted",
        ) from exc
    head = _head(post, threads)
    if head is None:
        if not post.url:
            raise CannotTell(
                NAME,
                "the post has no link to look for and no recent thread has its text; if "
                "the article was edited since, an earlier version may be on the Threads "
                "profile: check by hand and rerun with --force if not",
            )
        return None
    ids = [str(head["id"])]
    incomplete = None
    if len(post.parts) > 1:
        try:
            ids = _replies(graph, post, ids[0])
        except (GraphError, httpx.HTTPError, TimeoutError) as exc:
            incomplete = (
                f"found the first part, but its replies cannot be read "
                f"({_reason(translate(exc, 'read the replies'))}); the rest will not be sent"
            )
    if incomplete is None and len(ids) < len(post.parts):
        incomplete = (
            f"found {len(ids)} of {len(post.parts)} parts on Threads; the rest were not posted"
        )
    return head, tuple(ids), incomplete


def _head(post: Post, threads: list[Mapping[str, Any]]) -> Mapping[str, Any] | None:
    """Return the oldest recent thread for ``post``: its link or its first part's text."""
    wanted_url = _norm_url(post.url) if post.url else None
    wanted_text = _norm_text(post.parts[0].text) if post.parts else None
    for thread in threads[::-1]:  # the API lists newest first
        text = str(thread.get("text") or "")
        links = {_norm_url(str(thread.get("link_attachment_url") or ""))}
        if wanted_url and (wanted_url in links or wanted_url in _norm_url_text(text)):
            return thread
        if _norm_text(text) == wanted_text:
            return thread
    return None


def _replies(graph: Graph, post: Post, head: str) -> list[str]:
    """Return the ids of the parts found: the head, then each own reply to the one before."""
    page = graph.get(f"{head}/conversation", fields=_REPLY_FIELDS, reverse="false")
    replies = [r for r in page.get("data") or () if isinstance(r, dict)]
    ids = [head]
    for part in post.parts[1:]:
        wanted = _norm_text(part.text)
        match = next(
            (
                r
                for r in replies
                if r.get("is_reply_owned_by_me") is not False
                and str((r.get("replied_to") or {}).get("id")) == ids[-1]
                and _norm_text(str(r.get("text") or "")) == wanted
            ),
            None,
        )
        if match is None:
            break
        ids.append(str(match["id"]))
    return ids


def _reason(error: NetworkError) -> str:
    return str(error).removeprefix(f"{NAME}: ")


def _norm_text(text: str) -> str:
    """Return ``text`` as Threads stores it, for comparison (NFC, LF line ends, stripped)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def _norm_url(url: str) -> str:
    """Return ``url`` with a lower-case scheme and host and no trailing slash."""
    scheme, sep, rest = url.strip().partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")


def _norm_url_text(text: str) -> str:
    """Return ``text`` with its URLs normalised as ``_norm_url`` does, for a search."""
    return " ".join(_norm_url(word) for word in text.split())
