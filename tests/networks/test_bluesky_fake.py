"""The Bluesky adapter against an HTTP-level fake: what a real PDS will not do on demand.

The SDK runs for real; respx answers its requests with the shapes and headers of the
XRPC endpoints (429 with ``RateLimit-*``, timeouts, 5xx, 413). Also the parts that need
no server: TIDs, record checks, configuration, and that nothing is imported or read
before it is needed.
"""

from __future__ import annotations

import base64
import json
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

from syndicator.config import parse_config
from syndicator.errors import AuthError, PostingQuota, RateLimited, Rejected, Unavailable
from syndicator.models import Facet, Image, LinkCard, Part, Post
from syndicator.networks.bluesky import tid
from syndicator.networks.bluesky.adapter import BlueskyNetwork
from syndicator.networks.bluesky.records import created_at_times

# The SDK uploads blobs with httpx's deprecated ``data=<bytes>``: not ours to fix.
pytestmark = pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning")

SERVICE = "https://pds.fake.test"
DID = "did:plc:ewvi7nxzyoun6zhxrhs64oiz"
HANDLE = "alice.fake.test"
PASSWORD = "abcd-efgh-ijkl-mnop"
NOT_FOUND = {"error": "RecordNotFound", "message": "Could not locate record"}


def _b64(data: dict[str, Any]) -> str:
    return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()


def fake_jwt(lifetime: int) -> str:
    now = int(time.time())
    header = _b64({"alg": "ES256K", "typ": "at+jwt"})
    claims = {"scope": "com.atproto.appPass", "sub": DID, "iat": now, "exp": now + lifetime}
    return f"{header}.{_b64(claims)}.c2lnbmF0dXJl"


def session_answer() -> dict[str, Any]:
    return {
        "did": DID,
        "handle": HANDLE,
        "accessJwt": fake_jwt(7200),
        "refreshJwt": fake_jwt(90 * 86400),
        "active": True,
    }


def simple_post(text: str = "Bonjour à tous", **changes: Any) -> Post:
    fields: dict[str, Any] = {
        "network": "bluesky",
        "article_id": "a1",
        "url": "https://www.example.fr/a1",
        "limit": 300,
        "lang": "fr",
        "parts": (Part(text=text, length=len(text)),),
    }
    fields.update(changes)
    return Post(**fields)


def network(tmp_path: Path, **changes: Any) -> BlueskyNetwork:
    options: dict[str, Any] = {
        "handle": HANDLE,
        "app_password": PASSWORD,
        "service": SERVICE,
        "session_path": tmp_path / "bluesky-session",
        "timeout": 10.0,
    }
    options.update(changes)
    return BlueskyNetwork(**options)


@pytest.fixture
def fake() -> Iterator[respx.MockRouter]:
    """A PDS that logs in, and has no post yet; tests add what they need."""
    with respx.mock(base_url=f"{SERVICE}/xrpc", assert_all_called=False) as router:
        router.post("/com.atproto.server.createSession", name="login").respond(
            200, json=session_answer()
        )
        router.get("/com.atproto.repo.getRecord", name="get").respond(400, json=NOT_FOUND)
        yield router


def limit_headers(reset: int, policy: str) -> dict[str, str]:
    return {
        "RateLimit-Limit": policy.split(";", maxsplit=1)[0],
        "RateLimit-Remaining": "0",
        "RateLimit-Reset": str(reset),
        "RateLimit-Policy": policy,
    }


# -- rate limits, timeouts, server failures -------------------------------------------------


def test_a_429_on_create_gives_the_reset_time(fake: respx.MockRouter, tmp_path: Path) -> None:
    reset = int(time.time()) + 1800
    create = fake.post("/com.atproto.repo.createRecord").respond(
        429,
        json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers=limit_headers(reset, "5000;w=3600"),
    )

    with pytest.raises(RateLimited) as caught:
        network(tmp_path).publish(simple_post(), key=tid.new_tid())

    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert "RateLimitExceeded" in str(caught.value)
    assert create.call_count == 1  # no retry loop, no sleeping


def test_a_429_on_login_explains_the_login_limit(fake: respx.MockRouter, tmp_path: Path) -> None:
    reset = int(time.time()) + 300
    fake.routes["login"].respond(
        429,
        json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers=limit_headers(reset, "30;w=300"),
    )

    with pytest.raises(RateLimited) as caught:
        network(tmp_path).check()

    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert "30 per 5 minutes" in str(caught.value)


