"""tweepy's and requests' exceptions, translated into ours at the adapter's boundary."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from ...errors import (
    AuthError,
    DailyCap,
    Duplicate,
    NetworkError,
    OutOfCredits,
    RateLimited,
    Rejected,
    ReplyRefused,
    SpendingCap,
    Unavailable,
)
from ...redact import redact
from ..ratelimit import reset_at

__all__ = ["NAME", "drop_bad_reset", "translate"]

NAME = "x"
# v2 problem types (docs/platforms.md §1.5, §5 pitfall 4; xdevplatform/xdk#25).
_READ_ONLY = "oauth1-permissions"
_USAGE_CAPPED = "usage-capped"
_NOT_ENROLLED = "client-not-enrolled"  # app outside a project, or a tier without access
_CLIENT_FORBIDDEN = "client-forbidden"
_CONSOLE = "https://console.x.com"
# 403 detail of a reply X's 2026 reply rules refuse (quoted in gptme/gptme-contrib#811).
_REPLY_RULE = "reply to this conversation is not allowed"


def translate(
    exc: Exception, *, posting: bool = False, profile_url: Callable[[], str]
) -> NetworkError:
    """Return our error for a tweepy or requests exception.

    ``posting``: the request created a post, so a lost answer leaves it in doubt.
    ``profile_url`` names where to check by hand (read only when needed).
    """
    import tweepy

    # A lost answer to POST /2/tweets does not mean the post did not land.
    maybe = "; the post may have gone through: the next run checks first" if posting else ""
    if not isinstance(exc, tweepy.HTTPException):
        name = exc.__class__.__name__
        return Unavailable(NAME, f"X could not be reached ({name}); retry later{maybe}")
    response = exc.response
    status = response.status_code
    problem = _problem(response)
    kind = str(problem.get("type", ""))
    # tweepy's api_messages: each errors[].message, else the problem's detail.
    messages = "; ".join(map(str, exc.api_messages))
    detail = redact(messages or str(problem.get("detail") or exc)).strip()
    if status == 401:
        return AuthError(
            NAME,
            f"X refused the credentials ({detail}); check X_API_KEY, X_API_SECRET, "
            f"X_ACCESS_TOKEN and X_ACCESS_TOKEN_SECRET and that the token was not revoked",
        )
    if status == 402:
        # HTTP 402 when the prepaid credits are spent (docs.x.com pricing; the body, a
        # "CreditsDepleted" problem, is not documented: docs/platforms.md §7.1).
        return OutOfCredits(
            NAME,
            f"out of X credits ({detail}); buy credits or turn on auto-recharge at "
            f"{_CONSOLE}; the post waits for a later run",
        )
    if kind.endswith(_USAGE_CAPPED):
        period = str(problem.get("period") or "").lower()
        return SpendingCap(
            NAME,
            f"X spending cap reached{f' for the {period} period' if period else ''} "
            f"({detail}); raise the cap at {_CONSOLE} or wait for the next period; "
            f"the post waits for a later run",
        )
    if status == 429 and _daily_bucket_spent(response.headers):
        return DailyCap(
            NAME,
            f"X daily posting cap reached ({_buckets(response.headers)}); "
            f"the post waits for a later run",
            _retry_at(response.headers, getattr(exc, "reset_time", None)),
        )
    if status == 429:
        return RateLimited(
            NAME,
            f"X rate limit reached ({_buckets(response.headers)})",
            _retry_at(response.headers, getattr(exc, "reset_time", None)),
        )
    if status == 403:
        if kind.endswith(_READ_ONLY) or "oauth1 app permissions" in detail.lower():
            return AuthError(
                NAME,
                f"X says the access token cannot post ({detail}); set the app's "
                f"permissions to 'Read and write' at {_CONSOLE}, then regenerate the "
                f"access token and secret: a token made before the change stays read-only",
            )
        if kind.endswith(_CLIENT_FORBIDDEN) or problem.get("reason") == _NOT_ENROLLED:
            return AuthError(
                NAME,
                f"X refused this app access to the endpoint ({detail}); use keys from an "
                f"app attached to a project whose access level includes it, at {_CONSOLE}",
            )
        if _REPLY_RULE in detail.lower():
            return ReplyRefused(
                NAME,
                f"X refused the reply: since 2026-02 an app on a self-serve plan may reply "
                f"only where the author mentioned or quoted the account ({detail})",
            )
        if posting and "duplicate content" in detail.lower():
            return Duplicate(
                NAME,
                f"X refused this as duplicate content: it was probably posted already; "
                f"check {profile_url()} and rerun with --force if not",
            )
        return Rejected(NAME, f"X refused it: {detail}")
    if status >= 500:
        return Unavailable(NAME, f"X failed on its side ({detail}); retry later{maybe}")
    return Rejected(NAME, f"X refused it: {detail}")


def _problem(response: Any) -> Mapping[str, Any]:
    """Return the v2 problem body of an error response (empty when not JSON)."""
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _retry_at(headers: Mapping[str, str], reset_time: int | None) -> datetime | None:
    """Return when to retry: the latest reset among the exhausted buckets (None: unknown)."""
    values: list[object] = [reset_time or headers.get("x-rate-limit-reset")]
    for bucket in ("user", "app"):
        prefix = f"x-{bucket}-limit-24hour"
        if headers.get(f"{prefix}-remaining") == "0":
            values.append(headers.get(f"{prefix}-reset"))
    if any(value not in (None, "") and reset_at(value) is None for value in values):
        return None  # one exhausted bucket's reset is unusable: the wait is unknown
    resets = [r for r in (reset_at(value) for value in values) if r is not None]
    return max(resets) if resets else None


def _daily_bucket_spent(headers: Mapping[str, str]) -> bool:
    """Tell whether a 24-hour bucket (per user or per app) is what ran out (§1.5)."""
    return any(headers.get(f"x-{b}-limit-24hour-remaining") == "0" for b in ("user", "app"))


def drop_bad_reset(response: Any, *args: Any, **kwargs: Any) -> None:
    """Remove an unparsable ``x-rate-limit-reset``: tweepy's ``int()`` of it would crash."""
    value = response.headers.get("x-rate-limit-reset")
    if value is not None and not value.strip().isdigit():
        del response.headers["x-rate-limit-reset"]


def _buckets(headers: Mapping[str, str]) -> str:
    """Describe which limits are used up, from X's rate-limit headers."""
    used = [
        f"{label} of {headers.get(f'{prefix}-limit', '?')} requests"
        for prefix, label in (
            ("x-user-limit-24hour", "24-hour per-user limit"),
            ("x-app-limit-24hour", "24-hour per-app limit"),
            ("x-rate-limit", "15-minute limit"),
        )
        if headers.get(f"{prefix}-remaining") == "0"
    ]
    return "; ".join(used) if used else "429 Too Many Requests"
