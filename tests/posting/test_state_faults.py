"""A state edited by hand, read-only or on a full disk: one line, right exit code, consistent.

Issue 13 rows 11 and 15. Read-only is made real even for root: the child process runs
without CAP_DAC_OVERRIDE, so file modes bind it as they bind any user. A full disk is
made real with RLIMIT_FSIZE: SQLite's writes fail as they do when the disk is full.
"""

from __future__ import annotations

import ctypes
import os
import resource
import signal
import sqlite3
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.errors import ConfigError, StateError
from syndicator.posting.state import State
from tests.fakes.world import ROOT, World

_PR_CAPBSET_DROP = 24  # linux/prctl.h
_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH = 1, 2  # linux/capability.h


def _without_file_override() -> None:
    """Run the child bound by file modes, as an ordinary user is (no-op when not root)."""
    if os.geteuid() != 0:
        return
    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (_CAP_DAC_OVERRIDE, _CAP_DAC_READ_SEARCH):
        if libc.prctl(_PR_CAPBSET_DROP, capability, 0, 0, 0) != 0:
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def _disk_full_after(size: int) -> Callable[[], None]:
    def limit() -> None:
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # fail the write instead of dying
        resource.setrlimit(resource.RLIMIT_FSIZE, (size, resource.RLIM_INFINITY))

    return limit


def _child(
    world: World, *args: str, preexec: Callable[[], None]
) -> subprocess.CompletedProcess[str]:
    command = world.command(*args) if args[0] == "post" else [sys.executable, "-m", "syndicator"]
    if args[0] != "post":
        command = [*command, *args]
    return subprocess.run(
        command,
        cwd=world.folder,
        env=world.child_env(PYTHONDONTWRITEBYTECODE="1"),
        capture_output=True,
        text=True,
        timeout=120,
        preexec_fn=preexec,
        check=False,
    )


def _post_two(world: World) -> Path:
    world.add_items(2)
    config = world.write_config()
    result = CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config), "--all"])
    assert result.exit_code == 0, result.output
    return config


def _one_line(stderr: str) -> str:
    assert "Traceback" not in stderr
    lines = [line for line in stderr.splitlines() if line.startswith("Error:")]
    assert len(lines) == 1, stderr
    return lines[0]


def _read_only(folder: Path) -> None:
    for path in folder.iterdir():
        path.chmod(0o444)
    folder.chmod(0o555)


def test_history_reads_a_state_it_may_not_write(world: World) -> None:
    config = _post_two(world)
    _read_only(world.state.parent)
    try:
        result = _child(world, "history", "-c", str(config), preexec=_without_file_override)
    finally:
        world.state.parent.chmod(0o755)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("published") == 4
    assert "Traceback" not in result.stderr


def test_history_of_a_read_only_file_in_a_writable_folder(world: World) -> None:
    config = _post_two(world)
    world.state.chmod(0o444)
    result = _child(world, "history", "-c", str(config), preexec=_without_file_override)
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("published") == 4


def test_post_on_a_read_only_state_is_one_line_and_exit_2(world: World) -> None:
    config = _post_two(world)
    world.add_items(1)
    world.state.chmod(0o444)
    result = _child(
        world, "post", str(world.feed), "-c", str(config), preexec=_without_file_override
    )
    line = _one_line(result.stderr)
    assert "read-only" in line
    assert str(world.state) in line
    assert result.returncode == 2
    assert world.totals() == {"x": 2, "mastodon": 2}


def test_post_on_a_full_disk_is_one_line_and_the_state_stays_consistent(world: World) -> None:
    config = _post_two(world)
    urls = world.add_items(1)
    # A declared language: guessing one would unpack a 68 MB model into a temp file,
    # over the file size limit that stands for the full disk here.
    feed = world.feed.read_text(encoding="utf-8")
    world.feed.write_text(feed.replace("<channel>", "<channel><language>en</language>"))
    result = _child(
        world, "post", str(world.feed), "-c", str(config), preexec=_disk_full_after(36_864)
    )
    assert "Traceback" not in result.stderr
    assert "OperationalError" not in result.stdout + result.stderr
    said = result.stdout + result.stderr
    # SQLITE_FULL when a write is cut short, SQLITE_IOERR when it cannot start.
    assert "disk is full" in said or "is the disk full" in said
    assert result.returncode == 1
    with sqlite3.connect(world.state) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    # Once there is room again, the new article goes out exactly once.
    again = CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config)])
    assert again.exit_code == 0, again.output
    assert world.count("x", urls[0]) == world.count("mastodon", urls[0]) == 1


def _edit(path: Path, sql: str) -> None:
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA ignore_check_constraints = 1")
        db.execute(sql)


def test_a_hand_edited_retry_time_is_treated_as_unknown(world: World) -> None:
    config = _post_two(world)
    _edit(world.state, "UPDATE posts SET status = 'failed', retry_at = 'x', url = NULL")
    result = CliRunner().invoke(cli, ["history", "-c", str(config)])
    assert result.exit_code == 0, result.output
    assert result.output.count("failed") == 4
    again = CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config)])
    assert "Traceback" not in again.output
    assert again.exception is None or isinstance(again.exception, SystemExit)


def test_a_hand_edited_status_or_date_is_one_line_naming_the_row(world: World) -> None:
    config = _post_two(world)
    _edit(world.state, "UPDATE posts SET status = 'bogus' WHERE network = 'x'")
    _edit(world.state, "UPDATE posts SET created_at = 'yesterday' WHERE network = 'mastodon'")
    result = CliRunner().invoke(cli, ["history", "-c", str(config)])
    assert result.exit_code == 1
    assert not isinstance(result.exception, sqlite3.Error | ValueError)
    line = _one_line(result.output)
    assert str(world.state) in line
    assert "bogus" in line or "yesterday" in line
    again = CliRunner().invoke(cli, ["post", str(world.feed), "-c", str(config)])
    assert "Traceback" not in again.output
    assert again.exit_code == 1
    assert world.totals() == {"x": 2, "mastodon": 2}  # nothing posted twice


def test_opening_read_only_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "state.db"
    with pytest.raises(StateError, match="no state database here yet"):
        State.open(path, read_only=True)
    assert not path.exists()
    with State.open(path) as state:
        state.mark_skipped([("a", "x", "https://a")], networks=["x"])
    before = path.read_bytes()
    with State.open(path, read_only=True) as state:
        assert [row.article_id for row in state.history()] == ["a"]
        with pytest.raises(ConfigError, match="read-only"):
            state.mark_skipped([("b", "x", "https://b")])
    assert path.read_bytes() == before


def test_the_test_helpers_bind_root_too(tmp_path: Path) -> None:
    target = tmp_path / "f"
    target.write_text("x", encoding="utf-8")
    target.chmod(0o444)
    result = subprocess.run(
        [sys.executable, "-c", f"open({str(target)!r}, 'a').write('y')"],
        capture_output=True,
        text=True,
        preexec_fn=_without_file_override,
        check=False,
        cwd=ROOT,
    )
    assert "PermissionError" in result.stderr
