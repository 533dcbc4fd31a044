"""Keep secrets out of every message, log line, report and state row.

Config registers each secret it reads from the environment; ``redact`` replaces
every registered value (and obvious bearer/authorization tokens) in a text.
"""

from __future__ import annotations

import logging
import re
import threading

__all__ = ["RedactingFilter", "redact", "register_secret"]

_MASK = "********"
_lock = threading.Lock()
_secrets: set[str] = set()
# Tokens that may show up in SDK error texts even when we never registered them.
_PATTERNS = re.compile(
    r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:bearer|oauth)\s+)[^\s\"',]+"
    r"|(access_token=|oauth_signature=\"?|password[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,]+"
)


def register_secret(value: str | None) -> None:
    """Remember ``value`` so that ``redact`` masks it (ignores short values)."""
    if value and len(value) >= 4:
        with _lock:
            _secrets.add(value)


def redact(text: str) -> str:
    """Return ``text`` with every registered secret and token-looking value masked."""
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, _MASK)
    return _PATTERNS.sub(lambda m: (m.group(1) or m.group(2)) + _MASK, text)


class RedactingFilter(logging.Filter):
    """A logging filter that redacts each record's rendered message."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            # A traceback is formatted after filtering: format it here, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
