"""Publish to Mastodon with Mastodon.py: the instance's own limits, exactly once.

Exactly once rests on Mastodon's ``Idempotency-Key`` header: the server remembers a
key for one hour per account and answers a repeated key with the status it already
created (``PostStatusService#with_idempotency``, docs/platforms.md §2.2). Every part of a
post is sent with a key derived from the pipeline's key and the part's number, so a
retry within the hour returns the original statuses. Past the hour, ``find`` looks
for the post's URL among the account's recent statuses.

Mastodon.py is imported only inside methods; the client is built on first use with
``ratelimit_method="throw"`` (never sleep silently) and ``version_check_mode="none"``.
"""

from __future__ import annotations

import html
import mimetypes
import time
from collections.abc import Callable, Mapping
from contextlib import AbstractContextManager
from dataclasses import asdict, replace
from datetime import UTC, datetime, timedelta
from pathlib import Path, PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from ...errors import (
    CannotTell,
    ConfigError,
    MediaError,
    NetworkError,
    Rejected,
    Unavailable,
)
from ...media import load_image
from ...models import Image, Limits, Post, Published
from ...redact import register_secret
from ...settings import NetworkConfig
from ..base import derive_key
from ..deadline import mount_deadline
from .errors import NAME, translating, when
from .limits import LIMITS, VISIBILITIES

__all__ = ["MastodonNetwork"]


# Limits field -> where /api/v2/instance says it (configuration.<section>.<key>), and the
# documented default when it does not (docs entities/Instance.md 4.x example, docs/platforms.md
# §2.1). Forks raise max_characters, so the instance's own values always win.
_DEFAULTS = LIMITS
_INSTANCE_LIMITS: dict[str, tuple[str, str, int]] = {
    "max_characters": ("statuses", "max_characters", _DEFAULTS.max_characters),
    "url_length": ("statuses", "characters_reserved_per_url", _DEFAULTS.url_length),
    "max_media": ("statuses", "max_media_attachments", _DEFAULTS.max_media),
    "max_image_bytes": ("media_attachments", "image_size_limit", _DEFAULTS.max_image_bytes),
    # MediaAttachment::MAX_DESCRIPTION_LENGTH; reported as description_limit since 4.4.
    "max_alt": ("media_attachments", "description_limit", _DEFAULTS.max_alt),
}

# "Idempotency keys are stored for up to 1 hour" (docs methods/statuses.md); the margin
# leaves time for a retry (uploads included) to reach the server while the key holds.
_KEY_TTL = timedelta(hours=1)
_KEY_MARGIN = timedelta(minutes=5)
_FIND_LIMIT = 40  # the largest page GET /api/v1/accounts/:id/statuses returns
_FIND_PAGES = 5  # 200 statuses back: more since an attempt is left to a person
# Statuses this much older than our record of the attempt still count: clocks differ.
_CLOCK_SLACK = timedelta(hours=1)

# The SDK picks /api/v2/media only for servers it believes are >= 3.1.4; with version
# checks off it would probe /api/v1/instance first. We need 4.0+ (/api/v2/instance).
_ASSUMED_VERSION = (4, 0, 0)


