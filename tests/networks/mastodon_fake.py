"""An HTTP-level fake of the Mastodon API, for running Mastodon.py for real in tests.

It answers with the documented shapes (docs.joinmastodon.org entities Status,
MediaAttachment, Account, Instance v2, Error) and status codes, sends the rate-limit
headers (``X-RateLimit-Reset`` is ISO-8601 with microseconds), and behaves like the
server where it matters to us: it checks the bearer token, refuses over-long text with
the server's 422, refuses media that is still processing, implements
``Idempotency-Key`` (same key, same account: the original status, nothing created),
and counts statuses as Mastodon's ``RateLimiter`` does (300 per 3-hour window, windows
aligned on the epoch, read on ``now``): past the quota, a 429 with that family's headers.
Every answer carries a ``Date`` (from ``now``), as the nginx in front of an instance adds.
Everything it received is kept in ``received`` for tests to assert on.
"""

from __future__ import annotations

import html
import io
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.parser import BytesParser
from email.policy import HTTP
from email.utils import format_datetime
from typing import Any
from urllib.parse import parse_qs, urlsplit

import requests
import responses
from mastodon import Mastodon
from PIL import Image as PILImage

BASE = "https://social.example"
TOKEN = "fake-token-3Jd9kQ2vLx8pWz"
ACCOUNT_ID = "109384756102938475"
_URL = re.compile(r"https?://[^\s<>\"]+")
# app/lib/rate_limiter.rb, FAMILIES[:statuses] (docs/platforms.md §2.3)
STATUSES_PER_WINDOW = 300
STATUSES_WINDOW = timedelta(hours=3)

Reply = tuple[int, dict[str, str], Any]


@dataclass
class Received:
    """One request as the fake saw it."""

    method: str
    path: str
    query: dict[str, list[str]]
    headers: dict[str, str]
    form: dict[str, list[str]] = field(default_factory=dict)
    files: dict[str, tuple[str, str, bytes]] = field(default_factory=dict)

    def field(self, name: str) -> str | None:
        """Return the single value of form field ``name``, None when absent."""
        values = self.form.get(name)
        return values[0] if values else None


@dataclass
class _Failure:
    method: str
    path: str
    status: int = 0
    error: str | None = None
    headers: dict[str, str] = field(default_factory=dict)
    exception: Exception | None = None
    after_processing: bool = False
    after: int = 0


