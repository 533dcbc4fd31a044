"""Keep secrets out of every message, log line, report and state row.

Config registers each secret it reads from the environment; ``redact`` replaces
every registered value (and obvious bearer/authorization tokens) in a text.
"""

from __future__ import annotations

import re
import threading
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from logging import LogRecord

__all__ = ["RedactingFilter", "encodings", "redact", "register_secret"]

_MASK = "********"
_lock = threading.Lock()
_secrets: set[str] = set()
# The patterns are kept as text: ``re`` compiles each once, on first use (its cache),
# rather than at every start of the command line, which imports this module.
_HEX = r"%[0-9A-F]{2}"
# Tokens that may show up in SDK error texts even when we never registered them.
_PATTERNS = (
    r"(?i)(authorization[\"']?\s*[:=]\s*[\"']?(?:bearer|oauth)\s+)[^\s\"',]+"
    r"|(access_token=|oauth_signature=\"?|password[\"']?\s*[:=]\s*[\"']?)[^\s\"'&,]+"
)


def register_secret(value: str | None) -> None:
    """Remember ``value`` and its encoded forms so that ``redact`` masks them all.

    Servers echo what they were sent: a token may come back percent-encoded (from a
    query string or a form), JSON-escaped or in base64. Short values are ignored.
    """
    if value and len(value) >= 4:
        forms = {form for form in encodings(value) if len(form) >= 4}
        with _lock:
            _secrets.update(forms)


def encodings(secret: str) -> set[str]:
    """Return ``secret`` and the forms it takes in URLs, JSON and base64."""
    import base64  # here, not at import: only a run that reads secrets needs them
    import json
    from urllib.parse import quote, quote_plus

    raw = secret.encode("utf-8")
    percent = {quote(secret, safe=""), quote(secret), quote_plus(secret)}
    lower = {re.sub(_HEX, lambda m: m.group().lower(), form) for form in percent}
    json_forms = {json.dumps(secret)[1:-1], json.dumps(secret, ensure_ascii=False)[1:-1]}
    b64 = {base64.b64encode(raw).decode(), base64.urlsafe_b64encode(raw).decode()}
    bare = {form.rstrip("=") for form in b64}
    return {secret} | percent | lower | json_forms | b64 | bare


def redact(text: str) -> str:
    """Return ``text`` with every registered secret and token-looking value masked."""
    with _lock:
        secrets = sorted(_secrets, key=len, reverse=True)
    for secret in secrets:
        if secret in text:
            text = text.replace(secret, _MASK)
    return re.sub(_PATTERNS, lambda m: (m.group(1) or m.group(2)) + _MASK, text)


class RedactingFilter:
    """A logging filter that redacts each record's rendered message.

    Any object with this ``filter`` method is a filter to ``logging``: not subclassing
    ``logging.Filter`` keeps ``logging`` out of a start that never logs.
    """

    def filter(self, record: LogRecord) -> bool:
        """Redact the record's message and traceback in place; keep the record."""
        record.msg = redact(record.getMessage())
        record.args = None
        if record.exc_info:
            import logging

            # A traceback is formatted after filtering: format it here, redacted.
            record.exc_text = redact(logging.Formatter().formatException(record.exc_info))
            record.exc_info = None
        return True