class MastodonNetwork:
    """Publish Posts to one Mastodon account, reading that instance's own limits."""

    name = NAME

    def __init__(
        self,
        *,
        instance: str,
        access_token: str,
        visibility: str = "public",
        spoiler_text: str | None = None,
        sensitive: bool = False,
        timeout: float = 30.0,
        media_wait: float = 60.0,
        max_characters: int | None = None,
    ) -> None:
        if visibility not in VISIBILITIES:
            raise ConfigError(
                f"networks.mastodon.visibility: {visibility!r} is not one of "
                f"{', '.join(VISIBILITIES)}"
            )
        register_secret(access_token)
        self.instance = _base_url(instance)
        self.visibility = visibility
        self.spoiler_text = spoiler_text or None
        self.sensitive = sensitive
        self.timeout = timeout
        self.media_wait = media_wait
        # A limit the user set: posts never go past it, nor past the instance's own.
        self.max_characters = max_characters
        self._token = access_token
        self._token_env = "MASTODON_ACCESS_TOKEN"
        self._api: Any = None
        self._limits: Limits | None = None
        self._last_headers: Mapping[str, str] = {}
        # Seams for tests: how the media wait sleeps and reads the clock.
        self._sleep: Callable[[float], None] = time.sleep
        self._clock: Callable[[], float] = time.monotonic

    @classmethod
    def from_config(
        cls,
        config: NetworkConfig,
        *,
        state_dir: Path,
        environ: Mapping[str, str] | None = None,
        timeout: float = 30.0,
    ) -> MastodonNetwork:
        """Build the adapter from the ``networks.mastodon`` config and the environment."""
        del state_dir  # Mastodon needs no session file: the token is the session
        instance = config.setting("instance", environ)
        if not instance:
            raise ConfigError(
                "networks.mastodon.instance: no instance configured; set it in the config "
                "or export MASTODON_INSTANCE (for example https://mastodon.social)"
            )
        token = config.secrets(environ)["access_token"]
        network = cls(
            timeout=timeout,
            instance=str(instance),
            access_token=token,
            visibility=config.setting("visibility") or "public",
            spoiler_text=config.setting("spoiler_text"),
            sensitive=bool(config.setting("sensitive")),
            max_characters=config.max_characters,
        )
        network._token_env = str(config.settings.access_token_env or network._token_env)
        return network

    def __repr__(self) -> str:
        return f"MastodonNetwork(instance={self.instance!r}, visibility={self.visibility!r})"

    def limits(self) -> Limits:
        """Return the instance's limits from /api/v2/instance, read once per adapter."""
        if self._limits is None:
            from mastodon import MastodonNotFoundError

            api = self._client()
            info: Mapping[str, Any]
            with self._translate("reading the instance's limits"):
                try:
                    info = api.instance_v2()
                except MastodonNotFoundError:
                    info = {}  # before 4.0 there is no /api/v2/instance: documented defaults
            limits = Limits(
                **{name: _number(info, *where) for name, where in _INSTANCE_LIMITS.items()}
            )
            if self.max_characters and self.max_characters < limits.max_characters:
                limits = replace(limits, max_characters=self.max_characters)
            self._limits = limits
        return self._limits

    def new_key(self, article_id: str) -> str:
        """Return the deterministic idempotency key for this article on Mastodon."""
        return derive_key(article_id, NAME)

    def publish(self, post: Post, *, key: str) -> Published:
        """Upload the images, then post every part as a thread, each with its own key.

        Once the first status is out nothing raises: a later part that fails is
        described in ``Published.incomplete``, and the parts posted stand.
        """
        if not post.parts:
            raise Rejected(NAME, "the post has no text")
        limits = self.limits()
        visibility, spoiler_text, sensitive = self._options(post)
        media_ids = [self._upload(image, limits) for image in post.media[: limits.max_media]]
        api = self._client()
        ids: list[str] = []
        first_url = ""
        incomplete = None
        total = len(post.parts)
        for number, part in enumerate(post.parts, start=1):
            try:
                with self._translate(f"posting part {number} of {total}"):
                    status = api.status_post(
                        part.text,
                        in_reply_to_id=ids[-1] if ids else None,
                        media_ids=media_ids if number == 1 and media_ids else None,
                        sensitive=sensitive,
                        visibility=visibility,
                        spoiler_text=spoiler_text,
                        language=post.lang or None,
                        idempotency_key=part_key(key, number),
                    )
            except NetworkError as exc:
                if not ids:
                    raise
                # The first post stands: raising would have it sent again once its key
                # expires. Report the rest instead (Published.incomplete).
                incomplete = (
                    f"part {number} of {total} failed ({str(exc).removeprefix(NAME + ': ')}); "
                    f"the first {len(ids)} part(s) stand and will not be sent again"
                )
                break
            ids.append(str(status["id"]))
            if number == 1:
                first_url = str(status.get("url") or status.get("uri") or "")
        return Published(
            network=NAME, id=ids[0], url=first_url, part_ids=tuple(ids), incomplete=incomplete
        )

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        """Return the earlier attempt made at ``since``, None when publishing again is safe.

        Within the hour the server still holds the key, so publishing again returns
        the original status: None. Later, the account's statuses back to ``since`` (an
        hour of slack for clocks) are searched for one that links ``post.url``. When
        that cannot settle it (no link to look for, or more statuses than the pages
        we read), it raises CannotTell: the run marks it unknown, to check by hand.
        """
        del key  # the server looks the key up itself within the hour
        since = since if since.tzinfo else since.replace(tzinfo=UTC)
        if datetime.now(UTC) - since < _KEY_TTL - _KEY_MARGIN:
            return None
        if not post.url:
            raise CannotTell(
                NAME,
                "the post has no link to look for and Mastodon forgets idempotency keys "
                f"after an hour; check {self.instance} by hand and rerun with --force if "
                "nothing was posted",
            )
        statuses, complete = self._statuses_since(since - _CLOCK_SLACK)
        wanted = {post.url, html.escape(post.url)}
        for status in reversed(statuses):  # oldest first: the first part comes first
            content = str(status.get("content") or "")
            if any(url in content for url in wanted) and not status.get("in_reply_to_id"):
                ids = _thread(str(status["id"]), statuses, len(post.parts))
                missing = len(post.parts) - len(ids)
                note = f"found {len(ids)} of {len(post.parts)} parts; {missing} not posted"
                return Published(
                    network=NAME,
                    id=ids[0],
                    url=str(status.get("url") or status.get("uri") or ""),
                    part_ids=ids,
                    incomplete=note if missing else None,
                )
        if not complete:
            raise CannotTell(
                NAME,
                f"more statuses since the earlier attempt than syndicator reads "
                f"({_FIND_PAGES * _FIND_LIMIT}); check {self.instance} by hand and rerun "
                "with --force if nothing was posted",
            )
        return None

    def _statuses_since(self, oldest: datetime) -> tuple[list[Any], bool]:
        """Return the account's statuses newer than ``oldest``, and whether that is all."""
        api = self._client()
        statuses: list[Any] = []
        with self._translate("looking for an earlier post"):
            account = api.account_verify_credentials()
            max_id = None
            for _ in range(_FIND_PAGES):
                page = list(
                    api.account_statuses(
                        account["id"], limit=_FIND_LIMIT, max_id=max_id, exclude_reblogs=True
                    )
                )
                recent = [s for s in page if (when(s.get("created_at")) or oldest) >= oldest]
                statuses += recent
                if len(page) < _FIND_LIMIT or len(recent) < len(page):
                    return statuses, True  # the page ends, or reaches back past ``oldest``
                max_id = page[-1]["id"]
        return statuses, False

    def check(self) -> Mapping[str, Any]:
        """Verify the token and read the limits; return what ``syndicator check`` shows."""
        api = self._client()
        with self._translate("checking the access token"):
            account = api.account_verify_credentials()
        return {
            "account": f"@{account['acct']}@{urlsplit(self.instance).hostname}",
            "instance": self.instance,
            **asdict(self.limits()),
        }

    def _options(self, post: Post) -> tuple[str, str | None, bool]:
        """Return visibility, content warning and sensitivity: the article's, else config."""
        visibility = str(post.options.get("visibility") or self.visibility)
        if visibility not in VISIBILITIES:
            raise Rejected(NAME, f"visibility {visibility!r} is not one of {VISIBILITIES}")
        spoiler = post.options.get("spoiler_text", self.spoiler_text)
        sensitive = post.options.get("sensitive", self.sensitive)
        return visibility, (str(spoiler) if spoiler else None), bool(sensitive)

    def _upload(self, image: Image, limits: Limits) -> str:
        """Upload one image with its alt text; wait (bounded) until the server processed it."""
        try:
            data = load_image(image, max_bytes=limits.max_image_bytes, timeout=self.timeout)
        except MediaError as exc:  # nothing is posted yet: a failure of this post only
            raise Rejected(NAME, str(exc)) from exc
        name = PurePosixPath(urlsplit(image.source).path).stem or "image"
        api = self._client()
        with self._translate(f"uploading image {image.source}"):
            media = api.media_post(
                data.data,
                mime_type=data.mime,
                description=_clip(data.alt, limits.max_alt) or None,
                file_name=name + (mimetypes.guess_extension(data.mime) or ""),
            )
            # 202 with url null while processing; GET /api/v1/media/:id answers 206
            # until done (docs methods/media.md). Posting earlier gets a 422.
            deadline = self._clock() + self.media_wait
            delay = 0.5
            while not media.get("url"):
                left = deadline - self._clock()
                if left <= 0:
                    raise Unavailable(
                        NAME,
                        f"image {image.source} was still being processed by {self.instance} "
                        f"after {self.media_wait:g} s; try again later",
                    )
                self._sleep(min(delay, left))
                delay = min(delay * 2, 5.0)
                media = api.media(media["id"])
        return str(media["id"])

    def _client(self) -> Any:
        """Return the Mastodon.py client, built on first use (no I/O until a request)."""
        if self._api is None:
            import requests
            from mastodon import Mastodon

            session = requests.Session()
            mount_deadline(session, self.timeout)  # per read, and for the whole exchange
            session.hooks["response"].append(self._remember_headers)
            api = Mastodon(
                access_token=self._token,
                api_base_url=self.instance,
                ratelimit_method="throw",
                version_check_mode="none",
                mastodon_version=".".join(map(str, _ASSUMED_VERSION)),
                request_timeout=self.timeout,
                session=session,
                user_agent="syndicator",
            )
            # With version checks off the SDK does not parse mastodon_version itself.
            api.mastodon_major, api.mastodon_minor, api.mastodon_patch = _ASSUMED_VERSION
            self._api = api
        return self._api

    def _remember_headers(self, response: Any, *args: Any, **kwargs: Any) -> None:
        """Keep the last response's headers: the SDK drops them when it raises."""
        self._last_headers = response.headers

    def _translate(self, doing: str) -> AbstractContextManager[None]:
        """Turn Mastodon.py's exceptions raised inside the block into ours."""
        return translating(
            doing,
            instance=self.instance,
            token_env=self._token_env,
            headers=lambda: self._last_headers,
        )


