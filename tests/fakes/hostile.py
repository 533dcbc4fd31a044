"""A loopback web server answering from a table of paths, including hostile answers.

Each path maps to a ``Reply``: a status, headers and a body, optionally trickled one
chunk every ``trickle`` seconds (a slow-loris server). Test-only; it listens on
127.0.0.1, so fetching from it needs ``allow_private=True`` (config
``allow_private_addresses: true``), as a real internal service would.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass(frozen=True)
class Reply:
    """One answer: status, headers, body; ``trickle`` > 0 sends the body a byte at a time."""

    body: bytes = b""
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    trickle: float = 0.0


class Hostile:
    """The running server: ``url`` is its base, ``hits`` counts requests per path."""

    def __init__(self, routes: Mapping[str, Reply]) -> None:
        self.routes = dict(routes)
        self.hits: dict[str, int] = {}
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The headers and the body go out in two writes: with Nagle's algorithm the
            # second waits for the client's delayed ACK, 40 ms a request on a reused
            # connection. TCP_NODELAY sends each write at once.
            disable_nagle_algorithm = True

            def do_GET(self) -> None:
                server.hits[self.path] = server.hits.get(self.path, 0) + 1
                reply = server.routes.get(self.path, Reply(b"not here", 404))
                self.send_response(reply.status)
                for key, value in reply.headers.items():
                    self.send_header(key, value.replace("{base}", server.url))
                self.send_header("Content-Length", str(len(reply.body)))
                self.end_headers()
                if not reply.trickle:
                    self.wfile.write(reply.body)
                    return
                try:
                    for index in range(len(reply.body)):
                        self.wfile.write(reply.body[index : index + 1])
                        self.wfile.flush()
                        time.sleep(reply.trickle)
                except OSError:
                    pass  # the client gave up, as it should

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def hostile(routes: Mapping[str, Reply]) -> Iterator[Hostile]:
    """Run a ``Hostile`` server for the duration of a ``with`` block."""
    server = Hostile(routes)
    try:
        yield server
    finally:
        server.stop()
