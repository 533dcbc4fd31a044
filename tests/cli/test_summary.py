"""The Markdown job summary: one row per (article, network)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from syndicator.cli.summary import SummaryRow, append_step_summary, markdown_table
from syndicator.redact import register_secret

TITLE = "Threads : Elon Musk se prépare à une action en justice contre Meta"


def rows() -> list[SummaryRow]:
    return [
        SummaryRow(
            article=TITLE,
            network="mastodon",
            length=231,
            limit=500,
            status="published",
            link="https://mastodon.example/@me/1",
        ),
        SummaryRow(
            article=TITLE,
            network="x",
            length=280,
            limit=280,
            status="failed",
            error="x: rejected: duplicate | content\nsecond line",
        ),
    ]


def table_rows(markdown: str) -> list[list[str]]:
    """Split the table's body rows into cells the way GFM does (``\\|`` is not a pipe)."""
    body = [line for line in markdown.splitlines() if line.startswith("| ")][1:]
    return [[c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]] for line in body]


def test_table_has_a_row_per_post_with_length_against_limit() -> None:
    markdown = markdown_table("syndicator post", rows())
    assert markdown.startswith("### syndicator post\n")
    assert "1 published, 1 failed" in markdown
    assert "| Article | Network | Length | Status | Link or error |" in markdown
    cells = table_rows(markdown)
    assert len(cells) == 2
    assert cells[0][1:4] == ["mastodon", "231 / 500", "✅ published"]
    assert cells[0][4] == "[https://mastodon.example/@me/1](https://mastodon.example/@me/1)"
    assert cells[1][2] == "280 / 280"


def test_pipes_and_newlines_cannot_break_the_table() -> None:
    markdown = markdown_table("t", rows())
    line = next(line for line in markdown.splitlines() if "❌ failed" in line)
    assert "duplicate \\| content<br>second line" in line
    # Exactly six unescaped pipes: the table's own five columns.
    assert line.replace("\\|", "").count("|") == 6


def test_over_the_limit_is_flagged_and_unknown_lengths_left_blank() -> None:
    markdown = markdown_table(
        "t",
        [
            SummaryRow(article="a", network="x", length=281, limit=280, status="failed"),
            SummaryRow(article="b", network="x", status="skipped"),
            SummaryRow(article="c", network="x", length=12, status="would_post"),
        ],
    )
    cells = table_rows(markdown)
    assert cells[0][2] == "281 / 280 ⚠️"
    assert cells[1][2] == ""
    assert cells[2][2] == "12"


def test_markup_in_titles_is_escaped() -> None:
    row = SummaryRow(article="<script>x</script> *bold* [l](u)", network="x", status="skipped")
    markdown = markdown_table("t", [row])
    assert "<script>" not in markdown
    assert "&lt;script&gt;x&lt;/script&gt; \\*bold\\* \\[l\\](u)" in markdown


def test_urls_with_parentheses_stay_one_link() -> None:
    row = SummaryRow(article="a", network="x", status="published", link="https://e.x/a_(b)|c")
    assert "(https://e.x/a_%28b%29%7Cc)" in markdown_table("t", [row])


def test_errors_are_redacted() -> None:
    register_secret("s3cr3t-token-value")
    row = SummaryRow(article="a", network="x", status="failed", error="401 with s3cr3t-token-value")
    markdown = markdown_table("t", [row])
    assert "s3cr3t" not in markdown
    assert "401 with " + "\\*" * 8 in markdown  # the mask, escaped so it is not emphasis


def test_empty_run_says_so() -> None:
    assert "Nothing to post." in markdown_table("t", [])


def test_append_writes_only_when_github_names_a_file(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    assert append_step_summary("# one", environ={}) is False
    assert not target.exists()
    assert append_step_summary("# one", environ={"GITHUB_STEP_SUMMARY": str(target)})
    assert append_step_summary("# two\n", environ={"GITHUB_STEP_SUMMARY": str(target)})
    assert target.read_text(encoding="utf-8") == "# one\n# two\n"


def test_append_reads_the_real_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "summary.md"
    assert append_step_summary("x") is False
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(target))
    assert append_step_summary("x") is True
    assert target.read_text(encoding="utf-8") == "x\n"


def test_an_unwritable_summary_is_not_an_error(tmp_path: Path) -> None:
    environ = {"GITHUB_STEP_SUMMARY": str(tmp_path / "no" / "such" / "dir" / "s.md")}
    assert append_step_summary("x", environ=environ) is False


def test_texts_are_shown_below_the_table_for_reviewers() -> None:
    text = "Threads : Elon Musk\n\n```not code``` <b>x</b>\n\nhttps://www.example.fr/a"
    row = SummaryRow(article=TITLE, network="mastodon", status="would_post", text=text)
    markdown = markdown_table("syndicator preview", [row, *rows()])
    details = markdown.split("\n\n<details>", 1)[1]
    assert details.startswith("<summary>mastodon · Threads : Elon Musk")
    # Fenced with more backticks than the text holds, so the text is shown as it is.
    assert f"````text\n{text}\n````" in details
    assert markdown.count("<details>") == 1  # only rows that carry a text
