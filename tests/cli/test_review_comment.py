"""The pull-request comment's Markdown, from plain values."""

from __future__ import annotations

from pathlib import Path

from syndicator.cli.review_comment import MARKER, changed_sources, review_comment
from syndicator.errors import FitError
from syndicator.models import Article, Image, Part, Post
from syndicator.pipeline import Failure

ARTICLE = Article(id="a1", url="https://blog.example/a/", title="Pipes | and *stars*")


def post(network: str, *parts: tuple[str, int], limit: int = 300, **kwargs: object) -> Post:
    return Post(
        network=network,
        article_id="a1",
        url=ARTICLE.url,
        parts=tuple(Part(text=text, length=length) for text, length in parts),
        limit=limit,
        **kwargs,  # type: ignore[arg-type]
    )


def test_a_table_per_article_with_cuts_warnings_and_failures() -> None:
    posts = [
        post("bluesky", ("Un texte…", 310), ("suite", 5), cut=("summary",)),
        post("mastodon", ("Texte", 5), limit=500, media=(Image("/a.jpg"),)),
    ]
    error = FitError(template="x.txt.j2", network="x", length=305, limit=280)
    failure = Failure(article_id="a1", network="x", error=error)
    body = review_comment(
        posts,
        articles={"a1": ARTICLE},
        failures=[failure],
        names={"bluesky": "Bluesky", "mastodon": "Mastodon", "x": "X"},
        changed=1,
    )
    assert body.startswith(MARKER + "\n")
    assert "#### Pipes \\| and \\*stars\\*" in body
    assert "| Bluesky | 310 / 300 (2 parts) | summary | over the limit by 10 |" in body
    assert "| Mastodon | 5 / 500 | nothing | an image has no alt text |" in body
    assert "| X | | | ❌ FitError: template x.txt.j2 for x: the text that cannot be" in body
    assert "```text\nUn texte…\n\nsuite\n```" in body


def test_notes_compose_made_are_warnings_of_their_post() -> None:
    note = "image /a.jpg left out: Threads only takes an image from a public URL"
    posts = [post("threads", ("Texte", 5), limit=500, notes=(note,)), post("x", ("Text", 4))]
    body = review_comment(
        posts, articles={"a1": ARTICLE}, names={"threads": "Threads", "x": "X"}, changed=1
    )
    assert f"| Threads | 5 / 500 | nothing | {note} |" in body
    assert "| X | 4 / 300 | nothing | — |" in body


def test_only_articles_among_the_sources_are_picked(tmp_path: Path) -> None:
    (tmp_path / "content" / "posts").mkdir(parents=True)
    for name in ("content/posts/a.md", "content/posts/b.jpg", "README.md", "feed.xml"):
        (tmp_path / name).write_text("x")
    changed = ["content/posts/a.md", "content/posts/b.jpg", "README.md", "feed.xml", "gone.md"]
    picked = changed_sources(["content/posts", "feed.xml"], changed, root=tmp_path)
    assert picked == ["content/posts/a.md", "feed.xml"]
