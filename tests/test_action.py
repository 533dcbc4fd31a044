"""action.yml: its shape, and its steps run locally the way a runner runs them.

``Runner`` plays GitHub's part for a composite action: it evaluates each step's ``if:``
and ``${{ }}`` expressions, gives ``run:`` steps the files GitHub gives them
(GITHUB_OUTPUT, GITHUB_PATH, GITHUB_STEP_SUMMARY) and runs them with
``bash --noprofile --norc -eo pipefail``, as ``shell: bash`` does. Steps that use
another action (setup-python, cache) are skipped, and the install step is replaced by
this checkout's own virtual environment. The site is a git repository in a temporary
folder with a bare repository as its ``origin``.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
import yaml

from syndicator.posting.state import open_store
from tests.fakes.github import FakeGitHub, fake_github
from tests.fakes.world import World
from tests.networks import mastodon_fake

ROOT = Path(__file__).resolve().parents[1]
ACTION = ROOT / "action.yml"
EXAMPLE = ROOT / "examples" / "threads-musk-meta.md"
EXAMPLE_URL = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
VENV_BIN = Path(sys.executable).parent
EXPRESSION = re.compile(r"\$\{\{\s*(.*?)\s*\}\}")

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="needs git")


def load_action() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(ACTION.read_text("utf-8"))
    return data


@dataclass
class Ran:
    """What one step did."""

    name: str
    skipped: bool = False
    returncode: int = 0
    stdout: str = ""
    stderr: str = ""


@dataclass
class Runner:
    """Run a composite action's steps in ``workspace`` with the given inputs."""

    workspace: Path
    inputs: Mapping[str, str]
    env: Mapping[str, str] = field(default_factory=dict)
    outputs: dict[str, dict[str, str]] = field(default_factory=dict)
    ran: list[Ran] = field(default_factory=list)
    failed: bool = False
    #: Outputs of the steps that use another action (skipped here), by step id.
    uses_outputs: dict[str, dict[str, str]] = field(default_factory=dict)

    @property
    def summary(self) -> Path:
        return self.workspace.parent / "step-summary.md"

    def run(self, only: tuple[str, ...] = ()) -> Runner:
        action = load_action()
        values = {k: str(v.get("default", "")) for k, v in action["inputs"].items()}
        values.update(self.inputs)
        self.inputs = values
        for step in action["runs"]["steps"]:
            name = step.get("id") or step["name"]
            if only and name not in only:
                continue
            condition = step.get("if", "success()")
            if not self.evaluate(condition):
                self.ran.append(Ran(name, skipped=True))
                continue
            if "uses" in step:
                self.outputs[name] = self.uses_outputs.get(name, {})
                self.ran.append(Ran(name, skipped=name not in self.uses_outputs))
                continue
            if name == "install":
                self.outputs["install"] = {"bin": str(VENV_BIN)}
                self.ran.append(Ran(name))
                continue
            self.ran.append(self.run_script(name, step))
        return self

    def run_script(self, name: str, step: Mapping[str, Any]) -> Ran:
        assert step["shell"] == "bash"
        temp = self.workspace.parent / "runner-temp"
        temp.mkdir(exist_ok=True)
        output, path_file = temp / f"{name}.output", temp / f"{name}.path"
        output.write_text("")
        env = {
            "PATH": os.environ["PATH"],
            "HOME": str(self.workspace.parent),
            "LANG": "C.UTF-8",
            "GITHUB_OUTPUT": str(output),
            "GITHUB_PATH": str(path_file),
            "GITHUB_STEP_SUMMARY": str(self.summary),
            "GITHUB_WORKSPACE": str(self.workspace),
            "RUNNER_TEMP": str(temp),
            **self.env,
        }
        for key, value in (step.get("env") or {}).items():
            env[key] = self.substitute(str(value))
        script = temp / f"{name}.sh"
        script.write_text(step["run"])
        done = subprocess.run(
            ["bash", "--noprofile", "--norc", "-eo", "pipefail", str(script)],
            cwd=self.workspace,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        self.outputs[name] = dict(
            line.split("=", 1) for line in output.read_text().splitlines() if "=" in line
        )
        if done.returncode:
            self.failed = True
        return Ran(name, returncode=done.returncode, stdout=done.stdout, stderr=done.stderr)

    def value(self, expression: str) -> str:
        parts = expression.split(".")
        if parts[0] == "inputs":
            return self.inputs[parts[1]]
        if parts[0] == "steps" and parts[2] == "outputs":
            return self.outputs.get(parts[1], {}).get(parts[3], "")
        if expression == "github.action_path":
            return str(ROOT)
        if parts[0] == "github":  # github.token, github.run_id...: the runner's GITHUB_*
            return self.env.get("GITHUB_" + parts[1].upper(), "")
        if expression == "runner.temp":
            return str(self.workspace.parent / "runner-temp")
        raise AssertionError(f"the test runner does not know {expression}")

    def substitute(self, text: str) -> str:
        return EXPRESSION.sub(lambda m: self.value(m.group(1)), text)

    def evaluate(self, condition: str) -> bool:
        """Evaluate the small subset of GitHub expressions the action's ``if:`` uses.

        As on GitHub, a condition with no status function holds only while no step failed.
        """
        if not re.search(r"\b(always|success|failure|cancelled)\(\)", condition):
            condition = f"success() && ({condition})"
        python = re.sub(
            r"(inputs|steps)\.[\w.-]+", lambda m: repr(self.value(m.group())), condition
        )
        python = python.replace("&&", " and ").replace("||", " or ")
        python = python.replace("always()", "True").replace("success()", "(not failed)")
        result = eval(python, {"__builtins__": {}}, {"failed": self.failed})
        return bool(result)

    def step(self, name: str) -> Ran:
        return next(r for r in self.ran if r.name == name)

    def log(self) -> str:
        return "\n".join(f"--- {r.name}\n{r.stdout}\n{r.stderr}" for r in self.ran)


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=cwd, capture_output=True, text=True, check=True, env=GIT_ENV
    )
    return done.stdout.strip()


