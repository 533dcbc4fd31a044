"""An HTTP fake of the Threads Graph API on a real loopback socket.

It answers with the request and response shapes Meta documents (docs/platforms.md,
Threads): form-encoded POSTs carrying ``access_token``, media containers whose status
moves through IN_PROGRESS to FINISHED (or ERROR, EXPIRED) and becomes PUBLISHED, the
publishing quota, paginated lists of the account's threads, conversations, permalinks,
``debug_token``, and Graph errors ``{"error": {"message", "type", "code",
"error_subcode", "fbtrace_id"}}``. Being a real server, it serves the adapter's own
httpx transport in-process and a ``syndicator`` child process alike.

Scripts: ``statuses`` (each new container's status sequence), ``fail`` (answer the
next request of a kind with a Graph error), ``lose`` (publish, then drop the
connection: the answer is lost), ``expired`` (every token is refused, code 190/463).
"""

from __future__ import annotations

import itertools
import json
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

import regex

TOKEN = "THAAfake-threads-long-lived-token-0123456789"
USER_ID = "17841400000000042"
USERNAME = "syndicator.test"
_TEXT_LIMIT = 500  # characters, emoji counted in UTF-8 bytes (Threads posts, Limitations)
_LINK_LIMIT = 5  # unique links (Text attachments, Limitations)
_EMOJI = regex.compile(
    r"[\p{Emoji_Presentation}\p{Regional_Indicator}]|\p{Extended_Pictographic}\uFE0F|\u20E3"
)
_URL = regex.compile(
    r"(?i)\b(?:https?://|www\.)[^\s]+|\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|fr|test)\b[^\s]*"
)


def meta_length(text: str) -> int:
    """Count as Meta documents: grapheme clusters, an emoji as its UTF-8 bytes."""
    return sum(len(c.encode()) if _EMOJI.search(c) else 1 for c in regex.findall(r"\X", text))


def _links(text: str, attachment: str | None) -> int:
    found = {m.group(0).rstrip("/.,)").lower() for m in _URL.finditer(text)}
    if attachment:
        found.add(attachment.rstrip("/").lower())
    return len(found)


@dataclass
class Media:
    """A published thread or reply."""

    id: str
    text: str
    timestamp: datetime
    media_type: str
    reply_to: str | None = None
    image_url: str | None = None
    alt_text: str | None = None
    link_attachment_url: str | None = None

    def as_json(self, fields: set[str]) -> dict[str, Any]:
        everything: dict[str, Any] = {
            "id": self.id,
            "text": self.text,
            "timestamp": self.timestamp.strftime("%Y-%m-%dT%H:%M:%S+0000"),
            "permalink": f"https://www.threads.com/@{USERNAME}/post/C{self.id[-6:]}",
            "username": USERNAME,
            "media_type": "IMAGE" if self.image_url else "TEXT_POST",
            "media_product_type": "THREADS",
            "owner": {"id": USER_ID},
            "is_reply_owned_by_me": True,
        }
        if self.image_url:
            everything["media_url"] = self.image_url
            everything["alt_text"] = self.alt_text
        if self.link_attachment_url:
            everything["link_attachment_url"] = self.link_attachment_url
        if self.reply_to:
            everything["replied_to"] = {"id": self.reply_to}
            everything["is_reply"] = True
        return {k: v for k, v in everything.items() if k in fields or k == "id"}


@dataclass
class Container:
    id: str
    params: dict[str, str]
    statuses: list[str]
    error_message: str | None = None
    published: str | None = None

    def status(self) -> str:
        if self.published:
            return "PUBLISHED"
        return self.statuses.pop(0) if len(self.statuses) > 1 else self.statuses[0]


