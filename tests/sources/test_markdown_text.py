"""Markdown to plain text through markdown-it-py: prose kept, syntax and code out."""

from __future__ import annotations

import pytest

from syndicator.sources.markdown_text import Block, article_text, markdown_blocks, markdown_line


def test_markdown_syntax_is_removed() -> None:
    text = (
        "# Heading #\n\nSome *em*, __strong__, ~~gone~~ and snake_case_name.\n\n"
        "> quoted\n> text\n\n- one\n- two\n\n![alt](img.png)\n\n"
        "See [the docs][ref] or <https://x.example>.\n\n[ref]: https://x.example/docs\n\n"
        "```python\nprint(1)\n```\n\n{{< tweet 123 >}}\n\nA &rsquo; and <b>html</b>.\n"
    )
    assert markdown_blocks(text) == [
        Block("Heading", heading=True),
        Block("Some em, strong, gone and snake_case_name."),
        Block("quoted text"),
        Block("one"),
        Block("two"),
        Block("See the docs or https://x.example."),
        Block("A ’ and html."),
    ]


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        # shortcut reference links, as in the example from a programming blog
        (
            "One of its first users was [Servo], an experimental browser engine.\n\n"
            "[Servo]: https://servo.org",
            "One of its first users was Servo, an experimental browser engine.",
        ),
        # footnote markers and their definitions are left out
        (
            "Rust has a new edition[^1] this year.\n\n[^1]: Editions are opt-in.",
            "Rust has a new edition this year.",
        ),
        # emphasis spanning a line break
        (
            "It adds **syntactic support\nfor async code** to the language.",
            "It adds syntactic support for async code to the language.",
        ),
        # backslash escapes (German gender star) and entities
        (
            "Liebe Bürger\\*innen, &laquo;&nbsp;bonjour&nbsp;&raquo;",
            "Liebe Bürger*innen, «\u00a0bonjour\u00a0»",
        ),
        # inline code keeps its text; images (alt text too) are left out
        ("Call `parse()` ![diagram](d.png) first.", "Call parse() first."),
        # a link around an image badge leaves nothing
        ("[![build](https://ci.example/badge.svg)](https://ci.example) Docs.", "Docs."),
        # kramdown attribute lists (Jekyll) and Liquid tags
        (
            'Read [the guide](/guide){:target="_blank"} and {% include note.html %}now.',
            "Read the guide and now.",
        ),
        # Hugo shortcodes, single and paired with code inside
        (
            "Before {{< youtube w7Ft2ymGmfc >}}after.\n\n"
            "{{< highlight go >}}\nfunc main() {}\n{{< /highlight >}}\n\nEnd.",
            "Before after. End.",
        ),
        # references whose definitions are missing (a README cut short): badges dropped
        ("[![NPM Version][npm-version-image]][npm-url] Fast [docs][gone].", "Fast docs."),
        # inline HTML made plain, <br> a space
        ('A <span class="x">span</span><br>and <abbr title="t">abbr</abbr>.', "A span and abbr."),
    ],
)
def test_inline_markdown_is_made_plain(markdown: str, plain: str) -> None:
    assert markdown_line(markdown) == plain


def test_code_tables_and_footnotes_are_left_out() -> None:
    text = (
        "Intro.\n\n```rust\nif let Channel::Stable(v) = channel {}\n```\n\n"
        "    indented code\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n"
        "{% highlight ruby %}\ndef x; end\n{% endhighlight %}\n\n"
        "Term\n: Its definition.\n\n[^n]: A footnote.\n\nEnd.\n"
    )
    assert [b.text for b in markdown_blocks(text)] == ["Intro.", "Term", "Its definition.", "End."]


def test_html_blocks_are_made_plain() -> None:
    text = '<div class="note">\n<p>First.</p><p>Second &amp; last.</p>\n</div>\n\n<!-- more -->\n'
    assert markdown_blocks(text) == [Block("First."), Block("Second & last.")]


def test_headings_are_marked_after_boilerplate_is_dropped() -> None:
    text = (
        "Lire aussi : [autre](/o)\n\n## Setext or ATX\n\nProse… Lire la suite\n\n"
        "Part two\n--------\n\nMore prose.\n\nThe post T appeared first on B.\n"
    )
    assert article_text(text) == (
        ["Setext or ATX", "Prose…", "Part two", "More prose."],
        (0, 2),
    )


def test_empty_and_template_only_texts_give_nothing() -> None:
    assert markdown_blocks("") == []
    assert markdown_blocks("{{< figure src='x.png' >}}\n\n{% raw %}{% endraw %}") == []
