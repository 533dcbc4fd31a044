"""Write-back: post links added to a Markdown file's front matter, nothing else changed."""

from __future__ import annotations

import os
import re
import shutil
import stat
from pathlib import Path

import frontmatter
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syndicator.errors import SourceError
from syndicator.writeback import add_syndication_links

MASTODON = "https://mastodon.example/@syndicator/111"
BLUESKY = "https://bsky.app/profile/syndicator.example/post/3kabc"

CRAFTED = """\
---
# A comment before everything
title:   'It''s "odd"'   # a trailing comment, odd spacing
date: 2023-07-07T09:30:00+02:00
draft: no
tags:
    - a   # four-space list
    - "b"
nested:
   key: value
   list: [1,   2]
folded: >
  some folded
  text
anchor: &shared {x: 1}
ref: *shared
# a comment at the end
---
Body with a line of dashes below, which is not front matter:

---

The end.
"""


def example(tmp_path: Path, fixtures: Path) -> Path:
    path = tmp_path / "threads-musk-meta.md"
    shutil.copyfile(fixtures / "threads-musk-meta.md", path)
    return path


def added_lines(before: bytes, after: bytes) -> bytes:
    """Return what ``after`` has that ``before`` lacks, when ``before`` is a prefix+suffix."""
    start = 0
    while start < len(before) and before[start] == after[start]:
        start += 1
    end = 0
    while end < len(before) - start and before[-1 - end] == after[-1 - end]:
        end += 1
    return after[start : len(after) - end]


def test_example_round_trips_with_only_the_syndication_key_added(
    tmp_path: Path, fixtures: Path
) -> None:
    path = example(tmp_path, fixtures)
    before = path.read_bytes()
    assert add_syndication_links(path, [MASTODON, BLUESKY]) is True
    after = path.read_bytes()
    # Everything before and after the new key is the same, byte for byte.
    assert added_lines(before, after) == (f"syndication:\n  - {MASTODON}\n  - {BLUESKY}\n".encode())
    head, _, body = before.partition(b"\n---\n")
    assert after.startswith(head + b"\n")
    assert after.endswith(b"\n---\n" + body)
    post = frontmatter.loads(after.decode("utf-8"))
    assert post["syndication"] == [MASTODON, BLUESKY]
    original = frontmatter.loads(before.decode("utf-8"))
    assert {k: v for k, v in post.metadata.items() if k != "syndication"} == original.metadata
    assert post.content == original.content


def test_running_twice_adds_nothing_twice(tmp_path: Path, fixtures: Path) -> None:
    path = example(tmp_path, fixtures)
    assert add_syndication_links(path, [MASTODON])
    once = path.read_bytes()
    assert add_syndication_links(path, [MASTODON]) is False
    assert path.read_bytes() == once
    assert add_syndication_links(path, [MASTODON, BLUESKY, BLUESKY]) is True
    assert frontmatter.loads(path.read_text("utf-8"))["syndication"] == [MASTODON, BLUESKY]


def test_comments_quoting_and_order_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "crafted.md"
    path.write_text(CRAFTED, encoding="utf-8")
    assert add_syndication_links(path, [MASTODON])
    # Lists are indented the way the file already indents them.
    expected = CRAFTED.replace(
        "# a comment at the end\n---\n",
        f"# a comment at the end\nsyndication:\n    - {MASTODON}\n---\n",
    )
    assert path.read_text(encoding="utf-8") == expected


@pytest.mark.parametrize(
    ("front", "expected"),
    [
        # A single URL becomes a list, its quoting kept.
        (
            "syndication: 'https://old.example/1'\nz: 1\n",
            f"syndication:\n  - 'https://old.example/1'\n  - {MASTODON}\nz: 1\n",
        ),
        # An empty key gets the list.
        ("syndication:\nz: 1\n", f"syndication:\n  - {MASTODON}\nz: 1\n"),
        ("syndication: ~ # later\n", f"syndication:\n  - {MASTODON} # later\n"),
        # A flow list stays a flow list.
        (
            "syndication: [https://old.example/1]\n",
            f"syndication: [https://old.example/1, {MASTODON}]\n",
        ),
        ("syndication: []\n", f"syndication: [{MASTODON}]\n"),
        # A block list grows below its last item, in its own indentation.
        (
            "syndication:\n- https://old.example/1 # first\nz: 1\n",
            f"syndication:\n- https://old.example/1 # first\n- {MASTODON}\nz: 1\n",
        ),
        ("", f"syndication:\n  - {MASTODON}\n"),
    ],
)
def test_every_form_of_the_key(tmp_path: Path, front: str, expected: str) -> None:
    path = tmp_path / "a.md"
    path.write_text(f"---\n{front}---\nbody\n", encoding="utf-8")
    assert add_syndication_links(path, [MASTODON])
    assert path.read_text(encoding="utf-8") == f"---\n{expected}---\nbody\n"


