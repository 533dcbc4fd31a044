"""Send a process's ``requests`` traffic for some hosts to a loopback fake. Test-only.

tweepy sends to the fixed ``https://api.twitter.com`` and the X media code to
``https://api.x.com``. A child process started by the crash tests calls ``install()``
before running syndicator: each request to a host named in ``SYNDICATOR_TEST_REDIRECT``
(``host=http://127.0.0.1:port,...``) is sent to that address instead, after it was
signed, with the host it was meant for in ``X-Forwarded-Host`` (see ``loopback``).
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import urlsplit

VARIABLE = "SYNDICATOR_TEST_REDIRECT"


def install(spec: str | None = None) -> None:
    """Patch ``HTTPAdapter.send`` to redirect the hosts named in ``spec`` (or the environment)."""
    from requests.adapters import HTTPAdapter

    spec = os.environ.get(VARIABLE, "") if spec is None else spec
    targets = dict(item.split("=", 1) for item in spec.split(",") if "=" in item)
    if not targets:
        return
    original = HTTPAdapter.send

    def send(self: HTTPAdapter, request: Any, *args: Any, **kwargs: Any) -> Any:
        parts = urlsplit(request.url)
        target = targets.get(parts.netloc)
        if parts.scheme == "https" and target and "X-Loopback-Replay" not in request.headers:
            request.headers["X-Forwarded-Host"] = parts.netloc
            request.url = target + request.url[len(f"https://{parts.netloc}") :]
        return original(self, request, *args, **kwargs)

    HTTPAdapter.send = send  # type: ignore[method-assign]


def main() -> None:
    """Install the redirect, then run the syndicator command line."""
    install()
    from syndicator.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
