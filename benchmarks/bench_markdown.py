"""Compare markdown-it-py (what the Markdown source uses) with mistune on speed and correctness.

Run: .venv/bin/python benchmarks/bench_markdown.py [ROUNDS]
Both parsers turn the same Markdown into plain-text blocks by walking their token tree
(markdown-it-py's flat stream, mistune 3's AST), with the same rules: prose kept, code,
tables, images and footnotes out. Prints, for each, how many of the tricky cases it gets
right (the ones real blogs write: shortcut links, emphasis across lines, escapes,
footnotes, HTML blocks) and the median time to convert the Markdown documents of
tests/corpus (every file, ROUNDS times; default 20), plus import times.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from syndicator.sources.markdown_text import markdown_blocks

CORPUS = Path(__file__).resolve().parent.parent / "tests" / "corpus" / "markdown"

# (Markdown, the plain text a reader expects), one block per case.
CASES = [
    (
        "was [Servo], an experimental engine.\n\n[Servo]: https://servo.org",
        "was Servo, an experimental engine.",
    ),
    ("See [the docs][ref].\n\n[ref]: https://x.example", "See the docs."),
    ("It adds **syntactic support\nfor async** code.", "It adds syntactic support for async code."),
    ("Bürger\\*innen and \\_private\\_", "Bürger*innen and _private_"),
    ("A note[^1] here.\n\n[^1]: The note.", "A note here."),
    ("snake_case_name and a * b", "snake_case_name and a * b"),
    ("&laquo;&nbsp;Bonjour&nbsp;&raquo; &amp; co", "«\u00a0Bonjour\u00a0» & co"),
    ("<div><p>In a div.</p></div>", "In a div."),
    ("Text with <b>bold</b> and <br> break.", "Text with bold and break."),
    ("![alt](img.png) Caption.", "Caption."),
    ("[![badge](b.svg)](https://ci) Build.", "Build."),
    ("***both*** and _**nested**_", "both and nested"),
    ("Setext\n======", "Setext"),
    ("- one\n- **two**", "one two"),
    ("> quoted *text*\n> more", "quoted text more"),
    ("<https://x.example/a_b_c>", "https://x.example/a_b_c"),
    ("`code_with_*stars*`", "code_with_*stars*"),
    ("Term\n: Definition.", "Term Definition."),
]


def mistune_blocks(markdown: str) -> list[str]:
    """Return the plain-text blocks of ``markdown`` through mistune's AST."""
    import mistune

    parse = _mistune_parser()
    tokens, _ = parse.parse(markdown)
    blocks: list[str] = []
    _walk_mistune(tokens, blocks, mistune)
    return blocks


_MISTUNE: list[Any] = []


def _mistune_parser() -> Any:
    if not _MISTUNE:
        import mistune

        _MISTUNE.append(
            mistune.create_markdown(
                renderer=None, plugins=["footnotes", "table", "strikethrough", "def_list"]
            )
        )
    return _MISTUNE[0]


def _walk_mistune(tokens: list[dict[str, Any]], blocks: list[str], mistune: Any) -> None:
    from syndicator.sources._text import html_blocks, normalise

    for token in tokens:
        kind = token["type"]
        if kind in ("block_code", "table", "footnotes", "thematic_break", "blank_line"):
            continue
        if kind == "block_html":
            blocks.extend(html_blocks(token.get("raw", "")))
        elif kind in ("paragraph", "heading", "block_text", "def_list_head"):
            text = normalise(_inline_mistune(token.get("children", [])))
            if text:
                blocks.append(text)
        elif "children" in token:
            _walk_mistune(token["children"], blocks, mistune)


def _inline_mistune(children: list[dict[str, Any]]) -> str:
    pieces: list[str] = []
    for child in children:
        kind = child["type"]
        if kind in ("text", "codespan"):
            pieces.append(child.get("raw", ""))
        elif kind in ("softbreak", "linebreak"):
            pieces.append(" ")
        elif kind in ("image", "footnote_ref", "inline_html"):
            continue
        elif "children" in child:
            pieces.append(_inline_mistune(child["children"]))
    return "".join(pieces)


def ours(markdown: str) -> list[str]:
    """Return the blocks of ``markdown`` as the Markdown source makes them."""
    return [block.text for block in markdown_blocks(markdown)]


def correct(convert: Any) -> tuple[int, list[str]]:
    """Return how many cases ``convert`` gets right, and the wrong outputs."""
    wrong = []
    for markdown, expected in CASES:
        got = " ".join(convert(markdown))
        if got != expected:
            wrong.append(f"{markdown!r} -> {got!r}")
    return len(CASES) - len(wrong), wrong


def timed(convert: Any, documents: list[str], rounds: int) -> float:
    """Return the median milliseconds to convert every document once."""
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        for document in documents:
            convert(document)
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def import_ms(module: str) -> float:
    """Return the milliseconds a fresh interpreter takes to import ``module``."""
    code = f"import time; t=time.perf_counter(); import {module}; print(time.perf_counter()-t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout) * 1000


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    documents = [p.read_text(encoding="utf-8") for p in sorted(CORPUS.glob("*.md"))]
    if not documents:
        documents = [markdown for markdown, _ in CASES] * 20
    size = sum(len(d) for d in documents)
    print(f"{len(documents)} documents, {size:,} characters, {len(CASES)} tricky cases")
    for name, convert, module in (
        ("markdown-it-py", ours, "markdown_it"),
        ("mistune", mistune_blocks, "mistune"),
    ):
        right, wrong = correct(convert)
        convert(documents[0])  # build the parser once, outside the timing
        ms = timed(convert, documents, rounds)
        print(
            f"{name:15} correct {right}/{len(CASES)}  {ms:8.1f} ms per pass "
            f"({size / ms / 1000:.2f} MB/s)  import {import_ms(module):.0f} ms"
        )
        for line in wrong:
            print(f"    wrong: {line}")


if __name__ == "__main__":
    main()
