"""What a post costs, from the documented rates: X's two prices, replies, images, quotas."""

from __future__ import annotations

from datetime import timedelta

import pytest

from syndicator.costs import estimate, has_url, total
from syndicator.models import Image, Part, Post
from syndicator.networks.registry import spec
from syndicator.pricing import Quota, Rates, format_money, to_micros


def post(*texts: str, network: str = "x", images: int = 0) -> Post:
    return Post(
        network=network,
        article_id="a",
        url="https://example.org/a",
        parts=tuple(Part(text=t, length=len(t)) for t in texts),
        limit=280,
        media=tuple(Image(f"/img/{n}.png") for n in range(images)),
    )


def test_an_x_post_with_a_link_costs_the_url_price() -> None:
    cost = estimate(post("New article https://example.org/a"), spec("x").rates)
    assert cost.money == 200_000  # $0.200, Content: Create (with URL)
    assert cost.describe() == "$0.200 (1 post, 1 with a URL)"


def test_an_x_post_without_a_link_costs_the_plain_price() -> None:
    cost = estimate(post("New article, link in bio"), spec("x").rates)
    assert cost.money == 15_000  # $0.015, Content: Create
    assert cost.describe() == "$0.015 (1 post)"


def test_a_bare_domain_is_a_url_to_x_an_unknown_tld_is_not() -> None:
    # X links "blog.example.org" by itself, and bills the post as one with a URL.
    assert has_url("read it on blog.example.org today")
    assert not has_url("version 2.0 is out")
    assert not has_url("https://blog.test/a")  # .test is no TLD twitter-text knows
    assert estimate(post("read it on blog.example.org"), spec("x").rates).money == 200_000


def test_every_reply_of_a_thread_is_billed_with_images() -> None:
    thread = post("Part one https://example.org/a", "Part two", "Part three", images=2)
    cost = estimate(thread, spec("x").rates)
    assert cost.money == 200_000 + 2 * 15_000 + 2 * 5_000
    assert cost.describe() == "$0.240 (3 posts, 1 with a URL, 2 without, 2 images)"


def test_bluesky_is_free_and_uses_three_points_a_record() -> None:
    cost = estimate(post("one", "two", network="bluesky", images=1), spec("bluesky").rates)
    assert cost.money == 0
    assert cost.describe() == "free (2 posts, 1 image)"
    assert cost.quota_lines() == [
        "6 of 5,000 write points per hour",
        "6 of 35,000 write points per day",
    ]


def test_mastodon_counts_statuses_and_media_uploads() -> None:
    cost = estimate(post("one", network="mastodon", images=3), spec("mastodon").rates)
    assert cost.quota_lines() == [
        "1 of 300 statuses per 3 hours",
        "3 of 30 media uploads per 30 minutes",
    ]


def test_totals_add_money_and_quota_use() -> None:
    rates = spec("x").rates
    run = total([estimate(post("a https://example.org/1"), rates), estimate(post("b"), rates)])
    assert run.money == 215_000
    assert run.posts == 2
    assert run.quota_lines()[0] == "2 of 100 posts per 15 minutes"
    assert total([]).money == 0


def test_config_replaces_prices_and_quotas() -> None:
    rates = spec("x").rates.replaced(
        {"post_with_url": 0.25, "currency": "usd"}, {"posts_15min": 50}
    )
    assert rates.post_with_url == 250_000
    assert rates.post == 15_000
    assert rates.quotas[0].limit == 50
    assert rates.source.endswith("changed by your config")


@pytest.mark.parametrize(
    ("rates", "quotas", "message"),
    [
        ({"post": -1}, {}, "post: -1 is not a price"),
        ({"post": "cheap"}, {}, "post: 'cheap' is not a price"),
        ({"reply": 0.1}, {}, "reply: unknown price"),
        ({}, {"nope": 3}, r"quotas.nope: unknown quota \(known: posts_15min, posts_day\)"),
        ({}, {"posts_day": 0}, "quotas.posts_day: expected a whole number above 0"),
    ],
)
def test_wrong_overrides_name_the_key(
    rates: dict[str, object], quotas: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        spec("x").rates.replaced(rates, quotas)


def test_money_is_exact_and_readable() -> None:
    assert to_micros(0.015) == 15_000
    assert to_micros("0.2") == 200_000
    assert sum(to_micros(0.1) for _ in range(10)) == to_micros(1)
    assert format_money(215_000, "USD") == "$0.215"
    assert format_money(12_345_000, "USD") == "$12.35"
    assert format_money(3_000_000, "EUR") == "3.000 EUR"


def test_a_network_without_rates_is_free_with_no_quota() -> None:
    assert not Rates().charges
    assert estimate(post("x", network="elsewhere"), Rates()).usage == ()


def test_quota_units() -> None:
    quota = Quota(key="k", label="l", limit=10, window=timedelta(hours=1), per_post=3, per_image=1)
    assert quota.used_by(parts=2, images=4) == 10
    assert Rates().charges is False