def part_key(key: str, number: int) -> str:
    """Return the Idempotency-Key of part ``number`` (1-based) of the post keyed ``key``."""
    return f"{key}-{number}"


def _base_url(instance: str) -> str:
    """Return ``instance`` as an https base URL without a trailing slash."""
    instance = instance.strip().rstrip("/")
    return instance if "://" in instance else f"https://{instance}"


def _clip(text: str, limit: int) -> str:
    """Return ``text`` cut at a grapheme boundary to at most ``limit`` code points.

    Mastodon validates the description with Rails' length check: code points.
    """
    if len(text) <= limit:
        return text
    import regex  # type: ignore[import-untyped,unused-ignore]

    kept: list[str] = []
    size = 1  # room for the ellipsis
    for cluster in regex.findall(r"\X", text):
        if size + len(cluster) > limit:
            break
        kept.append(cluster)
        size += len(cluster)
    return "".join(kept).rstrip() + "…"


def _number(info: Mapping[str, Any], section: str, key: str, default: int) -> int:
    """Return the instance's ``configuration.<section>.<key>``, ``default`` if unusable."""
    value = ((info.get("configuration") or {}).get(section) or {}).get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value <= 0:
        return default
    return value


def _thread(first: str, statuses: list[Any], parts: int) -> tuple[str, ...]:
    """Return ``first`` and its self-replies chained after it, up to ``parts`` ids."""
    ids = [first]
    while len(ids) < parts:
        reply = next((s for s in statuses if str(s.get("in_reply_to_id")) == ids[-1]), None)
        if reply is None:
            break
        ids.append(str(reply["id"]))
    return tuple(ids)
