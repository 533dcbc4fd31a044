"""A real PostgreSQL server on loopback for the tests: the session-scoped ``pg_server`` fixture.

The fixture runs ``initdb`` into a temporary folder and starts ``postgres`` on
127.0.0.1 with a free port (no Unix socket), password authentication (SCRAM) for TCP,
and durability switched off: the tests kill clients, never the server. It takes about
a second. PostgreSQL refuses to run as root, so under root the server runs as the
unprivileged ``nobody`` user, in a folder given to it. ``pg_database`` gives each
test a fresh, empty schema and a URL that uses it. The binaries are looked up on PATH, then in
Debian's ``/usr/lib/postgresql/<version>/bin``; ``scripts/check`` installs Debian's
``postgresql`` package where they are missing. Without them the tests that use the
server are skipped with the reason, except under CI, where they fail: CI must run them.
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

START_TIMEOUT = 30.0  # seconds; initdb and start take about 1 s on two cores
SUPERUSER = "syndicator_admin"
INSTALL_HINT = "apt-get install postgresql (Debian), or put initdb and postgres on PATH"


@dataclass(frozen=True, slots=True)
class PgServer:
    """A running server: where it listens and the superuser's password."""

    host: str
    port: int
    password: str = field(repr=False)
    folder: Path
    _counter: Iterator[int] = field(default_factory=itertools.count, repr=False)

    def url(self, database: str = "postgres", *, user: str = SUPERUSER, password: str = "") -> str:
        """Return a postgresql:// URL (the superuser's password unless another is given)."""
        secret = password or (self.password if user == SUPERUSER else "")
        credentials = f"{user}:{secret}" if secret else user
        return f"postgresql://{credentials}@{self.host}:{self.port}/{database}"

    def execute(self, *statements: str, database: str = "postgres") -> list[Any]:
        """Run statements as the superuser (autocommit); return the last one's rows."""
        import psycopg

        rows: list[Any] = []
        with psycopg.connect(self.url(database), autocommit=True) as db:
            for statement in statements:
                cursor = db.execute(statement.encode())
                rows = cursor.fetchall() if cursor.description else []
        return rows

    def create_database(self, owner: str = SUPERUSER) -> str:
        """Create a fresh, empty database; return its name."""
        name = f"t{os.getpid()}_{next(self._counter)}"
        self.execute(f'CREATE DATABASE "{name}" OWNER "{owner}"')
        return name

    def create_schema(self) -> str:
        """Create a fresh, empty schema in the ``postgres`` database; return its URL.

        The URL sets the schema as the search path (libpq's ``options``): the store's
        tables land there. Much faster than a database per test (no template copy).
        """
        name = f"t{os.getpid()}_{next(self._counter)}"
        self.execute(f'CREATE SCHEMA "{name}"')
        return f"{self.url()}?options=-csearch_path%3D{name}"

    def create_role(self, name: str, password: str) -> None:
        """Create a login role with no privileges of its own."""
        self.execute(f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")


def _in_ci() -> bool:
    """Tell whether the ``CI`` environment variable is set (GitHub, GitLab, .ci/run)."""
    return os.environ.get("CI", "").strip().lower() not in ("", "0", "false", "no")


def _unavailable(reason: str) -> None:
    """Skip on a developer's machine; fail under CI, where these tests must run."""
    if _in_ci():
        pytest.fail(f"CI is set, so the PostgreSQL tests must run, but {reason}", pytrace=False)
    pytest.skip(reason)


def find_binaries() -> Path | None:
    """Return the folder holding initdb and postgres, or None."""
    on_path = shutil.which("initdb")
    if on_path and shutil.which("postgres"):
        return Path(on_path).parent
    found = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda p: int(p.parent.parent.name) if p.parent.parent.name.isdigit() else 0,
    )
    return found[-1].parent if found else None


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _as_server_user() -> dict[str, Any]:
    """Return the Popen arguments that run the server unprivileged (PostgreSQL refuses root)."""
    if os.geteuid() != 0:
        return {}
    nobody = pwd.getpwnam("nobody")
    return {"user": nobody.pw_uid, "group": nobody.pw_gid, "extra_groups": []}


def start_server(
    binaries: Path, *, durable: bool = False
) -> tuple[PgServer, subprocess.Popen[bytes]]:
    """Create a cluster in a new temporary folder and start it; return it and its process.

    ``durable`` keeps PostgreSQL's own settings (a commit waits for the disk), as a
    benchmark against SQLite's synced writes needs; the tests run without.
    """
    import secrets

    # Not under pytest's tmp folder: its parents are private to root, and the server
    # may run as nobody.
    folder = Path(tempfile.mkdtemp(prefix="syndicator-pg-"))
    user = _as_server_user()
    if user:
        os.chown(folder, user["user"], user["group"])
    password = secrets.token_hex(16)
    password_file = folder / "password"
    password_file.write_text(password, encoding="utf-8")
    if user:
        os.chown(password_file, user["user"], user["group"])
    data = folder / "data"
    subprocess.run(
        [
            str(binaries / "initdb"),
            f"--pgdata={data}",
            f"--username={SUPERUSER}",
            f"--pwfile={password_file}",
            "--auth=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
            "--no-instructions",
        ],
        check=True,
        capture_output=True,
        env={**os.environ, "LC_ALL": "C.UTF-8"},
        **user,
    )
    password_file.unlink()
    port = _free_port()
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        if user:
            os.chown(log_path, user["user"], user["group"])
        process = subprocess.Popen(
            [
                str(binaries / "postgres"),
                "-D",
                str(data),
                "-p",
                str(port),
                "-c",
                "listen_addresses=127.0.0.1",
                "-c",
                "unix_socket_directories=",
                "-c",
                "max_connections=200",
                *([] if durable else _NOT_DURABLE),
            ],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a Ctrl-C in the terminal reaches pytest only
            **user,
        )
    server = PgServer(host="127.0.0.1", port=port, password=password, folder=folder)
    try:
        _wait_ready(server, process, log_path)
    except BaseException:
        stop_server(server, process)
        raise
    return server, process


#: The tests kill clients, never the server: no need to wait for disks.
_NOT_DURABLE = ("-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off")


def _wait_ready(server: PgServer, process: subprocess.Popen[bytes], log_path: Path) -> None:
    import psycopg

    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if process.poll() is not None:
            tail = log_path.read_text(errors="replace")[-2000:]
            pytest.fail(f"PostgreSQL exited with code {process.returncode}:\n{tail}", pytrace=False)
        try:
            psycopg.connect(server.url(), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            time.sleep(0.05)
    tail = log_path.read_text(errors="replace")[-2000:]
    pytest.fail(f"PostgreSQL was not ready within {START_TIMEOUT:g} s:\n{tail}", pytrace=False)


def stop_server(server: PgServer, process: subprocess.Popen[bytes]) -> None:
    """Stop the server (fast shutdown) and remove its folder."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)  # PostgreSQL's "fast" shutdown
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[PgServer]:
    """Start a real PostgreSQL server on 127.0.0.1 for the whole test session."""
    try:
        import psycopg  # noqa: F401
    except ImportError:
        _unavailable("psycopg is not installed: pip install -e '.[test]'")
    binaries = find_binaries()
    if binaries is None:
        _unavailable(f"the PostgreSQL server binaries were not found: {INSTALL_HINT}")
    assert binaries is not None
    server, process = start_server(binaries)
    try:
        yield server
    finally:
        stop_server(server, process)


@pytest.fixture
def pg_database(pg_server: PgServer) -> str:
    """A fresh, empty state on the test server (a schema of its own): its URL, password in it."""
    return pg_server.create_schema()
