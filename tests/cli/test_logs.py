"""Log lines on a cold start: redacted and formatted, though ``logging`` loads only when used.

A run that never logs does not import ``logging`` (tests/cli/test_startup_imports.py);
these runs do, after the command has started: their records must come out as a run
that configured logging first writes them, secrets masked.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TOKEN = "tok-cold-start-secret"


@pytest.fixture
def broken_plugin(tmp_path: Path) -> Path:
    """Return a folder holding a network plugin whose import fails, naming a token."""
    folder = tmp_path / "plugins"
    info = folder / "broken_plugin-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: broken-plugin\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text("[syndicator.networks]\nbroken = broken_plugin:SPEC\n")
    (folder / "broken_plugin.py").write_text(
        f'raise RuntimeError("login refused: Authorization: Bearer {TOKEN}")\n'
    )
    return folder


def _run(folder: Path, tmp_path: Path, *arguments: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNDICATOR_")}
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), str(folder)])
    return subprocess.run(
        [sys.executable, "-m", "syndicator", *arguments],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )


@pytest.mark.parametrize("debug", [[], ["--debug"]])
def test_a_record_logged_after_a_cold_start_is_formatted_and_redacted(
    broken_plugin: Path, tmp_path: Path, debug: list[str]
) -> None:
    # --network x loads every network plugin: the broken one is logged as a warning.
    state = str(tmp_path / "state.db")
    done = _run(broken_plugin, tmp_path, *debug, "history", "--network", "x", "--state", state)
    assert done.returncode == 0, done.stderr
    assert TOKEN not in done.stderr
    assert done.stderr.splitlines()[0] == (
        "WARNING syndicator.networks.registry: network broken cannot be loaded: "
        "broken_plugin:SPEC: RuntimeError: login refused: Authorization: Bearer ********"
    )
    assert done.stdout == f"Nothing recorded yet in {state}.\n"
