"""Site-absolute images in front matter (``image: /images/a.jpg``), through ``preview``.

Static sites name images by their address on the site. They are the copy in the site's
static folder (Hugo, Zola: ``static/``; Jekyll: the site root), read from inside the
site root, else the address the site serves; never a path from this machine's root.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from PIL import Image as PILImage

from syndicator.cli import cli

from .tools import HERE


def preview(*args: str) -> tuple[int, dict[str, Any]]:
    result = CliRunner().invoke(cli, ["preview", "--format", "json", "-n", "mastodon", *args])
    return result.exit_code, json.loads(result.stdout)


def post(site: Path, name: str, image: str) -> Path:
    path = site / "content" / "posts" / f"{name}.md"
    path.write_text(
        f"---\ntitle: {name}\ndate: 2024-03-02\nimage: {image}\n---\nSome text.\n",
        encoding="utf-8",
    )
    return path


def test_a_site_absolute_image_is_the_file_in_the_sites_static_folder(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    shutil.copytree(HERE / "hugo_blog", site)
    cover = site / "static" / "images" / "cover.png"
    cover.parent.mkdir(parents=True)
    PILImage.new("RGB", (8, 8), "red").save(cover)
    source = post(site, "with-cover", "/images/cover.png")

    code, document = preview(str(source))

    assert code == 0, document["errors"]
    [image] = document["posts"][0]["media"]
    assert Path(image["source"]) == cover.resolve()


def test_a_site_absolute_image_missing_locally_is_the_sites_own_address(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    shutil.copytree(HERE / "hugo_blog", site)
    source = post(site, "remote-cover", "/images/elsewhere.png")

    code, document = preview(str(source))

    assert code == 0, document["errors"]
    [image] = document["posts"][0]["media"]
    assert image["source"] == "https://blog.example.org/sub/images/elsewhere.png"


def test_dot_dots_stay_on_the_site_and_a_symlink_out_of_it_is_refused(tmp_path: Path) -> None:
    site = tmp_path / "blog"
    shutil.copytree(HERE / "hugo_blog", site)
    secret = tmp_path / "secret.png"
    PILImage.new("RGB", (8, 8), "black").save(secret)
    link = site / "static" / "images" / "link.png"
    link.parent.mkdir(parents=True)
    link.symlink_to(secret)
    climbing = post(site, "climbing", "/../../secret.png")
    linked = post(site, "linked", "/images/link.png")

    code, document = preview(str(climbing))
    assert code == 0, document["errors"]
    [image] = document["posts"][0]["media"]
    assert image["source"] == "https://blog.example.org/sub/secret.png"

    code, document = preview(str(linked))
    assert code == 2
    assert document["posts"] == []
    [error] = document["errors"]
    assert "outside the site folder" in error["message"]
    assert error["source"].endswith("linked.md")
