"""The Threads adapter against an HTTP fake of the Graph API on loopback (tests/fakes/threads)."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest

from syndicator.errors import (
    AuthError,
    CannotTell,
    DailyCap,
    NetworkError,
    RateLimited,
    Rejected,
    Unavailable,
)
from syndicator.models import Image, Part, Post
from syndicator.networks.threads.adapter import ThreadsNetwork
from syndicator.networks.threads.limits import LIMITS
from syndicator.networks.threads.text import length
from tests.fakes.threads import TOKEN, USER_ID, FakeThreads, graph_error, meta_length, serving

URL = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
TEXT = f"Threads : Elon Musk se prépare à une action en justice contre Meta 🧵 {URL}"
SINCE = datetime(2026, 11, 2, 8, tzinfo=UTC)


class Sleeps(list[float]):
    """The waits the adapter asked for, instead of waiting."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def served() -> Iterator[tuple[FakeThreads, str]]:
    with serving() as (fake, api):
        yield fake, api


@pytest.fixture
def fake(served: tuple[FakeThreads, str]) -> FakeThreads:
    return served[0]


@pytest.fixture
def sleeps() -> Sleeps:
    return Sleeps()


@pytest.fixture
def threads(served: tuple[FakeThreads, str], sleeps: Sleeps) -> ThreadsNetwork:
    fake, api = served
    return ThreadsNetwork(
        access_token=TOKEN,
        user_id=USER_ID,
        api=api,
        timeout=5,
        poll_delays=(1, 2, 4),
        sleep=sleeps,
        now=lambda: fake.now,
    )


def make_post(*texts: str, url: str = URL, media: tuple[Image, ...] = ()) -> Post:
    texts = texts or (TEXT,)
    return Post(
        network="threads",
        article_id=url or "no-link",
        url=url,
        parts=tuple(Part(text=t, length=length(t)) for t in texts),
        limit=500,
        media=media,
    )


def assert_no_secret(text: str) -> None:
    assert TOKEN not in text
    assert USER_ID not in text


# -- the adapter's shape ---------------------------------------------------------------


def test_limits_are_the_documented_ones(threads: ThreadsNetwork) -> None:
    assert threads.limits() == LIMITS
    assert (LIMITS.max_characters, LIMITS.max_media) == (500, 1)
    assert TOKEN not in repr(threads)