@dataclass
class FakeThreads:
    """The state of one Threads account, and what the tests script."""

    media: dict[str, Media] = field(default_factory=dict)
    containers: dict[str, Container] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str]]] = field(default_factory=list)
    quota_usage: int = 0
    quota_total: int = 250
    reply_quota_usage: int = 0
    reply_quota_total: int = 1000
    expires_at: int | None = None  # debug_token's expires_at; None: not a tester
    statuses: list[str] = field(default_factory=lambda: ["FINISHED"])
    container_error: str = "UNKNOWN"
    fail: dict[str, tuple[int, dict[str, Any]]] = field(default_factory=dict)
    lose: set[str] = field(default_factory=set)
    expired: bool = False
    now: datetime = field(default_factory=lambda: datetime(2026, 11, 2, 9, tzinfo=UTC))
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(18_000_000_000_000_001))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def add_thread(self, text: str) -> Media:
        """Put a thread on the account as if posted from the app."""
        media = Media(id=self._id(), text=text, timestamp=self._tick(), media_type="TEXT")
        self.media[media.id] = media
        return media

    @property
    def threads(self) -> list[Media]:
        """The account's top-level threads, oldest first."""
        return [m for m in self.media.values() if m.reply_to is None]

    def replies_to(self, media_id: str) -> list[Media]:
        return [m for m in self.media.values() if m.reply_to == media_id]

    def count(self, url: str) -> int:
        """How many threads link ``url`` (in the text or as the attachment)."""
        return sum(url in m.text or m.link_attachment_url == url for m in self.threads)

    def calls(self, kind: str) -> int:
        """How many requests of ``kind`` (create, status, publish, ...) were made."""
        return sum(1 for k, _, _ in self.requests if k == kind)

    def _id(self) -> str:
        return str(next(self._ids))

    def _tick(self) -> datetime:
        self.now += timedelta(seconds=1)
        return self.now

    # -- the API -------------------------------------------------------------------

    def handle(self, method: str, path: str, params: dict[str, str]) -> tuple[int, Any]:
        """Answer one request: (HTTP status, JSON body); raise ConnectionAbortedError to drop it."""
        with self._lock:
            parts = [p for p in path.split("/") if p][1:]  # drop the version
            kind = _kind(method, parts)
            self.requests.append((kind, path, params))
            if self.expired or params.get("access_token") != TOKEN:
                return 400, _error(
                    "Error validating access token: Session has expired on Sunday, "
                    "01-Nov-26 09:00:00 PST.",
                    190,
                    463 if self.expired else None,
                )
            if kind in self.fail:
                return self.fail.pop(kind)
            handler = getattr(self, f"_{kind}", None)
            if handler is None:
                return 400, _error(f"Unsupported {method} request {path}", 100, 33)
            answer: tuple[int, Any] = handler(parts, params)
            if kind in self.lose and answer[0] == 200:
                self.lose.discard(kind)
                raise ConnectionAbortedError(kind)
            return answer

    def _create(self, parts: list[str], params: dict[str, str]) -> tuple[int, Any]:
        if parts[0] != USER_ID:
            return 400, _error("Unsupported post request: wrong user id", 100, 33)
        media_type = params.get("media_type")
        text = params.get("text", "")
        if media_type not in ("TEXT", "IMAGE"):
            return 400, _error("The parameter media_type is required.", 100)
        if media_type == "TEXT" and not text:
            return 400, _error("The parameter text is required.", 100)
        if media_type == "IMAGE" and not params.get("image_url", "").startswith("http"):
            return 400, _error("The parameter image_url is required.", 100)
        if media_type != "TEXT" and params.get("link_attachment"):
            return 400, _error("link_attachment is only for text posts", 100)
        if meta_length(text) > _TEXT_LIMIT:
            return 400, _error("Param text must be at most 500 characters long.", 100)
        if _links(text, params.get("link_attachment")) > _LINK_LIMIT:
            return 400, _error("THREADS_API__LINK_LIMIT_EXCEEDED", 100, 4279027)
        reply_to = params.get("reply_to_id")
        if reply_to is not None and reply_to not in self.media:
            return 400, _error("Invalid reply_to_id", 100, 33)
        container = Container(id=self._id(), params=dict(params), statuses=list(self.statuses))
        if "ERROR" in container.statuses:
            container.error_message = self.container_error
        self.containers[container.id] = container
        return 200, {"id": container.id}

    def _publish(self, parts: list[str], params: dict[str, str]) -> tuple[int, Any]:
        container = self.containers.get(params.get("creation_id", ""))
        if container is None:
            return 400, _error("The media container does not exist", 100, 33)
        if container.published:
            return 400, _error("The media container has already been published", 100)
        if container.status() != "FINISHED":
            return 400, _error("The media is not ready for publishing, please wait", 9007, 2207027)
        reply = container.params.get("reply_to_id")
        if reply is None and self.quota_usage >= self.quota_total:
            return 400, _error("The user has reached the publishing limit", 4)
        media = Media(
            id=self._id(),
            text=container.params.get("text", ""),
            timestamp=self._tick(),
            media_type=container.params["media_type"],
            reply_to=reply,
            image_url=container.params.get("image_url"),
            alt_text=container.params.get("alt_text"),
            link_attachment_url=container.params.get("link_attachment"),
        )
        self.media[media.id] = media
        container.published = media.id
        if reply is None:
            self.quota_usage += 1
        else:
            self.reply_quota_usage += 1
        return 200, {"id": media.id}

    def _node(self, parts: list[str], params: dict[str, str]) -> tuple[int, Any]:
        node = parts[0]
        fields = set(params.get("fields", "id").split(","))
        if node in self.containers:
            container = self.containers[node]
            status = container.status()
            body: dict[str, Any] = {"id": node, "status": status}
            if status == "ERROR" and "error_message" in fields:
                body["error_message"] = container.error_message
            return 200, body
        if node in self.media:
            return 200, self.media[node].as_json(fields)
        if node in (USER_ID, "me"):
            return 200, {"id": USER_ID, "username": USERNAME}
        return 400, _error(f"Object with ID '{node}' does not exist", 100, 33)

    def _limit(self, parts: list[str], params: dict[str, str]) -> tuple[int, Any]:
        fields = params.get("fields", "").split(",")
        row = {
            "quota_usage": self.quota_usage,
            "config": {"quota_total": self.quota_total, "quota_duration": 86400},
            "reply_quota_usage": self.reply_quota_usage,
            "reply_config": {"quota_total": self.reply_quota_total, "quota_duration": 86400},
        }
        return 200, {"data": [{k: v for k, v in row.items() if k in fields}]}

    def _list(self, parts: list[str], params: dict[str, str]) -> tuple[int, Any]:
        fields = set(params.get("fields", "id").split(","))
        since = int(params.get("since", "0"))
        if since and since < 1688540400:
            return 400, _error("since must be at least 1688540400", 100)
        limit = int(params.get("limit", "25"))
        chosen = [m for m in self.threads if m.timestamp.timestamp() >= since][::-1]
        start = int(params.get("after", "0") or 0)
        page = chosen[start : start + limit]
        body: dict[str, Any] = {"data": [m.as_json(fields) for m in page]}
        if start + limit < len(chosen):
            after = str(start + limit)
            body["paging"] = {
                "cursors": {"before": str(start), "after": after},
                "next": f"https://graph.threads.net/v1.0/{USER_ID}/threads?after={after}",
            }
        return 200, body

    def _conversation(self, parts: list[str], params: dict[str, str]) -> tuple[int, Any]:
        fields = set(params.get("fields", "id").split(","))
        found: list[Media] = []
        todo = [parts[0]]
        while todo:
            children = self.replies_to(todo.pop(0))
            found.extend(children)
            todo.extend(c.id for c in children)
        found.sort(key=lambda m: m.timestamp, reverse=params.get("reverse") != "false")
        return 200, {"data": [m.as_json(fields) for m in found]}

    def _debug(self, parts: list[str], params: dict[str, str]) -> tuple[int, Any]:
        if self.expires_at is None:
            return 400, _error("The access token does not belong to a Threads tester", 100)
        return 200, {
            "data": {
                "type": "USER",
                "application": "syndicator test app",
                "expires_at": self.expires_at,
                "is_valid": True,
                "issued_at": self.expires_at - 60 * 86400,
                "scopes": ["threads_basic", "threads_content_publish"],
                "user_id": USER_ID,
            }
        }


