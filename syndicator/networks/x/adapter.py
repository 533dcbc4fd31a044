"""The X adapter: API v2 posts through tweepy, v2 media upload with alt text.

Auth is OAuth 1.0a user context (the four values of an app set to "Read and write").
X has no idempotency key, so ``find`` looks at the account's recent posts, and a
duplicate-content refusal is reported as "probably posted already", never re-sent.
Once the first post has landed nothing raises: replies X refuses are described in
``Published.incomplete`` so that the first post is recorded and never sent twice.
"""

from __future__ import annotations

import functools
import html
import unicodedata
from collections.abc import Mapping
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import (
    CannotTell,
    NetworkError,
    Rejected,
    Unavailable,
)
from ...models import Limits, Post, Published
from ...redact import register_secret
from ..base import derive_key
from ..deadline import mount_deadline
from .errors import drop_bad_reset, translate
from .limits import LIMITS

if TYPE_CHECKING:
    from ...settings import NetworkConfig

__all__ = ["XNetwork"]

# 280 weighted characters; 25,000 for Premium (docs/platforms.md §1.1): see limits.py.
DEFAULT_MAX_CHARACTERS = LIMITS.max_characters
MAX_MEDIA = LIMITS.max_media
# GET /2/users/:id/tweets returns at most 100 posts a page (X API reference); a few
# pages cover any burst of posts since a pending attempt. Each post read is billed.
_PAGE_SIZE = 100
_FIND_PAGES = 3
# Allowance for clock skew between this machine and X when reading back since a time.
_SKEW = timedelta(minutes=5)


