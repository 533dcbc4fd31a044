"""The Bluesky adapter against a real PDS on loopback (tests/pds): what lands, exactly once.

Every test reads back what the server stored (com.atproto.repo.getRecord/listRecords,
with plain httpx, not the SDK). Faults the real server cannot produce on demand (a lost
answer, a dead connection) come from ``tap``, a wrapper around httpx's transport that
the SDK's requests go through; it also refuses any address other than loopback.
"""

from __future__ import annotations

import io
import json
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest
import regex
import respx
from PIL import Image as PILImage

from syndicator.errors import AuthError, MediaError, Rejected, Unavailable
from syndicator.models import Facet, Image, LinkCard, Part, Post
from syndicator.networks.bluesky.adapter import BlueskyNetwork
from syndicator.networks.bluesky.tid import offset_tid
from tests.pds.plugin import Account, LocalPDS

pytestmark = [
    pytest.mark.pds,
    # The SDK uploads blobs with httpx's deprecated ``data=<bytes>``: not ours to fix.
    pytest.mark.filterwarnings("ignore:Use 'content=<...>':DeprecationWarning"),
]

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
IMAGE = FIXTURES / "threads-musk-meta.jpg"
TITLE = "Threads : Elon Musk se prépare à une action en justice contre Meta"
URL = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
VISIBLE_URL = "example.fr/actu/threads-elon-musk…"
ALT = "Les logos de Threads et de Twitter côte à côte"
SUMMARY = (
    "Elon Musk accuse Meta d’avoir recruté d’anciens employés de Twitter "
    "pour créer Threads et menace d’une action en justice."
)
LOOPBACK = frozenset({"127.0.0.1", "localhost"})
ONE_MB = 1_000_000


def graphemes(text: str) -> int:
    return len(regex.findall(r"\X", text))


def facet(text: str, visible: str, kind: str, value: str) -> Facet:
    """Return a facet over the first occurrence of ``visible``, in UTF-8 byte offsets."""
    data, needle = text.encode(), visible.encode()
    start = data.index(needle)
    return Facet(start, start + len(needle), kind, value)  # type: ignore[arg-type]


def part(text: str, *facets: Facet) -> Part:
    return Part(text=text, length=graphemes(text), facets=facets)


def example_post(**changes: object) -> Post:
    """The example article as the Bluesky template would render it, built by hand."""
    text = f"{TITLE}\n\n{SUMMARY}\n\n{VISIBLE_URL}\n\n#Threads #ElonMusk"
    fields: dict[str, object] = {
        "network": "bluesky",
        "article_id": URL,
        "url": URL,
        "limit": 300,
        "lang": "fr",
        "parts": (
            part(
                text,
                facet(text, VISIBLE_URL, "link", URL),
                facet(text, "#Threads", "tag", "Threads"),
                facet(text, "#ElonMusk", "tag", "ElonMusk"),
            ),
        ),
        "media": (Image(source=str(IMAGE), alt=ALT, roots=(str(FIXTURES),)),),
    }
    fields.update(changes)
    return Post(**fields)  # type: ignore[arg-type]


def thread_post() -> Post:
    first = f"{TITLE} (1/3) #Threads"
    return example_post(
        parts=(
            part(first, facet(first, "#Threads", "tag", "Threads")),
            part(f"2/3 {SUMMARY}"),
            part(
                f"3/3 Tout l’article : {VISIBLE_URL}",
                facet(f"3/3 Tout l’article : {VISIBLE_URL}", VISIBLE_URL, "link", URL),
            ),
        ),
        media=(),
    )


@dataclass
class Fault:
    method: str
    # "lose": forwarded, then the answer is lost; "refuse": never reaches the server;
    # "notfound": answered RecordNotFound without asking the server
    kind: str
    skip: int = 0
    times: int = 1


