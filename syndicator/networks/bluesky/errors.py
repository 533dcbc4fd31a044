"""Translate the atproto SDK's exceptions into syndicator's, at the adapter's boundary.

The SDK raises ``UnauthorizedError`` (401/403), ``BadRequestError`` (400),
``RateLimitExceededError`` (429, with the ``RateLimit-*`` headers), ``NetworkError``
(transport failures, 409, 413, 502), ``InvokeTimeoutError`` and ``RequestException``
(any other status); a few httpx transport errors pass through it untouched. Messages
keep what the PDS said, say what to do, and never hold a secret (``redact``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from ...errors import (
    AuthError,
    NetworkError,
    PostingQuota,
    RateLimited,
    Rejected,
    Unavailable,
)
from ...redact import redact
from ..ratelimit import reset_at

__all__ = ["Boundary", "describe", "xrpc_error"]

_NAME = "bluesky"
# XRPC errors that mean the session (not the post) is at fault.
_SESSION_ERRORS = frozenset({"ExpiredToken", "InvalidToken", "AuthenticationRequired"})


@dataclass(frozen=True, slots=True)
class Boundary:
    """Where SDK calls go, to name the server and account in messages."""

    service: str
    handle: str
    timeout: float

    @contextmanager
    def calling(self, doing: str, *, login: bool = False) -> Iterator[None]:
        """Raise ours, ``from`` the original, for whatever the SDK raises while ``doing``."""
        import httpx
        from atproto import exceptions

        try:
            yield
        except exceptions.AtProtocolError as exc:
            raise self.translate(exc, doing, login=login) from exc
        except httpx.HTTPError as exc:  # transport errors the SDK lets through
            raise Unavailable(
                _NAME, f"cannot {doing}: {self.service} failed ({describe(exc)}); try again later"
            ) from exc

    def translate(self, exc: Exception, doing: str, *, login: bool = False) -> NetworkError:
        """Return our error for an SDK exception raised while ``doing``."""
        from atproto import exceptions

        response = getattr(exc, "response", None)
        status = getattr(response, "status_code", None)
        detail = redact(_detail(exc))
        if isinstance(exc, exceptions.RateLimitExceededError):
            # RateLimit-Reset, epoch seconds (docs/platforms.md §3.4), else Retry-After; read
            # raw: the SDK's ``reset_at`` raises on a reset that overflows a datetime.
            headers = getattr(response, "headers", None) or {}
            retry_at = reset_at(
                headers.get("ratelimit-reset") or headers.get("RateLimit-Reset"),
                delay=exc.retry_after,
            )
            hint = (
                "logins are limited to 30 per 5 minutes and 300 a day per account, so the "
                "session is kept for later runs"
                if login
                else "wait until the limit resets"
            )
            window = _window(headers.get("ratelimit-policy") or headers.get("RateLimit-Policy"))
            if not login and window >= 3600:
                # The write points per hour or per day (docs/platforms.md §7.1).
                return PostingQuota(
                    _NAME,
                    f"the account's write quota is used up ({detail}; policy "
                    f"{headers.get('ratelimit-policy') or headers.get('RateLimit-Policy')}); "
                    "the post waits for a later run",
                    retry_at,
                )
            return RateLimited(
                _NAME, f"rate limited when trying to {doing} ({detail}); {hint}", retry_at
            )
        refused = isinstance(exc, exceptions.UnauthorizedError | exceptions.LoginRequiredError)
        if refused or (login and status == 400) or xrpc_error(exc) in _SESSION_ERRORS:
            return AuthError(
                _NAME,
                f"{self.service} refused the credentials of {self.handle} ({detail}); check "
                "BLUESKY_HANDLE and BLUESKY_APP_PASSWORD (an app password from Settings > "
                "Privacy and security > App passwords)",
            )
        if status == 413:
            return Rejected(
                _NAME,
                f"{detail}: the upload is too large for {self.service}; lower max_image_bytes",
            )
        if isinstance(exc, exceptions.InvokeTimeoutError):
            return Unavailable(
                _NAME,
                f"no answer from {self.service} within {self.timeout:g} s when trying to "
                f"{doing}; try again later",
            )
        if isinstance(exc, exceptions.NetworkError) or (status is not None and status >= 500):
            return Unavailable(
                _NAME, f"cannot {doing}: {self.service} failed ({detail}); try again later"
            )
        # 400 and other refusals of the record, and records the SDK's models refuse.
        return Rejected(_NAME, detail)


def xrpc_error(exc: BaseException) -> str | None:
    """Return the XRPC error name of an SDK exception ("RecordNotFound", ...)."""
    content = getattr(getattr(exc, "response", None), "content", None)
    error = getattr(content, "error", None)
    return error if isinstance(error, str) else None


def _detail(exc: Exception) -> str:
    """Return what the server said (error name: message), else what failed."""
    response = getattr(exc, "response", None)
    if response is None:
        cause = exc.__cause__
        return describe(cause) if cause is not None else describe(exc)
    content = response.content
    said = [getattr(content, "error", None), getattr(content, "message", None)]
    text = ": ".join(str(part) for part in said if part)
    return text or f"HTTP {response.status_code}"


def describe(exc: BaseException) -> str:
    """Return an exception as "Type: message"."""
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _window(policy: object) -> int:
    """Return the window of a ``RateLimit-Policy`` ("5000;w=3600") in seconds, 0 if unknown."""
    for piece in str(policy or "").split(";")[1:]:
        key, _, value = piece.strip().partition("=")
        if key == "w" and value.isdigit():
            return int(value)
    return 0