GIT_ENV = {
    "PATH": os.environ["PATH"],
    "HOME": "/nonexistent",
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_AUTHOR_NAME": "Site Author",
    "GIT_AUTHOR_EMAIL": "author@example.org",
    "GIT_COMMITTER_NAME": "Site Author",
    "GIT_COMMITTER_EMAIL": "author@example.org",
}


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A site's repository with the example article, cloned from a bare ``origin``."""
    origin = tmp_path / "origin.git"
    git(tmp_path, "init", "--quiet", "--bare", "--initial-branch=main", str(origin))
    work = tmp_path / "site"
    git(tmp_path, "clone", "--quiet", str(origin), str(work))
    (work / "content" / "posts").mkdir(parents=True)
    shutil.copyfile(EXAMPLE, work / "content" / "posts" / EXAMPLE.name)
    (work / "syndicator.yaml").write_text(
        "default_lang: fr\nnetworks:\n  mastodon:\n    instance: https://mastodon.example\n",
        encoding="utf-8",
    )
    git(work, "checkout", "--quiet", "-b", "main")
    git(work, "add", ".")
    git(work, "commit", "--quiet", "-m", "A site")
    git(work, "push", "--quiet", "origin", "main")
    return work


def runner(site: Path, **inputs: str) -> Runner:
    return Runner(site, {"sources": "content/posts/threads-musk-meta.md", **inputs}, GIT_ENV)


# -- shape -------------------------------------------------------------------------------


def test_inputs_outputs_and_steps() -> None:
    action = load_action()
    assert action["runs"]["using"] == "composite"
    inputs = action["inputs"]
    assert inputs["sources"]["required"] is True
    for name in ("networks", "dry-run", "max-posts", "config", "write-back", "state-store"):
        assert name in inputs, name
        assert inputs[name]["description"]
    assert inputs["dry-run"]["default"] == "false"
    assert inputs["state-store"]["default"] == "branch"
    assert set(action["outputs"]) == {"exit-code", "state-file"}
    steps = action["runs"]["steps"]
    # setup-python and the cache are pinned to a major version.
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"actions/[\w/-]+@v\d+", step["uses"]), step["uses"]
    assert steps[-1]["name"] == "Fail the job when a post failed"


def test_no_expression_inside_a_script() -> None:
    """Inputs reach scripts through env only: an input cannot inject shell code."""
    for step in load_action()["runs"]["steps"]:
        if "run" in step:
            assert "${{" not in step["run"], step.get("id") or step["name"]
            assert step["shell"] == "bash"


