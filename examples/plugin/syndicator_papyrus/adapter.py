"""Publish to Papyrus over its HTTP API, exactly once.

Papyrus keeps the ``Idempotency-Key`` of every note: a note sent again with the same
key is not created twice, and ``GET /api/notes?key=`` finds it. So ``new_key`` derives
a key from the article, ``publish`` sends every part with it, and ``find`` asks for it.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

import httpx

from syndicator.errors import AuthError, RateLimited, Rejected, Unavailable
from syndicator.models import Limits, Post, Published
from syndicator.networks import NetworkConfig, derive_key
from syndicator.redact import register_secret

from .limits import LIMITS

NAME = "papyrus"


class PapyrusNetwork:
    """One Papyrus account."""

    name = NAME

    def __init__(self, *, api: str, token: str, timeout: float = 30.0) -> None:
        register_secret(token)  # never shown in a message or a log
        self._client = httpx.Client(
            base_url=api.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=timeout,
        )

    @classmethod
    def from_config(
        cls, config: NetworkConfig, *, environ: Mapping[str, str] | None, timeout: float
    ) -> PapyrusNetwork:
        """Build the adapter from ``networks.papyrus`` and the environment (no I/O)."""
        token = config.secrets(environ)["token"]
        return cls(api=str(config.setting("api", environ)), token=token, timeout=timeout)

    def limits(self) -> Limits:
        return LIMITS

    def new_key(self, article_id: str) -> str:
        return derive_key(article_id, NAME)

    def publish(self, post: Post, *, key: str) -> Published:
        ids: list[str] = []
        url = ""
        for number, part in enumerate(post.parts):
            body: dict[str, Any] = {"text": part.text}
            if ids:
                body["reply_to"] = ids[-1]
            note = self._call("POST", "/api/notes", json=body, key=f"{key}-{number}")
            ids.append(str(note["id"]))
            url = url or str(note["url"])
        return Published(network=NAME, id=ids[0], url=url, part_ids=tuple(ids))

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        notes = self._call("GET", "/api/notes", params={"key": f"{key}-0"})["notes"]
        if not notes:
            return None
        return Published(network=NAME, id=str(notes[0]["id"]), url=str(notes[0]["url"]))

    def check(self) -> Mapping[str, Any]:
        return {"account": self._call("GET", "/api/me")["account"]}

    def _call(self, method: str, path: str, *, key: str | None = None, **kwargs: Any) -> Any:
        """Make one request; turn what goes wrong into syndicator's errors."""
        headers = {"Idempotency-Key": key} if key else {}
        try:
            answer = self._client.request(method, path, headers=headers, **kwargs)
        except httpx.HTTPError as exc:
            raise Unavailable(NAME, f"Papyrus could not be reached ({exc}); try later") from exc
        if answer.status_code == 401:
            raise AuthError(NAME, "Papyrus refused the token: check PAPYRUS_TOKEN")
        if answer.status_code == 429:
            raise RateLimited(NAME, "Papyrus asked to slow down")
        if answer.status_code >= 500:
            raise Unavailable(NAME, f"Papyrus failed (HTTP {answer.status_code}); try later")
        if answer.status_code >= 400:
            raise Rejected(NAME, f"Papyrus refused it: {answer.text[:200]}")
        return answer.json()
