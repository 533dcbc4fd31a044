"""Fixtures for the length engine: the example article and the official twitter-text."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from syndicator.compose import build_templates
from syndicator.compose.environment import Templates
from syndicator.models import Article, Image

FIXTURES = Path(__file__).parents[1] / "fixtures"
TWITTER_TEXT_JS = Path(__file__).parent / "twitter_text_js"


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


def _node_missing() -> str | None:
    if shutil.which("node") is None:
        return "Node.js is not installed"
    if not (TWITTER_TEXT_JS / "node_modules" / "twitter-text").is_dir():
        return "run `npm ci --prefix tests/compose/twitter_text_js` to install twitter-text 3.1.0"
    return None


def _node(script: str, *args: str) -> Callable[[Sequence[str]], Any]:
    """Return a function running ``script`` of twitter_text_js over JSON-encoded strings."""
    reason = _node_missing()
    if reason:
        # The differential tests against the official library must run in CI.
        if os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no"):
            pytest.fail(f"CI is set, so the twitter-text tests must run, but {reason}")
        pytest.skip(reason)

    def run(texts: Sequence[str]) -> Any:
        result = subprocess.run(
            ["node", str(TWITTER_TEXT_JS / script), *args],
            input=json.dumps(list(texts)),
            capture_output=True,
            text=True,
            encoding="utf-8",
            check=True,
            timeout=120,
        )
        return json.loads(result.stdout)

    return run


@pytest.fixture(scope="session")
def js_lengths() -> Callable[[Sequence[str]], list[int]]:
    """Return a function measuring strings with the official twitter-text 3.1.0 (node)."""
    return _node("measure.js")


@pytest.fixture(scope="session")
def js_urls() -> Callable[[Sequence[str]], list[list[str]]]:
    """Return a function listing the URLs the official twitter-text 3.1.0 extracts (node)."""
    return _node("extract.js")


@pytest.fixture(scope="session")
def js_hashtags() -> Callable[[Sequence[str]], list[list[str]]]:
    """Return a function listing the hashtags the official twitter-text 3.1.0 extracts."""
    return _node("extract.js", "hashtags")
