"""``syndicator.cli.github``: the review's REST calls, against a loopback fake of GitHub."""

from __future__ import annotations

import pytest

from syndicator.cli.github import GitHub
from syndicator.errors import GitHubError
from tests.fakes.github import fake_github

MARKER = "<!-- syndicator:review -->"


def test_the_marked_comment_is_found_on_a_later_page_and_edited() -> None:
    with fake_github() as fake:
        for n in range(130):
            fake.comment(1, f"comment {n}", login="someone")
        mine = fake.comment(1, MARKER + "\nold")
        github = GitHub(api_url=fake.url, repository=fake.repository, token=fake.token)
        assert github.keep_comment(1, MARKER + "\nnew", marker=MARKER) == ("updated", mine["id"])
        assert fake.comments[1][-1]["body"] == MARKER + "\nnew"
        assert len(fake.comments[1]) == 131
        methods = [method for method, _ in fake.calls]
        assert methods == ["GET", "GET", "PATCH"]  # 100 + 31 comments, then the edit


def test_a_comment_is_created_once_then_edited() -> None:
    with fake_github() as fake:
        github = GitHub(api_url=fake.url, repository=fake.repository, token=fake.token)
        done, first = github.keep_comment(2, MARKER + "\none", marker=MARKER)
        assert done == "created"
        assert github.keep_comment(2, MARKER + "\ntwo", marker=MARKER) == ("updated", first)
        assert [c["body"] for c in fake.comments[2]] == [MARKER + "\ntwo"]


def test_changed_files_leave_out_removed_ones_across_pages() -> None:
    with fake_github() as fake:
        fake.files[3] = [(f"content/{n}.md", "added") for n in range(150)]
        fake.files[3].append(("content/old.md", "removed"))
        github = GitHub(api_url=fake.url, repository=fake.repository, token=fake.token)
        assert github.changed_files(3) == [f"content/{n}.md" for n in range(150)]


def test_a_refused_call_says_which_what_and_what_to_do() -> None:
    with fake_github() as fake:
        github = GitHub(api_url=fake.url, repository=fake.repository, token="ghs_wrong-token")
        with pytest.raises(GitHubError) as caught:
            github.comments(4)
    message = str(caught.value)
    assert "GitHub API GET /repos/site/blog/issues/4/comments: HTTP 401 Bad credentials" in message
    assert "pull-requests: write" in message
    assert "ghs_wrong-token" not in message