@dataclass
class Tap:
    """What went over httpx, and faults to inject; only loopback may be reached."""

    calls: list[str] = field(default_factory=list)
    answers: list[tuple[str, int]] = field(default_factory=list)
    faults: list[Fault] = field(default_factory=list)
    allowed: set[str] = field(default_factory=lambda: set(LOOPBACK))

    def count(self, method: str) -> int:
        return self.calls.count(method)

    def fault(self, method: str) -> Fault | None:
        for fault in self.faults:
            if fault.method == method:
                if fault.skip:
                    fault.skip -= 1
                    return None
                if fault.times:
                    fault.times -= 1
                    return fault
        return None


@pytest.fixture
def tap(monkeypatch: pytest.MonkeyPatch) -> Iterator[Tap]:
    tap = Tap()
    forward = httpx.HTTPTransport.handle_request

    def handle_request(self: httpx.HTTPTransport, request: httpx.Request) -> httpx.Response:
        if request.url.host not in tap.allowed:
            raise AssertionError(f"a test tried to reach {request.url}")
        method = request.url.path.rsplit(".", 1)[-1]  # /xrpc/com.atproto.repo.getRecord
        tap.calls.append(method)
        fault = tap.fault(method)
        if fault is not None and fault.kind == "refuse":
            raise httpx.ConnectError("simulated: connection refused", request=request)
        if fault is not None and fault.kind == "notfound":
            body = {"error": "RecordNotFound", "message": "Could not locate record"}
            return httpx.Response(400, json=body, request=request)
        response = forward(self, request)
        tap.answers.append((method, response.status_code))
        if fault is not None and fault.kind == "lose":
            response.read()
            response.close()
            raise httpx.ReadTimeout("simulated: the answer was lost", request=request)
        return response

    monkeypatch.setattr(httpx.HTTPTransport, "handle_request", handle_request)
    yield tap
    assert all(f.times == 0 for f in tap.faults), "a planned fault never happened"


@pytest.fixture
def account(local_pds: LocalPDS) -> Account:
    return local_pds.create_account()


@pytest.fixture
def make_network(local_pds: LocalPDS, tmp_path: Path) -> Callable[..., BlueskyNetwork]:
    def make(account: Account, **changes: object) -> BlueskyNetwork:
        options: dict[str, object] = {
            "handle": account.handle,
            "app_password": account.password,
            "service": local_pds.url,
            "session_path": tmp_path / "state" / "bluesky-session",
            "timeout": 10.0,
        }
        options.update(changes)
        return BlueskyNetwork(**options)  # type: ignore[arg-type]

    return make


def rkey(uri: str) -> str:
    return uri.rsplit("/", 1)[-1]


# -- the example article ------------------------------------------------------------


