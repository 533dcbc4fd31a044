"""Where the state lives: a SQLite file (a path) or a PostgreSQL database (a URL).

``--state``, the config's ``state:`` and ``SYNDICATOR_STATE`` take either. A URL is
read as libpq reads it (``sslmode``, ``PGPASSWORD``, ``~/.pgpass`` included); a
password in it is registered for redaction as soon as the URL is seen, and ``shown``
is the form every message prints. Nothing here imports a database driver, nor the
posting machinery: the config reads its ``state:`` setting with it.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from .redact import register_secret

__all__ = ["StateTarget", "is_database_url", "shown", "state_target"]

_SCHEMES = ("postgresql", "postgres")
_MASK = "********"

#: A state is a file path or a PostgreSQL URL (a ``str``).
StateTarget = Path | str


def is_database_url(value: str | Path) -> bool:
    """Tell whether ``value`` names a PostgreSQL database rather than a file."""
    return isinstance(value, str) and value.split(":", 1)[0].lower() in _SCHEMES


def state_target(value: str | Path, *, base: Path | None = None) -> StateTarget:
    """Return a URL as it is (its password registered as a secret), else a path.

    A relative path is resolved against ``base`` (the config's folder) when given.
    """
    if is_database_url(value):
        url = str(value)
        parts = urlsplit(url)
        register_secret(parts.password)
        for key, secret in parse_qsl(parts.query):
            if key == "password":
                register_secret(secret)
        return url
    path = Path(value)
    return base / path if base is not None and not path.is_absolute() else path


def shown(target: StateTarget) -> str:
    """Return the state's name as messages print it: a URL's password masked."""
    if isinstance(target, Path):
        return str(target)
    parts = urlsplit(target)
    netloc = parts.netloc
    if parts.password is not None:
        user, _, host = netloc.rpartition("@")
        netloc = f"{user.split(':', 1)[0]}:{_MASK}@{host}"
    query = urlencode(
        [(k, _MASK if k == "password" else v) for k, v in parse_qsl(parts.query)], safe="*"
    )
    return urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
