"""What each command imports on a cold start: only what it uses (issue 18).

Each command runs as users run it, ``python -m syndicator ...``, in a fresh
interpreter that writes ``sys.modules`` down when it exits. A command may import the
third-party packages listed for it and none of the heavy modules named for it: a new
one fails here, with the list of what the command imported, before it costs every
user's start (benchmarks/bench_startup.py times it).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from syndicator.cli import COMMANDS
from syndicator.errors import ErrorKind
from syndicator.models import Published
from syndicator.posting.state.sqlite import State

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "threads-musk-meta.md"

# Imports nothing a command might (json): what it writes down is what the command loaded.
_RECORD = """
import atexit, runpy, sys
out, sys.argv = sys.argv[1], ["syndicator", *sys.argv[2:]]
atexit.register(lambda: open(out, "w").write("\\n".join(sorted(sys.modules))))
runpy.run_module("syndicator", run_name="__main__", alter_sys=True)
"""

# Network SDKs and parsers that only some inputs or ``post`` need.
_NEVER = {
    "tweepy",
    "mastodon",
    "atproto",
    "atproto_client",
    "requests",
    "httpx",
    "PIL",
    "feedparser",
    "selectolax",
    "lxml",
    "py3langid",
    "syndicator.sources._gemoji",  # only Markdown from a site that renders emoji shortcodes
}
# Modules that make a start slow, and which commands may not import them.
_HELP_FORBIDS = _NEVER | {
    "importlib.metadata",  # the network entry points: read when a command uses networks
    "jinja2",
    "regex",
    "yaml",
    "sqlite3",
    "concurrent.futures",
    "syndicator.compose",
    "syndicator.pipeline",
    "syndicator.posting.worker",
    "syndicator.posting.state.sqlite",
    "syndicator.sources",
    "syndicator.sites",
    "syndicator.networks",
    # Standard modules that each cost a start a millisecond or more, or pull in others.
    "dataclasses",  # the models and the rows are dataclasses: loaded when used
    "logging",  # loaded by what logs; cli/logs.py configures it then
    "json",  # --format json only
    "pathlib",
    "urllib.parse",
    "importlib.resources",
    "tempfile",
    "decimal",
    # ``--help`` lists the commands from SUMMARIES, importing none of them.
    *(f"syndicator.cli.{module}" for module, _ in COMMANDS.values()),
}
_HISTORY_FORBIDS = (
    _HELP_FORBIDS - {"sqlite3", "syndicator.cli.history", "pathlib", "urllib.parse"}
) | {"syndicator.config", "syndicator.settings"}  # --state given: no config to read
FORBIDDEN = {
    "--help": _HELP_FORBIDS,
    # A state not there yet: no store to open.
    "history": _HISTORY_FORBIDS | {"syndicator.posting.state.sqlite"},
    # A state with rows: SQLite and the rows, but no models, budgets, logging or json.
    "history (a state)": (_HISTORY_FORBIDS - {"syndicator.posting.state.sqlite", "dataclasses"})
    | {"syndicator.models", "syndicator.posting.budget", "syndicator.pricing"},
    "preview": _NEVER
    | {
        "importlib.metadata",  # the entry points come from the cache (networks/entry_points.py)
        "email",
        "importlib.resources",  # the default templates are next to the package
        "difflib",  # a typo's "did you mean" only
        "syndicator.cli.summary",  # a GitHub job summary only
        "syndicator.statuses",
        # the example is in no site: no generator module (sites/configs.py)
        "syndicator.sites.hugo",
        "syndicator.sites.hugo_config",
        "syndicator.sites.jekyll",
        "syndicator.sites.zola",
        "syndicator.sites.eleventy",
        "syndicator.sites.custom",
        "sqlite3",
        "concurrent.futures",
        "syndicator.posting.worker",
        "syndicator.posting.state.sqlite",
    },
    "post --dry-run": _NEVER,
}
# The third-party packages each command may import (a new one must be added on purpose).
ALLOWED = {
    "--help": {"click"},
    "history": {"click"},
    "history (a state)": {"click"},
    "preview": {"click", "jinja2", "markupsafe", "regex", "yaml", "markdown_it", "mdurl"}
    | {"mdit_py_plugins"},
    "post --dry-run": {"click", "jinja2", "markupsafe", "regex", "yaml", "markdown_it", "mdurl"}
    | {"mdit_py_plugins", "filelock"},
}
# Every syndicator module the fastest commands may import (a new one must be added on purpose).
OURS = {
    "--help": {"syndicator", "syndicator.cli", "syndicator.cli.logs"},
    "history": {
        "syndicator",
        "syndicator.cli",
        "syndicator.cli.history",
        "syndicator.cli.logs",
        "syndicator.cli.options",
        "syndicator.cli.stream",
        "syndicator.redact",
        "syndicator.state_target",
        "syndicator.statuses",
    },
}


def _arguments(command: str, state: Path) -> list[str]:
    return {
        "--help": ["--help"],
        "history": ["history", "--state", str(state)],
        "history (a state)": ["history", "--state", str(state)],
        "preview": ["preview", str(EXAMPLE)],
        "post --dry-run": ["post", "--dry-run", "--state", str(state), str(EXAMPLE)],
    }[command]


def _state_with_rows(path: Path) -> None:
    """Record one published and one failed post in a SQLite state at ``path``."""
    with State.open(path) as state:
        for network in ("x", "mastodon"):
            state.begin("https://example.org/a", network, key=f"k-{network}", seen=None)
        published = Published(network="x", id="1", url="https://x.com/a/status/1")
        state.mark_published("https://example.org/a", "x", published)
        state.mark_failed(
            "https://example.org/a", "mastodon", error="rejected: no", kind=ErrorKind.REJECTED
        )


def imported(command: str, tmp_path: Path) -> list[str]:
    """Return the modules a cold ``python -m syndicator <command>`` imports.

    The command runs twice, and the second run is recorded: the first after an install
    reads the network entry points with importlib.metadata and caches them
    (syndicator/networks/entry_points.py); every other start finds the cache.
    """
    if command == "history (a state)":
        _state_with_rows(tmp_path / "state.db")
    out = tmp_path / "modules.txt"
    env = {k: v for k, v in os.environ.items() if not k.startswith("SYNDICATOR_")}
    env["PYTHONPATH"] = str(ROOT)  # this checkout's package, whatever is installed
    env["XDG_CACHE_HOME"] = str(tmp_path / "cache")
    # The working folder is on sys.path: dated back, as one not written to for a while,
    # so that its time lets the cache be written.
    work = tmp_path / "work"
    work.mkdir()
    then = time.time() - 60
    os.utime(work, (then, then))
    for _ in range(2):
        done = subprocess.run(
            [sys.executable, "-c", _RECORD, str(out), *_arguments(command, tmp_path / "state.db")],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            check=False,
            timeout=120,
        )
        assert done.returncode == 0, done.stderr
    return out.read_text().splitlines()


def _third_party(modules: list[str]) -> set[str]:
    tops = {name.split(".")[0] for name in modules}
    return {
        top
        for top in tops
        if top not in sys.stdlib_module_names and not top.startswith("_") and top != "syndicator"
    } - {"cython_runtime"}  # created by any Cython extension module (regex, yaml)


@pytest.mark.parametrize("command", list(FORBIDDEN))
def test_a_command_imports_only_what_it_uses(command: str, tmp_path: Path) -> None:
    modules = imported(command, tmp_path)
    assert {"click", "syndicator.cli"} <= set(modules)  # the recorder saw the run
    if command == "history (a state)":
        assert "syndicator.posting.state.sqlite" in modules  # and the rows were read
    heavy = sorted(
        name for name in modules if name in FORBIDDEN[command] or name.split(".")[0] in _NEVER
    )
    assert heavy == [], f"{command} imports {heavy}; all: {modules}"
    assert _third_party(modules) <= ALLOWED[command], f"{command} imports: {modules}"
    ours = {name for name in modules if name.split(".")[0] == "syndicator"}
    assert ours <= OURS.get(command, ours), f"{command} imports {sorted(ours - OURS[command])}"
