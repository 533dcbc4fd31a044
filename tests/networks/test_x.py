"""The X adapter, with tweepy and the media code running for real against an HTTP fake."""

from __future__ import annotations

import io
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import requests
import responses

from syndicator.config import parse_config
from syndicator.errors import (
    AuthError,
    CannotTell,
    DailyCap,
    Duplicate,
    MissingCredential,
    NetworkError,
    OutOfCredits,
    RateLimited,
    Rejected,
    SpendingCap,
    Unavailable,
)
from syndicator.models import Image, Limits, Part, Post, Published
from syndicator.networks.base import Network, derive_key
from syndicator.networks.x.adapter import XNetwork
from syndicator.networks.x.media import trim_alt
from syndicator.redact import redact

from . import x_fake
from .x_fake import (
    CREDITS_DEPLETED,
    DUPLICATE,
    NOT_ENOUGH_ACCESS,
    OK,
    RATE_LIMITED,
    READ_ONLY,
    REPLY_NOT_ALLOWED,
    SECRETS,
    SERVER_ERROR,
    USAGE_CAPPED,
    USERNAME,
    Reply,
    XFake,
)

FIXTURES = Path(__file__).parent.parent / "fixtures"
ARTICLE_URL = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
ARTICLE_ID = ARTICLE_URL
IMAGE = Image(
    str(FIXTURES / "threads-musk-meta.jpg"),
    "Les logos de Threads et de Twitter côte à côte",
    roots=(str(FIXTURES),),
)
TITLE = "Threads : Elon Musk se prépare à une action en justice contre Meta"
SUMMARY = (
    "Elon Musk accuse Meta d’avoir recruté d’anciens employés de Twitter pour créer "
    "Threads et menace d’une action en justice."
)
TAGS = "#Threads #Meta #Twitter #ElonMusk #RéseauxSociaux"
TEXT = f"{TITLE}\n\n{SUMMARY}\n\n{ARTICLE_URL}\n\n{TAGS}"


def weighted(text: str) -> int:
    """Measure ``text`` as X does, with the reference implementation."""
    from twitter_text import parse_tweet

    return int(parse_tweet(text).weightedLength)


def make_post(*texts: str, media: tuple[Image, ...] = (IMAGE,), url: str = ARTICLE_URL) -> Post:
    """Build the Post compose would produce (by hand: the length engine is elsewhere)."""
    return Post(
        network="x",
        article_id=ARTICLE_ID,
        url=url,
        parts=tuple(Part(text=t, length=weighted(t)) for t in texts or (TEXT,)),
        limit=280,
        lang="fr",
        media=media,
        template="x.txt.j2",
    )


THREAD = (f"{TITLE}\n\n{ARTICLE_URL}", SUMMARY, TAGS)


@pytest.fixture
def fake() -> Iterator[XFake]:
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        yield XFake(mock)


@pytest.fixture
def x() -> XNetwork:
    return make_network()


def make_network(**overrides: str) -> XNetwork:
    values = {
        "api_key": x_fake.CONSUMER_KEY,
        "api_secret": x_fake.CONSUMER_SECRET,
        "access_token": x_fake.ACCESS_TOKEN,
        "access_token_secret": x_fake.ACCESS_TOKEN_SECRET,
    }
    return XNetwork(**(values | overrides), timeout=12.5)


def assert_no_secret(message: str) -> None:
    for secret in SECRETS:
        assert secret not in message
    assert "oauth_signature" not in message


# -- the contract ----------------------------------------------------------------------


def test_is_a_network_with_documented_limits(x: XNetwork) -> None:
    assert isinstance(x, Network)
    assert x.name == "x"
    assert x.limits() == Limits(
        max_characters=280, url_length=23, max_media=4, max_image_bytes=5_000_000, max_alt=1000
    )
    assert x.new_key(ARTICLE_ID) == derive_key(ARTICLE_ID, "x")


def test_repr_holds_no_secret(x: XNetwork) -> None:
    assert_no_secret(repr(x))


