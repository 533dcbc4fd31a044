"""Graph API and httpx failures, translated into syndicator's errors at the boundary.

Every error the Threads Graph API returns has the Graph shape (docs/platforms.md
§8.5, from Meta's *Handling Errors*)::

    {"error": {"message": ..., "type": "OAuthException", "code": 190,
               "error_subcode": 463, "error_user_msg": ..., "fbtrace_id": ...}}

Code 190 is an access token that expired, was revoked or is invalid (subcode 463:
expired; 460: the password changed; 458/467: the app was removed or the session is
invalid); 10 and 200-299 a permission not granted; 4, 17, 32 and 613 too many calls;
1 and 2 a temporary problem; 100 an invalid parameter (such as more than 5 links).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...errors import AuthError, NetworkError, RateLimited, Rejected, Unavailable
from ...redact import redact

__all__ = ["NAME", "GraphError", "describe", "translate"]

NAME = "threads"
_TOKEN = 190
_PERMISSION = frozenset({10, *range(200, 300)})
_TOO_MANY = frozenset({4, 17, 32, 613})
_TRANSIENT = frozenset({1, 2})
_EXPIRED = 463
_PASSWORD = 460
_TOKENS_DOC = "https://developers.facebook.com/docs/threads/get-started/long-lived-tokens"


class GraphError(Exception):
    """A Graph API answer that is not a success: its HTTP status and ``error`` object."""

    def __init__(self, status: int, error: Mapping[str, Any]) -> None:
        self.status = status
        self.error = error
        super().__init__(f"HTTP {status}: {describe(error)}")

    @property
    def code(self) -> int | None:
        value = self.error.get("code")
        return value if isinstance(value, int) else None

    @property
    def subcode(self) -> int | None:
        value = self.error.get("error_subcode")
        return value if isinstance(value, int) else None


def describe(error: Mapping[str, Any]) -> str:
    """Return what the Graph API said: its message, code and subcode, redacted."""
    said = str(error.get("error_user_msg") or error.get("message") or "no message")
    codes = [f"code {error['code']}"] if error.get("code") is not None else []
    if error.get("error_subcode") is not None:
        codes.append(f"subcode {error['error_subcode']}")
    return redact(f"{said} ({', '.join(codes)})" if codes else said)


def translate(exc: Exception, doing: str, *, posting: bool = False) -> NetworkError:
    """Return our error for a ``GraphError`` or an httpx error raised while ``doing``.

    ``posting``: the request published something, so a lost answer leaves it in doubt.
    """
    maybe = "; it may have been posted: the next run looks for it first" if posting else ""
    if not isinstance(exc, GraphError):
        kind = type(exc).__name__
        return Unavailable(NAME, f"cannot {doing}: Threads could not be reached ({kind}){maybe}")
    code = exc.code
    detail = describe(exc.error)
    if code == _TOKEN or exc.status == 401:
        return AuthError(NAME, _token_message(exc.subcode, detail))
    if code in _PERMISSION or exc.status == 403:
        return AuthError(
            NAME,
            f"Threads refused to {doing} ({detail}): the access token lacks a permission; "
            "grant threads_basic, threads_content_publish, threads_manage_replies and "
            "threads_read_replies, then make a new THREADS_ACCESS_TOKEN",
        )
    if code in _TOO_MANY or exc.status == 429:
        return RateLimited(NAME, f"Threads says too many calls when trying to {doing} ({detail})")
    if code in _TRANSIENT or exc.status >= 500 or exc.error.get("is_transient") is True:
        return Unavailable(NAME, f"cannot {doing}: Threads failed ({detail}); retry later{maybe}")
    return Rejected(NAME, f"Threads refused to {doing}: {detail}")


def _token_message(subcode: int | None, detail: str) -> str:
    """Say why the token is refused and how to get a working one."""
    if subcode == _EXPIRED:
        why = "the access token has expired (long-lived tokens last 60 days)"
    elif subcode == _PASSWORD:
        why = "the access token was invalidated when the account's password changed"
    else:
        why = "the access token is invalid, expired or revoked"
    return (
        f"Threads refused THREADS_ACCESS_TOKEN: {why} ({detail}); make a new long-lived "
        f"token and refresh it before 60 days pass (GET /refresh_access_token with "
        f"grant_type=th_refresh_token, {_TOKENS_DOC})"
    )
