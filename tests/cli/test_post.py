"""``syndicator post`` end to end: real adapters against the API fakes and the local PDS."""

from __future__ import annotations

import json
import os
import shutil
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from syndicator.cli import cli
from syndicator.posting.state import State
from tests.fakes.world import SECRET_VALUES, World
from tests.networks import x_fake
from tests.networks.x_fake import Reply

NEW_ITEM = """
    <item>
      <title>Un nouvel article, sans image</title>
      <link>https://www.example.fr/actu/nouvel-article/</link>
      <guid isPermaLink="false">https://www.example.fr/?p=48300</guid>
      <pubDate>Mon, 10 Jul 2023 09:00:00 +0000</pubDate>
      <description>Ce qui est nouveau depuis la semaine dernière.</description>
    </item>
</channel>"""


def post(world: World, *args: str, source: str | None = None) -> Result:
    config = world.write_config()
    return CliRunner().invoke(
        cli, ["post", source or str(world.feed), "--config", str(config), *args]
    )


def statuses(world: World) -> dict[tuple[str, str], str]:
    with State.open(world.state) as state:
        return {(r.article_id, r.network): r.status for r in state.history()}


def test_first_run_on_the_example_feed_posts_nothing_then_posts_what_is_new(
    world: World, fixtures: Path
) -> None:
    shutil.copy(fixtures / "feed.xml", world.feed)
    first = post(world)
    assert first.exit_code == 0, first.output
    assert world.totals() == {"mastodon": 0, "x": 0}
    assert sorted(statuses(world).values()) == ["skipped"] * 6  # 3 articles x 2 networks
    assert first.output.count("skipped") >= 6

    text = world.feed.read_text(encoding="utf-8")
    assert "\n</channel>" in text
    world.feed.write_text(text.replace("\n</channel>", NEW_ITEM, 1), encoding="utf-8")
    second = post(world)
    assert second.exit_code == 0, second.output
    assert world.totals() == {"mastodon": 1, "x": 1}
    assert world.count("mastodon", "nouvel-article") == 1
    assert world.count("x", "nouvel-article") == 1
    assert statuses(world)["https://www.example.fr/?p=48300", "mastodon"] == "published"
    assert "published" in second.output
    assert "https://" in second.output


def test_a_broken_entry_on_the_first_run_does_not_hold_back_later_articles(
    world: World, fixtures: Path
) -> None:
    text = (fixtures / "feed.xml").read_text(encoding="utf-8")
    broken = "\n  <item><guid>broken</guid><description>no title, no link</description></item>"
    world.feed.write_text(text.replace("\n</channel>", broken + "\n</channel>", 1))
    first = post(world)
    assert first.exit_code == 2  # the broken entry is reported...
    assert "broken" in first.output
    assert world.totals() == {"mastodon": 0, "x": 0}  # ...and the first run posts nothing
    text = world.feed.read_text(encoding="utf-8")
    world.feed.write_text(text.replace("\n</channel>", NEW_ITEM, 1), encoding="utf-8")
    second = post(world)
    assert world.count("mastodon", "nouvel-article") == 1, second.output
    assert world.count("x", "nouvel-article") == 1


def test_an_empty_feed_on_the_first_run_lets_the_first_article_through(world: World) -> None:
    world.add_items(0)
    assert post(world).exit_code == 0
    world.add_items(1)
    result = post(world)
    assert result.exit_code == 0, result.output
    assert world.totals() == {"mastodon": 1, "x": 1}


def test_all_posts_what_a_first_run_would_hold_back(world: World) -> None:
    world.add_items(2)
    result = post(world, "--all")
    assert result.exit_code == 0, result.output
    assert world.totals() == {"mastodon": 2, "x": 2}


def test_since_in_the_config_lets_newer_articles_through(world: World) -> None:
    world.add_items(3)  # dated 2026-11-01 09:00, 10:00, 11:00
    config = world.write_config(since="2026-11-01")
    assert CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config)]).exit_code == 0
    assert world.totals() == {"mastodon": 3, "x": 3}
    config = world.write_config(since="2027-01-01")
    world.add_items(1)
    assert CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config)]).exit_code == 0
    assert world.totals() == {"mastodon": 3, "x": 3}  # older than since: skipped


