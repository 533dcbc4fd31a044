"""Serve the ``responses``-based API fakes on real loopback sockets, for other processes.

The Mastodon and X fakes (tests/networks/*_fake.py) answer inside the test process
through a ``responses.RequestsMock``. A process we start (and kill) cannot see that
mock, so ``Loopback`` listens on 127.0.0.1 and replays every request it receives
through ``requests`` in the test process, where the mock answers it; the answer
goes back on the socket. The fakes live on in the test process across the kills,
and count what reached them.

A request can say which host it was meant for in ``X-Forwarded-Host`` (see
``tests.fakes.redirect``): it is then replayed to ``https://<that host><path>``, the
URL its OAuth signature was made for. Otherwise it goes to ``target`` (by default the
server's own ``http://127.0.0.1:<port>``, which the fakes are installed at). ``delay``
makes every answer come that many seconds late (benchmarks).
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import requests
import responses

#: Header on the requests a Loopback replays.
REPLAYED = "X-Loopback-Replay"
_HOP = {
    "host",
    "connection",
    "content-length",
    "transfer-encoding",
    "content-encoding",
    "keep-alive",
    "x-forwarded-host",
    "accept-encoding",
}


class Loopback:
    """A loopback HTTP server that answers through an active ``responses`` mock."""

    def __init__(self, *, target: str | None = None, delay: float = 0.0) -> None:
        self._lock = threading.Lock()  # the fakes were written for one caller at a time
        self.delay = delay
        loopback = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            # The headers and the body go out in two writes: with Nagle's algorithm the
            # second waits for the client's delayed ACK, 40 ms a request on a reused
            # connection. TCP_NODELAY sends each write at once.
            disable_nagle_algorithm = True

            def _replay(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                host = self.headers.get("X-Forwarded-Host")
                base = f"https://{host}" if host else loopback.target
                if loopback.delay:
                    time.sleep(loopback.delay)
                headers = {k: v for k, v in self.headers.items() if k.lower() not in _HOP}
                headers[REPLAYED] = "1"  # tells tests.fakes.redirect to let it through
                try:
                    with loopback._lock:
                        answer = requests.request(
                            self.command,
                            base + self.path,
                            headers=headers,
                            data=body,
                            timeout=30,
                        )
                except requests.ConnectionError:
                    # The fake "lost" the answer: drop the connection, as a network would.
                    self.close_connection = True
                    return
                payload = answer.content
                # send_response would add a second Date: the fake's own (its clock) wins.
                self.send_response_only(answer.status_code)
                self.send_header("Server", self.version_string())
                if "Date" not in answer.headers:
                    self.send_header("Date", self.date_time_string())
                for key, value in answer.headers.items():
                    if key.lower() not in _HOP:
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            do_GET = do_POST = do_PUT = do_DELETE = _replay

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self.target = target or self.url
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def start(self) -> Loopback:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()


@contextmanager
def serving(
    mock: responses.RequestsMock, *, target: str | None = None, delay: float = 0.0
) -> Iterator[Loopback]:
    """Run a ``Loopback`` while ``mock`` is active; loopback traffic the mock does not
    claim (the server itself, the local PDS) passes through."""
    mock.add_passthru("http://127.0.0.1")
    server = Loopback(target=target, delay=delay).start()
    try:
        yield server
    finally:
        server.stop()