def test_installs_the_actions_own_version() -> None:
    install = next(s for s in load_action()["runs"]["steps"] if s.get("id") == "install")
    assert install["env"]["ACTION_PATH"] == "${{ github.action_path }}"
    assert 'pip install --quiet --disable-pip-version-check "$ACTION_PATH"' in install["run"]


def test_secrets_are_not_inputs() -> None:
    """Secrets arrive as environment variables on the step, never as inputs."""
    inputs = load_action()["inputs"]
    assert not [name for name in inputs if re.search(r"token|password|secret|key", name)]


# -- running the steps ---------------------------------------------------------------------


def test_dry_run_runs_end_to_end(site: Path) -> None:
    run = runner(site, **{"dry-run": "true", "networks": "mastodon, bluesky"}).run()
    assert not run.failed, run.log()
    assert run.outputs["run"]["exit-code"] == "0"
    assert run.outputs["paths"]["state"] == ".syndicator/state.db"
    assert "No branch syndicator-state yet" in run.step("Restore the state from its branch").stdout
    post = run.step("run").stdout
    assert "Mastodon · Threads : Elon Musk" in post
    assert "Bluesky · Threads : Elon Musk" in post
    assert "X · " not in post
    # A dry run saves nothing and commits nothing.
    for name in ("Save the state to its branch", "Commit the syndication links"):
        assert run.step(name).skipped
    assert git(site, "ls-remote", "--heads", "origin") == git(
        site, "ls-remote", "--heads", "origin", "main"
    )
    assert git(site, "status", "--porcelain") == ""


def test_dry_run_writes_the_job_summary(site: Path) -> None:
    run = runner(site, **{"dry-run": "true", "networks": "mastodon"}).run()
    assert not run.failed, run.log()
    summary = run.summary.read_text("utf-8")
    assert "| Article | Network | Length | Status | Link or error |" in summary
    assert "Threads : Elon Musk" in summary


def test_a_failing_post_fails_the_job_in_the_last_step(site: Path) -> None:
    run = runner(site, sources="content/posts/missing.md", **{"dry-run": "true"}).run()
    assert run.outputs["run"]["exit-code"] == "2"
    assert run.step("run").returncode == 0  # the post step records and carries on
    last = run.step("Fail the job when a post failed")
    assert last.returncode == 2
    assert "syndicator post exited with status 2" in last.stdout


def test_the_state_and_links_are_saved_even_when_posting_failed(site: Path) -> None:
    # No credentials: posting fails, and the steps that save still run.
    run = runner(site, networks="mastodon", **{"write-back": "true"}).run()
    assert run.outputs["run"]["exit-code"] != "0", run.log()
    assert "MASTODON_ACCESS_TOKEN" in run.step("run").stderr + run.step("run").stdout
    assert not run.step("Save the state to its branch").skipped
    assert not run.step("Commit the syndication links").skipped
    assert run.step("Fail the job when a post failed").returncode != 0


def test_an_invalid_config_stops_before_posting(site: Path) -> None:
    (site / "syndicator.yaml").write_text("networks:\n  mastodon:\n    visibilty: x\n")
    run = runner(site, **{"dry-run": "true"}).run()
    paths = run.step("paths")
    assert paths.returncode == 1
    assert "networks.mastodon.visibilty: unknown setting" in paths.stderr
    assert run.step("run").skipped


def make_state(path: Path, rows: int) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with sqlite3.connect(path) as db:
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE IF NOT EXISTS posts (id INTEGER)")
        db.executemany("INSERT INTO posts VALUES (?)", [(i,) for i in range(rows)])
    db.close()


