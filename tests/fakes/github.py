"""A fake of the GitHub REST API on loopback: a pull request's files and its issue comments.

It answers the four calls ``syndicator.github`` makes with the shapes docs.github.com
documents (API version 2022-11-28): ``GET /repos/{o}/{r}/pulls/{n}/files`` (``filename``,
``status``...), ``GET`` and ``POST /repos/{o}/{r}/issues/{n}/comments`` and ``PATCH
/repos/{o}/{r}/issues/comments/{id}`` (``id``, ``node_id``, ``url``, ``html_url``,
``body``, ``user``, ``created_at``, ``updated_at``, ``author_association``). Lists are
paged by ``per_page`` and ``page`` with a ``Link`` header, as GitHub pages them. A
request without ``Authorization: Bearer <token>`` gets 401; one for another
repository 404. Every request is recorded in ``calls``.
"""

from __future__ import annotations

import itertools
import json
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit

_FILES = re.compile(r"^/repos/([^/]+/[^/]+)/pulls/(\d+)/files$")
_COMMENTS = re.compile(r"^/repos/([^/]+/[^/]+)/issues/(\d+)/comments$")
_COMMENT = re.compile(r"^/repos/([^/]+/[^/]+)/issues/comments/(\d+)$")
_NOW = "2026-12-06T20:00:00Z"


@dataclass
class FakeGitHub:
    """The state of one repository: pull requests' files and comments."""

    repository: str
    token: str
    url: str = ""
    files: dict[int, list[tuple[str, str]]] = field(default_factory=dict)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    calls: list[tuple[str, str]] = field(default_factory=list)
    _ids: Iterator[int] = field(default_factory=lambda: itertools.count(1_000_001))

    def comment(self, number: int, body: str, login: str = "github-actions[bot]") -> dict[str, Any]:
        """Add a comment as GitHub stores it and return it."""
        comment_id = next(self._ids)
        comment = {
            "id": comment_id,
            "node_id": f"IC_kwDO{comment_id}",
            "url": f"{self.url}/repos/{self.repository}/issues/comments/{comment_id}",
            "html_url": f"https://github.com/{self.repository}/pull/{number}#issuecomment-{comment_id}",
            "issue_url": f"{self.url}/repos/{self.repository}/issues/{number}",
            "body": body,
            "user": {"login": login, "id": 41898282, "type": "Bot"},
            "created_at": _NOW,
            "updated_at": _NOW,
            "author_association": "NONE",
        }
        self.comments.setdefault(number, []).append(comment)
        return comment

    def answer(
        self, method: str, target: str, headers: Any, body: bytes
    ) -> tuple[int, Any, dict[str, str]]:
        """Return the status, JSON and extra headers GitHub would answer with."""
        parts = urlsplit(target)
        self.calls.append((method, parts.path))
        if headers.get("Authorization") != f"Bearer {self.token}":
            return 401, {"message": "Bad credentials", "status": "401"}, {}
        query = parse_qs(parts.query)
        if (match := _FILES.match(parts.path)) and method == "GET":
            if match.group(1) != self.repository:
                return 404, {"message": "Not Found", "status": "404"}, {}
            items = [
                {
                    "sha": "0" * 40,
                    "filename": name,
                    "status": status,
                    "additions": 1,
                    "deletions": 0,
                    "changes": 1,
                }
                for name, status in self.files.get(int(match.group(2)), [])
            ]
            return self._page(parts.path, items, query)
        if match := _COMMENTS.match(parts.path):
            if match.group(1) != self.repository:
                return 404, {"message": "Not Found", "status": "404"}, {}
            number = int(match.group(2))
            if method == "GET":
                return self._page(parts.path, self.comments.get(number, []), query)
            if method == "POST":
                return 201, self.comment(number, json.loads(body)["body"]), {}
        if (match := _COMMENT.match(parts.path)) and method == "PATCH":
            for comment in itertools.chain.from_iterable(self.comments.values()):
                if comment["id"] == int(match.group(2)):
                    comment["body"] = json.loads(body)["body"]
                    comment["updated_at"] = "2026-12-06T21:00:00Z"
                    return 200, comment, {}
            return 404, {"message": "Not Found", "status": "404"}, {}
        return 404, {"message": "Not Found", "status": "404"}, {}

    def _page(
        self, path: str, items: list[Any], query: dict[str, list[str]]
    ) -> tuple[int, Any, dict[str, str]]:
        per_page = min(int(query.get("per_page", ["30"])[0]), 100)
        page = int(query.get("page", ["1"])[0])
        chunk = items[(page - 1) * per_page : page * per_page]
        extra = {}
        if page * per_page < len(items):
            extra["Link"] = f'<{self.url}{path}?per_page={per_page}&page={page + 1}>; rel="next"'
        return 200, chunk, extra


@contextmanager
def fake_github(
    repository: str = "site/blog", token: str = "ghs_fake-token"
) -> Iterator[FakeGitHub]:
    """Serve a ``FakeGitHub`` on 127.0.0.1 for the duration of the block."""
    fake = FakeGitHub(repository=repository, token=token)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def _serve(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            with lock:
                status, data, extra = fake.answer(self.command, self.path, self.headers, body)
            payload = json.dumps(data).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(payload)))
            for name, value in extra.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(payload)

        do_GET = do_POST = do_PATCH = _serve

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    fake.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
