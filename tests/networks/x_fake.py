"""An HTTP-level fake of the X API v2 endpoints syndicator uses, built on ``responses``.

It answers with the documented v2 shapes (docs/platforms.md §1.3-1.6, docs.x.com API
reference), realistic rate-limit headers and v2 problem bodies, and it checks what it
receives like X would: every request must carry a valid OAuth 1.0a HMAC-SHA1
signature made with the test credentials (else 401), a reply must point at an existing
post, media ids must have been uploaded, text must be within 280 weighted characters,
and the same text twice is refused as duplicate content. Everything it receives is
recorded for the tests to inspect.

It bills like pay-per-use X (docs.x.com/x-api/getting-started/pricing, 2026-12): each
successful POST /2/tweets costs $0.015, or $0.200 when X finds a URL in the text (the
reference twitter-text extraction decides), each alt text (media metadata) $0.005; a
refused request costs nothing. With ``credits`` set, a request it cannot pay for is
answered 402 CreditsDepleted, and nothing is created.
"""

from __future__ import annotations

import hmac
import itertools
import json
import re
import time
from collections import defaultdict, deque
from dataclasses import dataclass, field
from datetime import UTC, datetime
from email import message_from_bytes
from email.policy import HTTP
from types import SimpleNamespace
from typing import Any
from urllib.parse import parse_qs, urlsplit

import responses
from oauthlib.oauth1.rfc5849 import signature, utils

CONSUMER_KEY = "xvz1evFS4wEEPTGEFPHBog"
CONSUMER_SECRET = "kAcSOqF21Fu85e7zjz7ZN2U4ZRhfV3WpwPAoE3Z7kBw"
ACCESS_TOKEN = "1679312345678901248-Wu9XkZq3fdH2sT8vLmN0pQrYb7cAeJ"
ACCESS_TOKEN_SECRET = "LswwdoUaIvS8ltyTt5jkRh4J50vUPVVHtR2YPi5kE"
SECRETS = (CONSUMER_KEY, CONSUMER_SECRET, ACCESS_TOKEN, ACCESS_TOKEN_SECRET)
USER_ID = "1679312345678901248"
USERNAME = "syndic_fr"

# tweepy 4.17 sends to api.twitter.com; the media code to api.x.com. X serves both.
HOSTS = r"https://api\.(?:x|twitter)\.com"

# v2 problem bodies, as X sends them.
DUPLICATE = {
    "detail": "You are not allowed to create a Tweet with duplicate content.",
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
}  # akrherz/iembot#163 (docs/platforms.md §1.6)
READ_ONLY = {
    "title": "Forbidden",
    "detail": "Your client app is not configured with the appropriate oauth1 app permissions "
    "for this endpoint.",
    "type": "https://api.twitter.com/2/problems/oauth1-permissions",
    "status": 403,
}  # plhery/node-twitter-api-v2#493 (docs/platforms.md §5 pitfall 4)
REPLY_NOT_ALLOWED = {
    "detail": "Reply to this conversation is not allowed because you have not been mentioned "
    "or otherwise engaged by the author of the post you are replying to.",
    "type": "about:blank",
    "title": "Forbidden",
    "status": 403,
}  # detail as quoted in gptme/gptme-contrib#811 (2026); the envelope is the v2 403 one
USAGE_CAPPED = {
    "account_id": "1679312345678901200",
    "product_name": "standard-basic",
    "title": "UsageCapExceeded",
    "period": "Monthly",
    "scope": "Product",
    "detail": "Usage cap exceeded: Monthly product cap",
    "type": "https://api.twitter.com/2/problems/usage-capped",
}  # sent with HTTP 429 (xdevplatform/xdk#25, 2026)
CREDITS_DEPLETED = {
    "title": "CreditsDepleted",
    "detail": "Your enrolled account does not have any credits to fulfill this request.",
    "type": "https://api.twitter.com/2/problems/credits",
}  # HTTP 402: a plausible shape, X documents none
NOT_ENOUGH_ACCESS = {
    "title": "Client Forbidden",
    "detail": "When authenticating requests to the Twitter API v2 endpoints, you must use "
    "keys and tokens from a Twitter developer App that is attached to a Project.",
    "reason": "client-not-enrolled",
    "type": "https://api.twitter.com/2/problems/client-forbidden",
    "status": 403,
}
RATE_LIMITED = {
    "title": "Too Many Requests",
    "detail": "Too Many Requests",
    "type": "about:blank",
    "status": 429,
}
SERVER_ERROR = {
    "title": "Service Unavailable",
    "detail": "Service Unavailable",
    "type": "about:blank",
    "status": 503,
}
UNAUTHORIZED = {
    "title": "Unauthorized",
    "type": "about:blank",
    "status": 401,
    "detail": "Unauthorized",
}

