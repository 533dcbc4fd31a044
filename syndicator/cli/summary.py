"""A Markdown table of a run, for the GitHub job summary (``GITHUB_STEP_SUMMARY``).

``preview`` and ``post`` build one ``SummaryRow`` per (article, network) and append
``markdown_table`` to the file GitHub names in ``GITHUB_STEP_SUMMARY``. On a pull
request the dry-run table is what a reviewer reads before merging. Any CI can use it:
point ``GITHUB_STEP_SUMMARY`` at a file and keep that file as an artifact.
"""

from __future__ import annotations

import logging
import os
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..redact import redact
from ..statuses import Status, emoji, words

__all__ = ["SummaryRow", "append_step_summary", "cell", "folded", "inline", "markdown_table"]

logger = logging.getLogger(__name__)


@dataclass(frozen=True, slots=True, kw_only=True)
class SummaryRow:
    """One (article, network) line of the table."""

    article: str
    network: str
    length: int | None = None
    limit: int | None = None
    status: Status
    link: str | None = None
    error: str | None = None
    #: The post's text (thread parts joined), shown below the table for reviewers.
    text: str | None = None
    #: What the post costs (or cost), as a line says it ("$0.200"), when priced.
    cost: str | None = None


def markdown_table(title: str, rows: Sequence[SummaryRow], spend: Sequence[str] = ()) -> str:
    """Return a Markdown section: a heading, a count by status, one row per post, the texts.

    ``spend`` lines (what the run cost per network) follow the count; a Cost column
    appears when a row is priced.
    """
    lines = [f"### {inline(title)}", ""]
    if not rows:
        return "\n".join([*lines, "Nothing to post.", ""])
    counts = Counter(row.status for row in rows)
    lines.append(", ".join(f"{n} {words(status)}" for status, n in counts.items()))
    if spend:
        lines.extend(["", *(f"- {inline(line)}" for line in spend)])
    priced = any(row.cost for row in rows)
    cost_head, cost_rule = (" Cost |", "--:|") if priced else ("", "")
    lines.extend(["", f"| Article | Network | Length |{cost_head} Status | Link or error |"])
    lines.append(f"|---|---|--:|{cost_rule}---|---|")
    for row in rows:
        cells = (
            cell(row.article),
            cell(row.network),
            _length(row.length, row.limit),
            *((cell(row.cost or ""),) if priced else ()),
            cell(f"{emoji(row.status)} {words(row.status)}"),
            _outcome(row),
        )
        lines.append("| " + " | ".join(cells) + " |")
    lines.append("")
    for row in rows:
        if row.text is not None:
            lines.extend(_details(row))
    return "\n".join(lines)


def append_step_summary(markdown: str, environ: Mapping[str, str] | None = None) -> bool:
    """Append ``markdown`` to the file named by GITHUB_STEP_SUMMARY; return whether it did.

    A summary that cannot be written is logged, not raised: it must not turn a run
    that posted into a failed job (which a rerun would then retry).
    """
    target = (os.environ if environ is None else environ).get("GITHUB_STEP_SUMMARY")
    if not target:
        return False
    try:
        with Path(target).open("a", encoding="utf-8") as file:
            file.write(markdown if markdown.endswith("\n") else markdown + "\n")
    except OSError as exc:
        logger.warning("cannot write the job summary to %s: %s", target, exc.strerror)
        return False
    return True


def _details(row: SummaryRow) -> list[str]:
    """Return the row's text in a collapsed block, fenced so that nothing in it renders."""
    return folded(f"{row.network} · {row.article}", row.text or "")


def folded(title: str, text: str) -> list[str]:
    """Return ``text`` in a collapsed block under ``title``, fenced so that nothing renders."""
    text = redact(text)
    fence = "`" * max(3, 1 + max((len(run) for run in re.findall("`+", text)), default=0))
    return [
        f"<details><summary>{inline(title)}</summary>",
        "",
        f"{fence}text",
        text,
        fence,
        "",
        "</details>",
        "",
    ]


def _length(length: int | None, limit: int | None) -> str:
    if length is None:
        return ""
    if limit is None:
        return str(length)
    return f"{length} / {limit}" + (" ⚠️" if length > limit else "")


def _outcome(row: SummaryRow) -> str:
    parts = []
    if row.link:
        parts.append(f"[{inline(row.link)}]({_url(row.link)})")
    if row.error:
        parts.append(cell(redact(row.error)))
    return " ".join(parts)


def inline(text: str) -> str:
    """Return ``text`` on one line, with what Markdown or HTML would interpret escaped."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").strip()
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    for char in "\\`*_[]|":
        text = text.replace(char, "\\" + char)
    return text.replace("\n", " ")


def cell(text: str) -> str:
    """Return ``text`` fit for one table cell: newlines become ``<br>``."""
    return "<br>".join(inline(line) for line in text.replace("\r\n", "\n").split("\n"))


def _url(url: str) -> str:
    """Return ``url`` with the characters a Markdown link or a table cell would break on encoded."""
    return "".join(
        f"%{ord(char):02X}" if char in " ()|<>\\`" or ord(char) < 32 else char for char in url
    )
