"""A network of its own, from another package: installed with pip, used by every command.

``examples/plugin`` (the package docs/plugins.md walks through) is installed with
``pip install --no-deps --no-build-isolation --target DIR``, and ``syndicator`` runs in
child processes with DIR on PYTHONPATH, as a user's environment holds a plugin in its
site-packages. Nothing in syndicator knows Papyrus: the test only writes a config that
names it. Papyrus itself answers on loopback (``PapyrusServer``), keeping every note
with its ``Idempotency-Key`` as its API says, so what reached it can be counted.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import pytest
import yaml

from syndicator.posting.failpoints import POINTS

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "papyrus-token-7f3a9c"
EXAMPLE = ROOT / "examples" / "threads-musk-meta.md"


class PapyrusServer:
    """Papyrus's API on loopback: notes, their idempotency keys, the account."""

    def __init__(self) -> None:
        self.notes: list[dict[str, Any]] = []
        self.requests: list[tuple[str, str]] = []
        lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self, status: int, body: Any) -> None:
                data = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def _authorized(self) -> bool:
                if self.headers.get("Authorization") == f"Bearer {TOKEN}":
                    return True
                self._answer(401, {"error": "invalid token"})
                return False

            def do_GET(self) -> None:
                url = urlsplit(self.path)
                with lock:
                    server.requests.append(("GET", url.path))
                if not self._authorized():
                    return
                if url.path == "/api/me":
                    self._answer(200, {"account": "writer"})
                elif url.path == "/api/notes":
                    key = parse_qs(url.query).get("key", [""])[0]
                    with lock:
                        found = [n for n in server.notes if n["key"] == key]
                    self._answer(200, {"notes": found})
                else:
                    self._answer(404, {"error": "not found"})

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = json.loads(self.rfile.read(length) or b"{}")
                with lock:
                    server.requests.append(("POST", self.path))
                if not self._authorized():
                    return
                key = self.headers.get("Idempotency-Key", "")
                if len(body.get("text", "").encode()) > 300:
                    self._answer(422, {"error": "a note holds at most 300 bytes"})
                    return
                with lock:
                    note = next((n for n in server.notes if key and n["key"] == key), None)
                    if note is None:  # a key seen before gives back its note
                        number = len(server.notes) + 1
                        note = {
                            "id": str(number),
                            "url": f"https://papyrus.test/notes/{number}",
                            "key": key,
                            **body,
                        }
                        server.notes.append(note)
                self._answer(201, note)

            def log_message(self, format: str, *args: object) -> None:
                pass

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def count(self, url: str) -> int:
        """How many first posts on Papyrus link ``url``."""
        return sum(url in note["text"] and "reply_to" not in note for note in self.notes)


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example plugin, built and installed with pip into a folder of its own."""
    source = tmp_path_factory.mktemp("source") / "plugin"
    shutil.copytree(ROOT / "examples" / "plugin", source)
    target = tmp_path_factory.mktemp("site-packages")
    subprocess.run(
        [
            *(sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index"),
            *("--no-build-isolation", "--target", str(target), str(source)),
        ],
        check=True,
        capture_output=True,
        text=True,
    )
    assert (target / "syndicator_papyrus" / "spec.py").is_file()
    return target


@pytest.fixture
def papyrus() -> Iterator[PapyrusServer]:
    server = PapyrusServer()
    yield server
    server.stop()


@pytest.fixture
def site(tmp_path: Path, papyrus: PapyrusServer) -> Path:
    """A folder with the example article and a config that names Papyrus."""
    shutil.copy(EXAMPLE, tmp_path / "article.md")
    shutil.copy(EXAMPLE.with_suffix(".jpg"), tmp_path / EXAMPLE.with_suffix(".jpg").name)
    (tmp_path / "syndicator.yaml").write_text(
        f"write_back: true\nnetworks:\n  papyrus:\n    api: {papyrus.url}\n", encoding="utf-8"
    )
    return tmp_path


def syndicator(
    installed: Path, site: Path, *args: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run ``syndicator ARGS -n papyrus`` in a child whose path holds the plugin."""
    environ = {
        **os.environ,
        "PYTHONPATH": str(installed),
        "PAPYRUS_TOKEN": TOKEN,
        "GITHUB_STEP_SUMMARY": str(site / "summary.md"),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "syndicator", *args, "-n", "papyrus"],
        check=False,
        cwd=site,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