# What each request costs, in micro-dollars (X's pricing page, read 2026-12-06).
PRICE_POST = 15_000
PRICE_POST_WITH_URL = 200_000
PRICE_ALT_TEXT = 5_000

# Per-endpoint windows: (limit per 15 min per user) for pay-per-use (docs/platforms.md §1.5).
_LIMITS = {"tweets": 100, "upload": 500, "metadata": 500, "me": 75, "timeline": 900}
_URL = re.compile(r"https?://\S+")


@dataclass
class Reply:
    """A scripted answer: status, JSON body and extra headers."""

    status: int
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    error: Exception | None = None  # raised instead of answering (connection failures)


OK = None  # in a script: answer normally


@dataclass
class Received:
    """One request as the fake saw it."""

    endpoint: str
    method: str
    url: str
    headers: dict[str, str]
    body: bytes
    signed: bool
    timeout: Any

    @property
    def json(self) -> Any:
        """The JSON body."""
        return json.loads(self.body)

    @property
    def query(self) -> dict[str, str]:
        """The query parameters (one value each)."""
        return {k: v[0] for k, v in parse_qs(urlsplit(self.url).query).items()}

    @property
    def oauth(self) -> dict[str, str]:
        """The OAuth 1.0a parameters of the Authorization header."""
        pairs = utils.parse_authorization_header(self.headers["Authorization"])
        return {key: utils.unescape(value) for key, value in pairs}

    def multipart(self) -> dict[str, tuple[bytes, str | None, str | None]]:
        """The multipart fields: name -> (bytes, filename, content type)."""
        head = f"Content-Type: {self.headers['Content-Type']}\r\n\r\n".encode()
        message = message_from_bytes(head + self.body, policy=HTTP)
        fields = {}
        for part in message.iter_parts():
            name = part.get_param("name", header="content-disposition")
            ctype = part.get("Content-Type")
            fields[str(name)] = (part.get_payload(decode=True), part.get_filename(), ctype)
        return fields


