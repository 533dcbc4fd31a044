"""load(): kinds detected by extension and content, URLs fetched (faked), errors in one line."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
import respx

import syndicator.sources as sources
from syndicator.errors import SourceError
from syndicator.sources import Loaded, detect, load

from .expected import FIRST_PARAGRAPH, TITLE, URL, assert_clean_body

EXAMPLES = ("feed.xml", "threads-musk-meta.md", "threads-musk-meta.html", "threads-musk-meta.txt")


def test_public_names() -> None:
    assert sorted(sources.__all__) == ["Kind", "Loaded", "detect", "from_fields", "grant", "load"]
    for name in sources.__all__:
        assert hasattr(sources, name)


@pytest.mark.parametrize("name", EXAMPLES)
def test_every_form_of_the_example_gives_the_same_article(fixtures: Path, name: str) -> None:
    loaded = load(str(fixtures / name), default_lang="fr")
    assert isinstance(loaded, Loaded)
    article = loaded.articles[-1]
    assert article.title == TITLE
    assert article.lang == "fr"
    assert FIRST_PARAGRAPH in article.body
    assert_clean_body(article.body)
    if name != "threads-musk-meta.txt":
        assert article.url == URL


@pytest.mark.parametrize(
    ("name", "kind"),
    [
        ("feed.xml", "feed"),
        ("threads-musk-meta.md", "markdown"),
        ("threads-musk-meta.html", "html"),
        ("threads-musk-meta.txt", "text"),
    ],
)
def test_kinds_are_sniffed_without_an_extension(
    fixtures: Path, tmp_path: Path, name: str, kind: str
) -> None:
    data = (fixtures / name).read_bytes()
    assert detect(data) == kind
    assert detect(data, suffix=Path(name).suffix) == kind
    (tmp_path / "article").write_bytes(data)
    assert load("article", default_lang="fr").articles[-1].title == TITLE


def test_atom_and_json_are_sniffed() -> None:
    assert detect(b'\xef\xbb\xbf  <feed xmlns="http://www.w3.org/2005/Atom">') == "feed"
    assert detect(b'{"version": "https://jsonfeed.org/version/1", "items": []}') == "jsonfeed"
    assert detect(b'<?xml version="1.0"?>\n<!DOCTYPE html>\n<html>') == "html"
    assert detect(b"+++\ntitle = 'x'\n+++\n") == "markdown"
    assert detect(b"Just a title\n\nText.") == "text"


def test_a_missing_file_is_one_clear_line() -> None:
    with pytest.raises(SourceError) as caught:
        load("missing/feed.xml")
    assert str(caught.value) == (
        "missing/feed.xml: no such file; check the path (or give an http(s) URL)"
    )
    assert caught.value.where == "missing/feed.xml"


def test_an_empty_source_is_not_the_current_folder() -> None:
    with pytest.raises(SourceError, match="is empty"):
        load(" ")


def test_a_binary_file_is_not_text(fixtures: Path) -> None:
    with pytest.raises(SourceError, match="not UTF-8 text"):
        load(str(fixtures / "threads-musk-meta.jpg"))


def test_stdin_is_sniffed(fixtures: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = (fixtures / "feed.xml").read_bytes()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(data)))
    loaded = load("-")
    assert loaded.collection is True
    assert len(loaded.articles) == 3


def test_a_feed_url_is_fetched_and_read(fixtures: Path, respx_mock: respx.MockRouter) -> None:
    route = respx_mock.get("https://feeds.example.org/feed/").respond(
        200, content=(fixtures / "feed.xml").read_bytes()
    )
    loaded = load("https://feeds.example.org/feed/", timeout=5)
    assert route.call_count == 1
    assert loaded.collection is True
    assert [a.title for a in loaded.articles][-1] == TITLE
    assert loaded.articles[-1].source == "https://feeds.example.org/feed/"


def test_a_page_url_is_fetched_and_read(fixtures: Path, respx_mock: respx.MockRouter) -> None:
    respx_mock.get("https://news.example.org/a?utm_source=mastodon").respond(
        200, content=(fixtures / "threads-musk-meta.html").read_bytes()
    )
    loaded = load("https://news.example.org/a?utm_source=mastodon")
    assert loaded.collection is False
    assert loaded.articles[0].url == URL  # the page's canonical link wins


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        (httpx.Response(404), "https://news.example.org/x: HTTP 404 Not Found"),
        (httpx.ConnectError("refused"), "https://news.example.org/x: cannot be reached"),
        (httpx.ConnectTimeout("slow"), "https://news.example.org/x: no answer within 2 s"),
    ],
)
def test_an_unreachable_url_is_one_clear_line(
    respx_mock: respx.MockRouter, answer: httpx.Response | Exception, message: str
) -> None:
    route = respx_mock.get("https://news.example.org/x")
    if isinstance(answer, Exception):
        route.side_effect = answer
    else:
        route.return_value = answer
    with pytest.raises(SourceError) as caught:
        load("https://news.example.org/x", timeout=2)
    assert str(caught.value).startswith(message)
    assert "\n" not in str(caught.value)


def test_importing_sources_imports_no_parser() -> None:
    code = (
        "import sys, syndicator.sources\n"
        "heavy = {'feedparser', 'selectolax', 'yaml', 'frontmatter', 'httpx', 'lxml', 'bs4'}\n"
        "print(sorted(heavy & {m.split('.')[0] for m in sys.modules}))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_loading_markdown_does_not_import_feed_or_html_parsers(fixtures: Path) -> None:
    code = (
        "import sys\nfrom syndicator.sources import load\n"
        f"load({str(fixtures / 'threads-musk-meta.md')!r})\n"
        "loaded = {m.split('.')[0] for m in sys.modules}\n"
        "print(sorted({'feedparser', 'selectolax', 'httpx'} & loaded))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# --- issue 13, row 8: the size cap holds for every file of a folder and for stdin ---------


def test_a_huge_file_in_a_folder_and_on_stdin_is_refused_without_being_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from syndicator.fetch import DEFAULT_MAX_BYTES

    good = "---\ntitle: Small\nurl: https://blog.example/small/\n---\nBody.\n"
    (tmp_path / "small.md").write_text(good, encoding="utf-8")
    huge = tmp_path / "huge.md"
    with huge.open("wb") as handle:  # sparse: 200 MB on paper, nothing on disk
        handle.write(good.encode())
        handle.truncate(200 * 1024 * 1024)
    loaded = load(str(tmp_path))
    assert [a.title for a in loaded.articles] == ["Small"]
    (error,) = loaded.errors
    assert f"more than the {DEFAULT_MAX_BYTES} bytes allowed" in str(error)

    class Pipe(io.RawIOBase):
        """An endless stdin that counts what was read from it."""

        taken = 0

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            Pipe.taken += len(buffer)
            buffer[:] = b"x" * len(buffer)
            return len(buffer)

    stdin = io.TextIOWrapper(io.BufferedReader(Pipe()))
    monkeypatch.setattr(sys, "stdin", stdin)
    with pytest.raises(SourceError, match=r"stdin: more than the \d+ bytes allowed"):
        load("-")
    assert Pipe.taken < 2 * DEFAULT_MAX_BYTES
