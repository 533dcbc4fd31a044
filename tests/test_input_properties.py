"""Issue 13: random, deeply nested, huge and mis-encoded input to every source kind.

Each example writes one hostile source (a feed, a JSON Feed, a Markdown file, a folder of
them, an HTML page, a plain-text article, or the same bytes on stdin) next to one good
Markdown article, and runs ``syndicator post --all`` through the command line against the
X and Mastodon fakes. Whatever the input: no traceback, exit code 0, 1 or 2, a bounded
time per example (hypothesis' deadline), the good article goes out, nothing from a source
refused as a whole is posted, and no secret appears in the output.
"""

from __future__ import annotations

import itertools
import json
from datetime import timedelta
from pathlib import Path

from click.testing import CliRunner
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from syndicator.cli import cli
from syndicator.errors import SourceError
from syndicator.sources import load
from tests.fakes.world import SECRET_VALUES, World

KINDS = ("feed", "jsonfeed", "markdown", "folder", "html", "text", "stdin")
_COUNTER = itertools.count()

# Pieces an adversary would use: markup, entities, control and bidi characters, BOMs.
_NASTY = st.sampled_from(
    ["<", ">", "&", "&amp;", "&#0;", "]]>", "<![CDATA[", "\x00", "\u202e", "\ufeff", "\r",
     "\u0301", "---", "+++", "{{", "{%", "\\", '"', "'", "\n\n", "https://hostile.test/x"]
)  # fmt: skip
TEXT = st.lists(st.one_of(st.text(max_size=20), _NASTY), max_size=12).map("".join)
IMAGES = st.sampled_from(
    ["", "", "", "", "../../outside/secret.jpg", "/etc/hostname", "~/secret.jpg",
     "http://127.0.0.1:9/admin.png", "http://169.254.169.254/latest/meta-data", "cover.png"]
)  # fmt: skip


