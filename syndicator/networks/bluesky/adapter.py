"""The Bluesky adapter: posts, images, link cards and threads through the atproto SDK.

Exactly once (DESIGN.md rule 5): the key is a TID chosen before the first attempt and
used as the first post's record key; reply ``i`` of a thread uses the key moved ``i``
microseconds later. Publishing looks each record key up (``getRecord``) and creates only
the missing ones, so a retry after a lost answer resumes without duplicates. A duplicate
key is answered with HTTP 500 by the PDS, so that answer is never trusted, and
``putRecord`` (which overwrites) is never used (docs/platforms.md §3.5).

The session (the SDK's session string) is kept in ``session_path`` with 0600
permissions: ``createSession`` is limited to 30 per 5 minutes and 300 a day per account
(docs/platforms.md §3.4). The SDK is imported inside methods only.
"""

from __future__ import annotations

import json
import logging
import os
import threading
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ...errors import AuthError, MediaError, NetworkError, Rejected, Unavailable
from ...media import ImageData, load_image
from ...models import Image, Limits, Post, Published
from ...redact import register_secret
from ..deadline import deadline_transport
from . import tid
from .errors import Boundary, describe, xrpc_error
from .limits import LIMITS
from .records import (
    POST_COLLECTION,
    StrongRef,
    check_post,
    created_at_times,
    external_embed,
    image_entry,
    images_embed,
    post_record,
    post_url,
)

if TYPE_CHECKING:
    from atproto import Client

    from ...settings import NetworkConfig

__all__ = ["DEFAULT_SERVICE", "BlueskyNetwork"]

log = logging.getLogger(__name__)

DEFAULT_SERVICE = "https://bsky.social"
# app.bsky.embed.external#external.thumb: blob maxSize 1,000,000 (docs/platforms.md §3.3).
THUMB_MAX_BYTES = 1_000_000
_NAME = "bluesky"


@dataclass(frozen=True, slots=True)
class _Account:
    did: str
    handle: str


