"""The Threads adapter: two-step publishing over the Graph API, replies as thread parts.

Each part is a media container (POST /{user-id}/threads) that is polled until it is
FINISHED, then published (POST /{user-id}/threads_publish); the parts after the first
reply to the one before (``reply_to_id``). Before the first part, the publishing quota
(250 posts and 1,000 replies per moving 24 hours) is read from
``threads_publishing_limit``. Threads has no idempotency key: ``find`` looks for the
post among the account's recent threads, by link and text, and says ``CannotTell``
when that cannot decide. Once the first part has landed nothing raises: replies that
fail are described in ``Published.incomplete``. Numbers: docs/platforms.md §8.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable, Mapping, Sequence
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import DailyCap, NetworkError, Rejected, Unavailable
from ...models import Limits, Post, Published
from ...redact import register_secret
from ..base import derive_key
from . import lookup
from .client import DEFAULT_API, Graph
from .errors import NAME, GraphError, translate
from .limits import LIMITS
from .media import public_images
from .text import link_attachment

if TYPE_CHECKING:
    from ...settings import NetworkConfig

__all__ = ["POLL_DELAYS", "ThreadsNetwork"]

log = logging.getLogger(__name__)

#: Seconds between two reads of a container's status: Meta recommends at most 5
#: minutes of polling (docs/platforms.md §8.1); text is usually FINISHED at once.
POLL_DELAYS: tuple[float, ...] = (1, 2, 4, 8, 15, 30, 60, 60, 60, 60)
#: A token expiring within this is reported (long-lived tokens last 60 days, §8.5).
EXPIRY_WARNING = timedelta(days=7)
_FINISHED, _IN_PROGRESS, _ERROR, _EXPIRED = "FINISHED", "IN_PROGRESS", "ERROR", "EXPIRED"
_PUBLISHED = "PUBLISHED"


class ThreadsNetwork:
    """Publish to Threads with a long-lived user access token and the user's id."""

    name = NAME

    def __init__(
        self,
        *,
        access_token: str,
        user_id: str,
        api: str = DEFAULT_API,
        timeout: float = 30.0,
        poll_delays: Sequence[float] = POLL_DELAYS,
        sleep: Callable[[float], None] = time.sleep,
        now: Callable[[], datetime] = lambda: datetime.now(UTC),
    ) -> None:
        register_secret(user_id)
        self.user_id = user_id
        self.graph = Graph(token=access_token, api=api, timeout=timeout)
        self.poll_delays = tuple(poll_delays)
        self._sleep = sleep
        self._now = now
        self._username: str | None = None
        self._expiry_checked = False

    def __repr__(self) -> str:
        return f"ThreadsNetwork(api={self.graph.api!r})"

    @classmethod
    def from_config(
        cls,
        config: NetworkConfig,
        *,
        state_dir: Path,
        environ: Mapping[str, str] | None = None,
        timeout: float = 30.0,
    ) -> ThreadsNetwork:
        """Build the adapter: THREADS_ACCESS_TOKEN and THREADS_USER_ID from the environment."""
        del state_dir  # Threads keeps no session between runs
        secrets = config.secrets(environ)
        return cls(
            access_token=secrets["access_token"],
            user_id=secrets["user_id"],
            api=config.setting("api", environ) or DEFAULT_API,
            timeout=timeout,
        )

    def limits(self) -> Limits:
        """Return Threads' documented limits (no request: they are the same for everyone)."""
        return LIMITS

    def new_key(self, article_id: str) -> str:
        """Return the key the pipeline records; Threads itself has no idempotency key."""
        return derive_key(article_id, self.name)

    def publish(self, post: Post, *, key: str) -> Published:
        """Check the quota, publish the first part, then each reply; see the module doc."""
        if not post.parts:
            raise Rejected(self.name, "the post has no text")
        images, _notes = public_images(post.media)
        self._warn_if_expiring()
        self._check_quota(replies=len(post.parts) - 1)
        image = images[0] if images else None
        first: dict[str, Any] = {"media_type": "IMAGE" if image else "TEXT"}
        if image is not None:
            first["image_url"] = image.source
            first["alt_text"] = _cut(image.alt, LIMITS.max_alt) or None
        elif (attached := link_attachment(post.parts[0].text, post.url)) is not None:
            first["link_attachment"] = attached
        ids = [self._publish_part(post.parts[0].text, first)]
        incomplete = None
        for number, part in enumerate(post.parts[1:], start=2):
            try:
                ids.append(
                    self._publish_part(part.text, {"media_type": "TEXT", "reply_to_id": ids[-1]})
                )
            except NetworkError as exc:
                reason = str(exc).removeprefix(f"{self.name}: ")
                incomplete = (
                    f"part {number} of {len(post.parts)} was not posted ({reason}); "
                    f"the first {len(ids)} part(s) stand and will not be sent again"
                )
                break
        return Published(
            network=self.name,
            id=ids[0],
            url=self._permalink(ids[0]),
            part_ids=tuple(ids),
            incomplete=incomplete,
        )

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        """Return the post made for ``post`` since ``since`` on this account, None if absent."""
        found = lookup.find(self.graph, self.user_id, post, since=since, now=self._now())
        if found is None:
            return None
        head, part_ids, incomplete = found
        return Published(
            network=self.name,
            id=part_ids[0],
            url=str(head.get("permalink") or self._permalink(part_ids[0])),
            part_ids=part_ids,
            incomplete=incomplete,
        )

    def check(self) -> Mapping[str, Any]:
        """Read the account, the quota and the token's expiry; return what to show."""
        profile = self._call("read the Threads profile", "GET", self.user_id, fields="id,username")
        self._username = str(profile.get("username") or "") or None
        quota = self._quota("read the publishing quota")
        details: dict[str, Any] = {
            "account": f"@{self._username}" if self._username else self.user_id,
            "url": self._profile_url(),
            "posts_in_24h": f"{quota.get('quota_usage', 0)} of {_total(quota)}",
        }
        expiry = self._expiry()
        if expiry is not None:
            details["token_expires"] = expiry.isoformat(timespec="minutes")
            warning = self._expiry_warning(expiry)
            if warning:
                details["warning"] = warning
        return details

    # -- publishing ------------------------------------------------------------------

    def _publish_part(self, text: str, params: Mapping[str, Any]) -> str:
        """Create one container, wait until it is FINISHED, publish it; return the id."""
        created = self._call(
            "create a media container", "POST", f"{self.user_id}/threads", text=text, **params
        )
        container = str(created.get("id") or "")
        if not container:
            raise Unavailable(self.name, "Threads created a container without an id; retry later")
        self._wait_until_finished(container)
        published = self._call(
            "publish the media container",
            "POST",
            f"{self.user_id}/threads_publish",
            posting=True,
            creation_id=container,
        )
        media_id = str(published.get("id") or "")
        if not media_id:
            raise Unavailable(
                self.name,
                "Threads published without saying the post's id; the next run looks for it",
            )
        return media_id

    def _wait_until_finished(self, container: str) -> None:
        """Poll the container's status: FINISHED returns; ERROR and EXPIRED raise."""
        for delay in (*self.poll_delays, None):
            state = self._call(
                "read the media container's status", "GET", container, fields="status,error_message"
            )
            status = str(state.get("status") or "")
            if status == _FINISHED:
                return
            if status == _ERROR:
                reason = state.get("error_message") or "no reason given"
                raise Rejected(self.name, f"Threads could not process the post ({reason})")
            if status == _EXPIRED:
                raise Rejected(
                    self.name,
                    "the media container expired before it was published; nothing was "
                    "posted: the next run tries again",
                )
            if status == _PUBLISHED:  # published meanwhile, by another run: find it later
                raise Unavailable(
                    self.name,
                    "the media container was published meanwhile; it may be on Threads "
                    "already: the next run looks for it first",
                )
            if status != _IN_PROGRESS:
                raise Unavailable(self.name, f"unexpected media container status {status!r}")
            if delay is None:
                break
            self._sleep(delay)
        waited = sum(self.poll_delays)
        raise Unavailable(
            self.name,
            f"the media container was still IN_PROGRESS after {waited:g} s; nothing was "
            "posted: the next run tries again",
        )

    def _check_quota(self, *, replies: int) -> None:
        """Raise DailyCap when the 24-hour quotas cannot take the post and its replies."""
        quota = self._quota("read the publishing quota", replies=replies > 0)
        used, total = quota.get("quota_usage", 0), _total(quota)
        if isinstance(used, int) and used >= total:
            raise DailyCap(
                self.name,
                f"the publishing quota is used up ({used} of {total} posts in the last 24 "
                "hours, a moving window): the post waits for a later run",
            )
        if replies:
            used = quota.get("reply_quota_usage", 0)
            total = _total(quota, "reply_config", 1_000)
            if isinstance(used, int) and used + replies > total:
                raise DailyCap(
                    self.name,
                    f"the reply quota cannot take this thread's {replies} replies ({used} "
                    f"of {total} in the last 24 hours): the thread waits for a later run",
                )

    def _quota(self, doing: str, *, replies: bool = False) -> Mapping[str, Any]:
        fields = "quota_usage,config" + (",reply_quota_usage,reply_config" if replies else "")
        answer = self._call(doing, "GET", f"{self.user_id}/threads_publishing_limit", fields=fields)
        data = answer.get("data")
        return data[0] if isinstance(data, list) and data and isinstance(data[0], dict) else {}

    # -- the token ---------------------------------------------------------------------

    def _expiry(self) -> datetime | None:
        """Return when the token expires (``debug_token``), None when it cannot be read."""
        try:
            answer = self.graph.debug_token()
        except Exception as exc:  # not a tester of the app, or offline: nothing to say
            log.debug("threads: cannot read the token's expiry: %s", exc)
            return None
        data = answer.get("data")
        expires = data.get("expires_at") if isinstance(data, dict) else None
        if not isinstance(expires, int) or expires <= 0:  # 0: the token never expires
            return None
        return datetime.fromtimestamp(expires, UTC)

    def _expiry_warning(self, expiry: datetime) -> str | None:
        left = expiry - self._now()
        if left > EXPIRY_WARNING:
            return None
        when = expiry.date().isoformat()
        if left <= timedelta(0):
            return f"THREADS_ACCESS_TOKEN expired on {when}: make a new long-lived token"
        return (
            f"THREADS_ACCESS_TOKEN expires on {when} ({left.days} day(s) left): refresh it "
            "(GET /refresh_access_token with grant_type=th_refresh_token) and update it"
        )

    def _warn_if_expiring(self) -> None:
        """Log once per run when the token is near expiry (the post goes out meanwhile)."""
        if self._expiry_checked:
            return
        self._expiry_checked = True
        expiry = self._expiry()
        warning = self._expiry_warning(expiry) if expiry else None
        if warning:
            log.warning("threads: %s", warning)

    # -- helpers ---------------------------------------------------------------------

    def _call(
        self, doing: str, method: str, path: str, *, posting: bool = False, **params: Any
    ) -> Mapping[str, Any]:
        """Send one request; raise our error, ``from`` the original, for any failure."""
        import httpx

        try:
            if method == "GET":
                return self.graph.get(path, **params)
            return self.graph.post(path, **params)
        except (GraphError, httpx.HTTPError, TimeoutError) as exc:
            raise translate(exc, doing, posting=posting) from exc

    def _permalink(self, media_id: str) -> str:
        """Return the post's permalink; the profile's URL when it cannot be read."""
        try:
            media = self.graph.get(media_id, fields="permalink,username")
        except Exception as exc:  # the post landed: a failed read must not undo that
            log.debug("threads: cannot read the permalink of %s: %s", media_id, exc)
            return self._profile_url()
        self._username = self._username or (str(media.get("username") or "") or None)
        return str(media.get("permalink") or self._profile_url())

    def _profile_url(self) -> str:
        return (
            f"https://www.threads.com/@{self._username}"
            if self._username
            else "https://www.threads.com/"
        )


def _total(quota: Mapping[str, Any], key: str = "config", default: int = 250) -> int:
    """Return a quota's total from its config object (250 posts when it is missing)."""
    config = quota.get(key)
    total = config.get("quota_total") if isinstance(config, dict) else None
    return total if isinstance(total, int) and total > 0 else default


def _cut(text: str, limit: int) -> str:
    """Return ``text`` cut to ``limit`` characters at a grapheme boundary."""
    if len(text) <= limit:
        return text
    from ...compose import graphemes

    return text[: max(b for b in graphemes.boundaries(text) if b <= limit)]
