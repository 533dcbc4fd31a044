"""Secrets never reach a message, a log line or a report."""

from __future__ import annotations

import logging
import re

import pytest

from syndicator.redact import RedactingFilter, redact, register_secret


def test_registered_secret_is_masked_everywhere_it_appears() -> None:
    register_secret("app-pass-1234-abcd")
    assert redact("login app-pass-1234-abcd failed (app-pass-1234-abcd)") == (
        "login ******** failed (********)"
    )


@pytest.mark.parametrize(
    "text",
    [
        "Authorization: Bearer abcDEF123456",
        "headers={'Authorization': 'OAuth oauth_consumer_key=zzz'}",
        "https://m.test/api?access_token=abcdef123&x=1",
        'oauth_signature="c2lnbmF0dXJl"',
        "password: hunter2hunter2",
    ],
)
def test_token_shapes_are_masked_even_when_unregistered(text: str) -> None:
    masked = redact(text)
    assert "********" in masked
    for secret in ("abcDEF123456", "zzz", "abcdef123", "c2lnbmF0dXJl", "hunter2hunter2"):
        assert secret not in masked


def test_log_records_are_redacted(caplog: pytest.LogCaptureFixture) -> None:
    register_secret("tok-logged-secret")
    logger = logging.getLogger("syndicator.test")
    logger.addFilter(RedactingFilter())
    with caplog.at_level(logging.WARNING, logger="syndicator.test"):
        logger.warning("refused %s", "tok-logged-secret")
    assert "tok-logged-secret" not in caplog.text
    assert "refused ********" in caplog.text


def test_tracebacks_in_logs_are_redacted_too(capsys: pytest.CaptureFixture[str]) -> None:
    register_secret("tok-in-a-traceback")
    logger = logging.getLogger("syndicator.test.traceback")
    handler = logging.StreamHandler()
    handler.addFilter(RedactingFilter())
    logger.addHandler(handler)
    try:
        raise RuntimeError("request failed: Authorization: Bearer tok-in-a-traceback")
    except RuntimeError:
        logger.exception("unexpected error")
    finally:
        logger.removeHandler(handler)
    err = capsys.readouterr().err
    assert "RuntimeError: request failed" in err
    assert "tok-in-a-traceback" not in err


def _forms(secret: str) -> dict[str, str]:
    import base64
    import json
    from urllib.parse import quote, quote_plus

    raw = secret.encode("utf-8")
    return {
        "percent": quote(secret, safe=""),
        "percent-path": quote(secret),
        "percent-lower": re.sub(r"%[0-9A-F]{2}", lambda m: m.group().lower(), quote(secret)),
        "plus": quote_plus(secret),
        "json": json.dumps(secret)[1:-1],
        "json-ascii": json.dumps(secret, ensure_ascii=True)[1:-1],
        "base64": base64.b64encode(raw).decode(),
        "base64-bare": base64.b64encode(raw).decode().rstrip("="),
        "base64url": base64.urlsafe_b64encode(raw).decode(),
        "base64url-bare": base64.urlsafe_b64encode(raw).decode().rstrip("="),
    }


TRICKY = 'Zq8/"k+9=w&v x~Lp\\é'


@pytest.mark.parametrize("form", _forms(TRICKY).keys())
def test_every_encoding_of_a_secret_is_masked(form: str) -> None:
    register_secret(TRICKY)
    encoded = _forms(TRICKY)[form]
    assert encoded != TRICKY
    assert encoded not in redact(f"server said: bad token {encoded}!")
