"""``syndicator preview --format html``: the page's content, read back with an HTML parser.

What a browser makes of it (text, overflow, requests, accessibility) is checked in
``test_preview_browser.py`` with the real Chromium.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from selectolax.lexbor import LexborHTMLParser as HTMLParser
from selectolax.lexbor import LexborNode as Node

from syndicator.cli import cli

CONFIG = """\
default_lang: fr
networks:
  mastodon:
    instance: https://mastodon.example
    thread: true
    spoiler_text: "Justice, procès"
  bluesky:
    thread: true
"""


def run(*args: str) -> Any:
    return CliRunner().invoke(cli, ["preview", *args])


def page_and_json(*args: str) -> tuple[HTMLParser, dict[str, Any]]:
    html = run("--format", "html", *args)
    data = run("--format", "json", *args)
    assert html.exit_code == data.exit_code, html.output
    return HTMLParser(html.stdout), json.loads(data.stdout)


def texts(card: Node) -> list[str]:
    return [node.text(deep=True) for node in card.css(".text")]


def test_every_post_is_a_card_with_its_exact_text_and_meter(fixtures: Path) -> None:
    page, data = page_and_json(str(fixtures / "threads-musk-meta.md"))
    cards = page.css("article.post")
    assert [c.attributes["data-network"] for c in cards] == ["x", "mastodon", "bluesky"]
    for card, post in zip(cards, data["posts"], strict=True):
        assert texts(card) == [post["text"], *(part["text"] for part in post["thread"])]
        assert card.attributes["lang"] == "fr"
        meter = card.css_first("meter")
        assert meter is not None
        assert meter.attributes["max"] == str(post["limit"])
        assert f"{post['length']} / {post['limit']}" in card.text()
        # The image is embedded (no other host is asked) and carries its alt text.
        image = card.css_first("img")
        assert image is not None
        assert (image.attributes["src"] or "").startswith("data:image/jpeg;base64,")
        assert image.attributes["alt"] == "Les logos de Threads et de Twitter côte à côte"
        assert card.css_first(".badge").text() == "ALT"


def test_links_are_shown_as_each_network_shows_them(fixtures: Path) -> None:
    page, _ = page_and_json(str(fixtures / "threads-musk-meta.md"))
    url = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
    links = {
        card.attributes["data-network"]: [(a.text(), a.attributes["href"]) for a in card.css("a")]
        for card in page.css("article.post")
    }
    # X and Mastodon show the full URL; Bluesky the facet's shortened text, to the same URI.
    assert links["x"] == [(url, url)]
    assert links["mastodon"] == [(url, url)]
    assert links["bluesky"] == [("example.fr/actu/threads-el…", url)]
    for card in page.css("article.post"):
        tags = [span.text() for span in card.css(".tag")]
        assert tags == ["#Threads", "#Meta", "#Twitter", "#ElonMusk", "#RéseauxSociaux"]


def test_threads_are_stacked_and_content_warnings_folded(tmp_path: Path, fixtures: Path) -> None:
    (tmp_path / "syndicator.yaml").write_text(CONFIG, encoding="utf-8")
    page, data = page_and_json(str(fixtures / "threads-musk-meta.md"), "-n", "mastodon")
    (card,) = page.css("article.post")
    (post,) = data["posts"]
    assert len(post["thread"]) >= 2
    assert texts(card) == [post["text"], *(part["text"] for part in post["thread"])]
    numbers = [n.text() for n in card.css(".part-number")]
    assert numbers[0] == f"part 1 of {len(post['thread']) + 1}"
    details = card.css_first("details.cw")
    assert details is not None
    assert details.css_first("summary").text() == "Content warning: Justice, procès"
    assert "open" not in details.attributes
    assert len(details.css(".text")) == len(post["thread"]) + 1


def test_notes_compose_made_about_a_post_are_on_its_card(fixtures: Path) -> None:
    # Threads takes no local image: compose leaves it out with a note (Post.notes).
    page, data = page_and_json(str(fixtures / "threads-musk-meta.md"), "-n", "threads")
    (card,) = page.css("article.post")
    (post,) = data["posts"]
    assert post["media"] == []
    assert len(post["notes"]) == 1
    assert "left out" in post["notes"][0]
    assert [li.text() for li in card.css("li.note")] == [f"note: {n}" for n in post["notes"]]
    assert card.css(".media") == []


def test_a_cut_is_marked_where_the_text_was_shortened(tmp_path: Path) -> None:
    long = "Une phrase qui ne finit pas " * 30
    page, data = page_and_json("--title", long, "--url", "https://example.org/a", "-n", "x")
    (card,) = page.css("article.post")
    (post,) = data["posts"]
    assert post["cut"]
    assert [m.text() for m in card.css("mark.cut")] == ["…"] * post["text"].count("…")
    assert card.css("mark.cut")
    assert texts(card) == [post["text"]]
    assert "cut: " + ", ".join(post["cut"]) in card.text()


def test_values_are_escaped_not_interpreted(tmp_path: Path) -> None:
    title = '<script>alert(1)</script> & <img src=x onerror="alert(2)">'
    result = run("--format", "html", "--title", title, "--url", "https://example.org/a")
    assert result.exit_code == 0, result.output
    assert "<script>" not in result.stdout
    assert "onerror=" not in result.stdout.replace("onerror=&#34;", "")
    page = HTMLParser(result.stdout)
    assert page.css("script") == []
    for card in page.css("article.post"):
        assert title in texts(card)[0]


def test_errors_are_red_cards_and_the_exit_code_says_so(tmp_path: Path, fixtures: Path) -> None:
    result = run("--format", "html", str(fixtures / "threads-musk-meta.md"), "missing.md")
    assert result.exit_code == 2
    page = HTMLParser(result.stdout)
    (error,) = page.css("article.error")
    assert "missing.md" in error.text()
    assert error.attributes["lang"] == "en"
    assert len(page.css("article.post")) == 3
    assert "1 error" in page.css_first(".summary").text()


def test_output_file_and_open(tmp_path: Path, fixtures: Path) -> None:
    opened = tmp_path / "opened.txt"
    browser = tmp_path / "browser.sh"
    browser.write_text(f'#!/bin/sh\nprintf %s "$1" > {opened}\n', encoding="utf-8")
    browser.chmod(0o755)
    env = {**os.environ, "BROWSER": str(browser)}
    article = str(fixtures / "threads-musk-meta.md")
    command = [sys.executable, "-m", "syndicator", "preview", article, "--format", "html"]
    done = subprocess.run(
        [*command, "-o", "page.html", "--open"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == ""
    assert "Preview written to page.html" in done.stderr
    page = tmp_path / "page.html"
    assert page.read_text("utf-8").startswith("<!doctype html>")
    assert opened.read_text() == page.resolve().as_uri()


def test_output_goes_with_html_only(fixtures: Path) -> None:
    result = run(str(fixtures / "threads-musk-meta.md"), "-o", "page.html")
    assert result.exit_code == 2
    assert "--output and --open go with --format html" in result.output
    assert not Path("page.html").exists()


def cost_lines_of_text(text: str) -> dict[str, list[str]]:
    """Return the text preview's cost, link-choice and quota lines, by card heading."""
    found = {}
    for block in text.split("\n\n"):
        heading, *lines = block.splitlines()
        kept = [line.strip() for line in lines if not line.lstrip().startswith(("│", "┌", "└"))]
        found[heading.split(" · ")[0]] = [
            line for line in kept if line.startswith(("cost: ", "quota: ")) or "(chosen)" in line
        ]
    return found


