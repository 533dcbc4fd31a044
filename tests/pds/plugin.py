"""A real Bluesky PDS on loopback for the tests: the session-scoped ``local_pds`` fixture.

The fixture runs ``start-pds.mjs`` (in this folder) with free ports, waits for its ready
file, yields a ``LocalPDS`` and stops the server with SIGTERM at the end of the session.
It needs Node.js and the npm packages installed here (``npm ci --nodedir=/usr`` in
tests/pds). Without them the tests that use it are skipped with the reason, except
under CI (the ``CI`` environment variable set, other than "0" or "false"), where they
fail: CI must run them.
"""

from __future__ import annotations

import itertools
import json
import os
import shutil
import signal
import subprocess
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

HERE = Path(__file__).resolve().parent
LAUNCHER = HERE / "start-pds.mjs"
PACKAGES = HERE / "node_modules"
START_TIMEOUT = 60.0  # seconds; it takes 2-4 s on two cores
INSTALL_HINT = "cd tests/pds && npm ci --nodedir=/usr"


@dataclass(frozen=True, slots=True)
class Account:
    """An account on the local PDS."""

    handle: str
    did: str
    password: str = field(repr=False)


@dataclass(slots=True)
class LocalPDS:
    """A running PDS: its URL, and helpers that talk to it without the SDK."""

    url: str
    plc_url: str
    pid: int
    startup_s: float
    _counter: Iterator[int] = field(default_factory=itertools.count, repr=False)

    def create_account(self, prefix: str = "u", password: str | None = None) -> Account:
        """Create a fresh account (unique ``<prefix><n><hex>.test`` handle) and return it."""
        # The first label of a handle may hold at most 18 characters on this PDS.
        handle = f"{prefix[:6]}{next(self._counter)}{uuid.uuid4().hex[:6]}.test"
        password = password or f"pw-{uuid.uuid4().hex}"
        answer = httpx.post(
            f"{self.url}/xrpc/com.atproto.server.createAccount",
            json={"handle": handle, "email": f"{handle}@example.com", "password": password},
            timeout=30,
        )
        answer.raise_for_status()
        return Account(handle=handle, did=answer.json()["did"], password=password)

    def get_record(self, repo: str, rkey: str, collection: str = "app.bsky.feed.post") -> Any:
        """Return com.atproto.repo.getRecord's answer, or None when the record is absent."""
        answer = httpx.get(
            f"{self.url}/xrpc/com.atproto.repo.getRecord",
            params={"repo": repo, "collection": collection, "rkey": rkey},
            timeout=30,
        )
        if answer.status_code == 400 and answer.json().get("error") == "RecordNotFound":
            return None
        answer.raise_for_status()
        return answer.json()

    def list_records(self, repo: str, collection: str = "app.bsky.feed.post") -> list[Any]:
        """Return every record of ``collection`` in ``repo`` (com.atproto.repo.listRecords)."""
        records: list[Any] = []
        cursor = None
        while True:
            params = {"repo": repo, "collection": collection, "limit": "100"}
            if cursor:
                params["cursor"] = cursor
            answer = httpx.get(
                f"{self.url}/xrpc/com.atproto.repo.listRecords", params=params, timeout=30
            )
            answer.raise_for_status()
            body = answer.json()
            records.extend(body["records"])
            cursor = body.get("cursor")
            if not cursor or not body["records"]:
                return records

    def get_blob(self, did: str, cid: str) -> bytes:
        """Return a blob's bytes (com.atproto.sync.getBlob)."""
        answer = httpx.get(
            f"{self.url}/xrpc/com.atproto.sync.getBlob",
            params={"did": did, "cid": cid},
            timeout=30,
        )
        answer.raise_for_status()
        return answer.content


def _in_ci() -> bool:
    """Tell whether the ``CI`` environment variable is set (GitHub, GitLab, .ci/run)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail under CI, where these tests must run."""
    if _in_ci():
        pytest.fail(f"CI is set, so the PDS tests must run, but {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def local_pds(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LocalPDS]:
    """Start a real PDS on 127.0.0.1 for the whole test session."""
    node = shutil.which("node")
    if node is None:
        _unavailable("Node.js (node) is not on PATH: install Node 20+ to run the PDS tests")
    if not (PACKAGES / "@atproto" / "pds").is_dir():
        _unavailable(f"the PDS npm packages are not installed: run `{INSTALL_HINT}`")
    assert node is not None
    folder = tmp_path_factory.mktemp("pds")
    ready = folder / "ready.json"
    log_path = folder / "pds.log"
    env = {
        **os.environ,
        "PDS_PORT": "0",
        "PLC_PORT": "0",
        "PDS_READY_FILE": str(ready),
        "PDS_DATA_DIR": str(folder / "data"),
        "PDS_EXIT_WITH_STDIN": "1",
    }
    started = time.monotonic()
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [node, str(LAUNCHER)],
            cwd=HERE,
            env=env,
            stdin=subprocess.PIPE,  # closed when pytest dies: the launcher then stops
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in the terminal reaches pytest only
        )
    try:
        info = _wait_ready(process, ready, log_path)
        pds = LocalPDS(
            url=info["pdsUrl"],
            plc_url=info["plcUrl"],
            pid=process.pid,
            startup_s=time.monotonic() - started,
        )
        yield pds
    finally:
        _stop(process)


def _wait_ready(process: subprocess.Popen[bytes], ready: Path, log_path: Path) -> Any:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if ready.exists():
            return json.loads(ready.read_text())
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            pytest.fail(
                f"the local PDS exited with code {process.returncode} before it was ready "
                f"(if packages are missing or broken: `{INSTALL_HINT}`):\n{tail}",
                pytrace=False,
            )
        time.sleep(0.05)
    tail = log_path.read_text(errors="replace")[-2000:]
    pytest.fail(f"the local PDS was not ready within {START_TIMEOUT:g} s:\n{tail}", pytrace=False)


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    if process.stdin is not None:
        process.stdin.close()
