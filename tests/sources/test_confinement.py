"""Issue 13, row 1: an article's local image stays inside its site, whatever it names."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from PIL import Image as PILImage

from syndicator.cli import cli
from syndicator.errors import SourceError
from syndicator.sources import load

ARTICLE = "---\ntitle: Hello\nurl: https://blog.example/hello/\n{image}---\nBody text.\n"


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site folder with one image of its own, and a secret image beside it."""
    site = tmp_path / "site"
    (site / "content" / "posts").mkdir(parents=True)
    PILImage.new("RGB", (4, 4), "blue").save(site / "content" / "posts" / "own.png")
    outside = tmp_path / "outside"
    outside.mkdir()
    PILImage.new("RGB", (4, 4), "red").save(outside / "secret.jpg")
    return site


def write(site: Path, image: str, name: str = "a.md") -> Path:
    path = site / "content" / "posts" / name
    path.write_text(ARTICLE.format(image=f"image: {image}\n" if image else ""), encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "named",
    ["../../../outside/secret.jpg", "{outside}/secret.jpg", "~/secret.jpg", "link.jpg"],
)
def test_an_image_outside_the_site_is_refused_naming_the_article(
    site: Path, named: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    outside = site.parent / "outside"
    monkeypatch.setenv("HOME", str(outside))
    (site / "content" / "posts" / "link.jpg").symlink_to(outside / "secret.jpg")
    article = write(site, named.format(outside=outside))
    with pytest.raises(SourceError, match=r"a\.md: image .*outside the site folder"):
        load(str(article))
    folder = load(str(site))  # a folder source: that file's error, the others still load
    assert not folder.articles
    assert len(folder.errors) == 1
    assert "outside the site folder" in str(folder.errors[0])
    assert "a.md" in str(folder.errors[0])


def test_an_image_inside_the_site_loads_and_extra_folders_can_be_allowed(site: Path) -> None:
    own = write(site, "own.png")
    (image,) = load(str(own)).articles[0].images
    assert Path(image.source) == site / "content" / "posts" / "own.png"
    secret = site.parent / "outside" / "secret.jpg"
    other = write(site, str(secret), name="b.md")
    loaded = load(str(other), allow_files_in=[secret.parent])
    assert loaded.articles[0].images[0].source == str(secret)


def test_the_cli_refuses_it_and_allow_files_in_lets_it_through(site: Path) -> None:
    secret = site.parent / "outside" / "secret.jpg"
    article = write(site, str(secret))
    result = CliRunner().invoke(cli, ["preview", str(article)])
    assert result.exit_code == 2
    assert "outside the site folder" in result.output
    assert "Traceback" not in result.output
    config = site / "syndicator.yaml"
    config.write_text(f"allow_files_in: [{secret.parent}]\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["preview", "--config", str(config), str(article)])
    assert result.exit_code == 0, result.output