def test_from_config_reads_the_four_variables_and_the_limit(tmp_path: Path) -> None:
    config = parse_config({"networks": {"x": {"max_characters": 25_000}}}, base=tmp_path)
    environ = {
        "X_API_KEY": x_fake.CONSUMER_KEY,
        "X_API_SECRET": x_fake.CONSUMER_SECRET,
        "X_ACCESS_TOKEN": x_fake.ACCESS_TOKEN,
        "X_ACCESS_TOKEN_SECRET": x_fake.ACCESS_TOKEN_SECRET,
    }
    network = XNetwork.from_config(config.networks["x"], state_dir=tmp_path, environ=environ)
    assert network.limits().max_characters == 25_000
    assert redact(f"key {x_fake.CONSUMER_SECRET}") == "key ********"
    with pytest.raises(MissingCredential, match="X_ACCESS_TOKEN_SECRET"):
        XNetwork.from_config(
            config.networks["x"],
            state_dir=tmp_path,
            environ={k: v for k, v in environ.items() if k != "X_ACCESS_TOKEN_SECRET"},
        )


def test_importing_the_adapter_imports_no_sdk() -> None:
    code = (
        "import sys, syndicator.networks.x.adapter as m; m.XNetwork(api_key='a', api_secret='b',"
        " access_token='c', access_token_secret='d').limits();"
        " assert not {'tweepy', 'requests_oauthlib'} & set(sys.modules), sys.modules.keys()"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- publishing ------------------------------------------------------------------------


def test_example_article_fits_280_weighted_characters() -> None:
    assert weighted(TEXT) <= 280
    assert "’" in TEXT


def test_publish_example_article_with_image_and_alt(fake: XFake, x: XNetwork) -> None:
    published = x.publish(make_post(), key=x.new_key(ARTICLE_ID))

    [tweet] = fake.tweets
    assert published == Published(
        network="x",
        id=tweet["id"],
        url=f"https://x.com/{USERNAME}/status/{tweet['id']}",
        part_ids=(tweet["id"],),
    )
    assert [r.endpoint for r in fake.received] == ["upload", "metadata", "tweets", "me"]
    upload, metadata, create, _ = fake.received
    # The multipart upload: the image under 5 MB, as a tweet_image.
    fields = upload.multipart()
    assert upload.url == "https://api.x.com/2/media/upload"
    assert upload.headers["Content-Type"].startswith("multipart/form-data")
    assert fields["media_category"][0] == b"tweet_image"
    data, filename, ctype = fields["media"]
    assert ctype == "image/jpeg"
    assert filename == "image.jpg"
    assert len(data) <= 5_000_000
    from PIL import Image as PILImage

    with PILImage.open(io.BytesIO(data)) as picture:
        assert picture.format == "JPEG"
        assert max(picture.size) <= 2048  # load_image caps the side at 2048 (2400 before)
    [media_id] = fake.media
    # The alt text, set on that media id.
    assert metadata.url == "https://api.x.com/2/media/metadata"
    assert metadata.json == {
        "id": media_id,
        "metadata": {"alt_text": {"text": "Les logos de Threads et de Twitter côte à côte"}},
    }
    # The post: text as given, the media attached, no reply.
    assert create.json == {"text": TEXT, "media": {"media_ids": [media_id]}}
    assert tweet["text"] == TEXT


def test_every_request_is_signed_with_oauth1(fake: XFake, x: XNetwork) -> None:
    x.publish(make_post(*THREAD), key="k")
    x.find(make_post(*THREAD), key="k", since=datetime.now(UTC) - timedelta(minutes=1))

    assert {r.endpoint for r in fake.received} == {"upload", "metadata", "tweets", "me", "timeline"}
    for received in fake.received:
        header = received.headers["Authorization"]
        assert header.startswith("OAuth ")
        oauth = received.oauth
        assert oauth["oauth_consumer_key"] == x_fake.CONSUMER_KEY
        assert oauth["oauth_token"] == x_fake.ACCESS_TOKEN
        assert oauth["oauth_signature_method"] == "HMAC-SHA1"
        assert oauth["oauth_signature"]
        assert received.signed, f"bad signature on {received.method} {received.url}"
        assert received.timeout == 12.5


def test_wrong_secret_is_refused_by_the_signature_check(fake: XFake) -> None:
    x = make_network(api_secret="not-the-secret-at-all")
    with pytest.raises(AuthError, match="refused the credentials") as caught:
        x.publish(make_post(media=()), key="k")
    assert not fake.received[0].signed
    assert_no_secret(str(caught.value))


def test_thread_chains_each_reply_to_the_previous_part(fake: XFake, x: XNetwork) -> None:
    published = x.publish(make_post(*THREAD), key="k")

    creates = [r.json for r in fake.calls("tweets")]
    ids = [t["id"] for t in fake.tweets]
    assert published.part_ids == tuple(ids)
    assert published.id == ids[0]
    assert published.incomplete is None
    assert creates[0] == {"text": THREAD[0], "media": {"media_ids": list(fake.media)}}
    assert creates[1] == {"text": THREAD[1], "reply": {"in_reply_to_tweet_id": ids[0]}}
    assert creates[2] == {"text": THREAD[2], "reply": {"in_reply_to_tweet_id": ids[1]}}


def test_refused_reply_leaves_the_first_post_standing(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", OK, Reply(403, REPLY_NOT_ALLOWED))

    published = x.publish(make_post(*THREAD), key="k")

    [first] = fake.tweets
    assert published.id == first["id"]
    assert published.part_ids == (first["id"],)
    assert published.url == f"https://x.com/{USERNAME}/status/{first['id']}"
    assert published.incomplete is not None
    assert "part 2 of 3 was not posted" in published.incomplete
    assert "Reply to this conversation is not allowed" in published.incomplete
    assert "will not be sent again" in published.incomplete
    assert len(fake.calls("tweets")) == 2  # refused once, not retried, part 3 not tried


def test_a_reply_failing_any_way_never_raises(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", OK, OK, Reply(503, SERVER_ERROR))

    published = x.publish(make_post(*THREAD), key="k")

    assert len(published.part_ids) == 2
    assert published.incomplete
    assert "part 3 of 3" in published.incomplete


def test_duplicate_content_is_reported_as_probably_posted(fake: XFake, x: XNetwork) -> None:
    x.publish(make_post(media=()), key="k")

    with pytest.raises(Duplicate) as caught:  # a retry after a lost answer looks like this
        x.publish(make_post(media=()), key="k")

    assert isinstance(caught.value, Rejected)
    message = str(caught.value)
    assert message.startswith("x: ")
    assert "duplicate content: it was probably posted already" in message
    assert f"check https://x.com/{USERNAME}" in message
    assert "--force" in message
    assert len(fake.tweets) == 1


def test_text_over_280_weighted_characters_is_rejected(fake: XFake, x: XNetwork) -> None:
    text = "日本語" * 47  # 141 characters, 282 weighted (CJK weighs 2, docs/platforms.md §1.1)
    with pytest.raises(Rejected, match="Your Tweet text is too long"):
        x.publish(make_post(text, media=()), key="k")
    assert fake.tweets == []


def test_invalid_request_names_the_parameter(fake: XFake, x: XNetwork) -> None:
    problem = {
        "errors": [{"parameters": {"$.text": ["x"]}, "message": "$.text: is invalid"}],
        "title": "Invalid Request",
        "detail": "One or more parameters to your request was invalid.",
        "type": "https://api.twitter.com/2/problems/invalid-request",
    }
    fake.script("tweets", Reply(400, problem))
    with pytest.raises(Rejected, match=r"\$\.text: is invalid"):
        x.publish(make_post(media=()), key="k")


def test_scripted_duplicate_403_maps_to_duplicate(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", Reply(403, DUPLICATE))
    with pytest.raises(Duplicate):
        x.publish(make_post(media=()), key="k")


def test_429_retry_at_honours_the_24_hour_headers(fake: XFake, x: XNetwork) -> None:
    now = int(time.time())
    fake.script(
        "tweets",
        Reply(
            429,
            RATE_LIMITED,
            {
                # The 15-minute window is fine; the per-user day is used up (§1.5).
                "x-rate-limit-remaining": "97",
                "x-rate-limit-reset": str(now + 600),
                "x-user-limit-24hour-limit": "17",
                "x-user-limit-24hour-remaining": "0",
                "x-user-limit-24hour-reset": str(now + 50_000),
                "x-app-limit-24hour-remaining": "9000",
                "x-app-limit-24hour-reset": str(now + 80_000),
            },
        ),
    )
    with pytest.raises(RateLimited) as caught:
        x.publish(make_post(media=()), key="k")

    assert caught.value.retry_at == datetime.fromtimestamp(now + 50_000, UTC)
    assert "24-hour per-user limit of 17 requests" in str(caught.value)
    assert "retry after" in str(caught.value)


def test_429_in_the_15_minute_window(fake: XFake, x: XNetwork) -> None:
    reset = int(time.time()) + 300
    fake.script(
        "tweets",
        Reply(429, RATE_LIMITED, {"x-rate-limit-remaining": "0", "x-rate-limit-reset": str(reset)}),
    )
    with pytest.raises(RateLimited) as caught:
        x.publish(make_post(media=()), key="k")
    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert "15-minute limit" in str(caught.value)


@pytest.mark.parametrize(
    "headers",
    [
        {"x-rate-limit-remaining": "0", "x-rate-limit-reset": "253402300799"},  # year 9999
        {"x-rate-limit-remaining": "0", "x-rate-limit-reset": "99999999999999999999"},
        {"x-rate-limit-remaining": "0", "x-rate-limit-reset": ""},
        {"x-rate-limit-remaining": "0", "x-rate-limit-reset": "soon"},
        {"x-user-limit-24hour-remaining": "0", "x-user-limit-24hour-reset": "9" * 30},
    ],
    ids=["year-9999", "overflow", "empty", "text", "24h-overflow"],
)
def test_429_with_an_absurd_reset_is_retried_next_run(
    fake: XFake, x: XNetwork, headers: dict[str, str]
) -> None:
    fake.script("tweets", Reply(429, RATE_LIMITED, headers))
    with pytest.raises(RateLimited) as caught:
        x.publish(make_post(media=()), key="k")
    assert caught.value.retry_at is None


def test_read_only_token_says_to_regenerate_it(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", Reply(403, READ_ONLY))
    with pytest.raises(AuthError) as caught:
        x.publish(make_post(media=()), key="k")
    message = str(caught.value)
    assert "Read and write" in message
    assert "regenerate the access token" in message


def test_app_outside_a_project_is_an_auth_error(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", Reply(403, NOT_ENOUGH_ACCESS))
    with pytest.raises(AuthError, match="access level includes it"):
        x.publish(make_post(media=()), key="k")


def test_usage_cap_is_a_spending_cap_without_a_retry_time(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", Reply(429, USAGE_CAPPED, {"x-rate-limit-remaining": "99"}))
    with pytest.raises(SpendingCap) as caught:
        x.publish(make_post(media=()), key="k")
    assert caught.value.retry_at is None
    assert "X spending cap reached for the monthly period" in str(caught.value)
    assert "Monthly product cap" in str(caught.value)
    assert "waits for a later run" in str(caught.value)


def test_402_is_out_of_credits_without_a_retry_time(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", Reply(402, CREDITS_DEPLETED))
    with pytest.raises(OutOfCredits) as caught:
        x.publish(make_post(media=()), key="k")
    assert caught.value.retry_at is None
    message = str(caught.value)
    assert message.startswith("x: out of X credits (Your enrolled account does not have any")
    assert "buy credits" in message
    assert fake.tweets == []


def test_a_spent_24_hour_bucket_is_a_daily_cap(fake: XFake, x: XNetwork) -> None:
    reset = int(time.time()) + 40_000
    headers = {"x-app-limit-24hour-remaining": "0", "x-app-limit-24hour-reset": str(reset)}
    fake.script("tweets", Reply(429, RATE_LIMITED, headers))
    with pytest.raises(DailyCap) as caught:
        x.publish(make_post(media=()), key="k")
    assert caught.value.retry_at == datetime.fromtimestamp(reset, UTC)
    assert "daily posting cap reached (24-hour per-app limit" in str(caught.value)


def test_a_reply_refused_by_the_reply_rules_says_so(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", OK, Reply(403, REPLY_NOT_ALLOWED))

    published = x.publish(make_post(*THREAD), key="k")

    assert published.incomplete is not None
    assert "part 2 of 3 was not posted (rejected: X refused the reply: since 2026-02" in (
        published.incomplete
    )
    assert "mentioned or quoted the account" in published.incomplete


def test_server_error_is_unavailable(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", Reply(503, SERVER_ERROR))
    with pytest.raises(Unavailable, match="failed on its side") as caught:
        x.publish(make_post(media=()), key="k")
    assert "the post may have gone through: the next run checks first" in str(caught.value)


def test_connection_error_is_unavailable_and_warns(fake: XFake, x: XNetwork) -> None:
    fake.script("tweets", Reply(0, error=requests.ConnectionError("connection reset")))
    with pytest.raises(Unavailable, match="may have gone through"):
        x.publish(make_post(media=()), key="k")


def test_refused_upload_posts_nothing(fake: XFake, x: XNetwork) -> None:
    fake.script("upload", Reply(400, {"title": "Invalid Request", "detail": "bad media"}))
    with pytest.raises(Rejected, match="bad media"):
        x.publish(make_post(), key="k")
    assert fake.calls("tweets") == []


def test_upload_timeout_is_unavailable(fake: XFake, x: XNetwork) -> None:
    fake.script("upload", Reply(0, error=requests.Timeout("read timed out")))
    with pytest.raises(Unavailable) as caught:
        x.publish(make_post(), key="k")
    assert fake.calls("tweets") == []
    assert "may have gone through" not in str(caught.value)  # nothing was posted


def test_four_images_at_most(fake: XFake, x: XNetwork) -> None:
    with pytest.raises(Rejected, match="at most 4"):
        x.publish(make_post(media=(IMAGE,) * 5), key="k")
    assert fake.received == []


def test_alt_text_is_cut_to_1000_at_a_grapheme_boundary(fake: XFake, x: XNetwork) -> None:
    alt = "a" * 999 + "👍🏽" + "b"
    x.publish(make_post(media=(Image(IMAGE.source, alt, IMAGE.roots),)), key="k")
    assert fake.calls("metadata")[0].json["metadata"]["alt_text"]["text"] == "a" * 999
    assert trim_alt("  court  ") == "court"


def test_no_alt_text_means_no_metadata_call(fake: XFake, x: XNetwork) -> None:
    x.publish(make_post(media=(Image(IMAGE.source, roots=IMAGE.roots),)), key="k")
    assert fake.calls("metadata") == []
    assert len(fake.calls("upload")) == 1


def test_url_falls_back_when_the_account_cannot_be_read(fake: XFake, x: XNetwork) -> None:
    fake.script("me", Reply(429, RATE_LIMITED))
    published = x.publish(make_post(media=()), key="k")
    assert published.url == f"https://x.com/i/status/{published.id}"


# -- finding an earlier attempt --------------------------------------------------------


def test_find_returns_the_earlier_post_by_its_link(fake: XFake) -> None:
    since = datetime.now(UTC) - timedelta(seconds=5)
    fake.seed("Un autre article https://www.example.fr/actu/autre/")
    published = make_network().publish(make_post(), key="k")

    found = make_network().find(make_post(), key="k", since=since)  # a later run

    assert found == published
    [read] = fake.calls("timeline")
    assert read.url.startswith(f"https://api.twitter.com/2/users/{x_fake.USER_ID}/tweets?")
    assert read.query["tweet.fields"] == "created_at,entities,referenced_tweets"
    assert read.query["max_results"] == "100"
    start = datetime.fromisoformat(read.query["start_time"].replace("Z", "+00:00"))
    assert since - timedelta(minutes=6) < start <= since


def test_find_returns_the_whole_thread(fake: XFake, x: XNetwork) -> None:
    since = datetime.now(UTC) - timedelta(seconds=5)
    published = x.publish(make_post(*THREAD), key="k")
    assert x.find(make_post(*THREAD), key="k", since=since) == published


def test_find_reports_a_thread_whose_replies_are_missing(fake: XFake, x: XNetwork) -> None:
    since = datetime.now(UTC) - timedelta(seconds=5)
    fake.script("tweets", OK, Reply(403, REPLY_NOT_ALLOWED))
    x.publish(make_post(*THREAD), key="k")

    found = x.find(make_post(*THREAD), key="k", since=since)

    assert found is not None
    assert found.part_ids == (fake.tweets[0]["id"],)
    assert found.incomplete == "found 1 of 3 parts on X; the rest were not posted"


def test_find_without_a_link_matches_the_text(fake: XFake, x: XNetwork) -> None:
    since = datetime.now(UTC) - timedelta(seconds=5)
    post = make_post("Nouvel épisode : « Threads » & Meta, l’affaire continue", url="")
    published = x.publish(post, key="k")
    assert x.find(post, key="k", since=since) == published


def test_find_without_a_link_cannot_tell_when_the_text_changed(fake: XFake, x: XNetwork) -> None:
    """Posted, then the article was edited: only the old text is on X, so no match."""
    since = datetime.now(UTC) - timedelta(seconds=5)
    x.publish(make_post("Note du jour : il pleut.", media=(), url=""), key="k")
    edited = make_post("Note du jour : il pleut à verse.", media=(), url="")
    with pytest.raises(CannotTell, match="no link to look for"):
        x.find(edited, key="k", since=since)


def test_find_returns_none_when_nothing_was_posted(fake: XFake, x: XNetwork) -> None:
    fake.seed("Un autre article https://www.example.fr/actu/autre/")
    fake.seed(f"Ancien {ARTICLE_URL}", created_at=datetime.now(UTC) - timedelta(days=2))
    since = datetime.now(UTC) - timedelta(minutes=1)

    assert x.find(make_post(), key="k", since=since) is None
    assert x.find(make_post(), key="k", since=since) is None
    assert len(fake.calls("me")) == 1  # the account is read once


@pytest.mark.parametrize(
    "reply",
    [
        Reply(403, NOT_ENOUGH_ACCESS),
        Reply(429, RATE_LIMITED, {"x-rate-limit-remaining": "0"}),
        Reply(402, CREDITS_DEPLETED),
        Reply(429, USAGE_CAPPED),
    ],
    ids=["403-no-read-access", "429", "402", "usage-capped"],
)
def test_find_cannot_tell_when_the_read_is_refused(fake: XFake, x: XNetwork, reply: Reply) -> None:
    fake.script("timeline", reply)
    with pytest.raises(CannotTell) as caught:
        x.find(make_post(), key="k", since=datetime.now(UTC))
    message = str(caught.value)
    assert f"check https://x.com/{USERNAME} by hand" in message
    assert "rerun with --force if nothing was posted" in message
    assert_no_secret(message)


def test_find_cannot_tell_when_the_account_read_is_refused(fake: XFake, x: XNetwork) -> None:
    fake.script("me", Reply(403, NOT_ENOUGH_ACCESS), Reply(403, NOT_ENOUGH_ACCESS))
    with pytest.raises(CannotTell, match="check your X profile by hand"):
        x.find(make_post(), key="k", since=datetime.now(UTC))


def test_find_with_bad_credentials_is_an_auth_error(fake: XFake) -> None:
    with pytest.raises(AuthError):
        make_network(api_key="not-the-key").find(make_post(), key="k", since=datetime.now(UTC))


def test_find_server_error_is_unavailable(fake: XFake, x: XNetwork) -> None:
    fake.script("timeline", Reply(500, SERVER_ERROR))
    with pytest.raises(Unavailable):
        x.find(make_post(), key="k", since=datetime.now(UTC))


# -- check and messages ----------------------------------------------------------------


def test_check_reads_the_account(fake: XFake, x: XNetwork) -> None:
    assert x.check() == {
        "account": f"@{USERNAME}",
        "id": x_fake.USER_ID,
        "url": f"https://x.com/{USERNAME}",
        "auth": "OAuth 1.0a user context",
        "max_characters": 280,
    }


def test_check_with_bad_credentials_is_an_auth_error(fake: XFake) -> None:
    with pytest.raises(AuthError):
        make_network(access_token_secret="wrong-token-secret").check()


@pytest.mark.parametrize(
    ("endpoint", "reply", "error"),
    [
        ("tweets", Reply(401, x_fake.UNAUTHORIZED), AuthError),
        ("tweets", Reply(403, READ_ONLY), AuthError),
        ("tweets", Reply(403, DUPLICATE), Duplicate),
        ("tweets", Reply(403, {"detail": "Nope", "type": "about:blank"}), Rejected),
        ("tweets", Reply(429, RATE_LIMITED), RateLimited),
        ("tweets", Reply(429, USAGE_CAPPED), SpendingCap),
        ("tweets", Reply(402, CREDITS_DEPLETED), OutOfCredits),
        ("tweets", Reply(502, "<html>Bad Gateway</html>"), Unavailable),
        ("tweets", Reply(400, {"errors": [{"message": "bad text"}]}), Rejected),
        ("upload", Reply(403, READ_ONLY), AuthError),
        ("metadata", Reply(500, SERVER_ERROR), Unavailable),
        ("upload", Reply(0, error=requests.ConnectionError(f"boom {SECRETS[1]}")), Unavailable),
    ],
)
def test_errors_are_typed_and_hold_no_secret(
    fake: XFake, x: XNetwork, endpoint: str, reply: Reply, error: type[NetworkError]
) -> None:
    fake.script(endpoint, reply)
    with pytest.raises(NetworkError) as caught:
        x.publish(make_post(), key="k")
    assert type(caught.value) is error
    assert caught.value.network == "x"
    assert_no_secret(str(caught.value))
