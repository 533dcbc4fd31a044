"""Images are shrunk to a network's limit, or refused with a clear message."""

from __future__ import annotations

import io
from pathlib import Path

import httpx
import pytest
import respx
from PIL import Image as PILImage

from syndicator.errors import MediaError
from syndicator.media import load_image
from syndicator.models import Image

EXAMPLE = Path(__file__).parent / "fixtures" / "threads-musk-meta.jpg"


def test_example_image_is_shrunk_under_bluesky_limit_keeping_its_shape() -> None:
    loaded = load_image(
        Image(str(EXAMPLE), "Les logos", roots=(str(EXAMPLE.parent),)), max_bytes=1_000_000
    )
    assert EXAMPLE.stat().st_size > 3_000_000
    assert len(loaded.data) <= 1_000_000
    assert loaded.mime == "image/jpeg"
    assert max(loaded.width, loaded.height) <= 2048
    assert abs(loaded.width / loaded.height - 2400 / 1350) < 0.01
    assert loaded.alt == "Les logos"
    with PILImage.open(io.BytesIO(loaded.data)) as decoded:
        assert decoded.size == (loaded.width, loaded.height)


def test_small_image_is_sent_untouched(tmp_path: Path) -> None:
    path = tmp_path / "small.png"
    PILImage.new("RGB", (40, 30), "red").save(path)
    loaded = load_image(Image(str(path), roots=(str(tmp_path),)), max_bytes=1_000_000)
    assert loaded.data == path.read_bytes()
    assert (loaded.mime, loaded.width, loaded.height) == ("image/png", 40, 30)


def test_transparent_png_stays_png_when_shrunk(tmp_path: Path) -> None:
    path = tmp_path / "big.png"
    PILImage.effect_noise((1200, 1200), 90).convert("RGBA").save(path)
    loaded = load_image(Image(str(path), roots=(str(tmp_path),)), max_bytes=300_000, max_side=4096)
    assert loaded.mime == "image/png"
    assert len(loaded.data) <= 300_000


def test_relative_path_resolves_against_base(fixtures: Path) -> None:
    loaded = load_image(
        Image("threads-musk-meta.jpg", roots=(str(fixtures),)), max_bytes=5_000_000, base=fixtures
    )
    assert loaded.width == 2048


@pytest.mark.parametrize(
    ("content", "expected"),
    [(None, "no such file"), (b"not an image at all", "not an image Pillow can read")],
)
def test_bad_image_says_what_and_where(
    tmp_path: Path, content: bytes | None, expected: str
) -> None:
    path = tmp_path / "broken.jpg"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(MediaError) as info:
        load_image(Image(str(path), roots=(str(tmp_path),)), max_bytes=1_000_000)
    assert str(path) in str(info.value)
    assert expected in str(info.value)


@respx.mock
def test_image_url_is_fetched_with_bounded_size() -> None:
    buffer = io.BytesIO()
    PILImage.new("RGB", (10, 10), "blue").save(buffer, format="JPEG")
    respx.get("https://img.test/a.jpg").mock(
        return_value=httpx.Response(200, content=buffer.getvalue())
    )
    respx.get("https://img.test/gone.jpg").mock(return_value=httpx.Response(404))
    assert load_image(Image("https://img.test/a.jpg"), max_bytes=10_000).width == 10
    with pytest.raises(MediaError, match=r"https://img.test/gone.jpg: HTTP 404"):
        load_image(Image("https://img.test/gone.jpg"), max_bytes=10_000)


def test_a_decompression_bomb_is_refused_as_a_media_error(tmp_path: Path) -> None:
    path = tmp_path / "bomb.png"
    PILImage.new("1", (20_000, 20_000)).save(path)  # ~50 KB on disk, 400 Mpixels decoded
    assert path.stat().st_size < 200_000
    with pytest.raises(MediaError, match="too many pixels"):
        load_image(Image(str(path), roots=(str(tmp_path),)), max_bytes=1_000_000)


# --- issue 13, row 1: a local image is read only from inside its site -------------------


def test_a_local_image_outside_its_roots_is_refused_when_read(tmp_path: Path) -> None:
    site = tmp_path / "site"
    (site / "content").mkdir(parents=True)
    secret = tmp_path / "outside" / "secret.png"
    secret.parent.mkdir()
    PILImage.new("RGB", (4, 4), "red").save(secret)
    (site / "content" / "link.png").symlink_to(secret)
    roots = (str(site),)
    for named in (str(secret), str(site / "content" / ".." / ".." / "outside" / "secret.png")):
        with pytest.raises(MediaError, match="outside the site folder"):
            load_image(Image(named, roots=roots), max_bytes=1_000_000)
    with pytest.raises(MediaError, match="outside the site folder"):
        load_image(Image(str(site / "content" / "link.png"), roots=roots), max_bytes=1_000_000)
    with pytest.raises(MediaError, match="source is a URL or stdin"):
        load_image(Image(str(secret)), max_bytes=1_000_000)  # no roots: no local file
    allowed = (*roots, str(secret.parent))
    assert load_image(Image(str(secret), roots=allowed), max_bytes=1_000_000).width == 4
