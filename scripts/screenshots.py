"""Save the README's screenshots of the HTML preview of the example article.

Run from the repository root: ``.venv/bin/python scripts/screenshots.py``. Writes
docs/preview-desktop.png (1280 px, light) and docs/preview-phone-dark.png (360 px,
dark), taken in Debian's Chromium as the browser tests take them.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from click.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from syndicator.cli import cli  # noqa: E402
from tests.browser import chromium  # noqa: E402

SHOTS = {"preview-desktop.png": (1280, "light"), "preview-phone-dark.png": (360, "dark")}


def main() -> None:
    reason = chromium.missing()
    if reason:
        raise SystemExit(reason)
    with tempfile.TemporaryDirectory() as folder:
        page = Path(folder) / "preview.html"
        article = ROOT / "examples" / "threads-musk-meta.md"
        result = CliRunner().invoke(
            cli, ["preview", str(article), "--format", "html", "-o", str(page)]
        )
        if result.exit_code != 0:
            raise SystemExit(result.output)
        with chromium.browser() as browser:
            for name, (width, scheme) in SHOTS.items():
                tab = browser.new_page(
                    viewport={"width": width, "height": 600}, color_scheme=scheme
                )
                tab.goto(page.as_uri())
                tab.screenshot(path=str(ROOT / "docs" / name), full_page=True)
                print(f"docs/{name}")


if __name__ == "__main__":
    main()