def test_state_branch_saves_and_restores(site: Path, tmp_path: Path) -> None:
    state = site / ".syndicator" / "state.db"
    make_state(state, 3)
    steps = ("install", "paths", "Save the state to its branch")
    run = runner(site).run(only=steps)
    assert not run.failed, run.log()
    assert "Saved .syndicator/state.db to branch syndicator-state." in run.log()
    remote = tmp_path / "origin.git"
    assert git(remote, "ls-tree", "--name-only", "syndicator-state") == "README.md\nstate.db"
    assert "[skip ci]" in git(remote, "log", "-1", "--format=%s", "syndicator-state")
    first = git(remote, "rev-parse", "syndicator-state")

    # Unchanged: no new commit.
    run = runner(site).run(only=steps)
    assert "The state did not change." in run.log()
    assert git(remote, "rev-parse", "syndicator-state") == first

    # Changed: a new commit on top of the last one.
    make_state(state, 2)
    runner(site).run(only=steps)
    assert git(remote, "rev-parse", "syndicator-state~1") == first

    # A fresh checkout restores it byte for byte.
    fresh = tmp_path / "fresh"
    git(tmp_path, "clone", "--quiet", str(remote), str(fresh))
    run = runner(fresh).run(only=("install", "paths", "Restore the state from its branch"))
    assert not run.failed, run.log()
    assert (fresh / ".syndicator" / "state.db").read_bytes() == state.read_bytes()
    with sqlite3.connect(fresh / ".syndicator" / "state.db") as db:
        assert db.execute("SELECT count(*) FROM posts").fetchone() == (5,)
    db.close()


def test_write_back_commits_only_the_sources(site: Path, tmp_path: Path) -> None:
    article = site / "content" / "posts" / EXAMPLE.name
    article.write_text(
        article.read_text("utf-8").replace(
            "---\n\n", "syndication:\n  - https://m.example/1\n---\n\n", 1
        ),
        encoding="utf-8",
    )
    (site / "unrelated.txt").write_text("not ours")
    run = runner(site, **{"write-back": "true", "write-back-branch": "main"}).run(
        only=("Commit the syndication links",)
    )
    assert not run.failed, run.log()
    remote = tmp_path / "origin.git"
    assert git(remote, "log", "-1", "--format=%s", "main") == "Add syndication links [skip ci]"
    assert git(remote, "show", "--name-only", "--format=", "main") == (
        "content/posts/threads-musk-meta.md"
    )
    assert "unrelated.txt" in git(site, "status", "--porcelain")

    # Nothing changed: nothing to commit.
    run = runner(site, **{"write-back": "true", "write-back-branch": "main"}).run(
        only=("Commit the syndication links",)
    )
    assert "No syndication links to commit." in run.log()


# -- the documented workflows ------------------------------------------------------------


