"""A small Threads Graph API client over httpx, one deadline per exchange.

httpx is imported on first use only, so that a preview never loads it. The access
token travels as the ``access_token`` parameter, as Meta documents every call
(docs/platforms.md §8.1); it is registered for redaction and the CLI's log filter
masks ``access_token=`` values in any URL a log line shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from ...redact import register_secret
from .errors import GraphError

if TYPE_CHECKING:
    import httpx

__all__ = ["DEFAULT_API", "Graph"]

#: graph.threads.net serves the Threads API (docs/platforms.md §8.1).
DEFAULT_API = "https://graph.threads.net/v1.0"


class Graph:
    """Send Graph API requests for one access token; answer JSON objects or raise."""

    def __init__(self, *, token: str, api: str = DEFAULT_API, timeout: float = 30.0) -> None:
        register_secret(token)
        self._token = token
        self.api = api.rstrip("/")
        self.timeout = timeout
        self._http: httpx.Client | None = None

    def __repr__(self) -> str:
        return f"Graph(api={self.api!r})"

    def get(self, path: str, **params: Any) -> Mapping[str, Any]:
        """GET ``path`` with ``params``; return the JSON object or raise GraphError."""
        query = {k: _form(v) for k, v in params.items() if v is not None}
        return self._send("GET", path, params={**query, "access_token": self._token})

    def post(self, path: str, **data: Any) -> Mapping[str, Any]:
        """POST ``data`` as a form to ``path``; return the JSON object or raise GraphError."""
        form = {k: _form(v) for k, v in data.items() if v is not None}
        return self._send("POST", path, data={**form, "access_token": self._token})

    def debug_token(self) -> Mapping[str, Any]:
        """Return what GET /debug_token says of this token (its expiry among the rest)."""
        return self.get("debug_token", input_token=self._token)

    def close(self) -> None:
        """Close the connection pool."""
        if self._http is not None:
            self._http.close()
            self._http = None

    def _client(self) -> httpx.Client:
        if self._http is None:
            import httpx

            from ..deadline import deadline_transport

            self._http = httpx.Client(
                transport=deadline_transport(self.timeout),
                timeout=self.timeout,
                headers={"User-Agent": "syndicator"},
                follow_redirects=False,
            )
        return self._http

    def _send(self, method: str, path: str, **kwargs: Any) -> Mapping[str, Any]:
        url = f"{self.api}/{path.lstrip('/')}"
        response = self._client().request(method, url, **kwargs)
        try:
            body = response.json()
        except ValueError:
            body = None
        if response.is_success and isinstance(body, dict):
            return body
        error = body.get("error") if isinstance(body, dict) else None
        if not isinstance(error, dict):
            error = {"message": f"HTTP {response.status_code} without a Graph error object"}
        raise GraphError(response.status_code, error)


def _form(value: Any) -> str:
    """Return a parameter value as Meta takes it (booleans as true/false)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)
