"""Fixtures for the length engine: the example article and the default templates."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicator.compose import build_templates
from syndicator.compose.environment import Templates
from syndicator.models import Article, Image

FIXTURES = Path(__file__).parents[1] / "fixtures"


def load_article(name: str = "threads-musk-meta.md") -> Article:
    """Build the example Article from its Markdown file (front matter + body)."""
    import frontmatter

    post = frontmatter.load(FIXTURES / name)
    meta = post.metadata
    return Article(
        id=str(meta["url"]),
        url=str(meta["url"]),
        title=str(meta["title"]),
        summary=str(meta["summary"]),
        body=post.content,
        tags=tuple(str(tag) for tag in meta["tags"]),
        lang=str(meta["lang"]),
        images=(
            Image(
                str(FIXTURES / str(meta["image"])),
                str(meta["image_alt"]),
                roots=(str(FIXTURES),),
            ),
        ),
        source=name,
    )


@pytest.fixture(scope="session")
def article() -> Article:
    """The French example article (tests/fixtures/threads-musk-meta.md)."""
    return load_article()


@pytest.fixture(scope="session")
def templates() -> Templates:
    """The default templates."""
    return build_templates()
