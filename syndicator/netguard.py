"""Connect only to public addresses, and only within one deadline for the whole exchange.

``guarded_transport`` gives an httpx transport whose sockets are opened here: the host
is resolved once, every address it resolves to is checked (loopback, private,
link-local, multicast, reserved, unspecified, and those hidden in IPv4-mapped, 6to4,
Teredo and NAT64 IPv6 forms are refused), and the socket is connected to the address
that was checked, so a DNS answer that changes between check and connect (rebinding)
cannot slip through. Every read, write and TLS handshake on that socket is bounded by
what is left of the deadline, so a server trickling one byte a second cannot stretch
an exchange past it.
"""

from __future__ import annotations

import ipaddress
import socket
import time
from collections.abc import Callable, Iterable
from typing import Any

import httpcore
import httpx

__all__ = ["DeadlineStream", "Overtime", "Refused", "guarded_transport", "is_internal"]

_IP = ipaddress.IPv4Address | ipaddress.IPv6Address
# NAT64 prefixes that embed an IPv4 address in their last 32 bits (RFC 6052, RFC 8215).
_NAT64 = (ipaddress.IPv6Network("64:ff9b::/96"), ipaddress.IPv6Network("64:ff9b:1::/48"))


class Refused(Exception):
    """A host resolved to an address syndicator does not connect to."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(f"{host} resolves to {address}, an internal address")
        self.host = host
        self.address = address


class Overtime(Exception):
    """The exchange went past its deadline."""


def is_internal(address: str) -> bool:
    """Tell whether ``address`` (an IP literal) is not a public unicast internet address."""
    try:
        ip: _IP = ipaddress.ip_address(address.split("%", 1)[0])
    except ValueError:
        return True  # not an address we can judge: refuse
    return _internal(ip)


def _internal(ip: _IP) -> bool:
    if isinstance(ip, ipaddress.IPv6Address):
        for embedded in _embedded(ip):
            if _internal(embedded):
                return True
    return (
        ip.is_loopback
        or ip.is_private
        or ip.is_link_local
        or ip.is_multicast
        or ip.is_reserved
        or ip.is_unspecified
        or not ip.is_global
    )


def _embedded(ip: ipaddress.IPv6Address) -> Iterable[ipaddress.IPv4Address]:
    """Yield the IPv4 addresses an IPv6 address carries (mapped, 6to4, Teredo, NAT64)."""
    if ip.ipv4_mapped is not None:
        yield ip.ipv4_mapped
    if ip.sixtofour is not None:
        yield ip.sixtofour
    if ip.teredo is not None:
        yield from ip.teredo
    if any(ip in network for network in _NAT64):
        yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)
    if int(ip) >> 32 == 0 and int(ip) > 1:  # IPv4-compatible ::a.b.c.d (deprecated)
        yield ipaddress.IPv4Address(int(ip) & 0xFFFFFFFF)


class _Deadline:
    """What is left of one exchange's time."""

    def __init__(self, seconds: float) -> None:
        self.end = time.monotonic() + seconds

    def left(self, timeout: float | None) -> float:
        """Return the time a single operation may take; raise Overtime when none is left."""
        remaining = self.end - time.monotonic()
        if remaining <= 0:
            raise Overtime
        return remaining if timeout is None else min(timeout, remaining)


class DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every operation waits only what ``left(timeout)`` allows.

    ``left`` raises when no time is left; it is a fetch's own deadline here and the
    deadline of the current SDK request in ``networks.deadline``.
    """

    def __init__(self, inner: httpcore.NetworkStream, left: Callable[[float | None], float]):
        self._inner = inner
        self._left = left

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._left(timeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(
        self, ssl_context: Any, server_hostname: str | None = None, timeout: float | None = None
    ) -> httpcore.NetworkStream:
        tls = self._inner.start_tls(ssl_context, server_hostname, self._left(timeout))
        return DeadlineStream(tls, self._left)

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _Backend(httpcore.NetworkBackend):
    """Resolve, check, then connect to the checked address, within the deadline."""

    def __init__(self, *, allow_private: bool, deadline: _Deadline) -> None:
        self._allow_private = allow_private
        self._deadline = deadline
        self._plain = httpcore.SyncBackend()

    def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        self._deadline.left(timeout)
        try:
            found = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host} ({exc})") from None
        addresses = list(dict.fromkeys(str(info[4][0]) for info in found))
        if not self._allow_private:
            for address in addresses:
                if is_internal(address):
                    raise Refused(host, address)
        error: Exception = httpcore.ConnectError(f"{host} has no address")
        for address in addresses:
            try:
                stream = self._plain.connect_tcp(
                    address,
                    port,
                    timeout=self._deadline.left(timeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout) as exc:
                error = exc
                continue
            return DeadlineStream(stream, self._deadline.left)
        raise error

    def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.NetworkStream:
        raise httpcore.ConnectError("unix sockets are not used")

    def sleep(self, seconds: float) -> None:
        time.sleep(min(seconds, self._deadline.left(None)))


class _Transport(httpx.HTTPTransport):
    """httpx's own transport over the guarded backend (its pool is the one thing swapped)."""

    def __init__(self, backend: _Backend) -> None:
        super().__init__(trust_env=False)
        # httpx.HTTPTransport takes no network backend, so its pool is rebuilt with one;
        # everything else (request/response mapping, exception mapping) stays httpx's.
        self._pool = httpcore.ConnectionPool(
            ssl_context=httpx.create_ssl_context(trust_env=False),
            network_backend=backend,
        )


def guarded_transport(*, allow_private: bool, seconds: float) -> httpx.BaseTransport:
    """Return a transport that connects only to public addresses and ends within ``seconds``."""
    return _Transport(_Backend(allow_private=allow_private, deadline=_Deadline(seconds)))