def test_urls_that_need_quotes_are_quoted(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_text("---\nsyndication: [https://old.example/1]\n---\n", encoding="utf-8")
    odd = ["https://e.example/a,b", "https://e.example/x: y", "https://e.example/#frag"]
    assert add_syndication_links(path, odd)
    assert frontmatter.loads(path.read_text("utf-8"))["syndication"] == [
        "https://old.example/1",
        *odd,
    ]


def test_crlf_files_keep_crlf(tmp_path: Path) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(b"---\r\ntitle: x\r\n---\r\nbody\r\n")
    assert add_syndication_links(path, [MASTODON])
    assert path.read_bytes() == (
        f"---\r\ntitle: x\r\nsyndication:\r\n  - {MASTODON}\r\n---\r\nbody\r\n".encode()
    )


def test_file_mode_is_kept_and_no_temporary_file_is_left(tmp_path: Path, fixtures: Path) -> None:
    path = example(tmp_path, fixtures)
    path.chmod(0o640)
    assert add_syndication_links(path, [MASTODON])
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(os.listdir(tmp_path)) == ["threads-musk-meta.md"]


def test_a_symlink_is_written_through(tmp_path: Path, fixtures: Path) -> None:
    target = example(tmp_path, fixtures)
    link = tmp_path / "link.md"
    link.symlink_to(target)
    assert add_syndication_links(link, [MASTODON])
    assert link.is_symlink()
    assert MASTODON in target.read_text("utf-8")


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"+++\ntitle = 'x'\n+++\nbody\n", "TOML front matter (+++) is not supported"),
        (b"# Just Markdown\n", "has no YAML front matter"),
        (b"---\ntitle: x\n", "no closing --- line"),
        (b"---\ntitle: [x\n---\n", "invalid YAML front matter"),
        (b"---\n- a\n- b\n---\n", "front matter that is a block of key: value"),
        (b"---\nsyndication: {a: 1}\n---\n", "syndication: expected a list of URLs"),
        (b"---\nsyndication: [1, 2]\n---\n", "syndication: expected a list of URLs"),
        (b"---\ntitle: \xff\n---\n", "not UTF-8"),
        (b"---\ntitle: a\ntitle: b\n---\n", 'found duplicate key "title"'),
        # An alias shares its node with another key: changing one would change both.
        (
            b"---\nlinks: &l [https://a.example/1]\nsyndication: *l\n---\n",
            "write-back would change more than the syndication links",
        ),
    ],
)
def test_what_cannot_be_written_back_is_a_source_error(
    tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "a.md"
    path.write_bytes(content)
    with pytest.raises(SourceError, match=re.escape(message)) as caught:
        add_syndication_links(path, [MASTODON])
    assert str(caught.value).startswith(str(path))
    assert path.read_bytes() == content


def test_a_missing_file_is_a_source_error(tmp_path: Path) -> None:
    with pytest.raises(SourceError, match="cannot be read"):
        add_syndication_links(tmp_path / "gone.md", [MASTODON])


_url = st.builds(
    "https://{}.example/{}".format,
    st.sampled_from(["mastodon", "bsky", "x"]),
    st.text(alphabet="abc,:#@%()'\" /-_", min_size=0, max_size=12),
)
# The key's initial form -> the links it already holds.
_INITIAL = {
    "": [],
    "syndication:\n": [],
    "syndication: []\n": [],
    "syndication: https://old.example/1\n": ["https://old.example/1"],
    "syndication:\n    - https://old.example/1\n": ["https://old.example/1"],
}


def as_list(value: object) -> list[object]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    initial=st.sampled_from(sorted(_INITIAL)),
    first=st.lists(_url, max_size=4),
    second=st.lists(_url, max_size=4),
)
def test_adding_is_idempotent_and_keeps_everything_else(
    tmp_path: Path, initial: str, first: list[str], second: list[str]
) -> None:
    path = tmp_path / "prop.md"
    original = f"---\ntitle: T  # keep\n{initial}z: [1, 2]\n---\nbody ---\n"
    path.write_text(original, encoding="utf-8")
    add_syndication_links(path, first)
    add_syndication_links(path, second)
    once = path.read_bytes()
    assert add_syndication_links(path, first + second) is False
    assert path.read_bytes() == once
    post = frontmatter.loads(once.decode("utf-8"))
    wanted = list(dict.fromkeys([*_INITIAL[initial], *(u.strip() for u in first + second)]))
    assert as_list(post.get("syndication")) == wanted
    assert post["title"] == "T"
    assert post["z"] == [1, 2]
    assert post.content == "body ---"
    assert once.startswith(b"---\ntitle: T  # keep\n")
