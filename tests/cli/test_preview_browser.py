"""The HTML preview in a real browser: Debian's headless Chromium, driven by playwright.

One page holds what is hardest to draw: the example article on every network, a
Mastodon thread behind a content warning, link cards the networks draw themselves, a
title of one unbroken 200-letter word (too long for X: a red card), a very long URL,
and a source that cannot be read. The page is
served from loopback, and every request the browser makes is recorded: the page itself
must be the only one.
Without Chromium, playwright or axe-core the tests are skipped, except under CI.
"""

from __future__ import annotations

import json
import os
import shutil
import threading
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from syndicator.cli import cli
from tests.browser import chromium

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "threads-musk-meta.md"
CONFIG = """\
default_lang: fr
networks:
  mastodon:
    instance: https://mastodon.example
    thread: true
    spoiler_text: "Justice, procès"
  threads:
    enabled: true
"""
LONG = f"""\
---
title: "{"Anticonstitutionnellement" * 8}"
url: https://blog.example/{"chemin-" * 40}fin/
lang: fr
summary: "Un résumé avec https://www.example.org/{"x" * 150} dedans."
tags: [Longueur, "{"Mot" * 20}"]
---

Un texte.
"""
WIDTHS = (360, 1280)


def _ci() -> bool:
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, dict[str, Any]]]:
    """Serve the preview page on loopback; yield its URL and the JSON preview of the same."""
    reason = chromium.missing()
    if reason:
        if _ci():
            pytest.fail(f"CI is set, so the browser tests must run, but {reason}", pytrace=False)
        pytest.skip(reason)
    folder = tmp_path_factory.mktemp("site")
    shutil.copyfile(EXAMPLE, folder / EXAMPLE.name)
    shutil.copyfile(EXAMPLE.with_suffix(".jpg"), folder / EXAMPLE.with_suffix(".jpg").name)
    (folder / "long.md").write_text(LONG, encoding="utf-8")
    (folder / "syndicator.yaml").write_text(CONFIG, encoding="utf-8")
    args = ["preview", "-c", str(folder / "syndicator.yaml")]
    args += [str(folder / EXAMPLE.name), str(folder / "long.md"), str(folder / "missing.md")]
    runner = CliRunner()
    page = runner.invoke(cli, [*args, "--format", "html", "-o", str(folder / "index.html")])
    data = runner.invoke(cli, [*args, "--format", "json"])
    assert page.exit_code == 2, page.output  # the missing source
    handler = partial(SimpleHTTPRequestHandler, directory=str(folder))
    handler.log_message = lambda *args: None  # type: ignore[method-assign]
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/index.html", json.loads(data.stdout)
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture(scope="module")
def browser(served: tuple[str, dict[str, Any]]) -> Iterator[Any]:
    with chromium.browser() as launched:
        yield launched


def open_page(
    browser: Any, url: str, *, width: int, scheme: str = "light"
) -> tuple[Any, list[str]]:
    """Open ``url``; return the page and the list of every other URL the browser asked for."""
    context = browser.new_context(viewport={"width": width, "height": 800}, color_scheme=scheme)
    others: list[str] = []

    def route(route: Any) -> None:
        if route.request.url == url:
            route.continue_()
        else:
            others.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    context.on("request", lambda r: None if r.url in (url, *others) else others.append(r.url))
    page = context.new_page()
    page.goto(url, wait_until="load")
    return page, others


def test_each_card_shows_exactly_the_post_text(
    browser: Any, served: tuple[str, dict[str, Any]]
) -> None:
    url, data = served
    page, _ = open_page(browser, url, width=1280)
    cards = page.eval_on_selector_all(
        "article.post",
        """cards => cards.map(card => ({
            network: card.dataset.network,
            article: card.dataset.article,
            lang: card.lang,
            texts: [...card.querySelectorAll('.text')].map(p => p.textContent),
        }))""",
    )
    expected = [
        {
            "network": post["network"],
            "article": post["article_id"],
            "lang": post["lang"],
            "texts": [post["text"], *(part["text"] for part in post["thread"])],
        }
        for post in data["posts"]
    ]
    assert sorted(cards, key=repr) == sorted(expected, key=repr)
    assert len(cards) == 7  # 4 networks, 2 articles: X cannot fit the long one's title
    assert any(len(card["texts"]) > 1 for card in cards)  # the Mastodon thread
    errors = page.eval_on_selector_all("article.error", "cards => cards.map(c => c.textContent)")
    assert len(errors) == len(data["errors"]) == 2
    assert any("missing.md" in error for error in errors)
    assert any("FitError" in error for error in errors)


@pytest.mark.parametrize("width", WIDTHS)
def test_nothing_overflows_horizontally(
    browser: Any, served: tuple[str, dict[str, Any]], width: int
) -> None:
    page, _ = open_page(browser, served[0], width=width)
    # Unfold the content warnings: what they hide must fit too.
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
    overflow = page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll('body *')]
                .filter(e => e.getBoundingClientRect().right > width + 0.5
                    || e.scrollWidth > e.clientWidth + 1
                       && getComputedStyle(e).overflowX !== 'visible')
                .map(e => e.tagName + '.' + e.className);
            return {scroll: document.documentElement.scrollWidth, width, wide};
        }"""
    )
    assert overflow["width"] == width
    assert overflow["scroll"] <= width, overflow
    assert overflow["wide"] == [], overflow


def test_the_page_asks_no_other_host(browser: Any, served: tuple[str, dict[str, Any]]) -> None:
    page, others = open_page(browser, served[0], width=1280)
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
    page.wait_for_timeout(200)
    images = page.eval_on_selector_all("img", "all => all.map(i => [i.complete, i.naturalWidth])")
    assert images  # the example's image, drawn from its data: URI
    assert all(done and width > 0 for done, width in images)
    assert [u for u in others if not u.startswith("data:")] == []


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_axe_finds_no_serious_violation(
    browser: Any, served: tuple[str, dict[str, Any]], scheme: str
) -> None:
    page, _ = open_page(browser, served[0], width=1280, scheme=scheme)
    page.eval_on_selector_all("details", "all => all.forEach(d => { d.open = true; })")
    page.add_script_tag(content=chromium.AXE.read_text("utf-8"))
    violations = page.evaluate(
        """async () => (await axe.run(document)).violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')),
        }))"""
    )
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert serious == [], serious
    assert page.evaluate("typeof axe.version") == "string"