class FakeMastodon:
    """A Mastodon server in memory: one account, its statuses and media."""

    def __init__(
        self,
        *,
        base: str = BASE,
        token: str = TOKEN,
        max_characters: int = 500,
        description_limit: int = 1500,
        processing_polls: int = 0,
        statuses_per_window: int = STATUSES_PER_WINDOW,
    ) -> None:
        self.base = base
        self.token = token
        #: GET /api/v1/media/:id answers 206 this many times before the media is ready.
        self.processing_polls = processing_polls
        self.instance = _instance(base, max_characters, description_limit)
        self.received: list[Received] = []
        self.statuses: dict[str, dict[str, Any]] = {}
        self.media: dict[str, dict[str, Any]] = {}
        self.now: Callable[[], datetime] = lambda: datetime.now(UTC)
        self.rate_limit_reset = datetime.now(UTC).replace(microsecond=0) + timedelta(minutes=5)
        self._polls_left: dict[str, int] = {}
        self._keys: dict[tuple[str, str], str] = {}
        self._failures: list[_Failure] = []
        self._serial = 0
        self._remaining = 300
        #: Statuses the account may create per 3-hour window, and those created, by window.
        self.statuses_per_window = statuses_per_window
        self._created: dict[int, int] = {}

    # -- test controls ---------------------------------------------------------------

    def install(self, mock: responses.RequestsMock) -> None:
        """Answer every request to ``base`` through ``mock``."""
        pattern = re.compile(re.escape(self.base) + r"(/.*)?$")
        for method in ("GET", "POST", "PUT", "DELETE"):
            mock.add_callback(method, pattern, callback=self._handle)

    def fail_next(
        self,
        method: str,
        path: str,
        *,
        status: int = 0,
        error: str | None = None,
        headers: dict[str, str] | None = None,
        exception: Exception | None = None,
        after: int = 0,
    ) -> None:
        """Make the next ``method path`` (past ``after`` of them) fail with ``status``.

        With ``exception`` the request raises it instead, as a dropped connection does.
        """
        self._failures.append(
            _Failure(method, path, status, error, dict(headers or {}), exception, after=after)
        )

    def lose_next_response(self, method: str, path: str) -> None:
        """Process the next ``method path`` fully, then drop the connection."""
        self._failures.append(
            _Failure(
                method,
                path,
                exception=requests.ConnectionError(
                    "('Connection aborted.', RemoteDisconnected('Remote end closed "
                    "connection without response'))"
                ),
                after_processing=True,
            )
        )

    def add_status(
        self, text: str, *, created_at: datetime, in_reply_to_id: str | None = None
    ) -> dict[str, Any]:
        """Put a status on the account's timeline, as if posted at ``created_at``."""
        return self._create_status(
            {"status": [text], "in_reply_to_id": [in_reply_to_id] if in_reply_to_id else []},
            created_at=created_at,
        )

    def requests_to(self, method: str, path: str) -> list[Received]:
        """Return the received requests for ``method path``."""
        return [r for r in self.received if r.method == method and r.path == path]

    # -- dispatch --------------------------------------------------------------------

    def _handle(self, request: Any) -> Reply:
        url = urlsplit(request.url)
        path = url.path.rstrip("/") or "/"
        got = Received(
            method=request.method,
            path=path,
            query=parse_qs(url.query, keep_blank_values=True),
            headers=dict(request.headers),
        )
        _parse_body(request, got)
        self.received.append(got)
        failure = next(
            (f for f in self._failures if (f.method, f.path) == (got.method, path)), None
        )
        if failure is not None and failure.after > 0:
            failure.after -= 1
            failure = None
        if failure is not None:
            self._failures.remove(failure)
            if not failure.after_processing:
                if failure.exception is not None:
                    raise failure.exception
                return self._error(failure.status, failure.error or "", failure.headers)
        reply = self._route(got)
        if failure is not None and failure.exception is not None:
            raise failure.exception  # the server did the work; the answer is lost
        return reply

    def _route(self, got: Received) -> Reply:
        method, path = got.method, got.path
        if method == "GET" and path == "/api/v2/instance":
            return self._json(200, self.instance)
        if got.headers.get("Authorization") != f"Bearer {self.token}":
            return self._error(401, "The access token is invalid", {"WWW-Authenticate": "Bearer"})
        if method == "GET" and path == "/api/v1/accounts/verify_credentials":
            return self._json(200, {**self._account(), "source": {"privacy": "public"}})
        if method == "GET" and path == f"/api/v1/accounts/{ACCOUNT_ID}/statuses":
            limit = min(int(got.query.get("limit", ["20"])[0]), 40)  # the API's maximum
            newest = sorted(self.statuses.values(), key=lambda s: int(s["id"]), reverse=True)
            if "max_id" in got.query:  # statuses older than max_id, as the API pages back
                newest = [s for s in newest if int(s["id"]) < int(got.query["max_id"][0])]
            return self._json(200, newest[:limit])
        if method == "POST" and path == "/api/v2/media":
            return self._upload(got)
        if method == "GET" and path.startswith("/api/v1/media/"):
            return self._media_status(path.rsplit("/", 1)[1])
        if method == "POST" and path == "/api/v1/statuses":
            return self._post_status(got)
        return self._error(404, "Record not found")

    # -- endpoints -------------------------------------------------------------------

    def _upload(self, got: Received) -> Reply:
        if "file" not in got.files:
            return self._error(422, "Validation failed: File can't be blank")
        description = got.field("description")
        limit = self.instance["configuration"]["media_attachments"]["description_limit"]
        if description is not None and len(description) > limit:
            return self._error(
                422, f"Validation failed: Description is too long (maximum is {limit} characters)"
            )
        _, mime, data = got.files["file"]
        with PILImage.open(io.BytesIO(data)) as picture:
            width, height = picture.size
        media_id = self._next_id()
        self.media[media_id] = {
            "id": media_id,
            "type": "image",
            "url": None,
            "preview_url": f"{self.base}/system/media_attachments/files/{media_id}/small/x.jpeg",
            "remote_url": None,
            "preview_remote_url": None,
            "text_url": None,
            "meta": {
                "original": {
                    "width": width,
                    "height": height,
                    "size": f"{width}x{height}",
                    "aspect": width / height,
                }
            },
            "description": description,
            "blurhash": "UFBWY:8_0Jxv~qR*E2%MxuD%t7ofIUt7ofWB",
            "_mime": mime,
            "_bytes": len(data),
        }
        self._polls_left[media_id] = self.processing_polls
        if self.processing_polls:
            return self._json(202, self._public(self.media[media_id]))
        self._finish(media_id)
        return self._json(200, self._public(self.media[media_id]))

    def _media_status(self, media_id: str) -> Reply:
        if media_id not in self.media:
            return self._error(404, "Record not found")
        if self._polls_left[media_id] > 0:
            self._polls_left[media_id] -= 1
            return self._json(206, self._public(self.media[media_id]))
        self._finish(media_id)
        return self._json(200, self._public(self.media[media_id]))

    def _post_status(self, got: Received) -> Reply:
        key = got.headers.get("Idempotency-Key")
        if key and (ACCOUNT_ID, key) in self._keys:
            return self._json(200, self.statuses[self._keys[(ACCOUNT_ID, key)]])
        text = got.field("status") or ""
        spoiler = got.field("spoiler_text") or ""
        media_ids = got.form.get("media_ids[]", [])
        if not text and not media_ids:
            return self._error(422, "Validation failed: Text can't be blank")
        limit = self.instance["configuration"]["statuses"]["max_characters"]
        if Mastodon.get_status_length(text, spoiler) > limit:
            return self._error(422, f"Validation failed: Text character limit of {limit} exceeded")
        if len(media_ids) > self.instance["configuration"]["statuses"]["max_media_attachments"]:
            return self._error(422, "Validation failed: Media attachments too many")
        for media_id in media_ids:
            if media_id not in self.media:
                return self._error(404, "Record not found")
            if self.media[media_id]["url"] is None:
                return self._error(
                    422,
                    "Cannot attach files that have not finished processing. Try again in a moment!",
                )
        reply_to = got.field("in_reply_to_id")
        if reply_to and reply_to not in self.statuses:
            return self._error(404, "The post you are trying to reply to does not appear to exist.")
        window = self._window()
        if self._created.get(window, 0) >= self.statuses_per_window:
            # Status#rate_limit raises RateLimitExceededError: Api::BaseController's 429,
            # with the statuses family's headers (override_rate_limit_headers :create).
            return self._error(429, "Too many requests", self._family_headers(window))
        self._created[window] = self._created.get(window, 0) + 1
        status = self._create_status(got.form, created_at=self.now())
        if key:
            self._keys[(ACCOUNT_ID, key)] = status["id"]
        code, headers, body = self._json(200, status)
        family = self._family_headers(window)
        # The family's headers replace the request throttle's unless it has more left.
        if int(family["X-RateLimit-Remaining"]) <= int(headers["X-RateLimit-Remaining"]):
            headers.update(family)
        return code, headers, body

    def _window(self) -> int:
        """Return the number of the statuses window ``now`` falls in (RateLimiter#key)."""
        return int(self.now().timestamp() // STATUSES_WINDOW.total_seconds())

    def _family_headers(self, window: int) -> dict[str, str]:
        """Return the statuses family's headers (RateLimiter#to_headers) in ``window``."""
        seconds = STATUSES_WINDOW.total_seconds()
        reset = datetime.fromtimestamp((window + 1) * seconds, UTC)
        return {
            "X-RateLimit-Limit": str(self.statuses_per_window),
            "X-RateLimit-Remaining": str(
                max(self.statuses_per_window - self._created.get(window, 0), 0)
            ),
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        }

    # -- helpers ---------------------------------------------------------------------

    def _create_status(self, form: dict[str, list[str]], *, created_at: datetime) -> dict[str, Any]:
        def one(name: str) -> str | None:
            values = form.get(name)
            return values[0] if values else None

        status_id = self._next_id()
        reply_to = one("in_reply_to_id")
        status = {
            "id": status_id,
            "uri": f"{self.base}/users/syndicator/statuses/{status_id}",
            "url": f"{self.base}/@syndicator/{status_id}",
            "created_at": created_at.strftime("%Y-%m-%dT%H:%M:%S.%f")[:-3] + "Z",
            "account": self._account(),
            "content": _render(one("status") or ""),
            "text": None,
            "visibility": one("visibility") or "public",
            "sensitive": one("sensitive") == "1",
            "spoiler_text": one("spoiler_text") or "",
            "media_attachments": [self._public(self.media[m]) for m in form.get("media_ids[]", [])],
            "application": {"name": "syndicator", "website": None},
            "mentions": [],
            "tags": [],
            "emojis": [],
            "reblogs_count": 0,
            "favourites_count": 0,
            "replies_count": 0,
            "in_reply_to_id": reply_to,
            "in_reply_to_account_id": ACCOUNT_ID if reply_to else None,
            "reblog": None,
            "poll": None,
            "card": None,
            "language": one("language"),
            "edited_at": None,
            "favourited": False,
            "reblogged": False,
            "muted": False,
            "bookmarked": False,
            "pinned": False,
            "filtered": [],
        }
        self.statuses[status_id] = status
        return status

    def _finish(self, media_id: str) -> None:
        media = self.media[media_id]
        if media["url"] is None:
            media["url"] = f"{self.base}/system/media_attachments/files/{media_id}/original/x.jpeg"

    @staticmethod
    def _public(media: dict[str, Any]) -> dict[str, Any]:
        return {k: v for k, v in media.items() if not k.startswith("_")}

    def _account(self) -> dict[str, Any]:
        return {
            "id": ACCOUNT_ID,
            "username": "syndicator",
            "acct": "syndicator",
            "display_name": "Syndicator",
            "locked": False,
            "bot": True,
            "discoverable": True,
            "group": False,
            "created_at": "2022-11-10T00:00:00.000Z",
            "note": "<p>Articles, as they are published.</p>",
            "url": f"{self.base}/@syndicator",
            "uri": f"{self.base}/users/syndicator",
            "avatar": f"{self.base}/avatars/original/missing.png",
            "avatar_static": f"{self.base}/avatars/original/missing.png",
            "header": f"{self.base}/headers/original/missing.png",
            "header_static": f"{self.base}/headers/original/missing.png",
            "followers_count": 12,
            "following_count": 0,
            "statuses_count": len(self.statuses),
            "last_status_at": None,
            "emojis": [],
            "fields": [],
        }

    def _next_id(self) -> str:
        self._serial += 1
        return str(int(ACCOUNT_ID) + 1_000_000 + self._serial)

    def _headers(self) -> dict[str, str]:
        self._remaining = max(self._remaining - 1, 0)
        return {
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": str(self._remaining),
            "X-RateLimit-Reset": self.rate_limit_reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
            "X-Request-Id": f"req-{self._serial}",
            "Date": format_datetime(self.now().astimezone(UTC), usegmt=True),
        }

    def _json(self, status: int, body: Any) -> Reply:
        import json

        headers = {**self._headers(), "Content-Type": "application/json; charset=utf-8"}
        return status, headers, json.dumps(body)

    def _error(self, status: int, error: str, headers: dict[str, str] | None = None) -> Reply:
        if status >= 500 and not error:  # a proxy's HTML page, as nginx sends it
            page = f"<html><body><h1>{status} Service Temporarily Unavailable</h1></body></html>"
            return status, {"Content-Type": "text/html", **(headers or {})}, page
        status_code, base_headers, body = self._json(status, {"error": error})
        return status_code, {**base_headers, **(headers or {})}, body


def _parse_body(request: Any, got: Received) -> None:
    """Fill ``got.form`` and ``got.files`` from a urlencoded or multipart body."""
    body = request.body
    if not body:
        return
    kind = request.headers.get("Content-Type", "")
    if kind.startswith("multipart/form-data"):
        raw = body if isinstance(body, bytes) else body.encode()
        message = BytesParser(policy=HTTP).parsebytes(
            b"Content-Type: " + kind.encode() + b"\r\n\r\n" + raw
        )
        for part in message.iter_parts():  # type: ignore[attr-defined,unused-ignore]
            name = str(part.get_param("name", header="content-disposition"))
            payload = part.get_payload(decode=True)
            assert isinstance(payload, bytes)
            filename = part.get_filename()
            if filename is not None:
                got.files[name] = (filename, part.get_content_type(), payload)
            else:
                got.form.setdefault(name, []).append(payload.decode("utf-8"))
        return
    text = body.decode() if isinstance(body, bytes) else body
    got.form = parse_qs(text, keep_blank_values=True)


def _render(text: str) -> str:
    """Return ``text`` as the HTML Mastodon stores: paragraphs, line breaks, linked URLs."""

    def link(match: re.Match[str]) -> str:
        url = match.group(0)
        scheme, _, rest = url.partition("://")
        shown, hidden = rest[:30], rest[30:]
        return (
            f'<a href="{html.escape(url)}" target="_blank" rel="nofollow noopener" '
            f'translate="no"><span class="invisible">{scheme}://</span>'
            f'<span class="{"ellipsis" if hidden else ""}">{html.escape(shown)}</span>'
            f'<span class="invisible">{html.escape(hidden)}</span></a>'
        )

    paragraphs = []
    for paragraph in text.split("\n\n"):
        pieces, last = [], 0
        for match in _URL.finditer(paragraph):
            pieces.append(html.escape(paragraph[last : match.start()]))
            pieces.append(link(match))
            last = match.end()
        pieces.append(html.escape(paragraph[last:]))
        paragraphs.append("<p>" + "".join(pieces).replace("\n", "<br />") + "</p>")
    return "".join(paragraphs)


def _instance(base: str, max_characters: int, description_limit: int) -> dict[str, Any]:
    """Return an Instance (v2) entity as Mastodon 4.4 serves it."""
    domain = urlsplit(base).hostname
    return {
        "domain": domain,
        "title": "Social Example",
        "version": "4.4.3",
        "source_url": "https://github.com/mastodon/mastodon",
        "description": "A fake instance for tests.",
        "usage": {"users": {"active_month": 42}},
        "thumbnail": {"url": f"{base}/packs/media/images/preview.png"},
        "icon": [],
        "languages": ["fr", "en"],
        "configuration": {
            "urls": {"streaming": f"wss://{domain}", "status": None},
            "vapid": {"public_key": "BCk-QqERU0q-CfYZjcuB6lnyyOYfJ2AifKqfeGIm7Z-HiTU5T9eTG5GxVA0"},
            "accounts": {"max_featured_tags": 10, "max_pinned_statuses": 5},
            "statuses": {
                "max_characters": max_characters,
                "max_media_attachments": 4,
                "characters_reserved_per_url": 23,
            },
            "media_attachments": {
                "supported_mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp"],
                "description_limit": description_limit,
                "image_size_limit": 16777216,
                "image_matrix_limit": 33177600,
                "video_size_limit": 103809024,
                "video_frame_rate_limit": 120,
                "video_matrix_limit": 8294400,
            },
            "polls": {
                "max_options": 4,
                "max_characters_per_option": 50,
                "min_expiration": 300,
                "max_expiration": 2629746,
            },
            "translation": {"enabled": False},
        },
        "registrations": {"enabled": False, "approval_required": False, "message": None},
        "api_versions": {"mastodon": 6},
        "contact": {"email": "admin@social.example", "account": None},
        "rules": [],
    }