class XFake:
    """The fake X API; ``script`` queues answers, ``received`` records requests."""

    def __init__(self, mock: responses.RequestsMock) -> None:
        self.tweets: list[dict[str, Any]] = []  # every post, oldest first
        self.media: dict[str, dict[str, Any]] = {}
        self.received: list[Received] = []
        self._scripts: dict[str, deque[Reply | None]] = defaultdict(deque)
        self._used: dict[str, int] = defaultdict(int)
        self._ids = itertools.count(1_862_400_000_000_000_000, 4_194_304)
        self.window_reset = int(time.time()) + 900
        #: Micro-dollars left to spend (None: no limit); what each paid request cost.
        self.credits: int | None = None
        self.charges: list[tuple[str, int]] = []
        routes = {
            ("POST", re.compile(HOSTS + r"/2/tweets$")): ("tweets", self._create_tweet),
            ("POST", re.compile(HOSTS + r"/2/media/upload$")): ("upload", self._upload),
            ("POST", re.compile(HOSTS + r"/2/media/metadata$")): ("metadata", self._metadata),
            ("GET", re.compile(HOSTS + r"/2/users/me(\?.*)?$")): ("me", self._me),
            ("GET", re.compile(HOSTS + r"/2/users/\d+/tweets(\?.*)?$")): (
                "timeline",
                self._timeline,
            ),
        }
        for (method, url), (endpoint, handler) in routes.items():
            mock.add_callback(method, url, callback=self._wrap(endpoint, handler))

    # -- scripting ---------------------------------------------------------------

    def script(self, endpoint: str, *replies: Reply | None) -> None:
        """Queue answers for ``endpoint``'s next calls (``OK`` = answer normally)."""
        self._scripts[endpoint].extend(replies)

    def calls(self, endpoint: str) -> list[Received]:
        """The requests received by ``endpoint``, in order."""
        return [r for r in self.received if r.endpoint == endpoint]

    @property
    def billed(self) -> int:
        """What the account paid so far, in micro-dollars."""
        return sum(price for _, price in self.charges)

    def seed(
        self, text: str, *, reply_to: str | None = None, created_at: datetime | None = None
    ) -> str:
        """Add a post to the account's timeline, as if made earlier; return its id."""
        return self._store(text, reply_to=reply_to, media_ids=[], created_at=created_at)

    # -- plumbing ----------------------------------------------------------------

    def _wrap(self, endpoint: str, handler: Any) -> Any:
        def callback(request: Any) -> tuple[int, dict[str, str], str]:
            body = request.body or b""
            if isinstance(body, str):
                body = body.encode()
            headers = {
                k: v.decode() if isinstance(v, bytes) else v for k, v in request.headers.items()
            }
            signed = _signature_ok(request.method, request.url, headers, body)
            timeout = getattr(request, "req_kwargs", {}).get("timeout")
            received = Received(
                endpoint, request.method, request.url, headers, body, signed, timeout
            )
            self.received.append(received)
            self._used[endpoint] += 1
            scripted = self._scripts[endpoint].popleft() if self._scripts[endpoint] else OK
            if scripted is not None:
                if scripted.error is not None:
                    raise scripted.error
                return self._answer(endpoint, scripted.status, scripted.body, scripted.headers)
            if not signed:
                return self._answer(endpoint, 401, UNAUTHORIZED)
            price = self._price(endpoint, received)
            if price and self.credits is not None and self.credits < price:
                return self._answer(endpoint, 402, CREDITS_DEPLETED)
            status, answer = handler(received)
            if price and status < 300:
                self.charges.append((endpoint, price))
                if self.credits is not None:
                    self.credits -= price
            return self._answer(endpoint, status, answer)

        return callback

    def _answer(
        self, endpoint: str, status: int, body: Any, extra: dict[str, str] | None = None
    ) -> tuple[int, dict[str, str], str]:
        limit = _LIMITS[endpoint]
        headers = {
            "content-type": "application/json; charset=utf-8",
            "x-rate-limit-limit": str(limit),
            "x-rate-limit-remaining": str(max(limit - self._used[endpoint], 0)),
            "x-rate-limit-reset": str(self.window_reset),
            "x-transaction-id": f"{next(self._ids):x}"[:16],
        }
        if endpoint == "tweets":  # POST /2/tweets has 24-hour buckets too (§1.5)
            tomorrow = str(int(time.time()) + 86_400)
            headers |= {
                "x-user-limit-24hour-limit": "17",
                "x-user-limit-24hour-remaining": str(max(17 - self._used[endpoint], 0)),
                "x-user-limit-24hour-reset": tomorrow,
                "x-app-limit-24hour-limit": "10000",
                "x-app-limit-24hour-remaining": str(10_000 - self._used[endpoint]),
                "x-app-limit-24hour-reset": tomorrow,
            }
        if status >= 400 and isinstance(body, dict) and "type" in body:
            headers["content-type"] = "application/problem+json"
        if isinstance(body, str):  # a proxy's HTML page, say
            headers["content-type"] = "text/html"
        headers |= extra or {}
        if body is None or isinstance(body, str):
            return status, headers, body or ""
        return status, headers, json.dumps(body)

    def _store(
        self,
        text: str,
        *,
        reply_to: str | None,
        media_ids: list[str],
        created_at: datetime | None = None,
    ) -> str:
        tweet_id = str(next(self._ids))
        self.tweets.append(
            {
                "id": tweet_id,
                "text": text,
                "reply_to": reply_to,
                "media_ids": media_ids,
                "created_at": created_at or datetime.now(UTC),
            }
        )
        return tweet_id

    @staticmethod
    def _price(endpoint: str, received: Received) -> int:
        """Return what the request costs if it succeeds (0: not billed here)."""
        if endpoint == "metadata":
            return PRICE_ALT_TEXT
        if endpoint != "tweets":
            return 0
        from twitter_text import extract_urls  # the reference URL extraction

        text = received.json.get("text", "")
        return PRICE_POST_WITH_URL if extract_urls(text) else PRICE_POST

    # -- endpoints ---------------------------------------------------------------

    def _create_tweet(self, received: Received) -> tuple[int, Any]:
        body = received.json
        text = body.get("text", "")
        media_ids = body.get("media", {}).get("media_ids", [])
        reply_to = body.get("reply", {}).get("in_reply_to_tweet_id")
        from twitter_text import parse_tweet  # the reference measure (docs/platforms.md §1.2)

        if text and not parse_tweet(text).valid:
            return 403, {
                "detail": "Your Tweet text is too long.",
                "type": "about:blank",
                "title": "Forbidden",
                "status": 403,
            }
        if any(m not in self.media for m in media_ids):
            return 400, {
                "title": "Invalid Request",
                "status": 400,
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            }
        if reply_to is not None and all(t["id"] != reply_to for t in self.tweets):
            return 403, {
                "detail": "The Tweet you are replying to does not exist.",
                "type": "about:blank",
                "title": "Forbidden",
                "status": 403,
            }
        if any(t["text"] == text for t in self.tweets):
            return 403, DUPLICATE
        tweet_id = self._store(text, reply_to=reply_to, media_ids=media_ids)
        shown = self._render(self.tweets[-1])["text"]
        return 201, {"data": {"id": tweet_id, "text": shown, "edit_history_tweet_ids": [tweet_id]}}

    def _upload(self, received: Received) -> tuple[int, Any]:
        fields = received.multipart()
        if "media" not in fields or not fields["media"][0]:
            return 400, {
                "title": "Invalid Request",
                "status": 400,
                "detail": "media is required",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            }
        data = fields["media"][0]
        if len(data) > 5_000_000:
            return 400, {
                "title": "Invalid Request",
                "status": 400,
                "detail": "File size exceeds 5242880 bytes.",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            }
        media_id = str(next(self._ids))
        self.media[media_id] = {"bytes": data, "alt": None}
        return 200, {
            "data": {
                "id": media_id,
                "media_key": f"3_{media_id}",
                "size": len(data),
                "expires_after_secs": 86_400,
                "image": {"image_type": fields["media"][2], "w": 0, "h": 0},
            }
        }

    def _metadata(self, received: Received) -> tuple[int, Any]:
        body = received.json
        media_id = body.get("id")
        alt = body.get("metadata", {}).get("alt_text", {}).get("text", "")
        if media_id not in self.media or len(alt) > 1_000:
            return 400, {
                "title": "Invalid Request",
                "status": 400,
                "detail": "One or more parameters to your request was invalid.",
                "type": "https://api.twitter.com/2/problems/invalid-request",
            }
        self.media[media_id]["alt"] = alt
        return 200, {"data": {"id": media_id, "associated_metadata": body["metadata"]}}

    def _me(self, received: Received) -> tuple[int, Any]:
        return 200, {"data": {"id": USER_ID, "name": "Syndicator FR", "username": USERNAME}}

    def _timeline(self, received: Received) -> tuple[int, Any]:
        query = received.query
        start = datetime.fromisoformat(query["start_time"].replace("Z", "+00:00"))
        tweets = [self._render(t) for t in reversed(self.tweets) if t["created_at"] >= start]
        tweets = tweets[: int(query.get("max_results", 10))]
        if not tweets:
            return 200, {"meta": {"result_count": 0}}
        meta = {
            "result_count": len(tweets),
            "newest_id": tweets[0]["id"],
            "oldest_id": tweets[-1]["id"],
        }
        return 200, {"data": tweets, "meta": meta}

    def _render(self, tweet: dict[str, Any]) -> dict[str, Any]:
        """Return a stored post as GET /2/users/:id/tweets shows it (t.co links, entities)."""
        text, urls = tweet["text"], []
        for n, match in enumerate(_URL.finditer(tweet["text"])):
            tco = f"https://t.co/{tweet['id'][-6:]}{n:04d}"
            text = text.replace(match.group(), tco, 1)
            urls.append(
                {
                    "url": tco,
                    "expanded_url": match.group(),
                    "display_url": match.group().split("://", 1)[1][:26] + "…",
                }
            )
        for n, _ in enumerate(tweet["media_ids"]):
            tco = f"https://t.co/m{tweet['id'][-6:]}{n}"
            text += f" {tco}"
            urls.append(
                {
                    "url": tco,
                    "media_key": f"3_{tweet['media_ids'][n]}",
                    "expanded_url": f"https://x.com/{USERNAME}/status/{tweet['id']}/photo/1",
                    "display_url": "pic.x.com/abc",
                }
            )
        text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        shown: dict[str, Any] = {
            "id": tweet["id"],
            "text": text,
            "created_at": tweet["created_at"].strftime("%Y-%m-%dT%H:%M:%S.000Z"),
            "edit_history_tweet_ids": [tweet["id"]],
        }
        if urls:
            shown["entities"] = {"urls": urls}
        if tweet["reply_to"]:
            shown["referenced_tweets"] = [{"type": "replied_to", "id": tweet["reply_to"]}]
        return shown