class BlueskyNetwork:
    """Publish to Bluesky (or any atproto PDS) with a handle and an app password."""

    name = "bluesky"

    def __init__(
        self,
        *,
        handle: str,
        app_password: str,
        service: str = DEFAULT_SERVICE,
        session_path: Path | None = None,
        max_image_bytes: int = 1_000_000,
        timeout: float = 30.0,
    ) -> None:
        register_secret(app_password)
        self.handle = handle
        self._app_password = app_password
        self.service = service.rstrip("/")
        self.session_path = session_path
        self.max_image_bytes = max_image_bytes
        self.timeout = timeout
        self._client: Client | None = None
        self._account: _Account | None = None
        self._lock = threading.Lock()
        self._boundary = Boundary(service=self.service, handle=handle, timeout=timeout)

    def __repr__(self) -> str:
        return f"BlueskyNetwork(handle={self.handle!r}, service={self.service!r})"

    @classmethod
    def from_config(
        cls,
        config: NetworkConfig,
        *,
        state_dir: Path,
        environ: Mapping[str, str] | None = None,
        timeout: float = 30.0,
    ) -> BlueskyNetwork:
        """Build the adapter from its config; secrets come from the environment."""
        secrets = config.secrets(environ)
        max_image_bytes = config.settings.max_image_bytes
        return cls(
            timeout=timeout,
            handle=secrets["handle"],
            app_password=secrets["app_password"],
            service=config.setting("service", environ) or DEFAULT_SERVICE,
            session_path=state_dir / "bluesky-session",
            max_image_bytes=1_000_000 if max_image_bytes is None else int(max_image_bytes),
        )

    def limits(self) -> Limits:
        """Return what app.bsky.feed.post accepts, with this server's image limit."""
        return replace(LIMITS, max_image_bytes=self.max_image_bytes)

    def new_key(self, article_id: str) -> str:
        """Return a fresh TID: the record key of the first post, kept with the job."""
        return tid.new_tid()

    def publish(self, post: Post, *, key: str) -> Published:
        """Publish every part of ``post``, creating only the records not yet there.

        When the server rejects a reply, the parts before it stand and are returned
        with ``incomplete`` saying why. Any other failure raises: publishing again with
        the same key resumes where this attempt stopped.
        """
        check_post(post)
        rkeys = _part_rkeys(key, len(post.parts))
        client, account = self._login()
        refs: list[StrongRef] = []
        times: Iterator[str] | None = None
        for index, (part, rkey) in enumerate(zip(post.parts, rkeys, strict=True)):
            # Parts are created in order: once one is missing, the later ones are too.
            ref = None if times is not None else self._lookup(client, account, rkey)
            if ref is None:
                embed = self._embed(client, post) if index == 0 else None
                times = times or created_at_times(len(post.parts) - index)
                record = post_record(
                    part,
                    created_at=next(times),
                    lang=post.lang,
                    reply=(refs[0], refs[-1]) if refs else None,
                    embed=embed,
                )
                try:
                    ref = self._create(client, account, rkey, record)
                except Rejected as exc:
                    if not refs:
                        raise
                    return self._published(
                        account,
                        refs,
                        incomplete=f"part {index + 1} of {len(post.parts)} was rejected "
                        f"({exc.reason}); the first {len(refs)} part(s) stand",
                    )
            refs.append(ref)
        return self._published(account, refs)

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        """Return the post made with ``key`` when all its parts exist, else None.

        A thread with only some parts posted gives None: ``publish`` with the same key
        then creates the missing replies and nothing else.
        """
        client, account = self._login()
        refs = []
        for rkey in _part_rkeys(key, len(post.parts)):
            ref = self._lookup(client, account, rkey)
            if ref is None:
                return None
            refs.append(ref)
        return self._published(account, refs)

    def check(self) -> Mapping[str, Any]:
        """Log in (or reuse the saved session) and say which account this is."""
        _client, account = self._login()
        return {"account": account.handle, "did": account.did, "service": self.service}

    # -- session ---------------------------------------------------------------------

    def _login(self) -> tuple[Client, _Account]:
        """Return a logged-in client, reusing the saved session when it still works."""
        with self._lock:
            if self._client is None or self._account is None:
                saved = self._load_session()
                client = self._resumed(saved) if saved else None
                if client is None:
                    client = self._new_client()
                    with self._boundary.calling(f"log in as {self.handle}", login=True):
                        client.login(self.handle, self._app_password, fetch_bsky_profile=False)
                self._client = client
            assert self._account is not None
            return self._client, self._account

    def _resumed(self, session_string: str) -> Client | None:
        """Return a client on the saved session, or None when the server refuses it."""
        from atproto import exceptions

        client = self._new_client()
        try:
            client.login(session_string=session_string, fetch_bsky_profile=False)
            with self._boundary.calling("check the saved session"):
                client.com.atproto.server.get_session()  # refreshes the tokens when due
        except (AuthError, Rejected) as exc:  # expired, revoked, or not this server's
            log.info("bluesky: saved session refused (%s); logging in again", exc)
            return None
        except (ValueError, exceptions.AtProtocolError) as exc:  # not a session string
            log.info("bluesky: saved session unusable (%s); logging in again", describe(exc))
            return None
        return client

    def _new_client(self) -> Client:
        from atproto import Client, Request

        # A timeout per read, and a deadline for each whole exchange (a trickling server).
        request = Request(timeout=self.timeout, transport=deadline_transport(self.timeout))
        client = Client(base_url=self.service, request=request)
        client.on_session_change(self._session_changed)
        return client

    def _session_changed(self, event: Any, session: Any) -> None:
        from atproto import SessionEvent

        self._account = _Account(did=session.did, handle=session.handle)
        if event in (SessionEvent.CREATE, SessionEvent.REFRESH):
            self._save_session(session.export())

    def _load_session(self) -> str | None:
        if self.session_path is None:
            return None
        try:
            data = json.loads(self.session_path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as exc:
            log.warning("bluesky: ignoring unreadable session file %s (%s)", self.session_path, exc)
            return None
        same = (
            isinstance(data, dict)
            and data.get("service") == self.service
            and str(data.get("login", "")).lower() == self.handle.lower()
            and isinstance(data.get("session"), str)
        )
        return data["session"] if same else None

    def _save_session(self, session_string: str) -> None:
        if self.session_path is None:
            return
        path = self.session_path
        text = json.dumps(
            {"service": self.service, "login": self.handle, "session": session_string}
        )
        temporary = path.with_name(f".{path.name}.tmp")
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(descriptor, "w", encoding="utf-8") as out:
                out.write(text)
            os.chmod(temporary, 0o600)  # in case it existed with wider permissions
            os.replace(temporary, path)
        except OSError as exc:
            # Posting matters more than the cache; the next run just logs in again.
            log.warning("bluesky: cannot save the session to %s (%s)", path, exc.strerror)

    # -- records ---------------------------------------------------------------------

    def _lookup(self, client: Client, account: _Account, rkey: str) -> StrongRef | None:
        """Return the post stored under ``rkey``, None when there is none."""
        from atproto import exceptions

        with self._boundary.calling(f"look up post {rkey}"):
            try:
                found = client.com.atproto.repo.get_record(
                    {"repo": account.did, "collection": POST_COLLECTION, "rkey": rkey}
                )
            except exceptions.BadRequestError as exc:
                if xrpc_error(exc) == "RecordNotFound":
                    return None
                raise
        if not found.cid:
            raise Unavailable(_NAME, f"post {rkey} came back without its CID; try again later")
        return StrongRef(uri=found.uri, cid=found.cid)

    def _create(
        self, client: Client, account: _Account, rkey: str, record: dict[str, Any]
    ) -> StrongRef:
        """Create the record under ``rkey``; after an unclear failure, look before failing."""
        try:
            with self._boundary.calling("create the post"):
                made = client.com.atproto.repo.create_record(
                    {
                        "repo": account.did,
                        "collection": POST_COLLECTION,
                        "rkey": rkey,
                        "record": record,
                    }
                )
        except Unavailable:
            # A timeout or 5xx may hide a success (the answer was lost), and the PDS
            # answers a key that already exists with 500: the record itself says.
            try:
                found = self._lookup(client, account, rkey)
            except NetworkError:
                found = None
            if found is None:
                raise
            return found
        return StrongRef(uri=made.uri, cid=made.cid)

    def _embed(self, client: Client, post: Post) -> dict[str, Any] | None:
        """Upload the post's images (else its card's thumbnail) and return the embed."""
        if post.media:
            entries = []
            for image in post.media:
                data = load_image(image, max_bytes=self.max_image_bytes, timeout=self.timeout)
                blob = self._upload(client, data)
                entries.append(
                    image_entry(blob, alt=data.alt, width=data.width, height=data.height)
                )
            return images_embed(entries)
        if post.card is not None:
            thumb = self._thumb(client, post.card.thumb)
            return external_embed(post.card, thumb)
        return None

    def _thumb(self, client: Client, image: Image | None) -> dict[str, Any] | None:
        """Upload a card's thumbnail; a card without one is better than no post."""
        if image is None:
            return None
        limit = min(self.max_image_bytes, THUMB_MAX_BYTES)
        try:
            data = load_image(image, max_bytes=limit, timeout=self.timeout)
        except MediaError as exc:
            log.warning("bluesky: link card posted without its thumbnail: %s", exc)
            return None
        return self._upload(client, data)

    def _upload(self, client: Client, data: ImageData) -> dict[str, Any]:
        with self._boundary.calling(f"upload the image {data.source}"):
            uploaded = client.com.atproto.repo.upload_blob(
                data.data, headers={"Content-Type": data.mime}
            )
        blob: dict[str, Any] = uploaded.blob.model_dump(mode="json", by_alias=True)
        return blob

    def _published(
        self, account: _Account, refs: list[StrongRef], incomplete: str | None = None
    ) -> Published:
        return Published(
            network=_NAME,
            id=refs[0].uri,
            url=post_url(account.handle, refs[0].rkey),
            part_ids=tuple(ref.uri for ref in refs),
            incomplete=incomplete,
        )


def _part_rkeys(key: str, count: int) -> list[str]:
    """Return the record keys of a post's parts: the key, then key + i µs."""
    if not tid.is_tid(key):
        raise ValueError(f"bluesky: key {key!r} is not a TID; use BlueskyNetwork.new_key()")
    return [tid.offset_tid(key, index) for index in range(count)]
