"""Read bytes from a local path or an http(s) URL, bounded in size and time."""

from __future__ import annotations

from pathlib import Path

__all__ = ["DEFAULT_MAX_BYTES", "DEFAULT_TIMEOUT", "FetchError", "is_url", "read_bytes"]

DEFAULT_MAX_BYTES = 20 * 1024 * 1024
DEFAULT_TIMEOUT = 20.0
USER_AGENT = "syndicator (+https://pypi.org/project/syndicator/)"


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
) -> bytes:
    """Return the bytes at ``source`` (path, relative to ``base`` if given, or URL)."""
    text = str(source)
    if is_url(text):
        return _read_url(text, max_bytes=max_bytes, timeout=timeout)
    path = Path(text).expanduser()
    if base is not None and not path.is_absolute():
        path = base / path
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise FetchError(f"{path}: {size} bytes, more than the {max_bytes} allowed")
        return path.read_bytes()
    except FileNotFoundError:
        raise FetchError(f"{path}: no such file") from None
    except IsADirectoryError:
        raise FetchError(f"{path}: is a directory, expected a file") from None
    except OSError as exc:
        raise FetchError(f"{path}: {exc.strerror or exc}") from None


def _read_url(url: str, *, max_bytes: int, timeout: float) -> bytes:
    import httpx  # lazy: only runs that fetch pay for it

    try:
        with (
            httpx.Client(
                timeout=timeout, follow_redirects=True, headers={"User-Agent": USER_AGENT}
            ) as client,
            client.stream("GET", url) as response,
        ):
            if response.status_code >= 400:
                raise FetchError(f"{url}: HTTP {response.status_code} {response.reason_phrase}")
            chunks: list[bytes] = []
            total = 0
            for chunk in response.iter_bytes():
                total += len(chunk)
                if total > max_bytes:
                    raise FetchError(f"{url}: larger than the {max_bytes} bytes allowed")
                chunks.append(chunk)
            return b"".join(chunks)
    except httpx.TimeoutException:
        raise FetchError(f"{url}: no answer within {timeout:g} s") from None
    except httpx.HTTPError as exc:
        raise FetchError(f"{url}: cannot be reached ({exc.__class__.__name__}: {exc})") from None