def test_each_card_shows_its_cost_and_link_choices_as_the_text_preview_does(
    fixtures: Path,
) -> None:
    article = str(fixtures / "threads-musk-meta.md")
    page, data = page_and_json(article)
    text = run(article).stdout
    cards = page.css("article.post")
    by_network = {card.attributes["data-network"]: card for card in cards}
    assert [li.text() for li in by_network["x"].css("li.cost")] == [
        "cost: $0.205 (1 post, 1 with a URL, 1 image)",
        "link in the post $0.205 (chosen) · link in a reply $0.220 · no link $0.020",
        "quota: 1 of 100 posts per 15 minutes, 1 of 10,000 posts per 24 hours (per app)",
    ]
    # Every card carries the text preview's lines, and the JSON's amounts.
    in_text = cost_lines_of_text(text)
    for card, post in zip(cards, data["posts"], strict=True):
        lines = [li.text() for li in card.css("li.cost")]
        assert lines == in_text[card.css_first(".who strong").text()]
        assert lines[0].startswith("cost: ")
        for amount in (post["cost"].get("link_choices") or {}).values():
            assert f"${float(amount):.3f}" in lines[1]
    # What the posts would spend, per network, as the text preview ends.
    spend = [li.text().strip() for li in page.css("ul.spend li")]
    assert spend == text.rstrip("\n").split("\n\n")[-1].splitlines()
    assert spend[0].startswith("x: would spend $0.205")