def documented_yaml() -> list[Any]:
    text = (ROOT / "docs" / "ci.md").read_text("utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.S)]


def uses_of_the_action(node: Any) -> list[dict[str, Any]]:
    if isinstance(node, dict):
        found = [node] if str(node.get("uses", "")).startswith("OWNER/syndicator@") else []
        return found + [u for value in node.values() for u in uses_of_the_action(value)]
    if isinstance(node, list):
        return [u for value in node for u in uses_of_the_action(value)]
    return []


def test_documented_workflows_parse_and_use_only_real_inputs() -> None:
    blocks = documented_yaml()
    assert len(blocks) >= 5
    inputs = set(load_action()["inputs"])
    uses = [u for block in blocks for u in uses_of_the_action(block)]
    assert len(uses) >= 4
    for use in uses:
        assert set(use.get("with", {})) <= inputs, use
        assert "sources" in use["with"]
        for value in (use.get("env") or {}).values():
            # Secrets come from the secrets context, never written in the workflow.
            assert "secrets." in value or "vars." in value or value.startswith("https://")


def test_documented_after_deploy_workflow_is_serialised_and_may_push() -> None:
    workflow = next(
        b for b in documented_yaml() if isinstance(b, dict) and b.get("name") == "Syndicate"
    )
    assert workflow["permissions"] == {"contents": "write"}
    assert workflow["concurrency"]["cancel-in-progress"] is False
    assert workflow[True]["workflow_run"]["types"] == ["completed"]  # YAML 1.1: on -> True


# -- reviewing a pull request --------------------------------------------------------------


def review_env(site: Path, fake: FakeGitHub, number: int) -> dict[str, str]:
    event = site.parent / "event.json"
    event.write_text(json.dumps({"action": "synchronize", "pull_request": {"number": number}}))
    return {
        **GIT_ENV,
        "GITHUB_EVENT_NAME": "pull_request",
        "GITHUB_EVENT_PATH": str(event),
        "GITHUB_API_URL": fake.url,
        "GITHUB_SERVER_URL": "https://github.com",
        "GITHUB_REPOSITORY": fake.repository,
        "GITHUB_RUN_ID": "4242",
        "GITHUB_TOKEN": fake.token,
    }


def ours(fake: FakeGitHub, number: int) -> list[dict[str, Any]]:
    return [c for c in fake.comments.get(number, []) if c["body"].startswith("<!-- syndicator")]


def test_a_pull_request_gets_one_comment_updated_on_each_push(site: Path, tmp_path: Path) -> None:
    article = site / "content" / "posts" / EXAMPLE.name
    (site / "content" / "posts" / "untouched.md").write_text(
        article.read_text("utf-8").replace("Threads : Elon Musk", "Un autre article"), "utf-8"
    )
    with fake_github() as fake:
        fake.comment(7, "Looks good to me!", login="a-reviewer")
        fake.files[7] = [
            ("content/posts/threads-musk-meta.md", "added"),
            ("content/posts/threads-musk-meta.jpg", "added"),
            ("README.md", "modified"),
            ("content/posts/gone.md", "removed"),
        ]
        env = review_env(site, fake, 7)
        run = Runner(site, {"sources": "content/posts", "networks": "mastodon, bluesky"}, env).run()
        assert not run.failed, run.log()
        # Reviewed, not posted: no post step, no state read or written.
        assert run.step("run").skipped
        for name in ("Restore the state from its branch", "Save the state to its branch"):
            assert run.step(name).skipped
        assert "Review comment created on pull request #7" in run.step("review").stdout
        (comment,) = ours(fake, 7)
        body = comment["body"]
        assert "#### Threads : Elon Musk se prépare à une action en justice contre Meta" in body
        assert "| Mastodon | 265 / 500 | nothing | — |" in body
        assert "| Bluesky | 269 / 300 | nothing | — |" in body
        assert "Un autre article" not in body  # not changed by the pull request
        assert "example.fr/actu/threads-el…" in body  # Bluesky's text, folded
        assert "https://github.com/site/blog/actions/runs/4242" in body
        assert len(fake.comments[7]) == 2  # the reviewer's and ours
        page = Path(run.outputs["review"]["page"])
        assert "<!doctype html>" in page.read_text("utf-8")
        assert run.step("upload").skipped  # `uses:` steps are GitHub's

        # A later push changes the article: the same comment is edited, no second one.
        article.write_text(
            article.read_text("utf-8").replace("menace d’une action", "menace d’un procès"), "utf-8"
        )
        git(site, "commit", "--quiet", "-am", "Edit the summary")
        run = Runner(site, {"sources": "content/posts", "networks": "mastodon"}, env).run()
        assert not run.failed, run.log()
        assert "Review comment updated on pull request #7" in run.step("review").stdout
        (again,) = ours(fake, 7)
        assert again["id"] == comment["id"]
        assert "menace d’un procès" in again["body"]
        assert "| Bluesky |" not in again["body"]
        assert len(fake.comments[7]) == 2
        assert [m for m, _ in fake.calls].count("POST") == 1
        assert [m for m, _ in fake.calls].count("PATCH") == 1
    assert not (site / ".syndicator" / "state.db").exists()
    assert git(site, "ls-remote", "--heads", "origin", "syndicator-state") == ""


def test_a_pull_request_without_articles_says_so(site: Path) -> None:
    with fake_github() as fake:
        fake.files[3] = [("README.md", "modified")]
        run = Runner(site, {"sources": "content/posts"}, review_env(site, fake, 3)).run()
        assert not run.failed, run.log()
        (comment,) = ours(fake, 3)
        assert "adds or changes no article" in comment["body"]


def test_a_review_that_cannot_compose_fails_the_job(site: Path) -> None:
    article = site / "content" / "posts" / EXAMPLE.name
    article.write_text(
        article.read_text("utf-8").replace("---\n\n", "syndicator:\n  bluesky: 3\n---\n\n", 1),
        "utf-8",
    )
    with fake_github() as fake:
        fake.files[5] = [("content/posts/threads-musk-meta.md", "modified")]
        run = Runner(site, {"sources": "content/posts"}, review_env(site, fake, 5)).run()
        (comment,) = ours(fake, 5)
        assert "❌" in comment["body"]
        last = run.step("Fail the job when a post failed")
        assert last.returncode == 2
        assert "syndicator review exited with status 2" in last.stdout


def test_comment_false_posts_as_usual_on_a_pull_request(site: Path) -> None:
    with fake_github() as fake:
        env = review_env(site, fake, 9)
        run = Runner(
            site, {"sources": "content/posts", "dry-run": "true", "comment": "false"}, env
        ).run()
        assert not run.failed, run.log()
        assert run.step("review").skipped
        assert not run.step("run").skipped
        assert fake.calls == []


def test_the_job_summary_links_the_html_preview_artifact(site: Path) -> None:
    url = "https://github.com/site/blog/actions/runs/4242/artifacts/99"
    run = runner(site, **{"dry-run": "true", "networks": "mastodon"})
    run.uses_outputs = {"upload": {"artifact-url": url}}
    run.run()
    assert not run.failed, run.log()
    page = Path(run.outputs["run"]["page"])
    assert 'data-network="mastodon"' in page.read_text("utf-8")
    summary = run.summary.read_text("utf-8")
    assert f"[HTML preview: every post drawn as each network shows it]({url})" in summary
    assert summary.count("### syndicator") == 1  # the page's preview wrote no table of its own

    # No artifact (the upload did not run): no link.
    run = runner(site, **{"dry-run": "true", "networks": "mastodon"})
    run.summary.unlink()
    run.run()
    assert "HTML preview" not in run.summary.read_text("utf-8")


# -- a PostgreSQL state ------------------------------------------------------------------


def test_a_postgresql_state_is_used_and_its_password_never_shown(
    site: Path, tmp_path: Path, world: World, pg_database: str
) -> None:
    """The URL comes from a secret (SYNDICATOR_STATE), then from the state input."""
    (site / "syndicator.yaml").write_text(
        f"default_lang: fr\nnetworks:\n  mastodon:\n    instance: {world.loopback.url}\n",
        encoding="utf-8",
    )
    shutil.copyfile(
        EXAMPLE.with_suffix(".jpg"), site / "content" / "posts" / "threads-musk-meta.jpg"
    )
    password = urlsplit(pg_database).password
    assert password
    secrets = {"MASTODON_ACCESS_TOKEN": mastodon_fake.TOKEN}

    first = Runner(
        site,
        {"sources": "content/posts/threads-musk-meta.md", "networks": "mastodon"},
        {**GIT_ENV, **secrets, "SYNDICATOR_STATE": pg_database},
    ).run()
    again = runner(site, networks="mastodon", state=pg_database)
    again.env = {**GIT_ENV, **secrets}
    again.run()

    for run in (first, again):
        assert not run.failed, run.log()
        assert run.outputs["run"]["exit-code"] == "0"
        assert run.outputs["paths"] == {"database": "true", "state": ""}
        assert "postgresql://syndicator_admin:********@" in run.step("paths").stdout
        # GitHub is told to mask the password; no other line, output or file holds it.
        assert f"::add-mask::{password}" in run.step("paths").stdout.splitlines()
        shown = [line for line in run.log().splitlines() if not line.startswith("::add-mask::")]
        assert password not in "\n".join(shown)
        written = [p.read_text("utf-8") for p in (tmp_path / "runner-temp").glob("*.output")]
        assert password not in "".join(written) + run.summary.read_text("utf-8")
        for name in ("Restore the state from its branch", "Save the state to its branch"):
            assert run.step(name).skipped
        assert not run.step("Install the PostgreSQL driver").skipped  # psycopg is here
    assert "✓ mastodon" in first.step("run").stdout
    assert "✓ mastodon" not in again.step("run").stdout  # the database knows it: not twice
    assert world.count("mastodon", EXAMPLE_URL) == 1
    with open_store(pg_database) as store:
        assert [(r.network, r.status) for r in store.history()] == [("mastodon", "published")]
    assert not (site / ".syndicator" / "state.db").exists()
    assert git(site, "ls-remote", "--heads", "origin", "syndicator-state") == ""


def test_a_state_path_given_as_input_is_saved_on_the_branch(site: Path, tmp_path: Path) -> None:
    state = site / "data" / "syndicator.db"
    make_state(state, 2)
    steps = ("install", "paths", "Save the state to its branch")
    run = runner(site, state="data/syndicator.db").run(only=steps)
    assert not run.failed, run.log()
    assert run.outputs["paths"] == {"database": "false", "state": "data/syndicator.db"}
    assert "Saved data/syndicator.db to branch syndicator-state." in run.log()
