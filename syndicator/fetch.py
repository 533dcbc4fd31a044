"""Read bytes from a local path or an http(s) URL, bounded in size, time and reach.

A URL is fetched only from public addresses (``netguard``), redirects are followed
here, at most ``MAX_REDIRECTS`` of them, each hop checked again, and the whole
fetch (every hop, headers and body) ends within ``timeout`` seconds. A path can be
confined to folders (``inside``): it must resolve, symlinks followed, into one of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urljoin, urlsplit

__all__ = [
    "DEFAULT_MAX_BYTES",
    "DEFAULT_TIMEOUT",
    "MAX_REDIRECTS",
    "FetchError",
    "confined",
    "is_url",
    "read_bytes",
    "read_capped",
]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
MAX_REDIRECTS = 5
USER_AGENT = "syndicator (+https://pypi.org/project/syndicator/)"
_REDIRECTS = frozenset({301, 302, 303, 307, 308})
_PRIVATE_HINT = "set allow_private_addresses: true in the config to allow it"


class FetchError(Exception):
    """Reading a path or URL failed; the message says what and where."""


def is_url(source: str) -> bool:
    """Tell whether ``source`` is an http(s) URL rather than a path."""
    return source.startswith(("http://", "https://"))


def read_bytes(
    source: str | Path,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    timeout: float = DEFAULT_TIMEOUT,
    base: Path | None = None,
    inside: Sequence[Path] | None = None,
    allow_private: bool = False,
) -> bytes:
    """Return the bytes at ``source`` (path, relative to ``base`` if given, or URL).

    ``inside``, when given, lists the only folders a path may resolve into.
    ``allow_private`` lets a URL reach loopback and private addresses.
    """
    text = str(source)
    if is_url(text):
        return _read_url(text, max_bytes=max_bytes, timeout=timeout, allow_private=allow_private)
    path = Path(text).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    if inside is not None:
        path = confined(path, text, inside)
    try:
        with path.open("rb") as handle:
            return read_capped(handle, max_bytes, where=str(path))
    except FileNotFoundError:
        raise FetchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FetchError(f"{path}: is a directory, expected a file") from None
    except OSError as exc:
        raise FetchError(f"{path}: {exc.strerror or exc}") from None


def read_capped(handle: BinaryIO, max_bytes: int, *, where: str) -> bytes:
    """Read a binary file object whole, but never more than ``max_bytes`` + 1 bytes."""
    data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise FetchError(f"{where}: more than the {max_bytes} bytes allowed")
    return data


def confined(path: Path, named: str, inside: Sequence[Path]) -> Path:
    """Return ``path`` resolved; raise FetchError unless it lies inside one of ``inside``."""
    try:
        real = path.resolve()
    except (OSError, RuntimeError) as exc:  # RuntimeError: a symlink loop
        raise FetchError(f"{named}: cannot be resolved ({exc})") from None
    for folder in inside:
        if real.is_relative_to(folder.expanduser().resolve()):
            return real
    if not inside:
        raise FetchError(
            f"{named}: a local file, but this article's source is a URL or stdin; "
            "use an http(s) image, or list its folder in allow_files_in"
        )
    where = ", ".join(str(folder) for folder in inside)
    raise FetchError(
        f"{named}: outside the site folder ({where}); move it into the site, "
        "or list its folder in allow_files_in"
    )


def _read_url(url: str, *, max_bytes: int, timeout: float, allow_private: bool) -> bytes:
    import httpx  # lazy: only runs that fetch pay for it

    from .netguard import Overtime, Refused, guarded_transport

    transport = guarded_transport(allow_private=allow_private, seconds=timeout)
    current = url
    try:
        with httpx.Client(
            transport=transport,
            timeout=timeout,
            follow_redirects=False,
            trust_env=False,
            headers={"User-Agent": USER_AGENT},
        ) as client:
            for _ in range(MAX_REDIRECTS + 1):
                with client.stream("GET", current) as response:
                    location = response.headers.get("location")
                    if response.status_code in _REDIRECTS and location:
                        current = _next_hop(url, current, location)
                        continue
                    if response.status_code >= 400:
                        raise FetchError(
                            f"{url}: HTTP {response.status_code} {response.reason_phrase}"
                        )
                    chunks: list[bytes] = []
                    total = 0
                    for chunk in response.iter_bytes():
                        total += len(chunk)
                        if total > max_bytes:
                            raise FetchError(f"{url}: larger than the {max_bytes} bytes allowed")
                        chunks.append(chunk)
                    return b"".join(chunks)
            raise FetchError(f"{url}: more than {MAX_REDIRECTS} redirects; give the final address")
    except Refused as exc:
        hop = "" if current == url else f" (redirected to {current})"
        raise FetchError(f"{url}{hop}: refused: {exc}; {_PRIVATE_HINT}") from None
    except (Overtime, httpx.TimeoutException):
        raise FetchError(f"{url}: no answer within {timeout:g} s (the whole exchange)") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot be reached ({exc.__class__.__name__}: {exc})") from None


def _next_hop(url: str, current: str, location: str) -> str:
    """Return where a redirect points, absolute; only http(s) is followed."""
    target = urljoin(current, location.strip())
    if urlsplit(target).scheme not in ("http", "https"):
        raise FetchError(f"{url}: redirected to {target!r}, not an http(s) address")
    return target