def front_matter(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8").split("---")[1])
    return data


def test_preview_measures_as_the_plugin_counts(installed: Path, site: Path) -> None:
    done = syndicator(installed, site, "preview", "--format", "json", "article.md")
    assert done.returncode == 0, done.stderr
    (post,) = json.loads(done.stdout)["posts"]
    assert post["network"] == "papyrus"
    # Papyrus counts UTF-8 bytes: the French text is longer in bytes than in characters.
    assert post["length"] == len(post["text"].encode()) <= post["limit"] == 300
    assert len(post["text"]) < post["length"]
    # With every hashtag the text is over 300 bytes (not characters): the last ones go.
    assert post["cut"] == ["hashtag #RéseauxSociaux", "hashtag #ElonMusk"]
    assert len(f"{post['text']} #ElonMusk".encode()) > 300
    assert post["media"] == []  # Papyrus takes no image (max_media 0)
    text = syndicator(installed, site, "preview", "article.md")
    assert text.returncode == 0, text.stderr
    assert "Papyrus · Threads : Elon Musk" in text.stdout
    assert f"{post['length']}/300" in text.stdout
    assert "| papyrus | " in (site / "summary.md").read_text("utf-8")


def test_check_calls_the_plugin_and_names_what_is_missing(
    installed: Path, site: Path, papyrus: PapyrusServer
) -> None:
    done = syndicator(installed, site, "check", "--format", "json")
    assert done.returncode == 0, done.stdout + done.stderr
    (report,) = json.loads(done.stdout)["networks"]
    assert report["network"] == "papyrus"
    assert report["details"]["account"] == "writer"
    assert ("GET", "/api/me") in papyrus.requests
    missing = syndicator(installed, site, "check", PAPYRUS_TOKEN="")
    assert missing.returncode == 1
    assert "PAPYRUS_TOKEN" in missing.stdout + missing.stderr
    typo = site / "typo.yaml"
    typo.write_text(f"networks:\n  papyrus:\n    apy: {papyrus.url}\n", encoding="utf-8")
    bad = syndicator(installed, site, "check", "--config", str(typo))
    assert bad.returncode == 2
    assert "networks.papyrus.apy: unknown setting (did you mean api?)" in bad.stderr


def test_post_history_summary_json_and_write_back(
    installed: Path, site: Path, papyrus: PapyrusServer
) -> None:
    url = front_matter(site / "article.md")["url"]
    done = syndicator(installed, site, "post", "--format", "json", "article.md")
    assert done.returncode == 0, done.stdout + done.stderr
    (outcome,) = json.loads(done.stdout)["outcomes"]
    assert (outcome["network"], outcome["status"]) == ("papyrus", "published")
    assert outcome["url"] == "https://papyrus.test/notes/1"
    assert papyrus.count(url) == 1
    assert TOKEN not in done.stdout + done.stderr
    # Write-back: the article now links its Papyrus note.
    assert front_matter(site / "article.md")["syndication"] == [outcome["url"]]
    # The job summary has the Papyrus row, with its link.
    summary = (site / "summary.md").read_text("utf-8")
    assert "| papyrus |" in summary
    assert outcome["url"] in summary
    history = syndicator(installed, site, "history", "--format", "json")
    assert history.returncode == 0, history.stderr
    (row,) = json.loads(history.stdout)["rows"]
    assert (row["network"], row["status"], row["url"]) == ("papyrus", "published", outcome["url"])
    again = syndicator(installed, site, "post", "--format", "json", "article.md")
    assert json.loads(again.stdout)["outcomes"][0]["status"] == "already_published"
    assert papyrus.count(url) == 1


@pytest.mark.parametrize("point", POINTS)
def test_a_crash_at_any_step_still_posts_exactly_once(
    installed: Path, site: Path, papyrus: PapyrusServer, point: str
) -> None:
    url = front_matter(site / "article.md")["url"]
    killed = syndicator(
        installed, site, "post", "article.md", SYNDICATOR_FAILPOINT=f"{point}:papyrus"
    )
    assert killed.returncode == -9, killed.stdout + killed.stderr  # SIGKILL
    assert papyrus.count(url) == (0 if point == "before-publish" else 1)
    rerun = syndicator(installed, site, "post", "--format", "json", "article.md")
    assert rerun.returncode == 0, rerun.stdout + rerun.stderr
    (outcome,) = json.loads(rerun.stdout)["outcomes"]
    assert outcome["status"] in ("published", "already_published")
    assert papyrus.count(url) == 1


def _settle(*folders: Path) -> None:
    """Date ``folders`` a minute back, as a site-packages left alone since its last install.

    The entry points are cached only while every ``sys.path`` folder is older than a few
    seconds (syndicator/networks/entry_points.py): this lets a run write the cache.
    """
    then = time.time() - 60
    for folder in folders:
        os.utime(folder, (then, then))


def test_a_plugin_is_found_right_after_pip_install_and_gone_after_uninstall(
    tmp_path: Path, site: Path
) -> None:
    """The networks are cached between runs; pip install and uninstall are seen at once."""
    # A virtual environment whose own site-packages pip installs into and uninstalls from;
    # a .pth file lends it syndicator and its dependencies.
    subprocess.run(
        [sys.executable, "-m", "venv", "--without-pip", str(tmp_path / "env")], check=True
    )
    python = str(tmp_path / "env" / "bin" / "python")
    packages = Path(
        subprocess.run(
            [python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    lent = [*(p for p in sys.path if p.endswith("site-packages")), str(ROOT)]
    (packages / "lent.pth").write_text("\n".join(lent) + "\n", encoding="utf-8")
    source = tmp_path / "plugin"
    shutil.copytree(ROOT / "examples" / "plugin", source)
    cache = tmp_path / "cache"

    def preview() -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                python,
                "-m",
                "syndicator",
                "preview",
                "--format",
                "json",
                "article.md",
                "-n",
                "papyrus",
            ],
            cwd=site,
            env={**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": ""},
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )

    def pip(*args: str) -> None:
        subprocess.run([python, "-m", "pip", "--quiet", *args], check=True, capture_output=True)

    _settle(packages, site)  # the working folder is on sys.path too (python -m)
    before = preview()
    assert before.returncode == 2
    assert "unknown network 'papyrus'" in before.stderr
    (cached,) = (cache / "syndicator").glob("entry-points-*.json")
    assert "papyrus" not in cached.read_text("utf-8")

    pip("install", "--no-deps", "--no-index", "--no-build-isolation", str(source))
    installed = preview()
    assert installed.returncode == 0, installed.stderr
    assert [p["network"] for p in json.loads(installed.stdout)["posts"]] == ["papyrus"]
    _settle(packages, site)
    assert preview().returncode == 0
    assert "syndicator_papyrus.spec:SPEC" in cached.read_text("utf-8")  # now cached

    pip("uninstall", "--yes", "syndicator-papyrus")
    after = preview()
    assert after.returncode == 2
    assert "unknown network 'papyrus'" in after.stderr