def _kind(method: str, parts: list[str]) -> str:
    if method == "POST" and parts[-1:] == ["threads"]:
        return "create"
    if method == "POST" and parts[-1:] == ["threads_publish"]:
        return "publish"
    if parts == ["debug_token"]:
        return "debug"
    if parts[-1:] == ["threads_publishing_limit"]:
        return "limit"
    if len(parts) == 2 and parts[1] == "threads":
        return "list"
    if len(parts) == 2 and parts[1] == "conversation":
        return "conversation"
    if method == "GET" and len(parts) == 1:
        return "node"
    return "unknown"


def _error(message: str, code: int, subcode: int | None = None) -> dict[str, Any]:
    error: dict[str, Any] = {
        "message": message,
        "type": "OAuthException" if code == 190 else "THApiException",
        "code": code,
        "fbtrace_id": "AbCdEfGhIjK",
    }
    if subcode is not None:
        error["error_subcode"] = subcode
    return {"error": error}


def graph_error(code: int, message: str = "scripted", subcode: int | None = None) -> dict[str, Any]:
    """A Graph error body, for ``FakeThreads.fail``."""
    return _error(message, code, subcode)


@contextmanager
def serving(fake: FakeThreads | None = None) -> Iterator[tuple[FakeThreads, str]]:
    """Serve ``fake`` on 127.0.0.1; yield it and the API's base URL (``.../v1.0``)."""
    fake = fake or FakeThreads()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        wbufsize = -1  # one write per answer: no Nagle / delayed-ACK stall per request

        def _answer(self) -> None:
            url = urlsplit(self.path)
            params = {k: v[-1] for k, v in parse_qs(url.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            if length:
                body = self.rfile.read(length).decode()
                params |= {k: v[-1] for k, v in parse_qs(body, keep_blank_values=True).items()}
            try:
                status, payload = fake.handle(self.command, url.path, params)
            except ConnectionAbortedError:
                self.close_connection = True
                return
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        do_GET = do_POST = _answer

        def log_message(self, format: str, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    try:
        yield fake, f"http://127.0.0.1:{server.server_address[1]}/v1.0"
    finally:
        server.shutdown()
        server.server_close()
