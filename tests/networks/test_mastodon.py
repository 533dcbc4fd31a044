"""The Mastodon adapter, with Mastodon.py running for real against an HTTP-level fake."""

from __future__ import annotations

import dataclasses
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
from mastodon import Mastodon
from PIL import Image as PILImage

from syndicator.compose import build_templates, compose
from syndicator.config import parse_config
from syndicator.errors import (
    AuthError,
    CannotTell,
    ConfigError,
    MissingCredential,
    NetworkError,
    PostingQuota,
    RateLimited,
    Rejected,
    Unavailable,
)
from syndicator.models import Article, Image, Part, Post, frozen_mapping
from syndicator.networks.base import Network, derive_key
from syndicator.networks.mastodon.adapter import MastodonNetwork, part_key
from syndicator.networks.registry import spec

from .mastodon_fake import ACCOUNT_ID, BASE, TOKEN, FakeMastodon

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ARTICLE_ID = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
URL = ARTICLE_ID
TITLE = "Threads : Elon Musk se prépare à une action en justice contre Meta"
SUMMARY = (
    "Elon Musk accuse Meta d’avoir recruté d’anciens employés de Twitter pour créer "
    "Threads et menace d’une action en justice."
)
ALT = "Les logos de Threads et de Twitter côte à côte"
STATUSES = "/api/v1/statuses"


class FakeClock:
    """A monotonic clock that only moves when the adapter sleeps."""

    def __init__(self) -> None:
        self.now = 0.0
        self.sleeps: list[float] = []

    def sleep(self, seconds: float) -> None:
        self.sleeps.append(seconds)
        self.now += seconds

    def monotonic(self) -> float:
        return self.now


@pytest.fixture
def fake() -> Iterator[FakeMastodon]:
    """A fake instance answering every request to BASE; any other URL fails."""
    server = FakeMastodon()
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        server.install(mock)
        yield server


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


def make_network(clock: FakeClock, **kwargs: object) -> MastodonNetwork:
    options: dict[str, object] = {"instance": BASE, "access_token": TOKEN, **kwargs}
    network = MastodonNetwork(**options)  # type: ignore[arg-type]
    network._sleep = clock.sleep
    network._clock = clock.monotonic
    return network


@pytest.fixture
def network(clock: FakeClock) -> MastodonNetwork:
    return make_network(clock)


def example_post(*extra: str, media: bool = True, **options: object) -> Post:
    """The example article as compose would hand it over: French, with its image."""
    text = f"{TITLE}\n\n{SUMMARY}\n\n{URL}"
    parts = [Part(text=text, length=Mastodon.get_status_length(text))]
    parts += [Part(text=t, length=Mastodon.get_status_length(t)) for t in extra]
    image = Image(str(FIXTURES / "threads-musk-meta.jpg"), ALT, roots=(str(FIXTURES),))
    return Post(
        network="mastodon",
        article_id=ARTICLE_ID,
        url=URL,
        parts=tuple(parts),
        limit=500,
        lang="fr",
        media=(image,) if media else (),
        options=frozen_mapping(options),
    )


def assert_clear(exc: NetworkError) -> None:
    """Every error names the network and never holds the token."""
    assert str(exc).startswith("mastodon: ")
    assert TOKEN not in str(exc)
    assert TOKEN not in repr(exc.args)


# -- publishing ------------------------------------------------------------------------


