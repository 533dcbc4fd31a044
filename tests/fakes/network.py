"""A network that implements the ``Network`` protocol in memory, for the posting core.

It keeps what it "posted" in ``posts`` (key -> text), so tests count duplicates the
way they would on a real timeline. ``lookup`` chooses how ``find`` behaves: by key
(Mastodon, Bluesky), or ``"cannot-tell"`` (an X without a timeline read).
``script`` queues exceptions (or None for a normal answer) for the next publishes.
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Mapping
from datetime import datetime
from typing import Any, Literal

from syndicator.errors import CannotTell
from syndicator.models import Limits, Post, Published
from syndicator.networks.base import derive_key


class FakeNetwork:
    """An in-memory network: a timeline of posts keyed by idempotency key."""

    def __init__(
        self,
        name: str,
        *,
        lookup: Literal["key", "cannot-tell"] = "key",
        delay: float = 0.0,
        limit: int = 500,
    ) -> None:
        self.name = name
        self.lookup = lookup
        self.delay = delay
        self.limit = limit
        self.posts: dict[str, str] = {}  # key -> text, in posting order
        self.sent: list[str] = []  # every text that reached the network, duplicates too
        self.publish_calls: list[str] = []  # article ids, in call order
        self.find_calls: list[str] = []
        self._script: deque[BaseException | None] = deque()
        self._find_script: deque[BaseException | None] = deque()
        self._lock = threading.Lock()

    def script(self, *answers: BaseException | None) -> None:
        """Make the next publishes raise these (None: publish normally)."""
        self._script.extend(answers)

    def script_find(self, *answers: BaseException | None) -> None:
        """Make the next finds raise these (None: look normally)."""
        self._find_script.extend(answers)

    def limits(self) -> Limits:
        return Limits(max_characters=self.limit)

    def new_key(self, article_id: str) -> str:
        return derive_key(article_id, self.name)

    def publish(self, post: Post, *, key: str) -> Published:
        if self.delay:
            time.sleep(self.delay)
        with self._lock:
            self.publish_calls.append(post.article_id)
            answer = self._script.popleft() if self._script else None
            if isinstance(answer, _AfterLanding):
                self._land(post, key)
                raise answer.error
            if answer is not None:
                raise answer
            return self._land(post, key)

    def find(self, post: Post, *, key: str, since: datetime) -> Published | None:
        with self._lock:
            self.find_calls.append(post.article_id)
            answer = self._find_script.popleft() if self._find_script else None
            if answer is not None:
                raise answer
            if self.lookup == "cannot-tell":
                raise CannotTell(self.name, "no way to look up an earlier attempt")
            if key in self.posts:
                return self._published(key)
            return None

    def check(self) -> Mapping[str, Any]:
        return {"account": f"@test@{self.name}"}

    def count(self, article_id: str) -> int:
        """How many times the article's post ("post <id>", then its link) reached it."""
        return sum(1 for text in self.sent if f"{text} ".startswith(f"post {article_id} "))

    def _land(self, post: Post, key: str) -> Published:
        if key not in self.posts or self.lookup == "cannot-tell":
            self.posts[key] = post.text
            self.sent.append(post.text)
        return self._published(key)

    def _published(self, key: str) -> Published:
        return Published(network=self.name, id=key, url=f"https://{self.name}.test/{key}")


class _AfterLanding(Exception):
    def __init__(self, error: BaseException) -> None:
        super().__init__(str(error))
        self.error = error


def lost_answer(error: BaseException) -> BaseException:
    """A scripted answer: the post lands, then ``error`` is raised (the answer was lost)."""
    return _AfterLanding(error)


def make_post(article_id: str, network: str) -> Post:
    """Return a one-part post whose text names its article."""
    from syndicator.models import Part

    text = f"post {article_id}"
    return Post(
        network=network,
        article_id=article_id,
        url=f"https://blog.test/{article_id}",
        parts=(Part(text=text, length=len(text)),),
        limit=500,
    )
