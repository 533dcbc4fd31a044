"""The few GitHub REST API calls the pull-request review makes (httpx).

List a pull request's files, list its comments, create one, update one: the endpoints
"List pull requests files" and "Issue comments" of docs.github.com/rest, API version
2022-11-28. Lists are paged (``per_page`` 100, the ``Link`` header's ``rel="next"``).
Every failure becomes a ``GitHubError`` saying which call and what the API answered.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx

from ..errors import GitHubError

__all__ = ["Comment", "GitHub"]

_HEADERS = {"Accept": "application/vnd.github+json", "X-GitHub-Api-Version": "2022-11-28"}
# "List pull requests files" returns at most 3,000 files (docs.github.com/rest/pulls).
_MAX_PAGES = 30


@dataclass(frozen=True, slots=True)
class Comment:
    """An issue comment: its id and its Markdown body."""

    id: int
    body: str


@dataclass(slots=True)
class GitHub:
    """A client for one repository (``owner/name``) of the API at ``api_url``."""

    api_url: str
    repository: str
    token: str = field(repr=False)
    timeout: float = 30.0
    transport: httpx.BaseTransport | None = None

    def changed_files(self, number: int) -> list[str]:
        """Return the paths a pull request adds or changes (removed files left out)."""
        return [
            item["filename"]
            for item in self._pages(f"/repos/{self.repository}/pulls/{number}/files")
            if item.get("status") != "removed"
        ]

    def comments(self, number: int) -> list[Comment]:
        """Return the comments of an issue or pull request, oldest first."""
        path = f"/repos/{self.repository}/issues/{number}/comments"
        return [Comment(item["id"], item.get("body") or "") for item in self._pages(path)]

    def keep_comment(self, number: int, body: str, *, marker: str) -> tuple[str, int]:
        """Update the comment that starts with ``marker``, else create it; say which and its id."""
        mine = [c for c in self.comments(number) if c.body.startswith(marker)]
        if mine:
            comment_id = mine[0].id
            self._call("PATCH", f"/repos/{self.repository}/issues/comments/{comment_id}", body)
            return "updated", comment_id
        path = f"/repos/{self.repository}/issues/{number}/comments"
        created = self._call("POST", path, body)
        return "created", int(created["id"])

    def _pages(self, path: str) -> Iterator[dict[str, Any]]:
        url: str | None = f"{self.api_url.rstrip('/')}{path}?per_page=100"
        with self._client() as client:
            for _ in range(_MAX_PAGES):
                if url is None:
                    return
                answer = self._send(client, "GET", url)
                yield from answer.json()
                url = answer.links.get("next", {}).get("url")

    def _call(self, method: str, path: str, body: str) -> Any:
        with self._client() as client:
            answer = self._send(
                client, method, f"{self.api_url.rstrip('/')}{path}", json={"body": body}
            )
            return answer.json()

    def _client(self) -> httpx.Client:
        headers = {**_HEADERS, "Authorization": f"Bearer {self.token}"}
        return httpx.Client(headers=headers, timeout=self.timeout, transport=self.transport)

    def _send(self, client: httpx.Client, method: str, url: str, **kwargs: Any) -> httpx.Response:
        where = f"GitHub API {method} {httpx.URL(url).path}"
        try:
            answer = client.request(method, url, **kwargs)
        except httpx.HTTPError as exc:
            raise GitHubError(f"{where}: {exc}") from exc
        if answer.status_code >= 400:
            try:
                message = answer.json().get("message", "")
            except ValueError:
                message = answer.text[:200]
            hint = (
                "; give the job 'permissions: pull-requests: write'"
                if answer.status_code in (401, 403, 404)
                else ""
            )
            raise GitHubError(f"{where}: HTTP {answer.status_code} {message}{hint}")
        return answer
