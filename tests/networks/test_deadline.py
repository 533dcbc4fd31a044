"""Each SDK exchange ends by its deadline, even when the server trickles (issue 13, row 4).

A loopback server answers at once with its headers, then sends the body one byte every
half second: no single read ever waits the 3 s timeout, so only a deadline for the whole
exchange ends it. Each adapter talks to it through its real SDK.
"""

from __future__ import annotations

import dataclasses
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from requests.adapters import HTTPAdapter

from syndicator.errors import Unavailable
from syndicator.models import Post
from syndicator.networks.bluesky import tid
from syndicator.networks.bluesky.adapter import BlueskyNetwork
from syndicator.networks.mastodon.adapter import MastodonNetwork
from syndicator.networks.x.adapter import XNetwork
from tests.fakes import redirect
from tests.networks import x_fake
from tests.networks.test_x import make_post

TIMEOUT = 3.0
# A JSON error body that takes 20 s to arrive at one byte every half second.
BODY = b'{"error": "' + b"x" * 27 + b'"}'
INTERVAL = 0.5


class Trickle:
    """A loopback HTTP server answering every request with a body sent byte by byte."""

    def __init__(self) -> None:
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.listener.getsockname()[1]}"
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.listener.settimeout(0.2)
        while not self.stopped.is_set():
            try:
                connection, _ = self.listener.accept()
            except TimeoutError:
                continue
            except OSError:  # closed by close()
                return
            threading.Thread(target=self._answer, args=(connection,), daemon=True).start()

    def _answer(self, connection: socket.socket) -> None:
        with connection:
            connection.settimeout(5)
            try:
                connection.recv(65536)  # the request (its size does not matter here)
                connection.sendall(
                    b"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\n"
                    + f"Content-Length: {len(BODY)}\r\n\r\n".encode()
                )
                for byte in BODY:
                    if self.stopped.wait(INTERVAL):
                        return
                    connection.sendall(bytes([byte]))
            except OSError:
                return

    def close(self) -> None:
        self.stopped.set()
        self.thread.join()
        self.listener.close()


@pytest.fixture
def trickle() -> Iterator[Trickle]:
    server = Trickle()
    yield server
    server.close()


def _post(network: str) -> Post:
    return dataclasses.replace(make_post(media=()), network=network)


def _ends_by_the_deadline(call: Callable[[], object]) -> Unavailable:
    # Waited out (20 s), the answer is a plain 400: a refusal, not Unavailable. Only a
    # deadline on the whole exchange makes it a timeout.
    with pytest.raises(Unavailable) as caught:
        call()
    return caught.value


def test_x_ends_by_the_deadline(trickle: Trickle, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(HTTPAdapter, "send", HTTPAdapter.send)  # restored after the test
    redirect.install(f"api.twitter.com={trickle.url},api.x.com={trickle.url}")
    x = XNetwork(
        api_key=x_fake.CONSUMER_KEY,
        api_secret=x_fake.CONSUMER_SECRET,
        access_token=x_fake.ACCESS_TOKEN,
        access_token_secret=x_fake.ACCESS_TOKEN_SECRET,
        timeout=TIMEOUT,
    )
    error = _ends_by_the_deadline(lambda: x.publish(make_post(media=()), key="k"))
    assert "X could not be reached" in str(error)


def test_mastodon_ends_by_the_deadline(trickle: Trickle) -> None:
    mastodon = MastodonNetwork(instance=trickle.url, access_token="tok-123456", timeout=TIMEOUT)
    error = _ends_by_the_deadline(lambda: mastodon.publish(_post("mastodon"), key="k"))
    assert "could not be reached" in str(error)


def test_bluesky_ends_by_the_deadline(trickle: Trickle, tmp_path: Path) -> None:
    bluesky = BlueskyNetwork(
        handle="alice.test",
        app_password="abcd-efgh-ijkl-mnop",
        service=trickle.url,
        session_path=tmp_path / "bluesky-session",
        timeout=TIMEOUT,
    )
    error = _ends_by_the_deadline(lambda: bluesky.publish(_post("bluesky"), key=tid.new_tid()))
    assert trickle.url in str(error)