def test_a_single_article_named_by_hand_is_posted_on_a_first_run(world: World) -> None:
    article = world.folder / "hello.md"
    article.write_text(
        "---\ntitle: Bonjour\nurl: https://blog.test/bonjour/\ndate: 2020-01-01\n---\n\nTexte.\n",
        encoding="utf-8",
    )
    result = post(world, source=str(article))
    assert result.exit_code == 0, result.output
    assert world.count("mastodon", "blog.test/bonjour") == 1
    assert world.count("x", "blog.test/bonjour") == 1
    again = post(world, source=str(article))
    assert again.exit_code == 0
    assert "already published" in again.output
    assert world.totals() == {"mastodon": 1, "x": 1}


def test_an_article_named_beside_a_feed_is_posted_while_the_feed_is_held_back(
    world: World,
) -> None:
    world.add_items(2)
    article = world.folder / "hello.md"
    article.write_text(
        "---\ntitle: Bonjour\nurl: https://blog.test/bonjour/\ndate: 2020-01-01\n---\n\nTexte.\n",
        encoding="utf-8",
    )
    result = post(world, str(article))  # the feed and, beside it, one file named by hand
    assert result.exit_code == 0, result.output
    assert world.totals() == {"mastodon": 1, "x": 1}
    assert world.count("mastodon", "blog.test/bonjour") == 1
    held = [status for (aid, _), status in statuses(world).items() if "bonjour" not in aid]
    assert held == ["skipped"] * 4


def test_max_posts_leaves_the_rest_for_the_next_run(world: World) -> None:
    world.add_items(3)
    first = post(world, "--all", "--max-posts", "2")
    assert first.exit_code == 0, first.output
    assert world.totals() == {"mastodon": 2, "x": 2}
    assert "deferred" in first.output
    second = post(world)  # no --all: the third is not marked done, it is posted now
    assert second.exit_code == 0, second.output
    assert world.totals() == {"mastodon": 3, "x": 3}


def test_one_network_down_the_other_publishes_and_the_next_run_retries(world: World) -> None:
    world.add_items(2)
    world.mastodon.fail_next("POST", "/api/v1/statuses", status=503, error="Service Unavailable")
    result = post(world, "--all", "--format", "json")
    assert result.exit_code == 1
    document = json.loads(result.output)
    by = {(o["article_id"], o["network"]): o for o in document["outcomes"]}
    first, second = (url for url, _ in world.items)
    assert by[first, "mastodon"]["status"] == "failed"
    assert "503" in by[first, "mastodon"]["error"]
    assert by[second, "mastodon"]["status"] == "deferred"  # the network is down: wait
    assert by[first, "x"]["status"] == by[second, "x"]["status"] == "published"
    assert by[first, "x"]["url"].startswith("https://x.com/")
    assert document["exit_code"] == 1

    again = post(world)
    assert again.exit_code == 0, again.output
    assert world.totals() == {"mastodon": 2, "x": 2}
    assert world.count("mastodon", first) == 1


def test_rate_limited_network_is_retried_on_the_next_run(world: World) -> None:
    world.add_items(1)
    reset = str(int(time.time()))  # the window is over by the next run
    world.x.script(
        "tweets",
        Reply(
            429, x_fake.RATE_LIMITED, {"x-rate-limit-remaining": "0", "x-rate-limit-reset": reset}
        ),
    )
    first = post(world, "--all")
    assert first.exit_code == 1
    assert "rate limit" in first.output.lower()
    assert world.totals() == {"mastodon": 1, "x": 0}
    again = post(world)
    assert again.exit_code == 0, again.output
    assert world.totals() == {"mastodon": 1, "x": 1}


