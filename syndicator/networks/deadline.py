"""One deadline for each whole HTTP exchange an SDK makes, not one per socket read.

Socket timeouts bound each read: a server trickling one byte a second never trips them.
Here every socket operation of an exchange (connect, TLS, send, each read, the body
included) gets only what is left of the exchange's ``seconds``, so the exchange ends by
then with a timeout the adapter already reports ("could not be reached").

tweepy and Mastodon.py use requests: ``mount_deadline`` mounts an adapter on their
session. atproto uses httpx: ``deadline_transport`` is its transport. Nothing here
imports an SDK; requests and httpx are imported only when these are called.
"""

from __future__ import annotations

import socket
import threading
import time
import weakref
from typing import Any

__all__ = ["deadline_transport", "mount_deadline"]

_local = threading.local()


def _left(timeout: float | None) -> float:
    """Return how long one socket operation may take; raise TimeoutError when none is left."""
    end: float | None = getattr(_local, "end", None)
    if end is None:
        return timeout if timeout is not None else 0.0
    remaining = end - time.monotonic()
    if remaining <= 0:
        raise TimeoutError("the whole exchange took longer than its deadline")
    return remaining if timeout is None else min(timeout, remaining)


class _Exchange:
    """Set the deadline of the exchange made by this thread inside the block."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds

    def __enter__(self) -> None:
        _local.end = time.monotonic() + self.seconds

    def __exit__(self, *exc: object) -> None:
        _local.end = None


_CLASSES: dict[type, type] = {}
#: Each bounded socket's own timeout per operation (what the SDK asked for).
_per_read: weakref.WeakKeyDictionary[Any, float | None] = weakref.WeakKeyDictionary()


def _bounded_class(kind: Any) -> type:
    """Return a subclass of a socket class whose I/O waits only what the deadline leaves."""
    if kind not in _CLASSES:

        def bounded(name: str) -> Any:
            method = getattr(kind, name)

            def call(self: Any, *args: Any, **kwargs: Any) -> Any:
                if getattr(_local, "end", None) is not None:
                    kind.settimeout(self, _left(_per_read.get(self)))
                return method(self, *args, **kwargs)

            return call

        def settimeout(self: Any, value: float | None) -> None:
            _per_read[self] = value
            kind.settimeout(self, value)

        names = ("recv", "recv_into", "send", "sendall", "read", "write")
        members: dict[str, Any] = {n: bounded(n) for n in names if hasattr(kind, n)}
        members["settimeout"] = settimeout
        members["__slots__"] = ()  # the same layout, so an open socket can take the class
        _CLASSES[kind] = type(f"Deadline{kind.__name__}", (kind,), members)
    return _CLASSES[kind]


def _bound(sock: Any) -> None:
    """Make ``sock`` (plain or TLS) respect the current exchange's deadline."""
    _per_read[sock] = sock.gettimeout()
    sock.__class__ = _bounded_class(type(sock))


def mount_deadline(session: Any, seconds: float) -> None:
    """Give every request of a requests ``session`` one deadline for the whole exchange."""
    import requests.adapters
    from urllib3.connection import HTTPConnection, HTTPSConnection
    from urllib3.connectionpool import HTTPConnectionPool, HTTPSConnectionPool

    class Plain(HTTPConnection):
        def connect(self) -> None:
            super().connect()
            _bound(self.sock)

    class Secure(HTTPSConnection):
        def connect(self) -> None:
            super().connect()
            _bound(self.sock)

    class PlainPool(HTTPConnectionPool):
        ConnectionCls = Plain

    class SecurePool(HTTPSConnectionPool):
        ConnectionCls = Secure

    class Adapter(requests.adapters.HTTPAdapter):
        def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
            super().init_poolmanager(*args, **kwargs)
            self.poolmanager.pool_classes_by_scheme = {"http": PlainPool, "https": SecurePool}

        def send(self, request: Any, *args: Any, **kwargs: Any) -> Any:
            with _Exchange(seconds):
                response = super().send(request, *args, **kwargs)
                if not kwargs.get("stream", args[0] if args else False):
                    _ = response.content  # the body belongs to the exchange too
                return response

    adapter = Adapter()
    session.mount("http://", adapter)
    session.mount("https://", adapter)


def deadline_transport(seconds: float) -> Any:
    """Return an httpx transport giving each request one deadline for the whole exchange."""
    import httpcore
    import httpx

    from ..netguard import DeadlineStream

    class Backend(httpcore.SyncBackend):
        def connect_tcp(
            self,
            host: str,
            port: int,
            timeout: float | None = None,
            local_address: str | None = None,
            socket_options: Any = None,
        ) -> httpcore.NetworkStream:
            stream = super().connect_tcp(host, port, _left(timeout), local_address, socket_options)
            return DeadlineStream(stream, _left)

    class Transport(httpx.HTTPTransport):
        def __init__(self) -> None:
            super().__init__()
            # httpx.HTTPTransport takes no network backend: its pool is rebuilt with one.
            self._pool = httpcore.ConnectionPool(
                ssl_context=httpx.create_ssl_context(), network_backend=Backend()
            )

        def handle_request(self, request: httpx.Request) -> httpx.Response:
            with _Exchange(seconds):
                response = super().handle_request(request)
                try:
                    response.read()  # the body belongs to the exchange too
                except BaseException:
                    response.close()
                    raise
                return response

    return Transport()


# Socket timeouts surface as TimeoutError (socket.timeout is its alias since 3.10).
assert socket.timeout is TimeoutError