def test_example_article_lands_with_link_tags_french_and_small_image(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    post = example_post()
    key = network.new_key(post.article_id)
    published = network.publish(post, key=key)

    assert published.network == "bluesky"
    assert published.id == f"at://{account.did}/app.bsky.feed.post/{key}"
    assert published.url == f"https://bsky.app/profile/{account.handle}/post/{key}"
    assert published.part_ids == (published.id,)
    assert published.incomplete is None
    stored = local_pds.get_record(account.did, key)
    record = stored["value"]
    assert record["text"] == post.text
    assert record["langs"] == ["fr"]
    data = record["text"].encode("utf-8")
    spans = {
        (f["features"][0]["$type"], f["features"][0].get("uri") or f["features"][0].get("tag")): (
            data[f["index"]["byteStart"] : f["index"]["byteEnd"]].decode("utf-8")
        )
        for f in record["facets"]
    }
    assert spans == {
        ("app.bsky.richtext.facet#link", URL): VISIBLE_URL,
        ("app.bsky.richtext.facet#tag", "Threads"): "#Threads",
        ("app.bsky.richtext.facet#tag", "ElonMusk"): "#ElonMusk",
    }
    # Accents and ’ before the link: byte offsets differ from character offsets.
    link = record["facets"][0]["index"]
    assert link["byteStart"] == 202  # character index 191
    assert link["byteStart"] != post.text.index(VISIBLE_URL)

    embed = record["embed"]
    assert embed["$type"] == "app.bsky.embed.images"
    (image,) = embed["images"]
    assert image["alt"] == ALT
    assert image["image"]["mimeType"] == "image/jpeg"
    assert IMAGE.stat().st_size > 3_800_000
    assert image["image"]["size"] <= ONE_MB
    blob = local_pds.get_blob(account.did, image["image"]["ref"]["$link"])
    assert len(blob) == image["image"]["size"]
    with PILImage.open(io.BytesIO(blob)) as picture:
        assert picture.format == "JPEG"
        width, height = picture.size
    assert {"width": width, "height": height}.items() <= image["aspectRatio"].items()
    assert width * 1350 == height * 2400  # 16:9, as the original 2400x1350
    # Nothing but the PDS was contacted (the image is a local file).
    assert "createRecord" in tap.calls


def test_publishing_again_with_the_same_key_creates_nothing(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    post = example_post()
    key = network.new_key(post.article_id)
    first = network.publish(post, key=key)
    tap.calls.clear()

    again = make_network(account).publish(post, key=key)

    assert again == first
    assert tap.count("createRecord") == 0
    assert tap.count("uploadBlob") == 0
    assert len(local_pds.list_records(account.did)) == 1


def test_a_lost_answer_is_resolved_by_looking_the_key_up(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    post = example_post(media=())
    key = network.new_key(post.article_id)
    tap.faults.append(Fault("createRecord", "lose"))

    published = network.publish(post, key=key)

    assert rkey(published.id) == key
    assert tap.count("createRecord") == 1  # landed once, answer lost, then looked up
    assert [r["uri"] for r in local_pds.list_records(account.did)] == [published.id]


def test_a_retry_after_a_lost_answer_and_a_dead_server_creates_no_second_record(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    post = example_post(media=())
    key = network.new_key(post.article_id)
    network.check()
    # The create lands but its answer is lost, and the server cannot be reached after.
    tap.faults += [Fault("createRecord", "lose"), Fault("getRecord", "refuse", skip=1)]

    with pytest.raises(Unavailable, match="try again later"):
        network.publish(post, key=key)

    # The next run: the pipeline asks find(), then publish() with the kept key.
    later = make_network(account)
    found = later.find(post, key=key, since=datetime.now(UTC))
    assert found is not None
    assert rkey(found.id) == key
    assert later.publish(post, key=key) == found
    assert tap.count("createRecord") == 1
    assert len(local_pds.list_records(account.did)) == 1


def test_a_duplicate_key_answered_with_500_is_recognised_as_already_posted(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    post = example_post(media=())
    key = network.new_key(post.article_id)
    first = network.publish(post, key=key)
    # The look-up wrongly says "not found", so the adapter creates the same key again:
    # the real PDS answers 500, and the adapter looks again instead of trusting that.
    tap.faults.append(Fault("getRecord", "notfound"))
    tap.calls.clear()

    assert network.publish(post, key=key) == first

    assert ("createRecord", 500) in tap.answers
    assert len(local_pds.list_records(account.did)) == 1


# -- threads, cards, languages --------------------------------------------------------


def test_a_thread_chains_replies_to_its_root_and_parent(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork]
) -> None:
    network = make_network(account)
    post = thread_post()
    key = network.new_key(post.article_id)
    published = network.publish(post, key=key)

    assert [rkey(uri) for uri in published.part_ids] == [offset_tid(key, i) for i in range(3)]
    stored = [local_pds.get_record(account.did, rkey(uri)) for uri in published.part_ids]
    root = {"uri": stored[0]["uri"], "cid": stored[0]["cid"]}
    assert "reply" not in stored[0]["value"]
    for index in (1, 2):
        reply = stored[index]["value"]["reply"]
        parent = {"uri": stored[index - 1]["uri"], "cid": stored[index - 1]["cid"]}
        assert {k: reply["root"][k] for k in ("uri", "cid")} == root
        assert {k: reply["parent"][k] for k in ("uri", "cid")} == parent
    times = [stored[i]["value"]["createdAt"] for i in range(3)]
    assert times == sorted(set(times))  # strictly increasing, at least 1 µs apart
    assert all(s["value"]["langs"] == ["fr"] for s in stored)
    last = stored[2]["value"]
    start, end = last["facets"][0]["index"]["byteStart"], last["facets"][0]["index"]["byteEnd"]
    assert last["text"].encode()[start:end].decode() == VISIBLE_URL


def test_a_thread_cut_short_resumes_with_only_the_missing_replies(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    post = thread_post()
    key = network.new_key(post.article_id)
    tap.faults.append(Fault("createRecord", "refuse", skip=1))  # the second part fails

    with pytest.raises(Unavailable):
        network.publish(post, key=key)
    assert len(local_pds.list_records(account.did)) == 1
    assert network.find(post, key=key, since=datetime.now(UTC)) is None  # incomplete
    tap.calls.clear()

    published = make_network(account).publish(post, key=key)

    assert tap.count("createRecord") == 2
    records = local_pds.list_records(account.did)
    assert sorted(r["uri"] for r in records) == sorted(published.part_ids)
    by_uri = {r["uri"]: r for r in records}
    second = by_uri[published.part_ids[1]]["value"]
    assert second["reply"]["root"]["uri"] == published.id
    assert (
        by_uri[published.part_ids[2]]["value"]["reply"]["parent"]["uri"] == (published.part_ids[1])
    )


def test_a_rejected_reply_leaves_the_first_post_standing(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork]
) -> None:
    network = make_network(account)
    post = example_post(media=(), parts=(part("Premier message"), part("é" * 301)))

    published = network.publish(post, key=network.new_key(post.article_id))

    assert len(published.part_ids) == 1
    assert published.incomplete is not None
    assert "part 2 of 2" in published.incomplete
    assert "grapheme" in published.incomplete
    assert len(local_pds.list_records(account.did)) == 1


def test_a_link_card_carries_title_description_and_a_small_thumbnail(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    image_url = "https://www.example.fr/images/threads-musk-meta.jpg"
    card = LinkCard(url=URL, title=TITLE, description=SUMMARY, thumb=Image(source=image_url))
    post = example_post(media=(), card=card, lang=None)
    tap.allowed.add("www.example.fr")  # answered by respx below, never the real host

    with respx.mock(assert_all_called=True) as router:
        router.route(host__in=tuple(sorted(LOOPBACK))).pass_through()
        fetched = router.get(image_url).respond(
            200, content=IMAGE.read_bytes(), headers={"Content-Type": "image/jpeg"}
        )
        published = network.publish(post, key=network.new_key(post.article_id))

    assert fetched.call_count == 1
    record = local_pds.get_record(account.did, rkey(published.id))["value"]
    assert "langs" not in record  # no language given: none claimed, never the SDK's "en"
    external = record["embed"]["external"]
    assert record["embed"]["$type"] == "app.bsky.embed.external"
    assert (external["uri"], external["title"], external["description"]) == (
        URL,
        TITLE,
        SUMMARY,
    )
    assert external["thumb"]["mimeType"] == "image/jpeg"
    assert external["thumb"]["size"] <= ONE_MB


def test_a_card_whose_thumbnail_cannot_be_fetched_is_posted_without_it(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    image_url = "https://www.example.fr/images/gone.jpg"
    card = LinkCard(url=URL, title=TITLE, thumb=Image(source=image_url))
    tap.allowed.add("www.example.fr")

    with respx.mock() as router:
        router.route(host__in=tuple(sorted(LOOPBACK))).pass_through()
        router.get(image_url).respond(404)
        published = network.publish(example_post(media=(), card=card), key=network.new_key(URL))

    external = local_pds.get_record(account.did, rkey(published.id))["value"]["embed"]
    assert external["external"]["title"] == TITLE
    assert "thumb" not in external["external"]


def test_an_image_url_that_times_out_fails_before_anything_is_posted(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    network = make_network(account)
    image_url = "https://www.example.fr/images/slow.jpg"
    tap.allowed.add("www.example.fr")

    post = example_post(media=(Image(source=image_url, alt=ALT),))
    key = network.new_key(URL)

    with respx.mock() as router:
        router.route(host__in=tuple(sorted(LOOPBACK))).pass_through()
        router.get(image_url).mock(side_effect=httpx.ReadTimeout("slow"))
        with pytest.raises(MediaError, match=r"slow\.jpg"):
            network.publish(post, key=key)

    assert local_pds.list_records(account.did) == []


# -- refusals -------------------------------------------------------------------------


def test_text_over_300_graphemes_is_rejected_with_the_pds_message(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork]
) -> None:
    network = make_network(account)
    post = example_post(media=(), parts=(part("é" * 301),))

    with pytest.raises(Rejected) as caught:
        network.publish(post, key=network.new_key(URL))

    assert "grapheme too big (maximum 300, got 301)" in caught.value.reason
    assert local_pds.list_records(account.did) == []


def test_a_wrong_password_is_an_auth_error_that_never_shows_it(
    account: Account, make_network: Callable[..., BlueskyNetwork]
) -> None:
    wrong = "wrong-pass-7f3a91c2"
    network = make_network(account, app_password=wrong)

    with pytest.raises(AuthError) as caught:
        network.check()

    message = str(caught.value)
    assert "BLUESKY_APP_PASSWORD" in message
    assert account.handle in message
    assert wrong not in message
    assert wrong not in repr(network)


# -- sessions ---------------------------------------------------------------------------


def test_the_session_is_saved_privately_and_reused_without_logging_in(
    account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap, tmp_path: Path
) -> None:
    assert make_network(account).check() == {
        "account": account.handle,
        "did": account.did,
        "service": make_network(account).service,
    }
    assert tap.count("createSession") == 1
    session_file = tmp_path / "state" / "bluesky-session"
    assert session_file.stat().st_mode & 0o777 == 0o600
    assert account.password not in session_file.read_text()
    tap.calls.clear()

    network = make_network(account)
    network.publish(example_post(media=()), key=network.new_key(URL))

    assert tap.count("createSession") == 0
    assert tap.count("createRecord") == 1


def test_a_session_the_server_refuses_falls_back_to_the_password(
    account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap, tmp_path: Path
) -> None:
    make_network(account).check()
    session_file = tmp_path / "state" / "bluesky-session"
    saved = json.loads(session_file.read_text())
    fields = saved["session"].split(":::")
    header, payload, _signature = fields[2].split(".")
    fields[2] = f"{header}.{payload}.c2lnbmF0dXJlLWZvcmdlZA"  # a forged signature
    saved["session"] = ":::".join(fields)
    session_file.write_text(json.dumps(saved))
    tap.calls.clear()

    assert make_network(account).check()["did"] == account.did

    assert tap.count("getSession") == 1  # the saved session was tried, and refused
    assert tap.count("createSession") == 1
    assert json.loads(session_file.read_text())["session"] != saved["session"]


def test_a_session_of_another_account_is_not_used(
    local_pds: LocalPDS, account: Account, make_network: Callable[..., BlueskyNetwork], tap: Tap
) -> None:
    make_network(account).check()
    other = local_pds.create_account("other")
    tap.calls.clear()

    assert make_network(other).check()["did"] == other.did
    assert tap.count("createSession") == 1


# -- figures ----------------------------------------------------------------------------


def test_publish_timing_is_reported(
    account: Account, make_network: Callable[..., BlueskyNetwork], local_pds: LocalPDS
) -> None:
    """Not a benchmark gate: prints the PDS start and publish times for the record."""
    network = make_network(account)
    network.check()
    durations = []
    for index in range(5):
        post = example_post(media=(), parts=(part(f"Mesure {index} : {TITLE}"),))
        started = time.perf_counter()
        network.publish(post, key=network.new_key(URL))
        durations.append(time.perf_counter() - started)
    print(
        f"PDS start {local_pds.startup_s:.2f} s; text-only publish median "
        f"{statistics.median(durations) * 1000:.0f} ms over {len(durations)}"
    )
    assert len(local_pds.list_records(account.did)) == 5