def test_a_429_with_only_retry_after_still_says_when(
    fake: respx.MockRouter, tmp_path: Path
) -> None:
    fake.post("/com.atproto.repo.createRecord").respond(
        429, json={"error": "RateLimitExceeded"}, headers={"Retry-After": "120"}
    )

    with pytest.raises(RateLimited) as caught:
        network(tmp_path).publish(simple_post(), key=tid.new_tid())

    assert caught.value.retry_at is not None
    expected = datetime.now(UTC) + timedelta(seconds=120)
    assert abs((caught.value.retry_at - expected).total_seconds()) < 5


@pytest.mark.parametrize(
    "headers",
    [
        {"RateLimit-Remaining": "0", "RateLimit-Reset": "253402300799"},  # year 9999
        {"RateLimit-Remaining": "0", "RateLimit-Reset": "99999999999999999999"},
        {"RateLimit-Remaining": "0", "RateLimit-Reset": ""},
        {"Retry-After": "1e300"},
        {"Retry-After": "99999999999"},
    ],
    ids=["year-9999", "overflow", "empty", "retry-after-huge", "retry-after-years"],
)
def test_a_429_with_an_absurd_reset_is_retried_next_run(
    fake: respx.MockRouter, tmp_path: Path, headers: dict[str, str]
) -> None:
    fake.post("/com.atproto.repo.createRecord").respond(
        429, json={"error": "RateLimitExceeded"}, headers=headers
    )
    with pytest.raises(RateLimited) as caught:
        network(tmp_path).publish(simple_post(), key=tid.new_tid())
    assert caught.value.retry_at is None


def test_a_create_that_times_out_and_did_not_land_is_unavailable(
    fake: respx.MockRouter, tmp_path: Path
) -> None:
    create = fake.post("/com.atproto.repo.createRecord").mock(
        side_effect=httpx.ReadTimeout("timed out")
    )

    with pytest.raises(Unavailable, match=r"no answer from https://pds\.fake\.test within 10 s"):
        network(tmp_path).publish(simple_post(), key=tid.new_tid())

    assert create.call_count == 1
    assert fake.routes["get"].call_count == 2  # before creating, and after the timeout


def test_a_create_that_times_out_but_landed_is_found(
    fake: respx.MockRouter, tmp_path: Path
) -> None:
    key = tid.new_tid()
    uri = f"at://{DID}/app.bsky.feed.post/{key}"
    cid = "bafyreie5737gdxlw5i64vzichcalba3z2v5n6icifvx5xytvske7mr3hpm"
    fake.routes["get"].side_effect = [
        httpx.Response(400, json=NOT_FOUND),
        httpx.Response(200, json={"uri": uri, "cid": cid, "value": {"text": "x"}}),
    ]
    fake.post("/com.atproto.repo.createRecord").mock(side_effect=httpx.ReadTimeout("lost"))

    published = network(tmp_path).publish(simple_post(), key=key)

    assert published.id == uri
    assert published.url == f"https://bsky.app/profile/{HANDLE}/post/{key}"


def test_a_login_that_times_out_is_unavailable(fake: respx.MockRouter, tmp_path: Path) -> None:
    fake.routes["login"].mock(side_effect=httpx.ConnectTimeout("timed out"))

    with pytest.raises(Unavailable, match="try again later"):
        network(tmp_path).check()


def test_a_refused_connection_is_unavailable(fake: respx.MockRouter, tmp_path: Path) -> None:
    fake.routes["login"].mock(side_effect=httpx.ConnectError("connection refused"))

    with pytest.raises(Unavailable, match="ConnectError"):
        network(tmp_path).check()


@pytest.mark.parametrize("status", [500, 502, 503])
def test_a_server_error_is_unavailable(fake: respx.MockRouter, tmp_path: Path, status: int) -> None:
    fake.routes["get"].respond(status, json={"error": "InternalServerError"})

    with pytest.raises(Unavailable, match="try again later"):
        network(tmp_path).publish(simple_post(), key=tid.new_tid())


def test_an_upload_too_large_is_rejected(fake: respx.MockRouter, tmp_path: Path) -> None:
    fake.post("/com.atproto.repo.uploadBlob").respond(
        413, json={"error": "PayloadTooLarge", "message": "request entity too large"}
    )
    image = Path(__file__).resolve().parent.parent / "fixtures" / "threads-musk-meta.jpg"
    post = simple_post(media=(Image(source=str(image), alt="logos", roots=(str(image.parent),)),))

    with pytest.raises(Rejected, match="max_image_bytes"):
        network(tmp_path).publish(post, key=tid.new_tid())


