"""Load an article's image and shrink it to what a network accepts (Pillow)."""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from .errors import MediaError
from .fetch import FetchError, read_bytes
from .models import Image

__all__ = ["ImageData", "load_image"]

# Refuse to even read more than this: no network takes a bigger still image
# (Mastodon 4.x: 16 MiB, docs/platforms.md §2), and it bounds memory.
_MAX_SOURCE_BYTES = 40 * 1024 * 1024
_FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True, slots=True, kw_only=True)
class ImageData:
    """Image bytes ready to upload, with what adapters need to describe them."""

    data: bytes
    mime: str
    width: int
    height: int
    alt: str
    source: str


def load_image(
    image: Image,
    *,
    max_bytes: int,
    max_side: int = 2048,
    base: Path | None = None,
    timeout: float = 20.0,
) -> ImageData:
    """Return ``image`` as bytes of at most ``max_bytes``, re-encoded only if needed.

    An image already within ``max_bytes`` and ``max_side`` is sent untouched. Otherwise
    it is scaled down (longest side ``max_side``, then smaller) and saved as JPEG
    (PNG with transparency stays PNG) at decreasing quality until it fits.
    """
    try:
        raw = read_bytes(
            image.source,
            max_bytes=_MAX_SOURCE_BYTES,
            base=base,
            timeout=timeout,
            inside=[Path(root) for root in image.roots],
            allow_private=image.allow_private,
        )
    except FetchError as exc:
        raise MediaError(f"image {image.source}: {exc}") from None
    from PIL import Image as PILImage  # lazy: preview never decodes images
    from PIL import ImageOps, UnidentifiedImageError

    try:
        with PILImage.open(io.BytesIO(raw)) as opened:
            opened.load()
            picture = ImageOps.exif_transpose(opened)
            fmt = opened.format or ""
    except PILImage.DecompressionBombError:
        raise MediaError(
            f"image {image.source}: too many pixels to decode safely; use a smaller image"
        ) from None
    except (UnidentifiedImageError, OSError, ValueError) as exc:
        raise MediaError(f"image {image.source}: not an image Pillow can read ({exc})") from None

    width, height = picture.size
    if len(raw) <= max_bytes and max(width, height) <= max_side and fmt in _FORMATS:
        return ImageData(
            data=raw,
            mime=_FORMATS[fmt],
            width=width,
            height=height,
            alt=image.alt,
            source=image.source,
        )
    keep_png = fmt == "PNG" and picture.mode in ("RGBA", "LA", "P")
    side = min(max_side, max(width, height))
    while side >= 64:
        scaled = picture.copy()
        scaled.thumbnail((side, side), PILImage.Resampling.LANCZOS)
        for quality in (85, 75, 65) if not keep_png else (0,):
            data, mime = _encode(scaled, keep_png=keep_png, quality=quality)
            if len(data) <= max_bytes:
                return ImageData(
                    data=data,
                    mime=mime,
                    width=scaled.width,
                    height=scaled.height,
                    alt=image.alt,
                    source=image.source,
                )
        side = int(side * 0.75)
    raise MediaError(
        f"image {image.source}: cannot be made smaller than {max_bytes} bytes; use a smaller image"
    )


def _encode(picture: object, *, keep_png: bool, quality: int) -> tuple[bytes, str]:
    out = io.BytesIO()
    if keep_png:
        picture.save(out, format="PNG", optimize=True)  # type: ignore[attr-defined]
        return out.getvalue(), "image/png"
    rgb = picture.convert("RGB")  # type: ignore[attr-defined]
    rgb.save(out, format="JPEG", quality=quality, optimize=True, progressive=True)
    return out.getvalue(), "image/jpeg"
