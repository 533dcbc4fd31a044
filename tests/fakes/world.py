"""Three networks for end-to-end tests of ``post``: the API fakes on loopback, a real PDS.

``world`` gives a working folder with a feed, a config pointing the adapters at the
fakes (Mastodon and X over loopback, Bluesky at the local PDS when it runs), the
credentials in the environment, and counters of what each network holds.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
import responses

from syndicator.posting.state import Store, open_store
from tests.fakes.loopback import Loopback, serving
from tests.networks import mastodon_fake, x_fake
from tests.networks.mastodon_fake import FakeMastodon
from tests.networks.x_fake import XFake

ROOT = Path(__file__).resolve().parents[2]
SECRET_VALUES = (mastodon_fake.TOKEN, *x_fake.SECRETS)


#: The environment that logs in to the Mastodon and X fakes (their test credentials).
CREDENTIALS = {
    "MASTODON_ACCESS_TOKEN": mastodon_fake.TOKEN,
    "X_API_KEY": x_fake.CONSUMER_KEY,
    "X_API_SECRET": x_fake.CONSUMER_SECRET,
    "X_ACCESS_TOKEN": x_fake.ACCESS_TOKEN,
    "X_ACCESS_TOKEN_SECRET": x_fake.ACCESS_TOKEN_SECRET,
}


@dataclass
class World:
    """The fakes, the folder and the environment of one end-to-end test."""

    folder: Path
    mastodon: FakeMastodon
    x: XFake
    loopback: Loopback
    env: dict[str, str]
    pds: Any = None  # tests.pds.plugin.LocalPDS
    bluesky_did: str | None = None
    networks: tuple[str, ...] = ("x", "mastodon")
    items: list[tuple[str, datetime]] = field(default_factory=list)
    #: A PostgreSQL URL the config names as its state; None: the SQLite file.
    state_url: str | None = None

    @property
    def feed(self) -> Path:
        return self.folder / "feed.xml"

    @property
    def state(self) -> Path:
        return self.folder / ".syndicator" / "state.db"

    def open_state(self) -> Store:
        """Open the state the config names, as ``history`` would."""
        return open_store(self.state_url or self.state)

    def add_items(
        self, count: int, *, start: datetime | None = None, site: str = "https://blog.test"
    ) -> list[str]:
        """Add ``count`` new items to the feed (newest last); return their URLs.

        X finds no URL in ``blog.test`` (not a TLD): give a ``site`` such as
        ``https://blog.example.org`` for posts X bills as holding a URL.
        """
        base = start or datetime(2026, 11, 1, 8, tzinfo=UTC)
        urls = []
        for _ in range(count):
            number = len(self.items) + 1
            url = f"{site}/posts/{number}/"
            self.items.append((url, base + timedelta(hours=number)))
            urls.append(url)
        self.feed.write_text(_rss(self.items), encoding="utf-8")
        return urls

    def write_config(
        self,
        networks: Sequence[str] | None = None,
        *,
        extra: dict[str, Sequence[str]] | None = None,
        **top: Any,
    ) -> Path:
        """Write syndicator.yaml enabling ``networks`` (default: the world's).

        ``extra`` adds YAML lines to a network's section (``{"x": ["budget: {per_day: 1}"]}``).
        """
        chosen = tuple(networks or self.networks)
        if self.state_url is not None:
            top = {"state": self.state_url, **top}
        lines = [f"{key}: {value}" for key, value in top.items()]
        lines.append("networks:")
        settings = {
            "x": [],
            "mastodon": [f"instance: {self.loopback.url}"],
            "bluesky": [f"service: {self.pds.url}"] if self.pds else [],
        }
        for name in ("x", "mastodon", "bluesky"):
            lines.append(f"  {name}:")
            lines.append(f"    enabled: {'true' if name in chosen else 'false'}")
            lines.extend(f"    {line}" for line in settings[name])
            lines.extend(f"    {line}" for line in (extra or {}).get(name, ()))
        path = self.folder / "syndicator.yaml"
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")
        return path

    def count(self, network: str, url: str) -> int:
        """How many posts on ``network`` link ``url``."""
        if network == "mastodon":
            return sum(url in s["content"] for s in self.mastodon.statuses.values())
        if network == "x":
            return sum(url in t["text"] for t in self.x.tweets)
        assert self.pds is not None
        assert self.bluesky_did is not None
        records = self.pds.list_records(self.bluesky_did)
        # The text may show a shortened link: the full URL is in the facets and the card.
        return sum(url in json.dumps(r["value"]) for r in records)

    def totals(self) -> dict[str, int]:
        """How many posts each network holds."""
        totals = {"mastodon": len(self.mastodon.statuses), "x": len(self.x.tweets)}
        if self.pds is not None and self.bluesky_did is not None:
            totals["bluesky"] = len(self.pds.list_records(self.bluesky_did))
        return totals

    def child_env(self, **extra: str) -> dict[str, str]:
        """The environment of a ``syndicator`` child process talking to these fakes."""
        port = self.loopback.url
        redirect = f"api.twitter.com={port},api.x.com={port}"
        return {
            **os.environ,
            **self.env,
            "PYTHONPATH": str(ROOT),
            "SYNDICATOR_TEST_REDIRECT": redirect,
            **extra,
        }

    def command(self, *args: str) -> list[str]:
        """The argv of a child ``syndicator`` with the X redirect installed."""
        return [sys.executable, "-m", "tests.fakes.redirect", *args]


def _rss(items: Sequence[tuple[str, datetime]]) -> str:
    entries = "".join(
        f"""
    <item>
      <title>Article number {url.rstrip("/").rsplit("/", 1)[1]}</title>
      <link>{url}</link>
      <guid isPermaLink="false">{url}</guid>
      <pubDate>{format_datetime(when)}</pubDate>
      <description>A short summary of this article.</description>
    </item>"""
        for url, when in items
    )
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>Test blog</title>
    <link>https://blog.test/</link>
    <description>Tests</description>{entries}
  </channel>
</rss>
"""


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[World]:
    """Mastodon and X fakes on loopback, credentials set, a folder with a feed."""
    with (
        responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
        serving(mock) as loopback,
    ):
        fake_mastodon = FakeMastodon(base=loopback.url)
        fake_mastodon.install(mock)
        fake_x = XFake(mock)
        env = dict(CREDENTIALS)
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        yield World(folder=tmp_path, mastodon=fake_mastodon, x=fake_x, loopback=loopback, env=env)


@pytest.fixture
def world3(world: World, local_pds: Any, monkeypatch: pytest.MonkeyPatch) -> World:
    """``world`` with Bluesky too, on a fresh account of the local PDS."""
    account = local_pds.create_account("syn")
    world.pds = local_pds
    world.bluesky_did = account.did
    world.networks = ("x", "mastodon", "bluesky")
    world.env |= {"BLUESKY_HANDLE": account.handle, "BLUESKY_APP_PASSWORD": account.password}
    monkeypatch.setenv("BLUESKY_HANDLE", account.handle)
    monkeypatch.setenv("BLUESKY_APP_PASSWORD", account.password)
    return world