def test_a_record_the_pds_refuses_keeps_its_message(fake: respx.MockRouter, tmp_path: Path) -> None:
    message = "Invalid app.bsky.feed.post record: Record/langs/0 must be a valid language"
    fake.post("/com.atproto.repo.createRecord").respond(
        400, json={"error": "InvalidRequest", "message": message}
    )

    with pytest.raises(Rejected) as caught:
        network(tmp_path).publish(simple_post(lang="xx-!"), key=tid.new_tid())

    assert caught.value.reason == f"InvalidRequest: {message}"


def test_a_refused_login_never_repeats_the_password(fake: respx.MockRouter, tmp_path: Path) -> None:
    fake.routes["login"].respond(
        401,
        json={"error": "AuthenticationRequired", "message": f"Invalid password {PASSWORD}"},
    )

    with pytest.raises(AuthError) as caught:
        network(tmp_path).check()

    assert PASSWORD not in str(caught.value)
    assert "BLUESKY_APP_PASSWORD" in str(caught.value)


def test_an_expired_token_during_publish_is_an_auth_error(
    fake: respx.MockRouter, tmp_path: Path
) -> None:
    fake.post("/com.atproto.repo.createRecord").respond(
        400, json={"error": "ExpiredToken", "message": "Token has expired"}
    )

    with pytest.raises(AuthError, match="ExpiredToken"):
        network(tmp_path).publish(simple_post(), key=tid.new_tid())


# -- checks made before any request --------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "why"),
    [(0, 99, "outside the text"), (5, 3, "outside the text"), (0, 1, "cuts a character")],
)
def test_bad_facets_are_rejected_before_any_request(
    fake: respx.MockRouter, tmp_path: Path, start: int, end: int, why: str
) -> None:
    text = "été 2023"  # "é" is two bytes: byte 1 is inside it
    post = simple_post(parts=(Part(text=text, length=8, facets=(Facet(start, end, "tag", "x"),)),))

    with pytest.raises(Rejected, match=why):
        network(tmp_path).publish(post, key=tid.new_tid())

    assert not fake.calls


def test_more_than_four_images_are_rejected_before_any_request(
    fake: respx.MockRouter, tmp_path: Path
) -> None:
    post = simple_post(media=tuple(Image(source=f"/nowhere/{i}.jpg") for i in range(5)))

    with pytest.raises(Rejected, match="at most 4"):
        network(tmp_path).publish(post, key=tid.new_tid())

    assert not fake.calls