def test_mastodons_statuses_quota_defers_with_its_own_line_until_the_window_ends(
    world: World,
) -> None:
    """Mastodon allows an account 300 statuses per 3-hour window (2 here), then answers 429."""
    urls = world.add_items(3)
    world.mastodon.statuses_per_window = 2
    hours3 = 3 * 3600
    this_window = datetime.fromtimestamp(int(time.time()) // hours3 * hours3, UTC)
    # The first run is in the window before this one, on the server's clock.
    world.mastodon.now = lambda: this_window - timedelta(hours=2)
    first = post(world, "--all")
    assert first.exit_code == 0, first.output  # deferred, not failed
    assert first.output.count("✓ mastodon") == 2
    assert first.output.count("✓ x") == 3
    (line,) = [ln for ln in first.output.splitlines() if "posting quota is used up" in ln]
    assert "mastodon" in line
    assert "deferred" in line
    assert f"retry after {this_window.isoformat(timespec='seconds')}" in line
    assert statuses(world)[urls[2], "mastodon"] == "failed"  # kept, to post later

    # The next window: the post that waited goes out, and nothing twice.
    world.mastodon.now = lambda: datetime.now(UTC)
    again = post(world)
    assert again.exit_code == 0, again.output
    assert [world.count("mastodon", url) for url in urls] == [1, 1, 1]
    assert [world.count("x", url) for url in urls] == [1, 1, 1]


def test_a_timeout_is_looked_up_before_it_is_sent_again(world: World) -> None:
    import requests

    world.add_items(1)
    url = world.items[0][0]
    # The server creates the status, then the answer is lost.
    world.mastodon.lose_next_response("POST", "/api/v1/statuses")
    world.x.script("tweets", Reply(0, error=requests.ReadTimeout("read timed out")))
    first = post(world, "--all")
    assert first.exit_code == 1
    assert world.count("mastodon", url) == 1
    again = post(world)
    assert again.exit_code == 0, again.output
    assert world.count("mastodon", url) == 1  # same Idempotency-Key: no second status
    assert world.count("x", url) == 1


def test_output_and_state_hold_no_secret(world: World) -> None:
    world.add_items(1)
    world.mastodon.fail_next(
        "POST", "/api/v1/statuses", status=401, error="The access token is invalid"
    )
    result = post(world, "--all", "--format", "json")
    assert result.exit_code == 1
    everything = result.output + world.state.read_bytes().decode("utf-8", "replace")
    for secret in SECRET_VALUES:
        assert secret not in everything


def test_a_missing_credential_is_named_and_the_other_network_still_posts(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.add_items(1)
    token = os.environ["X_ACCESS_TOKEN"]
    monkeypatch.delenv("X_ACCESS_TOKEN")
    result = post(world, "--all")
    assert result.exit_code == 2
    assert "X_ACCESS_TOKEN is not set" in result.output
    assert world.totals() == {"mastodon": 1, "x": 0}
    monkeypatch.setenv("X_ACCESS_TOKEN", token)
    again = post(world, "--all")  # the credential is back: X catches up, Mastodon not doubled
    assert again.exit_code == 0, again.output
    assert world.totals() == {"mastodon": 1, "x": 1}


def test_missing_credentials_everywhere_are_a_usage_error(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.add_items(1)
    monkeypatch.delenv("X_ACCESS_TOKEN")
    monkeypatch.delenv("MASTODON_ACCESS_TOKEN")
    result = post(world)
    assert result.exit_code == 2
    assert "X_ACCESS_TOKEN" in result.output
    assert "MASTODON_ACCESS_TOKEN" in result.output
    assert not world.state.exists()


def test_dry_run_is_the_preview_and_writes_nothing(world: World) -> None:
    world.add_items(1)
    result = post(world, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "Article number 1" in result.output
    assert "/280" in result.output
    assert not world.state.exists()
    assert world.totals() == {"mastodon": 0, "x": 0}
    assert world.mastodon.received == []


def test_dry_run_warns_about_each_flag_it_ignores(world: World) -> None:
    world.add_items(1)
    ignored = ["--force", "--all", "--write-back", "--max-posts", "1", "--lock-timeout", "5"]
    ignored += ["--state", str(world.folder / "other.db")]
    config = world.write_config()
    result = CliRunner().invoke(
        cli, ["post", str(world.feed), "--config", str(config), "--dry-run", *ignored]
    )
    assert result.exit_code == 0, result.output
    for flag in ("--force", "--all", "--write-back", "--max-posts", "--lock-timeout", "--state"):
        assert f"{flag} does nothing with --dry-run" in result.stderr
    assert "does nothing" not in result.stdout
    assert world.totals() == {"mastodon": 0, "x": 0}
    plain = CliRunner().invoke(cli, ["post", str(world.feed), "--config", str(config), "--dry-run"])
    assert "does nothing" not in plain.stderr


def test_help_has_an_example() -> None:
    result = CliRunner().invoke(cli, ["post", "--help"])
    assert result.exit_code == 0
    for flag in ("--dry-run", "--max-posts", "--all", "--force", "--state", "--network"):
        assert flag in result.output
    assert "Example" in result.output


@pytest.mark.pds
def test_a_hundred_reruns_post_each_article_once_per_network(world3: World) -> None:
    world3.add_items(2)
    assert post(world3, "--all").exit_code == 0
    for run in range(99):
        if run in (10, 50):
            world3.add_items(1)
        result = post(world3)
        assert result.exit_code == 0, result.output
    urls = [url for url, _ in world3.items]
    for network in ("x", "mastodon", "bluesky"):
        assert [world3.count(network, url) for url in urls] == [1, 1, 1, 1], network
    assert world3.totals() == {"x": 4, "mastodon": 4, "bluesky": 4}


def test_write_back_adds_the_post_links_to_the_front_matter(world: World) -> None:
    article = world.folder / "hello.md"
    article.write_text(
        "---\ntitle: Bonjour\nurl: https://blog.test/bonjour/\n---\n\nTexte.\n", encoding="utf-8"
    )
    result = post(world, "--write-back", source=str(article))
    assert result.exit_code == 0, result.output
    text = article.read_text(encoding="utf-8")
    assert "syndication:" in text
    assert "https://x.com/" in text
    assert world.loopback.url in text  # the Mastodon status URL
    post(world, "--write-back", source=str(article))
    assert article.read_text(encoding="utf-8") == text  # a rerun adds nothing


def test_an_article_typed_on_the_command_line_is_posted(world: World) -> None:
    config = world.write_config()
    args = [
        "post",
        "--title",
        "Tapé à la main",
        "--url",
        "https://blog.test/main/",
        "-c",
        str(config),
    ]
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output
    assert world.totals() == {"mastodon": 1, "x": 1}
    assert CliRunner().invoke(cli, args).exit_code == 0
    assert world.totals() == {"mastodon": 1, "x": 1}


def test_the_job_summary_shows_length_against_limit_and_the_link(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    world.add_items(1)
    summary = world.folder / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = post(world, "--all", "--format", "json")
    assert result.exit_code == 0, result.output
    outcomes = json.loads(result.output)["outcomes"]
    assert {(o["network"], o["limit"]) for o in outcomes} == {("x", 280), ("mastodon", 500)}
    assert all(0 < o["length"] <= o["limit"] for o in outcomes)
    table = summary.read_text(encoding="utf-8")
    for outcome in outcomes:
        assert f"{outcome['length']} / {outcome['limit']}" in table
        assert outcome["url"] in table


# A token with every character some encoding changes ('/', '"', '+', '=', '&', ' ', '\').
ODD_TOKEN = 'Zq8/"k+9=w&v x~Lp\\Tok'


@pytest.mark.parametrize(
    "form",
    ["percent", "percent-path", "plus", "json", "base64", "base64-bare", "base64url-bare"],
)
def test_a_server_echoing_the_token_encoded_leaks_it_nowhere(
    world: World, monkeypatch: pytest.MonkeyPatch, form: str
) -> None:
    from tests.test_redact import _forms

    encoded = _forms(ODD_TOKEN)[form]
    world.mastodon.token = ODD_TOKEN
    monkeypatch.setenv("MASTODON_ACCESS_TOKEN", ODD_TOKEN)
    summary = world.folder / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    world.add_items(1)
    world.mastodon.fail_next(
        "POST", "/api/v1/statuses", status=422, error=f"Invalid token {encoded} in request"
    )
    config = world.write_config()
    result = CliRunner().invoke(
        cli, ["--debug", "post", str(world.feed), "--config", str(config), "--all"]
    )
    assert "Invalid token" in result.output  # the server's words are shown...
    with State.open(world.state) as state:
        stored = " ".join(row.last_error or "" for row in state.history())
    assert "Invalid token" in stored
    for where in (result.output, stored, summary.read_text(encoding="utf-8")):
        assert encoded not in where  # ...but never the token, in any form
