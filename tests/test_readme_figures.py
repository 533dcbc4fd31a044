"""The README's figures come from benchmarks/run_all.py, never from a hand."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
START, END = "<!-- benchmarks:start -->", "<!-- benchmarks:end -->"
# A measured figure: a number with a unit of time or memory, or a ratio ("2.91x").
FIGURE = re.compile(r"\b\d[\d,.]*\s?(?:ms|µs|us|s|MiB|MB|KiB|GB)\b|\b\d+\.\d+x\b")


def test_figures_appear_only_in_the_generated_table() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    before, rest = text.split(START, 1)
    generated, after = rest.split(END, 1)
    assert FIGURE.findall(before + after) == []
    assert FIGURE.search("215 ms at once, 2.91x")  # the pattern does see figures
    if generated.strip():
        assert "docs/benchmarks.md" in generated