@st.composite
def nested(draw: st.DrawFn, opened: str, closed: str) -> str:
    """A run of ``opened``, some text, and (maybe not all of) the matching ``closed``."""
    depth = draw(st.sampled_from([0, 3, 1_000, 20_000, 100_000]))
    shut = draw(st.sampled_from([depth, depth // 2, 0]))
    return opened * depth + draw(TEXT) + closed * shut


@st.composite
def huge(draw: st.DrawFn, piece: str) -> str:
    """``piece`` repeated up to 20,000 times (hundreds of KB: the caps have their own tests)."""
    return piece * draw(st.sampled_from([0, 1, 1_000, 20_000]))


@st.composite
def document(draw: st.DrawFn, kind: str) -> str:
    """The text of one source of ``kind`` (``folder`` and ``stdin`` use Markdown or any)."""
    title = draw(TEXT)
    html = draw(nested("<div>", "</div>"))
    if kind == "feed":
        items = draw(huge("<item><title>t</title><link>https://hostile.test/i</link></item>"))
        return (
            f'<?xml version="1.0"?><rss version="2.0"><channel><title>{draw(TEXT)}</title>'
            f"<item><title>{title}</title><link>https://hostile.test/f</link>"
            f"<description><![CDATA[{html}]]></description>"
            f"<media:content url='{draw(IMAGES)}' medium='image'/></item>{items}"
            f"{draw(nested('<x>', '</x>'))}</channel></rss>"
        )
    if kind == "jsonfeed":
        return (
            '{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": "1", '
            f'"url": "https://hostile.test/j", "title": {json.dumps(title)}, '
            f'"content_html": {json.dumps(html)}, "image": {json.dumps(draw(IMAGES))}, '
            f'"tags": {draw(nested("[", "]"))}}}]}}'
        )
    if kind == "html":
        return (
            "<!doctype html><html><head><link rel=canonical href='https://hostile.test/h'>"
            f"<meta property='og:type' content='article'><title>{title}</title>"
            f"<meta property='og:image' content='{draw(IMAGES)}'>"
            f"<script type='application/ld+json'>{draw(nested('[', ']'))}</script></head>"
            f"<body><article>{html}{draw(huge('<p>para</p>'))}</article></body></html>"
        )
    if kind == "text":
        return f"{title}\nhttps://hostile.test/t\n\n{draw(TEXT)}{draw(huge('line of text '))}"
    deep = draw(st.sampled_from([nested("[", "]"), nested("{a: ", "}"), TEXT]))
    if draw(st.booleans()):
        return (
            f"+++\ntitle = {json.dumps(title)}\nurl = 'https://hostile.test/m'\n"
            f"image = {json.dumps(draw(IMAGES))}\nx = {draw(nested('[', ']'))}\n+++\n{html}\n"
        )
    return (
        f"---\ntitle: {json.dumps(title)}\nurl: https://hostile.test/m\n"
        f"image: {json.dumps(draw(IMAGES))}\nx: {draw(deep)}\n---\n{html}{draw(huge(HEADING))}"
    )


HEADING = "# h\n"


@st.composite
def encoded(draw: st.DrawFn, text: str) -> bytes:
    """``text`` as bytes, well or badly encoded, maybe with stray bytes inside."""
    codec = draw(st.sampled_from(["utf-8"] * 4 + ["utf-8-sig", "utf-16", "utf-16-le", "latin-1"]))
    data = text.encode(codec, "replace")
    if draw(st.integers(0, 3)) == 0:
        at = draw(st.integers(0, len(data)))
        data = data[:at] + draw(st.binary(max_size=16)) + data[at:]
    return data


@st.composite
def hostile(draw: st.DrawFn) -> tuple[str, list[bytes]]:
    """A source kind and the bytes of its file(s)."""
    kind = draw(st.sampled_from(KINDS))
    inner = draw(st.sampled_from(KINDS[:-2])) if kind == "stdin" else kind
    count = draw(st.integers(1, 3)) if kind == "folder" else 1
    inner = "markdown" if kind == "folder" else inner
    texts = [draw(document(inner)) for _ in range(count)]
    return kind, [draw(encoded(text)) for text in texts]


_SUFFIX = {"feed": ".xml", "jsonfeed": ".json", "markdown": ".md", "html": ".html", "text": ".txt"}


def place(folder: Path, kind: str, files: list[bytes]) -> tuple[str, bytes | None]:
    """Write the hostile source under ``folder``; return its argument and stdin bytes."""
    if kind == "stdin":
        return "-", files[0]
    if kind == "folder":
        target = folder / "posts"
        target.mkdir()
        for index, data in enumerate(files):
            (target / f"post{index}.md").write_bytes(data)
        return str(target), None
    path = folder / f"source{_SUFFIX[kind]}"
    path.write_bytes(files[0])
    return str(path), None


@settings(
    max_examples=30,
    deadline=timedelta(seconds=60),  # per example: a hang, not a slow machine, fails it
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(case=hostile())
def test_hostile_input_to_every_source_kind(world: World, case: tuple[str, list[bytes]]) -> None:
    kind, files = case
    run = world.folder / f"run{next(_COUNTER)}"
    run.mkdir()
    (run / "cover.png").write_bytes(b"not really a png")
    source, stdin = place(run, kind, files)
    good_url = f"https://good.test/{run.name}/"
    good = run / "good.md"
    good.write_text(f"---\ntitle: Good {run.name}\nurl: {good_url}\n---\nFine.\n", "utf-8")
    before = world.totals()
    config = world.write_config()
    state = run / "state.db"
    result = CliRunner().invoke(
        cli,
        ["post", source, str(good), "--all", "--config", str(config), "--state", str(state)],
        input=stdin,
    )
    output = result.output
    assert result.exception is None or isinstance(result.exception, SystemExit), output[-2000:]
    assert "Traceback" not in output
    assert result.exit_code in (0, 1, 2), output[-2000:]
    assert not any(secret in output for secret in SECRET_VALUES)
    for network in ("x", "mastodon"):
        assert world.count(network, good_url) == 1, output[-2000:]
    refused = _refused(source, stdin, run)
    event(f"{kind}: exit {result.exit_code}, {'refused' if refused else 'read'}")
    if refused:
        after = world.totals()
        assert {n: after[n] - before[n] for n in after} == {"x": 1, "mastodon": 1}, output
        assert result.exit_code == 2


def _refused(source: str, stdin: bytes | None, run: Path) -> bool:
    """Tell whether the source is refused as a whole (``load`` raises for it)."""
    if stdin is not None:  # the same bytes in a file with no telling name are read alike
        source = str(run / "stdin")
        Path(source).write_bytes(stdin)
    try:
        load(source)
    except SourceError:
        return True
    return False