def test_example_article_publishes_in_french_with_its_image(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    post = example_post()
    key = network.new_key(ARTICLE_ID)

    published = network.publish(post, key=key)

    assert post.length <= network.limits().max_characters
    assert len(fake.statuses) == 1
    status = fake.statuses[published.id]
    assert published.url == status["url"] == f"{BASE}/@syndicator/{published.id}"
    assert published.part_ids == (published.id,)
    assert published.incomplete is None
    (upload,) = fake.requests_to("POST", "/api/v2/media")
    assert upload.headers["Authorization"] == f"Bearer {TOKEN}"
    assert upload.field("description") == ALT
    filename, mime, data = upload.files["file"]
    assert mime == "image/jpeg"
    assert filename == "threads-musk-meta.jpg"
    with PILImage.open(io.BytesIO(data)) as picture:  # shrunk to 2048 px, still the image
        assert picture.format == "JPEG"
        assert picture.size == (2048, 1152)
    (sent,) = fake.requests_to("POST", STATUSES)
    assert sent.headers["Authorization"] == f"Bearer {TOKEN}"
    assert sent.headers["Idempotency-Key"] == f"{derive_key(ARTICLE_ID, 'mastodon')}-1"
    assert sent.field("status") == post.text
    assert sent.field("language") == "fr"
    assert sent.field("visibility") == "public"
    assert sent.field("sensitive") == "0"
    assert sent.field("spoiler_text") is None
    assert sent.field("in_reply_to_id") is None
    assert sent.form["media_ids[]"] == [status["media_attachments"][0]["id"]]
    assert status["media_attachments"][0]["description"] == ALT
    assert f'href="{URL}"' in status["content"]
    assert status["language"] == "fr"


def test_key_is_deterministic_and_per_part() -> None:
    network = MastodonNetwork(instance=BASE, access_token=TOKEN)
    key = network.new_key(ARTICLE_ID)
    assert key == network.new_key(ARTICLE_ID) == derive_key(ARTICLE_ID, "mastodon")
    assert key != network.new_key(ARTICLE_ID + "x")
    assert [part_key(key, n) for n in (1, 2)] == [f"{key}-1", f"{key}-2"]


def test_thread_chains_replies_each_with_its_own_key(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    post = example_post("Deuxième partie.", "Troisième partie.", spoiler_text="Justice")
    key = network.new_key(ARTICLE_ID)

    published = network.publish(post, key=key)

    sent = fake.requests_to("POST", STATUSES)
    assert [r.headers["Idempotency-Key"] for r in sent] == [f"{key}-{n}" for n in (1, 2, 3)]
    assert [r.field("in_reply_to_id") for r in sent] == [None, *published.part_ids[:2]]
    assert [r.field("status") for r in sent] == [p.text for p in post.parts]
    assert [r.field("spoiler_text") for r in sent] == ["Justice"] * 3
    assert [r.field("language") for r in sent] == ["fr"] * 3
    assert "media_ids[]" in sent[0].form
    assert all("media_ids[]" not in r.form for r in sent[1:])
    assert len(published.part_ids) == 3
    assert published.id == published.part_ids[0]


def test_config_defaults_and_article_overrides(fake: FakeMastodon, clock: FakeClock) -> None:
    network = make_network(clock, visibility="unlisted", spoiler_text="Tech", sensitive=True)

    network.publish(example_post(media=False), key="k1")
    network.publish(
        example_post(media=False, visibility="private", spoiler_text="", sensitive=False),
        key="k2",
    )

    first, second = fake.requests_to("POST", STATUSES)
    assert (first.field("visibility"), first.field("spoiler_text"), first.field("sensitive")) == (
        "unlisted",
        "Tech",
        "1",
    )
    assert (second.field("visibility"), second.field("spoiler_text")) == ("private", None)
    assert second.field("sensitive") == "0"


def test_a_later_part_that_fails_leaves_the_first_standing(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    fake.fail_next("POST", STATUSES, status=422, error="Validation failed: Boom", after=1)

    published = network.publish(example_post("Deux.", "Trois."), key="k")

    assert len(published.part_ids) == 1
    assert published.incomplete is not None
    assert "part 2 of 3" in published.incomplete
    assert "Validation failed: Boom" in published.incomplete


# -- the instance's limits -------------------------------------------------------------


@pytest.mark.parametrize("max_characters", [1000, 300])
def test_limits_are_the_instances_own(
    fake: FakeMastodon, network: MastodonNetwork, max_characters: int
) -> None:
    fake.instance["configuration"]["statuses"]["max_characters"] = max_characters
    fake.instance["configuration"]["statuses"]["max_media_attachments"] = 6
    fake.instance["configuration"]["media_attachments"]["description_limit"] = 5000

    limits = network.limits()
    assert network.limits() is limits  # read once per run

    assert limits.max_characters == max_characters
    assert limits.url_length == 23
    assert limits.max_media == 6
    assert limits.max_image_bytes == 16_777_216
    assert limits.max_alt == 5000
    (read,) = fake.requests_to("GET", "/api/v2/instance")
    assert read.headers["Authorization"] == f"Bearer {TOKEN}"


@pytest.mark.parametrize(("configured", "expected"), [(400, 400), (800, 500)])
def test_a_configured_limit_lowers_the_instances_never_raises_it(
    fake: FakeMastodon, clock: FakeClock, configured: int, expected: int
) -> None:
    fake.instance["configuration"]["statuses"]["max_characters"] = 500
    assert make_network(clock, max_characters=configured).limits().max_characters == expected


def test_limits_fall_back_to_documented_defaults(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    fake.instance["configuration"] = {"statuses": {}}  # a fork that says nothing

    limits = network.limits()

    assert (limits.max_characters, limits.url_length, limits.max_media) == (500, 23, 4)
    assert (limits.max_image_bytes, limits.max_alt) == (10 * 1024 * 1024, 1500)


def test_limits_default_to_500_on_a_server_without_instance_v2(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    fake.fail_next("GET", "/api/v2/instance", status=404, error="Record not found")
    assert network.limits().max_characters == 500


def test_limits_of_an_unreachable_instance_are_unavailable(clock: FakeClock) -> None:
    network = make_network(clock)
    with responses.RequestsMock() as mock:
        mock.add(
            responses.GET,
            f"{BASE}/api/v2/instance/",
            body=requests.ConnectionError("Name or service not known"),
        )
        with pytest.raises(Unavailable) as caught:
            network.limits()
    assert_clear(caught.value)
    assert "could not be reached" in str(caught.value)


def test_the_instance_limit_decides_what_the_server_takes(
    fake: FakeMastodon, clock: FakeClock
) -> None:
    text = ("Une phrase française assez longue pour compter. " * 15).strip()  # 719 graphemes
    post = Post(
        network="mastodon",
        article_id="long",
        url=URL,
        parts=(Part(text=text, length=Mastodon.get_status_length(text)),),
        limit=1000,
        lang="fr",
    )
    fake.instance["configuration"]["statuses"]["max_characters"] = 1000
    assert make_network(clock).publish(post, key="a").id in fake.statuses

    fake.instance["configuration"]["statuses"]["max_characters"] = 500
    with pytest.raises(Rejected) as caught:
        make_network(clock).publish(post, key="b")
    assert caught.value.reason.startswith("Validation failed: Text character limit of 500")
    assert_clear(caught.value)


@pytest.mark.parametrize(
    ("max_characters", "cut"),
    [
        (1000, ()),
        (300, ()),
        (150, ("hashtag #RéseauxSociaux", "hashtag #ElonMusk", "hashtag #Twitter")),
    ],
)
def test_the_instance_limit_changes_the_fitted_text(
    fake: FakeMastodon, clock: FakeClock, max_characters: int, cut: tuple[str, ...]
) -> None:
    fake.instance["configuration"]["statuses"]["max_characters"] = max_characters
    network = make_network(clock)
    article = Article(
        id=ARTICLE_ID,
        url=URL,
        title=TITLE,
        summary=SUMMARY,
        tags=("Threads", "Meta", "Twitter", "Elon Musk", "réseaux sociaux"),
        lang="fr",
        images=(Image(str(FIXTURES / "threads-musk-meta.jpg"), ALT, roots=(str(FIXTURES),)),),
    )

    post = compose(
        article,
        network=spec("mastodon"),
        templates=build_templates(),
        template="mastodon.txt.j2",
        limits=network.limits(),
        options={"spoiler_text": "Justice"},
    )
    published = network.publish(post, key=network.new_key(article.id))

    assert post.limit == max_characters
    assert Mastodon.get_status_length(post.text, "Justice") <= max_characters
    assert post.cut[: len(cut)] == cut
    assert (SUMMARY in post.text) is (max_characters >= 300)
    assert URL in post.text
    (sent,) = fake.requests_to("POST", STATUSES)
    assert (sent.field("status"), sent.field("spoiler_text")) == (post.text, "Justice")
    assert sent.field("language") == "fr"
    assert fake.statuses[published.id]["media_attachments"][0]["description"] == ALT


def test_alt_text_is_cut_to_the_instance_limit_at_a_grapheme(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    fake.instance["configuration"]["media_attachments"]["description_limit"] = 12
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # 7 code points
    post = example_post(media=False)
    post = Post(
        network=post.network,
        article_id=post.article_id,
        url=post.url,
        parts=post.parts,
        limit=post.limit,
        lang=post.lang,
        media=(
            Image(
                str(FIXTURES / "threads-musk-meta.jpg"),
                f"Logos {family} côte à côte",
                roots=(str(FIXTURES),),
            ),
        ),
    )

    network.publish(post, key="alt")

    (upload,) = fake.requests_to("POST", "/api/v2/media")
    assert upload.field("description") == "Logos…"  # the family would not fit whole


# -- media processing ------------------------------------------------------------------


def test_media_still_processing_is_waited_for(
    fake: FakeMastodon, network: MastodonNetwork, clock: FakeClock
) -> None:
    fake.processing_polls = 1  # 202 on upload, 206 once, then 200 with its url

    published = network.publish(example_post(), key="k")

    polls = [r for r in fake.received if r.method == "GET" and r.path.startswith("/api/v1/media/")]
    assert len(polls) == 2
    assert len(clock.sleeps) == 2
    media_id = polls[0].path.rsplit("/", 1)[1]
    (sent,) = fake.requests_to("POST", STATUSES)
    assert sent.form["media_ids[]"] == [media_id]
    assert fake.statuses[published.id]["media_attachments"][0]["url"]


def test_media_that_never_finishes_gives_up_within_the_bound(
    fake: FakeMastodon, clock: FakeClock
) -> None:
    fake.processing_polls = 10_000
    network = make_network(clock, media_wait=20.0)

    with pytest.raises(Unavailable) as caught:
        network.publish(example_post(), key="k")

    assert "still being processed" in str(caught.value)
    assert "after 20 s" in str(caught.value)
    assert sum(clock.sleeps) <= 20.0
    assert max(clock.sleeps) <= 5.0
    assert not fake.requests_to("POST", STATUSES)
    assert_clear(caught.value)


# -- errors ----------------------------------------------------------------------------


def test_rate_limit_gives_the_reset_time(fake: FakeMastodon, network: MastodonNetwork) -> None:
    reset = (datetime.now(UTC) + timedelta(minutes=3)).replace(microsecond=123456)
    fake.fail_next(
        "POST",
        STATUSES,
        status=429,
        error="Too many requests",
        headers={
            "X-RateLimit-Limit": "300",
            "X-RateLimit-Remaining": "0",
            "X-RateLimit-Reset": reset.strftime("%Y-%m-%dT%H:%M:%S.%fZ"),
        },
    )

    with pytest.raises(RateLimited) as caught:
        network.publish(example_post(media=False), key="k")

    assert caught.value.retry_at == reset
    assert f"retry after {reset.isoformat(timespec='seconds')}" in str(caught.value)
    assert not isinstance(caught.value, PostingQuota)  # a throttle of 5 minutes: no quota
    assert len(fake.requests_to("POST", STATUSES)) == 1  # thrown at once: no silent wait
    assert not fake.statuses
    assert_clear(caught.value)


def test_the_statuses_quota_used_up_is_a_posting_quota(clock: FakeClock) -> None:
    """Past 300 statuses in a 3-hour window the server answers 429 until the window ends."""
    hours3 = 3 * 3600
    window_start = datetime.fromtimestamp(int(time.time()) // hours3 * hours3, UTC)
    server = FakeMastodon(statuses_per_window=2)
    server.now = lambda: window_start + timedelta(minutes=10)
    network = make_network(clock)
    with responses.RequestsMock(assert_all_requests_are_fired=False) as mock:
        server.install(mock)
        network.publish(example_post(media=False), key="k1")
        network.publish(example_post(media=False), key="k2")
        with pytest.raises(PostingQuota) as caught:
            network.publish(example_post(media=False), key="k3")

    window_end = window_start + timedelta(hours=3)
    assert caught.value.retry_at == window_end  # X-RateLimit-Reset: the window's end
    assert "posting quota is used up (2 per window, while posting part 1 of 1)" in str(caught.value)
    assert "the post waits for a later run" in str(caught.value)
    assert len(server.statuses) == 2
    assert len(server.requests_to("POST", STATUSES)) == 3  # thrown at once: no silent wait
    assert_clear(caught.value)


@pytest.mark.parametrize(
    "reset",
    ["9999-12-31T23:59:59.000000Z", "99999999999999999999", "", "tomorrow", "2026-13-45T00:00:00Z"],
)
def test_rate_limit_with_an_absurd_reset_is_retried_next_run(
    fake: FakeMastodon, network: MastodonNetwork, reset: str
) -> None:
    fake.fail_next(
        "POST",
        STATUSES,
        status=429,
        error="Too many requests",
        headers={"X-RateLimit-Remaining": "0", "X-RateLimit-Reset": reset},
    )
    with pytest.raises(RateLimited) as caught:
        network.publish(example_post(media=False), key="k")
    assert caught.value.retry_at is None


def test_rejection_keeps_the_servers_message(fake: FakeMastodon, network: MastodonNetwork) -> None:
    fake.fail_next(
        "POST", STATUSES, status=422, error="Validation failed: Language is not supported"
    )

    with pytest.raises(Rejected) as caught:
        network.publish(example_post(media=False), key="k")

    assert caught.value.reason.startswith("Validation failed: Language is not supported")
    assert "HTTP 422" in caught.value.reason
    assert_clear(caught.value)


def test_unprocessed_media_refusal_is_a_rejection(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    fake.fail_next(
        "POST",
        STATUSES,
        status=422,
        error="Cannot attach files that have not finished processing. Try again in a moment!",
    )
    with pytest.raises(Rejected, match="not finished processing"):
        network.publish(example_post(), key="k")


def test_an_unreadable_image_rejects_this_post_only(
    fake: FakeMastodon, network: MastodonNetwork, tmp_path: Path
) -> None:
    broken = tmp_path / "broken.jpg"
    broken.write_bytes(b"not a JPEG at all")
    post = example_post(media=False)
    post = Post(
        network=post.network,
        article_id=post.article_id,
        url=post.url,
        parts=post.parts,
        limit=post.limit,
        media=(Image(str(broken), "alt", roots=(str(broken.parent),)),),
    )

    with pytest.raises(Rejected, match=r"broken\.jpg") as caught:
        network.publish(post, key="k")

    assert not fake.requests_to("POST", "/api/v2/media")
    assert not fake.statuses
    assert_clear(caught.value)


def test_a_refused_token_is_an_auth_error(fake: FakeMastodon, clock: FakeClock) -> None:
    wrong = "wrong-token-Zq8nV2xK5mP"
    network = make_network(clock, access_token=wrong)

    with pytest.raises(AuthError) as caught:
        network.publish(example_post(media=False), key="k")

    message = str(caught.value)
    assert "token was refused" in message
    assert "The access token is invalid" in message
    assert "write:statuses" in message
    assert "MASTODON_ACCESS_TOKEN" in message
    assert wrong not in message
    assert_clear(caught.value)
    assert fake.requests_to("GET", "/api/v2/instance")[0].headers["Authorization"] == (
        f"Bearer {wrong}"
    )


def test_a_forbidden_token_is_an_auth_error(fake: FakeMastodon, network: MastodonNetwork) -> None:
    fake.fail_next(
        "POST", "/api/v2/media", status=403, error="This action is outside the authorized scopes"
    )
    with pytest.raises(AuthError, match="outside the authorized scopes") as caught:
        network.publish(example_post(), key="k")
    assert_clear(caught.value)


@pytest.mark.parametrize(
    "failure",
    [
        {"status": 503},
        {"status": 500, "error": "We're sorry, but something went wrong"},
        {"exception": requests.ConnectionError("Connection refused")},
        {"exception": requests.ReadTimeout("Read timed out. (read timeout=30.0)")},
    ],
    ids=["503-html", "500-json", "connection-refused", "timeout"],
)
def test_server_and_network_failures_are_unavailable(
    fake: FakeMastodon, network: MastodonNetwork, failure: dict[str, object]
) -> None:
    fake.fail_next("POST", STATUSES, **failure)  # type: ignore[arg-type]

    with pytest.raises(Unavailable) as caught:
        network.publish(example_post(media=False), key="k")

    assert "try later" in str(caught.value)
    assert_clear(caught.value)


# -- exactly once ----------------------------------------------------------------------


def test_a_retry_after_a_lost_response_returns_the_original_status(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    post = example_post()
    key = network.new_key(ARTICLE_ID)
    fake.lose_next_response("POST", STATUSES)  # the server creates it; the answer is lost

    with pytest.raises(Unavailable):
        network.publish(post, key=key)
    assert len(fake.statuses) == 1
    (created,) = fake.statuses

    published = network.publish(post, key=key)

    assert published.id == created
    assert len(fake.statuses) == 1
    first, second = fake.requests_to("POST", STATUSES)
    assert first.headers["Idempotency-Key"] == second.headers["Idempotency-Key"] == f"{key}-1"


def test_find_within_the_key_window_asks_nothing(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    since = datetime.now(UTC) - timedelta(minutes=30)
    assert network.find(example_post(), key="k", since=since) is None
    assert fake.received == []


def test_find_after_the_window_finds_the_post_and_its_replies(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    since = datetime.now(UTC) - timedelta(hours=3)
    fake.add_status(f"Ancien billet {URL}", created_at=since - timedelta(days=2))
    head = fake.add_status(f"{TITLE}\n\n{URL}", created_at=since + timedelta(seconds=2))
    reply = fake.add_status(
        "Deux.", created_at=since + timedelta(seconds=3), in_reply_to_id=head["id"]
    )
    fake.add_status("Autre chose https://ailleurs.example/", created_at=since + timedelta(hours=1))

    found = network.find(example_post("Deux."), key="k", since=since)

    assert found is not None
    assert (found.id, found.url) == (head["id"], head["url"])
    assert found.part_ids == (head["id"], reply["id"])
    assert found.incomplete is None
    (listed,) = fake.requests_to("GET", f"/api/v1/accounts/{ACCOUNT_ID}/statuses")
    assert listed.query["limit"] == ["40"]


def test_find_reports_a_thread_found_in_part(fake: FakeMastodon, network: MastodonNetwork) -> None:
    since = datetime.now(UTC) - timedelta(hours=2)
    head = fake.add_status(f"{TITLE} {URL}", created_at=since + timedelta(seconds=1))

    found = network.find(example_post("Deux.", "Trois."), key="k", since=since)

    assert found is not None
    assert found.part_ids == (head["id"],)
    assert found.incomplete == "found 1 of 3 parts; 2 not posted"


def test_find_after_the_window_without_the_post_is_none(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    since = datetime.now(UTC) - timedelta(hours=2)
    fake.add_status(f"Posté avant {URL}", created_at=since - timedelta(hours=3))
    assert network.find(example_post(), key="k", since=since) is None


def test_find_tolerates_a_server_clock_behind_ours(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    since = datetime.now(UTC) - timedelta(hours=2)
    fake.add_status(f"{TITLE} {URL}", created_at=since - timedelta(minutes=20))
    assert network.find(example_post(), key="k", since=since) is not None


def test_find_reads_back_past_one_page(fake: FakeMastodon, network: MastodonNetwork) -> None:
    since = datetime.now(UTC) - timedelta(hours=2)
    fake.add_status(f"{TITLE} {URL}", created_at=since + timedelta(seconds=1))
    for number in range(60):  # 60 newer statuses: the post is on the second page
        fake.add_status(f"Autre {number}", created_at=since + timedelta(minutes=1 + number))
    assert network.find(example_post(), key="k", since=since) is not None


def test_find_without_a_link_after_the_hour_cannot_tell(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    since = datetime.now(UTC) - timedelta(hours=2)
    post = dataclasses.replace(example_post(), url="")
    with pytest.raises(CannotTell, match="no link to look for"):
        network.find(post, key="k", since=since)


# -- check, config, construction -------------------------------------------------------


def test_check_shows_the_account_and_the_limits(
    fake: FakeMastodon, network: MastodonNetwork
) -> None:
    fake.instance["configuration"]["statuses"]["max_characters"] = 1000

    shown = network.check()

    assert shown["account"] == "@syndicator@social.example"
    assert shown["instance"] == BASE
    assert shown["max_characters"] == 1000
    assert shown["url_length"] == 23
    assert shown["max_alt"] == 1500


def test_from_config_reads_the_instance_and_the_token(tmp_path: Path) -> None:
    config = parse_config(
        {"networks": {"mastodon": {"instance": "social.example/", "visibility": "unlisted"}}},
        base=tmp_path,
    ).networks["mastodon"]

    network = MastodonNetwork.from_config(
        config, state_dir=tmp_path, environ={"MASTODON_ACCESS_TOKEN": TOKEN}
    )

    assert isinstance(network, Network)
    assert network.name == "mastodon"
    assert network.instance == BASE
    assert network.visibility == "unlisted"
    assert TOKEN not in repr(network)


def test_from_config_falls_back_to_mastodon_instance(tmp_path: Path) -> None:
    config = parse_config({}, base=tmp_path).networks["mastodon"]
    environ = {"MASTODON_INSTANCE": "https://other.example", "MASTODON_ACCESS_TOKEN": TOKEN}

    network = MastodonNetwork.from_config(config, state_dir=tmp_path, environ=environ)

    assert network.instance == "https://other.example"


def test_from_config_without_an_instance_says_how_to_set_one(tmp_path: Path) -> None:
    config = parse_config({}, base=tmp_path).networks["mastodon"]
    with pytest.raises(ConfigError, match="MASTODON_INSTANCE"):
        MastodonNetwork.from_config(config, state_dir=tmp_path, environ={})


def test_from_config_without_a_token_names_the_variable(tmp_path: Path) -> None:
    config = parse_config({}, base=tmp_path).networks["mastodon"]
    environ = {"MASTODON_INSTANCE": BASE}
    with pytest.raises(MissingCredential, match="MASTODON_ACCESS_TOKEN"):
        MastodonNetwork.from_config(config, state_dir=tmp_path, environ=environ)


def test_constructing_does_no_io_and_imports_no_sdk() -> None:
    code = (
        "import sys\n"
        "from syndicator.networks.mastodon.adapter import MastodonNetwork\n"
        "n = MastodonNetwork(instance='https://unreachable.invalid', access_token='t0ken')\n"
        "n.new_key('a')\n"
        "assert 'mastodon' not in sys.modules, 'Mastodon.py imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, timeout=60)