class XNetwork:
    """Publish to X: API v2 posts and media, OAuth 1.0a user context."""

    name = "x"

    def __init__(
        self,
        *,
        api_key: str,
        api_secret: str,
        access_token: str,
        access_token_secret: str,
        max_characters: int = DEFAULT_MAX_CHARACTERS,
        timeout: float = 30.0,
    ) -> None:
        for secret in (api_key, api_secret, access_token, access_token_secret):
            register_secret(secret)
        self._credentials = (api_key, api_secret, access_token, access_token_secret)
        self.max_characters = max_characters
        self.timeout = timeout
        self._tweepy_client: Any = None
        self._me: tuple[str, str] | None = None  # (user id, username), read once

    def __repr__(self) -> str:
        return f"XNetwork(max_characters={self.max_characters}, timeout={self.timeout})"

    @classmethod
    def from_config(
        cls,
        config: NetworkConfig,
        *,
        state_dir: Path,
        environ: Mapping[str, str] | None = None,
        timeout: float = 30.0,
    ) -> XNetwork:
        """Build the adapter from its config, reading the four secrets from the environment."""
        del state_dir  # X keeps no session between runs
        secrets = config.secrets(environ)
        return cls(
            timeout=timeout,
            api_key=secrets["api_key"],
            api_secret=secrets["api_secret"],
            access_token=secrets["access_token"],
            access_token_secret=secrets["access_token_secret"],
            max_characters=config.max_characters or DEFAULT_MAX_CHARACTERS,
        )

    def limits(self) -> Limits:
        """Return X's documented limits (no request: X publishes none per account)."""
        return replace(LIMITS, max_characters=self.max_characters)

    def new_key(self, article_id: str) -> str:
        """Return the key the pipeline records; X itself has no idempotency key."""
        return derive_key(article_id, self.name)

    def publish(self, post: Post, *, key: str) -> Published:
        """Upload the images, post the first part, then each reply; see the module doc."""
        from .media import upload_images

        if not post.parts:
            raise Rejected(self.name, "the post has no text")
        if len(post.media) > MAX_MEDIA:
            raise Rejected(self.name, f"{len(post.media)} images, X takes at most {MAX_MEDIA}")
        client = self._client()
        try:
            media_ids = upload_images(
                client.session, self._oauth1(), post.media, timeout=self.timeout
            )
        except self._sdk_errors() as exc:
            raise self._translate(exc) from exc
        try:
            data = client.create_tweet(text=post.parts[0].text, media_ids=media_ids or None)
        except self._sdk_errors() as exc:
            raise self._translate(exc, posting=True) from exc
        ids = [str(data["data"]["id"])]
        incomplete = None
        for number, part in enumerate(post.parts[1:], start=2):
            try:
                data = client.create_tweet(text=part.text, in_reply_to_tweet_id=ids[-1])
            except self._sdk_errors() as exc:
                reason = str(self._translate(exc)).removeprefix(f"{self.name}: ")
                incomplete = (
                    f"part {number} of {len(post.parts)} was not posted ({reason}); "
                    f"the first {len(ids)} part(s) stand and will not be sent again"
                )
                break
            ids.append(str(data["data"]["id"]))
        return Published(
            network=self.name,
            id=ids[0],
            url=self._status_url(ids[0]),
            part_ids=tuple(ids),
            incomplete=incomplete,
        )

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        """Return the post made for ``post`` since ``since`` on this account, None if absent."""
        import tweepy

        client = self._client()
        start = min(since if since.tzinfo else since.replace(tzinfo=UTC), datetime.now(UTC))
        tweets: list[Mapping[str, Any]] = []
        try:
            user_id, _ = self._account()
            token = None
            for _ in range(_FIND_PAGES):
                page = client.get_users_tweets(
                    user_id,
                    start_time=start - _SKEW,
                    max_results=_PAGE_SIZE,
                    tweet_fields=["created_at", "entities", "referenced_tweets"],
                    pagination_token=token,
                    user_auth=True,
                )
                tweets.extend(page.get("data") or ())
                token = (page.get("meta") or {}).get("next_token")
                if not token:
                    break
        except self._sdk_errors() as exc:
            error = self._translate(exc)
            if isinstance(error, Unavailable) or isinstance(exc, tweepy.Unauthorized):
                raise error from exc
            reason = str(error).removeprefix(f"{self.name}: ")
            raise CannotTell(
                self.name,
                f"cannot read the account's recent posts to see whether an earlier attempt "
                f"landed ({reason}); check {self._profile_url()} by hand and rerun with "
                f"--force if nothing was posted",
            ) from exc
        found = self._match(post, tweets)
        if found is None and not post.url:
            # With no link to look for, only the exact text matches; a text edited since
            # the earlier attempt would not, and a second post would go out.
            raise CannotTell(
                self.name,
                f"the post has no link to look for and no recent post has its text; if "
                f"the article was edited since, an earlier version may be on "
                f"{self._profile_url()}: check by hand and rerun with --force if not",
            )
        return found

    def check(self) -> Mapping[str, Any]:
        """Read the authenticated account (one request); return it with the limits."""
        user_id, username = self._account(strict=True)
        return {
            "account": f"@{username}",
            "id": user_id,
            "url": f"https://x.com/{username}",
            "auth": "OAuth 1.0a user context",
            "max_characters": self.max_characters,
        }

    # -- helpers ---------------------------------------------------------------------

    def _client(self) -> Any:
        """Return the tweepy Client, built on first use, its session bounded in time."""
        if self._tweepy_client is None:
            import tweepy

            key, secret, token, token_secret = self._credentials
            client = tweepy.Client(
                consumer_key=key,
                consumer_secret=secret,
                access_token=token,
                access_token_secret=token_secret,
                return_type=dict,  # plain JSON: no tweepy type leaves this module
                wait_on_rate_limit=False,  # never sleep for hours inside a run
            )
            # tweepy calls session.request without a timeout: give it ours.
            client.session.request = functools.partial(client.session.request, timeout=self.timeout)
            mount_deadline(client.session, self.timeout)  # and one for the whole exchange
            client.session.hooks["response"].append(drop_bad_reset)
            self._tweepy_client = client
        return self._tweepy_client

    def _oauth1(self) -> Any:
        """Return a requests auth signing with the user's OAuth 1.0a credentials."""
        from requests_oauthlib import OAuth1

        key, secret, token, token_secret = self._credentials
        return OAuth1(key, secret, token, token_secret)

    @staticmethod
    def _sdk_errors(*extra: type[Exception]) -> tuple[type[Exception], ...]:
        """Return the exception types that SDK and HTTP calls raise, and ``extra``."""
        import requests
        import tweepy

        return (tweepy.TweepyException, requests.RequestException, *extra)

    def _account(self, *, strict: bool = False) -> tuple[str, str]:
        """Return the authenticated user's (id, username), read once (GET /2/users/me)."""
        if self._me is None:
            try:
                data = self._client().get_me(user_auth=True)["data"]
            except self._sdk_errors() as exc:
                if strict:
                    raise self._translate(exc) from exc
                raise
            self._me = (str(data["id"]), str(data["username"]))
        return self._me

    def _profile_url(self) -> str:
        """Return the account's profile URL, or a hint when it cannot be read."""
        try:
            return f"https://x.com/{self._account()[1]}"
        except self._sdk_errors(KeyError, TypeError):
            return "your X profile"

    def _status_url(self, tweet_id: str) -> str:
        """Return the post's URL; X redirects /i/status/<id> when the username is unknown."""
        try:
            username = self._account()[1]
        except self._sdk_errors(KeyError, TypeError):
            username = "i"  # the post landed: a failed read must not turn it into an error
        return f"https://x.com/{username}/status/{tweet_id}"

    def _match(self, post: Post, tweets: list[Mapping[str, Any]]) -> Published | None:
        """Return the oldest top-level tweet for ``post`` and the replies that follow it."""
        wanted_url = _norm_url(post.url) if post.url else None
        wanted_text = _norm_text(post.parts[0].text) if post.parts else None
        head = None
        for tweet in reversed(tweets):  # the API lists newest first
            if _replied_to(tweet):
                continue
            urls = tweet.get("entities", {}).get("urls", [])
            expanded = {
                _norm_url(u.get(k, "")) for u in urls for k in ("expanded_url", "unwound_url")
            }
            if (wanted_url and wanted_url in expanded) or _norm_text(_untco(tweet)) == wanted_text:
                head = tweet
                break
        if head is None:
            return None
        ids = [str(head["id"])]
        # Newest first, so that the oldest reply to a post wins.
        replies = {_replied_to(t): str(t["id"]) for t in tweets if _replied_to(t)}
        while len(ids) < len(post.parts) and ids[-1] in replies:
            ids.append(replies[ids[-1]])
        incomplete = None
        if len(ids) < len(post.parts):
            incomplete = (
                f"found {len(ids)} of {len(post.parts)} parts on X; the rest were not posted"
            )
        return Published(
            network=self.name,
            id=ids[0],
            url=self._status_url(ids[0]),
            part_ids=tuple(ids),
            incomplete=incomplete,
        )

    def _translate(self, exc: Exception, *, posting: bool = False) -> NetworkError:
        """Return our error for a tweepy or requests exception (see x_errors)."""
        return translate(exc, posting=posting, profile_url=self._profile_url)