THREADS_ON = """\
networks:
  mastodon:
    instance: https://mastodon.example
  threads:
    enabled: true
"""


def unfurls(card: Node) -> list[Node]:
    return card.css("figure.unfurl")


def test_networks_that_unfurl_links_get_the_card_drawn_from_the_articles_fields(
    tmp_path: Path,
) -> None:
    (tmp_path / "syndicator.yaml").write_text(THREADS_ON, encoding="utf-8")
    page, data = page_and_json(
        "--title", "Le titre", "--url", "https://www.example.org/a/", "--summary", "Le résumé."
    )
    cards = {card.attributes["data-network"]: card for card in page.css("article.post")}
    assert set(cards) == {"x", "mastodon", "bluesky", "threads"}
    for network, name in [("x", "X"), ("mastodon", "Mastodon"), ("threads", "Threads")]:
        (card,) = unfurls(cards[network])
        assert card.css_first(".card-host").text() == "example.org"
        assert card.css_first("strong").text() == "Le titre"
        assert card.css_first(".description").text() == "Le résumé."
        assert card.css_first("figcaption").text() == f"card drawn by {name} from the page's tags"
        assert card.css("img") == []
        assert card.css(".missing") == []
        assert card.css("a") == []  # not a link of the post: the text holds those
    # Bluesky shows the card we build and send, not one of its own.
    assert unfurls(cards["bluesky"]) == []
    assert len(cards["bluesky"].css(".linkcard")) == 1
    assert "drawn by" not in cards["bluesky"].text()
    assert {post["network"]: post["card"] for post in data["posts"] if "card" in post} == {
        "bluesky": {
            "uri": "https://www.example.org/a/",
            "title": "Le titre",
            "description": "Le résumé.",
        }
    }


def test_a_post_with_images_gets_no_card_where_the_network_then_shows_none(
    tmp_path: Path, fixtures: Path
) -> None:
    (tmp_path / "syndicator.yaml").write_text(THREADS_ON, encoding="utf-8")
    page, data = page_and_json(str(fixtures / "threads-musk-meta.md"))
    cards = {card.attributes["data-network"]: card for card in page.css("article.post")}
    # X and Mastodon show the images instead of a card.
    assert cards["x"].css("figure.frame img")
    assert unfurls(cards["x"]) == []
    assert cards["mastodon"].css("figure.frame img")
    assert unfurls(cards["mastodon"]) == []
    # Threads takes no local image, so its post is text with link_attachment: a card,
    # whose image (the article's, local) is embedded like the post images elsewhere.
    assert [post["media"] for post in data["posts"] if post["network"] == "threads"] == [[]]
    (card,) = unfurls(cards["threads"])
    image = card.css_first("img")
    assert image is not None
    assert (image.attributes["src"] or "").startswith("data:image/jpeg;base64,")


def test_a_link_in_a_reply_gets_its_card_there_with_a_remote_image_as_a_placeholder(
    tmp_path: Path,
) -> None:
    config = "networks:\n  x:\n    link: reply\n"
    (tmp_path / "syndicator.yaml").write_text(config, encoding="utf-8")
    image = "https://cdn.example.net/og.jpg"
    page, data = page_and_json(
        "--title", "Titre", "--url", "https://example.org/a", "--image", image, "-n", "x"
    )
    (card,) = page.css("article.post")
    (post,) = data["posts"]
    assert [part["text"] for part in post["thread"]] == ["https://example.org/a"]
    first, reply = card.css("li.part")
    # The first post carries the image (X then shows no card) and no link.
    assert unfurls(first) == []
    # The reply is the link alone: X draws its card there; the image is not fetched.
    (drawn,) = unfurls(reply)
    assert drawn.css_first("strong").text() == "Titre"
    assert drawn.css_first(".missing").text() == "image from cdn.example.net (not fetched)"
    assert drawn.css("img") == []


def test_a_card_for_another_page_shows_only_its_host(tmp_path: Path) -> None:
    (tmp_path / "syndicator.yaml").write_text(THREADS_ON, encoding="utf-8")
    title = "Lu sur https://other.example.net/page aujourd'hui"
    page, _ = page_and_json("--title", title, "--url", "https://example.org/a", "-n", "mastodon")
    (card,) = page.css("article.post")
    # Mastodon previews the first link, not the article's: that page is not fetched.
    (drawn,) = unfurls(card)
    assert drawn.css_first(".card-host").text() == "other.example.net"
    assert drawn.css("strong") == []
    assert "not fetched" in drawn.css_first(".description").text()
