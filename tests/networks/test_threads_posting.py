"""Threads through the path users run: ``syndicator post`` and ``preview``, exactly once.

The Graph API fake (tests/fakes/threads) listens on loopback in this process; the
``syndicator`` under test is this process (CliRunner) or a child killed with SIGKILL at
each step boundary, then run again: every article must be on Threads exactly once.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.posting.failpoints import POINTS
from syndicator.posting.state import State
from tests.fakes.threads import TOKEN, USER_ID, FakeThreads, graph_error, meta_length, serving

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Site:
    folder: Path
    fake: FakeThreads
    api: str
    urls: list[str]

    @property
    def feed(self) -> Path:
        return self.folder / "feed.xml"

    @property
    def config(self) -> Path:
        return self.folder / "syndicator.yaml"

    @property
    def state(self) -> Path:
        return self.folder / ".syndicator" / "state.db"

    def add(self, count: int) -> None:
        start = datetime(2026, 11, 1, 8, tzinfo=UTC)
        for _ in range(count):
            self.urls.append(f"https://blog.test/posts/{len(self.urls) + 1}/")
        items = "".join(
            f"<item><title>Article {n}</title><link>{url}</link><guid>{url}</guid>"
            f"<pubDate>{format_datetime(start + timedelta(hours=n))}</pubDate>"
            f"<description>Un résumé 🧵 de l’article {n}.</description></item>"
            for n, url in enumerate(self.urls, start=1)
        )
        self.feed.write_text(
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>T</title>'
            f"<link>https://blog.test/</link><description>d</description>{items}"
            f"</channel></rss>",
            encoding="utf-8",
        )

    def env(self, **extra: str) -> dict[str, str]:
        return {
            **os.environ,
            "THREADS_ACCESS_TOKEN": TOKEN,
            "THREADS_USER_ID": USER_ID,
            "PYTHONPATH": str(ROOT),
            **extra,
        }


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Site]:
    with serving() as (fake, api):
        fake.now = datetime.now(UTC)
        site = Site(folder=tmp_path, fake=fake, api=api, urls=[])
        site.config.write_text(
            "networks:\n"
            "  x: {enabled: false}\n  mastodon: {enabled: false}\n  bluesky: {enabled: false}\n"
            f"  threads:\n    enabled: true\n    api: {api}\n",
            encoding="utf-8",
        )
        monkeypatch.setenv("THREADS_ACCESS_TOKEN", TOKEN)
        monkeypatch.setenv("THREADS_USER_ID", USER_ID)
        yield site


def post(site: Site, *args: str) -> Any:
    return CliRunner().invoke(
        cli, ["post", str(site.feed), "--config", str(site.config), "--all", *args]
    )


def child(site: Site, *args: str, failpoint: str = "") -> subprocess.CompletedProcess[str]:
    extra = {"SYNDICATOR_FAILPOINT": failpoint} if failpoint else {}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "syndicator",
            "post",
            str(site.feed),
            "--config",
            str(site.config),
            "--all",
            *args,
        ],
        env=site.env(**extra),
        cwd=site.folder,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_each_posted_once(site: Site) -> None:
    assert [site.fake.count(url) for url in site.urls] == [1] * len(site.urls)
    with State.open(site.state) as state:
        assert {row.status for row in state.history()} == {"published"}


def test_post_then_rerun_posts_each_article_once(site: Site) -> None:
    site.add(2)
    first = post(site)
    assert first.exit_code == 0, first.output
    assert_each_posted_once(site)
    again = post(site)
    assert again.exit_code == 0, again.output
    assert len(site.fake.threads) == 2
    assert site.fake.calls("create") == 2


@pytest.mark.slow
@pytest.mark.parametrize("point", POINTS)
def test_killed_at_a_step_boundary_then_rerun(site: Site, point: str) -> None:
    site.add(2)
    killed = child(site, failpoint=f"{point}:threads")
    assert killed.returncode == -signal.SIGKILL, killed.stdout + killed.stderr
    rerun = child(site)
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    assert_each_posted_once(site)
    said = killed.stdout + killed.stderr + rerun.stdout + rerun.stderr
    assert TOKEN not in said
    assert USER_ID not in said


def test_a_lost_answer_is_found_on_the_next_run_not_sent_again(site: Site) -> None:
    site.add(1)
    site.fake.lose.add("publish")
    first = post(site)
    assert first.exit_code == 1, first.output
    assert "may have been posted" in first.output
    assert len(site.fake.threads) == 1  # it landed
    second = post(site)
    assert second.exit_code == 0, second.output
    assert_each_posted_once(site)
    assert site.fake.calls("publish") == 1


def test_when_the_account_cannot_be_read_the_outcome_is_unknown(site: Site) -> None:
    site.add(1)
    site.fake.lose.add("publish")
    post(site)
    site.fake.fail["list"] = (400, graph_error(100, "Unsupported get request"))
    second = post(site)
    assert second.exit_code == 1, second.output
    assert "unknown" in second.output
    assert site.fake.calls("publish") == 1
    with State.open(site.state) as state:
        (row,) = state.history()
    assert row.status == "unknown"


def test_a_used_up_quota_defers_to_a_later_run(site: Site) -> None:
    site.add(1)
    site.fake.quota_usage = 250
    first = post(site)
    assert first.exit_code == 0, first.output  # deferred is not a failure
    assert "deferred" in first.output
    assert "250 of 250 posts" in first.output
    assert site.fake.calls("create") == 0
    site.fake.quota_usage = 10
    assert post(site).exit_code == 0
    assert_each_posted_once(site)


def test_an_expired_token_is_a_clear_message(site: Site) -> None:
    site.add(1)
    site.fake.expired = True
    result = post(site)
    assert result.exit_code == 1
    assert "THREADS_ACCESS_TOKEN" in result.output
    assert "expired" in result.output
    assert TOKEN not in result.output


def test_preview_measures_as_meta_counts(fixtures: Path) -> None:
    result = CliRunner().invoke(
        cli,
        ["preview", str(fixtures / "threads-musk-meta.md"), "-n", "threads", "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    (post_,) = json.loads(result.output)["posts"]
    assert post_["network"] == "threads"
    assert post_["limit"] == 500
    assert post_["length"] == meta_length(post_["text"])
    assert post_["media"] == []  # the example's image is a local file, left out with a note
    (note,) = post_["notes"]
    assert "threads-musk-meta.jpg left out" in note


def test_preview_imports_no_httpx(fixtures: Path) -> None:
    code = (
        "import sys; from click.testing import CliRunner; from syndicator.cli import cli;"
        f" r = CliRunner().invoke(cli, ['preview', {str(fixtures / 'threads-musk-meta.md')!r},"
        " '-n', 'threads']); assert r.exit_code == 0, r.output;"
        " assert 'httpx' not in sys.modules, 'httpx imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)


def test_check_shows_the_account_and_warns_of_a_token_near_expiry(site: Site) -> None:
    site.fake.expires_at = int((datetime.now(UTC) + timedelta(days=2, hours=1)).timestamp())
    result = CliRunner().invoke(cli, ["check", "--config", str(site.config), "-n", "threads"])
    assert result.exit_code == 0, result.output
    assert "@syndicator.test" in result.output
    assert "2 day(s) left" in result.output
    assert TOKEN not in result.output
    assert USER_ID not in result.output


def test_check_with_an_expired_token_says_what_to_do(site: Site) -> None:
    site.fake.expired = True
    result = CliRunner().invoke(cli, ["check", "--config", str(site.config), "-n", "threads"])
    assert result.exit_code == 1, result.output
    assert "has expired" in result.output
    assert "th_refresh_token" in result.output


def test_preview_counts_an_emoji_as_its_utf8_bytes() -> None:
    title = "Le fil 🧵 de Threads"
    url = "https://www.example.fr/a/"
    args = ["preview", "--title", title, "--url", url, "--lang", "fr", "-n", "threads"]
    result = CliRunner().invoke(cli, [*args, "--format", "json"])
    assert result.exit_code == 0, result.output
    (post_,) = json.loads(result.output)["posts"]
    assert post_["text"] == f"{title}\n\n{url}"
    # 🧵 is 4 UTF-8 bytes: 4 counted, where a grapheme count would say 1.
    assert post_["length"] == len(title) - 1 + 4 + 2 + len(url) == meta_length(post_["text"])
    text = CliRunner().invoke(cli, args)
    assert f"{post_['length']}/500" in text.output