def _signature_ok(method: str, url: str, headers: dict[str, str], body: bytes) -> bool:
    """Verify an OAuth 1.0a HMAC-SHA1 signature against the test credentials (RFC 5849)."""
    header = headers.get("Authorization", "")
    if not header.startswith("OAuth "):
        return False
    oauth = {k: utils.unescape(v) for k, v in utils.parse_authorization_header(header)}
    if (
        oauth.get("oauth_consumer_key") != CONSUMER_KEY
        or oauth.get("oauth_token") != ACCESS_TOKEN
        or oauth.get("oauth_signature_method") != "HMAC-SHA1"
        or abs(int(oauth.get("oauth_timestamp", "0")) - time.time()) > 300
    ):
        return False
    form = "application/x-www-form-urlencoded" in headers.get("Content-Type", "")
    params = signature.collect_parameters(
        uri_query=urlsplit(url).query,
        body=body.decode() if form else None,
        headers={"Authorization": header},
        exclude_oauth_signature=True,
    )
    base = signature.signature_base_string(
        method, signature.base_string_uri(url), signature.normalize_parameters(params)
    )
    secrets = SimpleNamespace(
        client_secret=CONSUMER_SECRET, resource_owner_secret=ACCESS_TOKEN_SECRET
    )
    expected = signature.sign_hmac_sha1_with_client(base, secrets)
    return hmac.compare_digest(expected, oauth.get("oauth_signature", ""))