def _replied_to(tweet: Mapping[str, Any]) -> str | None:
    """Return the id of the post ``tweet`` replies to, if any."""
    for ref in tweet.get("referenced_tweets") or ():
        if ref.get("type") == "replied_to":
            return str(ref.get("id"))
    return None


def _untco(tweet: Mapping[str, Any]) -> str:
    """Return the tweet's text with its t.co links put back to what was posted."""
    text = html.unescape(str(tweet.get("text", "")))
    for url in tweet.get("entities", {}).get("urls", []):
        if not url.get("url"):
            continue
        # X appends a t.co link to the attached media: it was not part of what we sent.
        original = "" if url.get("media_key") else url.get("expanded_url", url["url"])
        text = text.replace(url["url"], original)
    return text


def _norm_text(text: str) -> str:
    """Return ``text`` as X stores it, for comparison (NFC, LF line ends, stripped)."""
    return unicodedata.normalize("NFC", text.replace("\r\n", "\n")).strip()


def _norm_url(url: str) -> str:
    """Return ``url`` with a lower-case scheme and host and no trailing slash."""
    scheme, sep, rest = url.strip().partition("://")
    host, slash, path = rest.partition("/")
    return f"{scheme.lower()}{sep}{host.lower()}{slash}{path}".rstrip("/")