def test_a_key_that_is_not_a_tid_is_refused(fake: respx.MockRouter, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not a TID"):
        network(tmp_path).publish(simple_post(), key="not-a-tid")
    assert not fake.calls


# -- sessions --------------------------------------------------------------------------------


def test_a_saved_session_is_reused_and_an_old_file_is_made_private(
    fake: respx.MockRouter, tmp_path: Path
) -> None:
    session_file = tmp_path / "bluesky-session"
    session_file.write_text("not json")
    session_file.chmod(0o644)
    fake.get("/com.atproto.server.getSession").respond(200, json={"did": DID, "handle": HANDLE})

    assert network(tmp_path).check() == {"account": HANDLE, "did": DID, "service": SERVICE}
    assert fake.routes["login"].call_count == 1
    assert session_file.stat().st_mode & 0o777 == 0o600
    assert PASSWORD not in session_file.read_text()

    assert network(tmp_path).check()["did"] == DID
    assert fake.routes["login"].call_count == 1  # the second run reused the session


def test_a_saved_session_for_another_service_is_not_used(
    fake: respx.MockRouter, tmp_path: Path
) -> None:
    network(tmp_path).check()
    saved = json.loads((tmp_path / "bluesky-session").read_text())
    saved["service"] = "https://elsewhere.example"
    (tmp_path / "bluesky-session").write_text(json.dumps(saved))

    network(tmp_path).check()

    assert fake.routes["login"].call_count == 2


# -- construction, configuration, limits -------------------------------------------------


def test_construction_does_no_io_and_hides_the_password(tmp_path: Path) -> None:
    with respx.mock() as router:  # any request would fail: none is mocked
        adapter = network(tmp_path / "missing")
        assert not router.calls
    assert not (tmp_path / "missing").exists()
    assert PASSWORD not in repr(adapter)
    assert adapter.name == "bluesky"


def test_from_config_reads_the_environment_and_places_the_session(tmp_path: Path) -> None:
    config = parse_config({"networks": {"bluesky": {"max_image_bytes": 900_000}}}, base=tmp_path)
    environ = {
        "BLUESKY_HANDLE": HANDLE,
        "BLUESKY_APP_PASSWORD": PASSWORD,
        "BLUESKY_SERVICE": "https://pds.example.org",
    }

    adapter = BlueskyNetwork.from_config(
        config.networks["bluesky"], state_dir=tmp_path / "state", environ=environ
    )

    assert adapter.handle == HANDLE
    assert adapter.service == "https://pds.example.org"
    assert adapter.session_path == tmp_path / "state" / "bluesky-session"
    assert adapter.limits().max_image_bytes == 900_000


def test_from_config_defaults_to_bsky_social(tmp_path: Path) -> None:
    config = parse_config({}, base=tmp_path)
    environ = {"BLUESKY_HANDLE": HANDLE, "BLUESKY_APP_PASSWORD": PASSWORD}

    adapter = BlueskyNetwork.from_config(
        config.networks["bluesky"], state_dir=tmp_path, environ=environ
    )

    assert adapter.service == "https://bsky.social"
    assert adapter.limits().max_image_bytes == 1_000_000


def test_limits_are_bluesky_s(tmp_path: Path) -> None:
    limits = network(tmp_path).limits()

    assert (limits.max_characters, limits.max_bytes, limits.max_media) == (300, 3000, 4)
    assert limits.max_image_bytes == 1_000_000


def test_importing_the_adapter_does_not_import_the_sdk() -> None:
    code = (
        "import sys, syndicator.networks.bluesky.adapter;"
        "loaded = [m for m in sys.modules if m.split('.')[0].startswith('atproto')];"
        "assert not loaded, loaded"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=Path(__file__).parents[2])


# -- record keys and times ---------------------------------------------------------------


def test_new_keys_are_valid_tids_that_sort_in_creation_order(tmp_path: Path) -> None:
    adapter = network(tmp_path)
    keys = [adapter.new_key("a") for _ in range(50)]

    assert all(tid.is_tid(key) and len(key) == 13 for key in keys)
    assert keys == sorted(keys)
    assert len(set(keys)) == 50


def test_reply_keys_follow_the_key_by_microseconds_and_never_meet_the_next_key() -> None:
    first, second = tid.new_tid(), tid.new_tid()
    replies = [tid.offset_tid(first, i) for i in range(20)]

    assert replies[0] == first
    assert replies == sorted(replies)
    assert all(tid.is_tid(r) for r in replies)
    assert replies[-1] < second


def test_tids_encode_the_documented_layout() -> None:
    # atproto.com/specs/tid: 53 bits of microseconds, 10 bits of clock id.
    assert tid.new_tid(now_us=0, clock_id=0) > "2222222222222"
    # 1 µs = 1 << 10 = 1 * 32**2: the third character from the right becomes "3"
    assert tid.offset_tid("2222222222222", 1) == "2222222222322"


def test_created_at_times_are_strictly_increasing() -> None:
    start = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)
    times = list(created_at_times(3, now=start))

    assert times == [
        "2026-11-28T12:00:00.000000Z",
        "2026-11-28T12:00:00.000001Z",
        "2026-11-28T12:00:00.000002Z",
    ]


def test_a_card_without_a_thumbnail_needs_no_upload(fake: respx.MockRouter, tmp_path: Path) -> None:
    key = tid.new_tid()
    create = fake.post("/com.atproto.repo.createRecord").respond(
        200, json={"uri": f"at://{DID}/app.bsky.feed.post/{key}", "cid": "bafyreiabc"}
    )
    card = LinkCard(url="https://www.example.fr/a1", title="Titre", description="Résumé")

    network(tmp_path).publish(simple_post(card=card), key=key)

    sent = json.loads(create.calls.last.request.content)
    assert sent["rkey"] == key
    assert sent["record"]["embed"]["external"] == {
        "uri": "https://www.example.fr/a1",
        "title": "Titre",
        "description": "Résumé",
    } | {k: v for k, v in sent["record"]["embed"]["external"].items() if k == "$type"}
    assert sent["record"]["langs"] == ["fr"]


def test_a_spent_write_quota_is_a_posting_quota(fake: respx.MockRouter, tmp_path: Path) -> None:
    reset = int(time.time()) + 3000
    fake.post("/com.atproto.repo.createRecord").respond(
        429,
        json={"error": "RateLimitExceeded", "message": "Rate Limit Exceeded"},
        headers=limit_headers(reset, "5000;w=3600"),
    )
    with pytest.raises(PostingQuota) as caught:
        network(tmp_path).publish(simple_post(), key=tid.new_tid())
    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert "write quota is used up" in str(caught.value)
    assert "policy 5000;w=3600" in str(caught.value)