def test_importing_the_package_imports_no_httpx() -> None:
    code = (
        "import sys, syndicator.networks.threads.adapter as m;"
        " m.ThreadsNetwork(access_token='a-token', user_id='1234').limits();"
        " assert 'httpx' not in sys.modules, 'httpx imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


# -- publishing ------------------------------------------------------------------------


def test_text_post_with_link_preview(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    published = threads.publish(make_post(), key="k")
    (media,) = fake.media.values()
    assert media.text == TEXT
    assert media.link_attachment_url == URL
    assert media.media_type == "TEXT"
    assert published.id == media.id
    assert published.part_ids == (media.id,)
    assert published.url.startswith("https://www.threads.com/@syndicator.test/post/")
    assert published.incomplete is None
    kinds = [kind for kind, _, _ in fake.requests]
    # The quota is read before anything is created, then create, status, publish.
    assert kinds.index("limit") < kinds.index("create") < kinds.index("node")
    assert kinds.index("create") < kinds.index("publish")


def test_image_from_a_public_url_with_its_alt_text(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    image = Image("https://www.example.fr/img/threads.jpg", alt="Les logos de Threads et de X")
    threads.publish(make_post(media=(image,)), key="k")
    (media,) = fake.media.values()
    assert media.media_type == "IMAGE"
    assert media.image_url == image.source
    assert media.alt_text == image.alt
    assert media.link_attachment_url is None  # link_attachment is for text posts only


def test_a_local_image_is_left_out(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    image = Image("threads-musk-meta.jpg", alt="logos", roots=("/site",))
    threads.publish(make_post(media=(image,)), key="k")
    (media,) = fake.media.values()
    assert media.media_type == "TEXT"
    assert media.image_url is None


def test_thread_parts_reply_each_to_the_one_before(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    published = threads.publish(make_post(TEXT, "Deuxième partie.", "Troisième partie."), key="k")
    first, second, third = (fake.media[i] for i in published.part_ids)
    assert (first.reply_to, second.reply_to, third.reply_to) == (None, first.id, second.id)
    assert third.text == "Troisième partie."
    assert (fake.quota_usage, fake.reply_quota_usage) == (1, 2)


def test_a_refused_reply_leaves_the_first_part_standing(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.statuses = ["FINISHED"]
    post = make_post(TEXT, "Deuxième partie.", "Troisième.")
    original = fake._create
    created: list[str] = []

    def third_container_errors(parts: list[str], params: dict[str, str]) -> tuple[int, object]:
        created.append(params.get("text", ""))
        if len(created) == 2:
            return 400, graph_error(100, "Invalid parameter")
        return original(parts, params)

    fake._create = third_container_errors  # type: ignore[method-assign]
    published = threads.publish(post, key="k")
    assert len(published.part_ids) == 1
    assert published.incomplete is not None
    assert "part 2 of 3 was not posted" in published.incomplete
    assert len(fake.media) == 1


def test_the_container_is_polled_until_finished(
    fake: FakeThreads, threads: ThreadsNetwork, sleeps: Sleeps
) -> None:
    fake.statuses = ["IN_PROGRESS", "IN_PROGRESS", "FINISHED"]
    threads.publish(make_post(), key="k")
    assert sleeps == [1, 2]
    assert len(fake.media) == 1


def test_a_container_in_error_is_rejected_and_nothing_posted(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.statuses = ["IN_PROGRESS", "ERROR"]
    fake.container_error = "FAILED_DOWNLOADING_VIDEO"
    with pytest.raises(Rejected, match="FAILED_DOWNLOADING_VIDEO"):
        threads.publish(make_post(), key="k")
    assert fake.media == {}
    assert fake.calls("publish") == 0


def test_an_expired_container_is_rejected_and_nothing_posted(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.statuses = ["EXPIRED"]
    with pytest.raises(Rejected, match="expired before it was published"):
        threads.publish(make_post(), key="k")
    assert fake.media == {}


def test_a_container_never_finished_is_unavailable_after_the_polls(
    fake: FakeThreads, threads: ThreadsNetwork, sleeps: Sleeps
) -> None:
    fake.statuses = ["IN_PROGRESS"]
    with pytest.raises(Unavailable, match="still IN_PROGRESS after 7 s"):
        threads.publish(make_post(), key="k")
    assert sleeps == [1, 2, 4]
    assert fake.calls("publish") == 0


def test_a_used_up_quota_posts_nothing(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    fake.quota_usage = 250
    with pytest.raises(DailyCap, match="250 of 250 posts"):
        threads.publish(make_post(), key="k")
    assert fake.calls("create") == 0


def test_a_thread_the_reply_quota_cannot_take_posts_nothing(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.reply_quota_usage = 999
    with pytest.raises(DailyCap, match="2 replies"):
        threads.publish(make_post(TEXT, "deux", "trois"), key="k")
    assert fake.calls("create") == 0


def test_an_expired_token_says_so_and_how_to_renew_it(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.expired = True
    with pytest.raises(AuthError) as caught:
        threads.publish(make_post(), key="k")
    message = str(caught.value)
    assert "expired" in message
    assert "60 days" in message
    assert "th_refresh_token" in message
    assert_no_secret(message)


def test_a_lost_publish_answer_is_in_doubt_then_found(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.lose.add("publish")
    with pytest.raises(Unavailable, match="may have been posted"):
        threads.publish(make_post(), key="k")
    assert len(fake.media) == 1  # it landed
    found = threads.find(make_post(), key="k", since=SINCE)
    assert found is not None
    assert found.id == next(iter(fake.media))


def test_six_links_are_refused_by_meta(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    links = " ".join(f"https://site{n}.example.org/" for n in range(6))
    with pytest.raises(Rejected, match="LINK_LIMIT_EXCEEDED"):
        threads.publish(make_post(f"Liens : {links}", url=""), key="k")


@pytest.mark.parametrize(
    ("kind", "status", "body", "error"),
    [
        ("create", 400, graph_error(190, "Invalid OAuth access token", 467), AuthError),
        ("create", 403, graph_error(10, "Application does not have permission"), AuthError),
        ("create", 400, graph_error(4, "Application request limit reached"), RateLimited),
        ("create", 500, graph_error(2, "Service temporarily unavailable"), Unavailable),
        ("create", 400, graph_error(100, f"Invalid parameter {TOKEN}"), Rejected),
        ("limit", 500, graph_error(1, "An unknown error occurred"), Unavailable),
        ("publish", 400, graph_error(4, "The user has reached the publishing limit"), RateLimited),
    ],
)
def test_errors_are_typed_and_hold_no_secret(
    fake: FakeThreads,
    threads: ThreadsNetwork,
    kind: str,
    status: int,
    body: dict[str, object],
    error: type[NetworkError],
) -> None:
    fake.fail[kind] = (status, body)
    with pytest.raises(NetworkError) as caught:
        threads.publish(make_post(), key="k")
    assert type(caught.value) is error
    assert caught.value.network == "threads"
    assert_no_secret(str(caught.value))


def test_an_unreachable_server_is_unavailable() -> None:
    network = ThreadsNetwork(access_token=TOKEN, user_id=USER_ID, api="http://127.0.0.1:9/v1.0")
    with pytest.raises(Unavailable, match="could not be reached"):
        network.publish(make_post(), key="k")


# -- finding an earlier attempt --------------------------------------------------------


def test_find_by_link(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    published = threads.publish(make_post(), key="k")
    edited = make_post(f"Un autre texte, même article {URL}")
    found = threads.find(edited, key="k", since=SINCE)
    assert found is not None
    assert (found.id, found.url) == (published.id, published.url)


def test_find_by_text_without_a_link(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    post = make_post("Un billet sans lien.", url="")
    published = threads.publish(post, key="k")
    found = threads.find(post, key="k", since=SINCE)
    assert found is not None
    assert found.id == published.id


def test_find_without_a_link_cannot_tell_when_the_text_changed(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    threads.publish(make_post("Première version.", url=""), key="k")
    with pytest.raises(CannotTell, match="--force"):
        threads.find(make_post("Version corrigée.", url=""), key="k", since=SINCE)


def test_find_returns_none_when_nothing_was_posted(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    threads.publish(make_post("Autre chose https://ailleurs.example.org/", url=""), key="k")
    assert threads.find(make_post(), key="k", since=SINCE) is None


def test_find_ignores_posts_before_the_attempt(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    threads.publish(make_post(), key="k")
    fake.now += timedelta(hours=2)
    later = fake.now - timedelta(hours=1)
    assert threads.find(make_post(), key="k", since=later) is None
    assert fake.requests[-1][2]["since"] == str(int((later - timedelta(minutes=5)).timestamp()))


def test_find_reads_every_page(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    threads.publish(make_post(), key="k")
    for n in range(120):
        fake.add_thread(f"Billet {n}")
    found = threads.find(make_post(), key="k", since=SINCE)
    assert found is not None
    assert fake.calls("list") == 2


def test_find_returns_the_whole_thread(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    post = make_post(TEXT, "Deuxième partie.", "Troisième partie.")
    published = threads.publish(post, key="k")
    found = threads.find(post, key="k", since=SINCE)
    assert found is not None
    assert found.part_ids == published.part_ids
    assert found.incomplete is None


def test_find_reports_a_thread_whose_replies_are_missing(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    threads.publish(make_post(TEXT, "Deuxième partie."), key="k")
    post = make_post(TEXT, "Deuxième partie.", "Troisième partie.")
    found = threads.find(post, key="k", since=SINCE)
    assert found is not None
    assert len(found.part_ids) == 2
    assert found.incomplete == "found 2 of 3 parts on Threads; the rest were not posted"


def test_find_keeps_the_first_part_when_replies_cannot_be_read(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    post = make_post(TEXT, "Deuxième partie.")
    published = threads.publish(post, key="k")
    fake.fail["conversation"] = (403, graph_error(10, "threads_read_replies not granted"))
    found = threads.find(post, key="k", since=SINCE)
    assert found is not None
    assert found.part_ids == published.part_ids[:1]
    assert found.incomplete is not None
    assert "replies cannot be read" in found.incomplete


@pytest.mark.parametrize(
    ("status", "body", "error"),
    [
        (400, graph_error(100, "Unsupported get request"), CannotTell),
        (400, graph_error(190, "Session has expired", 463), AuthError),
        (503, graph_error(2, "Service temporarily unavailable"), Unavailable),
    ],
)
def test_find_when_the_list_cannot_be_read(
    fake: FakeThreads,
    threads: ThreadsNetwork,
    status: int,
    body: dict[str, object],
    error: type[NetworkError],
) -> None:
    fake.fail["list"] = (status, body)
    with pytest.raises(error):
        threads.find(make_post(), key="k", since=SINCE)


# -- check and the token's expiry ------------------------------------------------------


def test_check_reads_the_account_the_quota_and_the_expiry(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.quota_usage = 3
    fake.expires_at = int((fake.now + timedelta(days=40)).timestamp())
    details = threads.check()
    assert details["account"] == "@syndicator.test"
    assert details["posts_in_24h"] == "3 of 250"
    assert details["token_expires"].startswith("2026-12-12")
    assert "warning" not in details


def test_check_warns_when_the_token_is_near_expiry(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.expires_at = int((fake.now + timedelta(days=3, hours=1)).timestamp())
    warning = threads.check()["warning"]
    assert "expires on 2026-11-05 (3 day(s) left)" in warning
    assert "th_refresh_token" in warning


def test_publish_logs_a_token_near_expiry_once(
    fake: FakeThreads, threads: ThreadsNetwork, caplog: pytest.LogCaptureFixture
) -> None:
    fake.expires_at = int((fake.now + timedelta(days=2)).timestamp())
    threads.publish(make_post("un", url=""), key="1")
    threads.publish(make_post("deux", url=""), key="2")
    warnings = [r for r in caplog.records if "THREADS_ACCESS_TOKEN expires" in r.getMessage()]
    assert len(warnings) == 1
    assert fake.calls("debug") == 1


def test_check_with_an_expired_token(fake: FakeThreads, threads: ThreadsNetwork) -> None:
    fake.expired = True
    with pytest.raises(AuthError, match="has expired"):
        threads.check()


# -- the measure against the fake's own count -------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Threads", 7),
        ("é😀", 5),
        ("👨‍👩‍👧", 18),
        ("🇫🇷", 8),
        ("1️⃣", 7),
        ("© 2026", 6),
        ("日本語", 3),
    ],
)
def test_length_counts_emoji_as_their_utf8_bytes(text: str, expected: int) -> None:
    assert length(text) == expected == meta_length(text)


def test_no_link_attachment_when_it_would_be_a_sixth_link(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    others = " ".join(f"https://site{n}.example.org/" for n in range(5))
    threads.publish(make_post(f"Cinq liens : {others}"), key="k")
    (media,) = fake.media.values()
    assert media.link_attachment_url is None


def test_a_server_that_never_answers_is_unavailable_within_the_deadline() -> None:
    import socket

    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        network = ThreadsNetwork(
            access_token=TOKEN, user_id=USER_ID, api=f"http://127.0.0.1:{port}/v1.0", timeout=1
        )
        # The read waits at most what is left of the exchange's deadline (1 s).
        with pytest.raises(Unavailable, match="could not be reached"):
            network.publish(make_post(), key="k")


def test_a_container_published_meanwhile_is_left_for_the_next_run_to_find(
    fake: FakeThreads, threads: ThreadsNetwork
) -> None:
    fake.statuses = ["PUBLISHED"]
    with pytest.raises(Unavailable, match="looks for it first"):
        threads.publish(make_post(), key="k")
    assert fake.calls("publish") == 0
