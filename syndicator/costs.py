"""What one composed post will cost and which quotas it uses, from a network's ``Rates``.

Pure: a Post and Rates in, a Cost out. Whether a part holds a URL is decided as X
decides it (twitter-text's URL extraction, ``compose.x_length.url_spans``): X bills a
post in which it finds a URL at the "with URL" price, a bare ``example.org`` included.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from .compose.x_length import normalize, url_spans
from .models import Post
from .pricing import Quota, Rates, format_money

__all__ = ["Cost", "estimate", "has_url", "total"]


def has_url(text: str) -> bool:
    """Tell whether X finds a URL in ``text`` (and so bills it as a post with a URL)."""
    return "." in text and bool(url_spans(normalize(text)))


@dataclass(frozen=True, slots=True, kw_only=True)
class Cost:
    """The estimated price of one post (or of a run) and the quota units it uses.

    ``money`` is in micro-units of ``currency`` (None: posting is free). ``posts``
    counts the create requests (a thread of 3 parts is 3), ``with_url`` those whose
    text holds a URL, ``images`` the images attached. ``usage`` pairs each quota with
    the units used.
    """

    currency: str | None = None
    money: int = 0
    posts: int = 0
    with_url: int = 0
    images: int = 0
    usage: tuple[tuple[Quota, int], ...] = ()

    def describe(self, rates: Rates | None = None) -> str:
        """Return one line: the price and what makes it ("$0.215 (2 posts, 1 with a URL)")."""
        pieces = []
        plain = self.posts - self.with_url
        if self.posts:
            first = "post" if self.posts == 1 else "posts"
            pieces.append(f"{self.posts} {first}")
        if self.with_url and self.currency is not None:  # it sets the price
            pieces.append(f"{self.with_url} with a URL")
            if plain:
                pieces.append(f"{plain} without")
        if self.images:
            pieces.append(f"{self.images} image{'s' if self.images > 1 else ''}")
        what = ", ".join(pieces) or "nothing"
        if self.currency is None:
            return f"free ({what})"
        return f"{format_money(self.money, self.currency)} ({what})"

    def quota_lines(self) -> list[str]:
        """Return one line per quota used: "3 of 5,000 write points per hour"."""
        return [f"{used:,} of {quota.limit:,} {quota.label}" for quota, used in self.usage if used]


def estimate(post: Post, rates: Rates) -> Cost:
    """Return what publishing ``post`` costs under ``rates``: every part, every image."""
    parts = len(post.parts)
    with_url = sum(1 for part in post.parts if has_url(part.text))
    images = len(post.media)
    money = 0
    if rates.charges:
        money = with_url * rates.post_with_url + (parts - with_url) * rates.post
        money += images * rates.image
    usage = tuple((quota, quota.used_by(parts, images)) for quota in rates.quotas)
    return Cost(
        currency=rates.currency,
        money=money,
        posts=parts,
        with_url=with_url,
        images=images,
        usage=usage,
    )


def total(costs: Iterable[Cost]) -> Cost:
    """Return the sum of ``costs`` of one network (same currency and quotas)."""
    items = list(costs)
    if not items:
        return Cost()
    usage: dict[str, tuple[Quota, int]] = {}
    for cost in items:
        for quota, used in cost.usage:
            previous = usage.get(quota.key, (quota, 0))[1]
            usage[quota.key] = (quota, previous + used)
    return Cost(
        currency=items[0].currency,
        money=sum(c.money for c in items),
        posts=sum(c.posts for c in items),
        with_url=sum(c.with_url for c in items),
        images=sum(c.images for c in items),
        usage=tuple(usage.values()),
    )
