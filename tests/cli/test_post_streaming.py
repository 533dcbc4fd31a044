"""``syndicator post`` publishes a network's first post before composing its last article.

Composing does no I/O but one: a template is read from the config's ``templates_dir``
the first time an article asks for it. The last article's front matter names, for each
network, a template that does not exist when the run starts: each network's fake writes
it when that network first holds a post. So the last article can be composed only after
its network received the first post; a run that composed every article before
publishing would find no such template and fail that article. Nothing here is timed.

X and Mastodon are the ``responses`` fakes of ``tests.networks``, Threads the Graph API
fake on a loopback socket; the ``syndicator`` under test is this process (CliRunner).
Bluesky is left out: its server is a real PDS, which cannot write a file when it first
holds a record. Should templates ever be read before composing starts, this route closes:
the test then fails on its first assertion about a post's text, not silently.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
import responses
from click.testing import CliRunner, Result

from syndicator.cli import cli
from syndicator.posting.state import State
from tests.fakes import threads as threads_fake
from tests.fakes.loopback import serving
from tests.fakes.world import CREDENTIALS
from tests.networks.mastodon_fake import FakeMastodon
from tests.networks.x_fake import XFake

NETWORKS = ("x", "mastodon", "threads")
ARTICLES = 4
#: What the late templates add to a post: only they can put it there.
MARK = "(composed after this network held a post)"


class Unlock:
    """Writes ``late-<network>.txt.j2`` as soon as ``held()`` (the posts a fake holds) is not 0.

    Called by the fake after each request it answered, before the answer goes back:
    once the first publish returns, the template is there for the articles after it.
    """

    def __init__(self, templates: Path, network: str, held: Callable[[], int]) -> None:
        self.path = templates / f"late-{network}.txt.j2"
        self.held = held

    def __call__(self) -> None:
        if self.held() and not self.path.exists():
            self.path.write_text("{{ title }} " + MARK + "\n\n{{ url }}\n", encoding="utf-8")


def unlocking(mock: responses.RequestsMock, before: int, unlock: Unlock) -> None:
    """Call ``unlock`` after each answer of the callbacks ``mock`` got since ``before``."""
    for registered in mock.registered()[before:]:
        assert isinstance(registered, responses.CallbackResponse)
        answer = registered.callback

        def callback(request: Any, answer: Callable[[Any], Any] = answer) -> Any:
            try:
                return answer(request)
            finally:
                unlock()

        registered.callback = callback


@dataclass
class UnlockingThreads(threads_fake.FakeThreads):
    """The Threads fake, calling ``unlock`` after each request it answers."""

    unlock: Callable[[], None] = lambda: None

    def handle(self, method: str, path: str, params: dict[str, str]) -> tuple[int, Any]:
        try:
            return super().handle(method, path, params)
        finally:
            self.unlock()


@dataclass
class Site:
    folder: Path
    x: XFake
    mastodon: FakeMastodon
    threads: UnlockingThreads
    loopback: str
    api: str
    urls: list[str]

    @property
    def config(self) -> Path:
        return self.folder / "syndicator.yaml"

    @property
    def articles(self) -> Path:
        return self.folder / "content"

    @property
    def templates(self) -> Path:
        return self.folder / "templates"

    def texts(self, network: str) -> list[str]:
        """The texts of the posts ``network`` holds, in the order it received them."""
        if network == "x":
            return [t["text"] for t in self.x.tweets]
        if network == "mastodon":
            return [s["content"] for s in self.mastodon.statuses.values()]
        return [f"{m.text} {m.link_attachment_url or ''}" for m in self.threads.threads]

    def posted(self, network: str) -> list[str]:
        """The article URLs of the posts ``network`` holds, in the order it received them."""
        return [url for text in self.texts(network) for url in self.urls if url in text]

    def enable(self, networks: tuple[str, ...]) -> None:
        """Write the config: ``networks`` enabled, the others not."""
        settings = {
            "x": "",
            "mastodon": f", instance: '{self.loopback}'",
            "bluesky": "",
            "threads": f", api: '{self.api}'",
        }
        self.config.write_text(
            "templates_dir: templates\nnetworks:\n"
            + "".join(
                f"  {name}: {{enabled: {str(name in networks).lower()}{extra}}}\n"
                for name, extra in settings.items()
            ),
            encoding="utf-8",
        )


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    templates = tmp_path / "templates"
    templates.mkdir()
    threads = UnlockingThreads(now=datetime.now(UTC))
    threads.unlock = Unlock(templates, "threads", lambda: len(threads.threads))
    with (
        responses.RequestsMock(assert_all_requests_are_fired=False) as mock,
        serving(mock) as loopback,
        threads_fake.serving(threads) as (_, api),
    ):
        mastodon = FakeMastodon(base=loopback.url)
        before = len(mock.registered())
        mastodon.install(mock)
        unlocking(mock, before, Unlock(templates, "mastodon", lambda: len(mastodon.statuses)))
        before = len(mock.registered())
        x = XFake(mock)
        unlocking(mock, before, Unlock(templates, "x", lambda: len(x.tweets)))
        env = {
            **CREDENTIALS,
            "THREADS_ACCESS_TOKEN": threads_fake.TOKEN,
            "THREADS_USER_ID": threads_fake.USER_ID,
        }
        for key, value in env.items():
            monkeypatch.setenv(key, value)
        site = Site(tmp_path, x, mastodon, threads, loopback.url, api, urls=[])
        write_articles(site, ARTICLES)
        yield site


def write_articles(site: Site, count: int) -> None:
    """Write ``count`` dated articles; the last names each network's late template."""
    site.articles.mkdir()
    late = ", ".join(f"{n}: {{template: late-{n}.txt.j2}}" for n in NETWORKS)
    for number in range(1, count + 1):
        url = f"https://blog.test/posts/{number}/"
        site.urls.append(url)
        settings = f"syndicator: {{{late}}}\n" if number == count else ""
        (site.articles / f"post-{number}.md").write_text(
            f"---\ntitle: Article number {number}\nurl: {url}\n"
            f"date: 2026-11-0{number}T08:00:00Z\n{settings}---\n\nSome text.\n",
            encoding="utf-8",
        )


