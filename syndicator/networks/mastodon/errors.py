"""Mastodon.py's exceptions, translated into ours at the adapter's boundary."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager, suppress
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from typing import Any

from ...errors import AuthError, PostingQuota, RateLimited, Rejected, Unavailable
from ...redact import redact
from ..ratelimit import reset_at

__all__ = ["NAME", "translating", "when"]

NAME = "mastodon"
_TOKEN_HELP = (
    "create a new access token (Preferences > Development) with the read:accounts, "
    "read:statuses, write:statuses and write:media scopes and export it as {env}"
)
# Every request throttle counts per 5 minutes (rack_attack.rb); a 429 whose reset is
# further away comes from a per-account quota: 300 statuses per 3 hours (RateLimiter
# family :statuses), 30 media uploads per 30 minutes (docs/platforms.md §2.3, §7.1).
_REQUEST_WINDOW = timedelta(minutes=5)


@contextmanager
def translating(
    doing: str, *, instance: str, token_env: str, headers: Callable[[], Mapping[str, str]]
) -> Iterator[None]:
    """Turn Mastodon.py's exceptions raised inside the block into ours.

    ``headers`` returns the last response's headers (read after the failure).
    """
    from mastodon import (
        MastodonAPIError,
        MastodonError,
        MastodonIllegalArgumentError,
        MastodonNetworkError,
        MastodonRatelimitError,
        MastodonServerError,
        MastodonUnauthorizedError,
    )

    where = instance
    try:
        yield
    except MastodonRatelimitError as exc:
        raise _rate_limited(where, doing, headers()) from exc
    except MastodonNetworkError as exc:
        raise Unavailable(
            NAME, f"{where} could not be reached while {doing} ({_text(exc)}); try later"
        ) from exc
    except MastodonIllegalArgumentError as exc:
        raise Rejected(NAME, f"{_text(exc)} (while {doing})") from exc
    except MastodonAPIError as exc:
        status, said = _status_and_message(exc)
        if isinstance(exc, MastodonUnauthorizedError) or status in (401, 403):
            raise AuthError(
                NAME,
                f"the token was refused by {where} while {doing} (HTTP {status}: {said}); "
                + _TOKEN_HELP.format(env=token_env),
            ) from exc
        if isinstance(exc, MastodonServerError) or status is None or status >= 500:
            raise Unavailable(
                NAME, f"{where} failed while {doing} (HTTP {status}: {said}); try later"
            ) from exc
        raise Rejected(NAME, f"{said} (HTTP {status}, while {doing})") from exc
    except MastodonError as exc:
        raise Unavailable(NAME, f"{where} failed while {doing}: {_text(exc)}") from exc


def _rate_limited(where: str, doing: str, headers: Mapping[str, str]) -> RateLimited:
    """Return a 429 as a used-up quota (the post waits) or as a request throttle.

    Both answer ``{"error": "Too many requests"}`` with ``X-RateLimit-*`` headers; only
    the reset tells them apart. It is read against the response's ``Date`` (the
    server's clock, as Mastodon.py does), else ours. A quota's 429 in the last five
    minutes of its window looks like a throttle: the run retries after it, as well.
    """
    retry_at = _retry_at(headers)
    if retry_at is not None and retry_at - _server_time(headers) > _REQUEST_WINDOW:
        limit = headers.get("X-RateLimit-Limit")
        allowance = f"{limit} per window, " if limit else ""
        return PostingQuota(
            NAME,
            f"{where}: this account's posting quota is used up ({allowance}while {doing}); "
            "the post waits for a later run",
            retry_at,
        )
    return RateLimited(NAME, f"{where} asked to slow down while {doing}", retry_at)


def _server_time(headers: Mapping[str, str]) -> datetime:
    """Return the time the response was sent, by its ``Date`` header, else now."""
    with suppress(TypeError, ValueError, IndexError):
        sent = parsedate_to_datetime(headers.get("Date") or "")
        return sent if sent.tzinfo else sent.replace(tzinfo=UTC)
    return datetime.now(UTC)


def _retry_at(headers: Mapping[str, str]) -> datetime | None:
    """Return when the rate limit resets, from the last X-RateLimit-Reset header."""
    # Mastodon: ISO-8601 with microseconds (docs/platforms.md §2.3); GoToSocial: epoch seconds.
    return reset_at(headers.get("X-RateLimit-Reset"))


def when(value: Any) -> datetime | None:
    """Return a timestamp (ISO-8601 string or datetime) as an aware datetime."""
    with suppress(ValueError):
        value = datetime.fromisoformat(value) if isinstance(value, str) else value
    if not isinstance(value, datetime):
        return None
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def _status_and_message(exc: Exception) -> tuple[int | None, str]:
    """Return the HTTP status and the server's error text from a MastodonAPIError."""
    # raised as MastodonAPIError("Mastodon API returned error", status, reason, error)
    args = exc.args
    if len(args) >= 4 and isinstance(args[1], int):
        said = args[3] or args[2] or "no error message"
        return args[1], redact(str(said))
    return None, _text(exc)


def _text(exc: Exception) -> str:
    """Return an exception's message with secrets masked."""
    return redact(" ".join(str(a) for a in exc.args) or type(exc).__name__)