def post(site: Site, networks: tuple[str, ...] = NETWORKS) -> Result:
    site.enable(networks)
    return CliRunner().invoke(
        cli, ["post", str(site.articles), "--config", str(site.config), "--all"]
    )


@pytest.mark.parametrize("networks", [("mastodon",), NETWORKS], ids=["one", "several"])
def test_a_network_publishes_its_first_post_before_its_last_article_is_composed(
    site: Site, networks: tuple[str, ...]
) -> None:
    assert not list(site.templates.iterdir())  # no late template yet
    result = post(site, networks)
    for network in networks:
        texts = site.texts(network)
        assert texts, (network, result.output)
        assert MARK not in texts[0]
        assert MARK in texts[-1], (
            f"{network}: its last article was composed before it received its first post "
            f"(the template that post writes was missing): publishing waited for composing\n"
            f"{result.output}"
        )
    assert result.exit_code == 0, result.output


def test_streaming_keeps_the_order_and_posts_each_article_once(site: Site) -> None:
    first = post(site)
    assert first.exit_code == 0, first.output
    for network in NETWORKS:
        assert site.posted(network) == site.urls, network  # oldest first, each once
    with State.open(site.folder / ".syndicator" / "state.db") as state:
        rows = {(r.article_id, r.network): r.status for r in state.history()}
    assert sorted(rows.values()) == ["published"] * (ARTICLES * len(NETWORKS))
    again = post(site)
    assert again.exit_code == 0, again.output
    assert "already published" in again.output
    for network in NETWORKS:
        assert site.posted(network) == site.urls, network
