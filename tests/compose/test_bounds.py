"""Hostile templates end quickly with one clear error naming the template (issue 13, row 7)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from syndicator.compose import build_templates, compose
from syndicator.errors import FitError, TemplateError
from syndicator.models import Article
from syndicator.networks.registry import spec

ARTICLE = Article(
    id="1", url="https://example.org/a", title="Titre", summary="Résumé", body="Corps " * 50
)

HOSTILE = {
    "nested ranges": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{% endfor %}{% endfor %}{{ title }}",
    "nested ranges printing": "{% for i in range(100000) %}{% for j in range(100000) %}"
    "{{ j }}{% endfor %}{% endfor %}",
    "lipsum": "{{ lipsum(n=1000000) }}",
    "lipsum words": "{{ lipsum(n=100, min=1000, max=1000) }}",
    "percent width": "{{ '%0999999999d'|format(1) }}",
    "percent star width": "{{ '%*d'|format(999999999, 1) }}",
    "percent operator": "{{ '%0999999999d' % 1 }}",
    "center": "{{ title|center(2e9) }}",
    "center int": "{{ title|center(2000000000) }}",
    "str.format width": "{{ '{:>999999999}'.format(title) }}",
    "str.format nested width": "{{ '{:>{w}}'.format(title, w=999999999) }}",
    "str method width": "{{ title.ljust(2000000000) }}",
    "expandtabs": "{{ ('\\t' * 50000).expandtabs(90000) }}",
    "recursive macro": "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
    "recursive loop": "{% for x in [[1]] recursive %}{{ loop([[1]]) }}{% endfor %}",
    "repeat": "{{ 'x' * 1000000000 }}",
    "repeat list": "{{ ([1] * 1000000000)|length }}",
    "power": "{{ (9 ** 100) ** 100 ** 100 }}",
    "big ints": "{% set ns = namespace(n=10 ** 100) %}{% for i in range(100) %}"
    "{% set ns.n = ns.n * ns.n %}{% endfor %}{{ ns.n > 1 }}",
    "output": "{% for i in range(100000) %}{{ summary }}{{ title }}{% endfor %}",
    "macro buffer": "{% macro m() %}{% for i in range(100000) %}{{ 'y'|center(9000) }}"
    "{% endfor %}{% endmacro %}{{ m()|length }}",
    "set block": "{% set big %}{% for i in range(100000) %}{{ 'y' * 90000 }}{% endfor %}"
    "{% endset %}{{ big|length }}",
    "doubling string": "{% set ns = namespace(s='ab') %}{% for i in range(60) %}"
    "{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
    "doubling list": "{% set ns = namespace(l=[1]) %}{% for i in range(60) %}"
    "{% set ns.l = ns.l + ns.l %}{% endfor %}{{ ns.l|length }}",
    "extend doubling": "{% set l = [1] %}{% for i in range(60) %}{% set _ = l.extend(l) %}"
    "{% endfor %}{{ l|length }}",
    "join": "{{ ('x' * 90000)|join(range(90000)|map('string')) }}",
    "str join": "{{ ('x' * 90000).join(range(90000)|map('string')) }}",
    "replace": "{{ ('x' * 90000)|replace('', 'y' * 90000) }}",
    "str replace": "{{ ('x' * 90000).replace('', 'y' * 90000) }}",
    "indent": "{{ ('a\\n' * 90000)|indent(90000) }}",
    "wordwrap": "{{ ('a ' * 90000)|wordwrap(1, wrapstring='z' * 90000) }}",
    "tojson indent": "{{ range(90000)|list|tojson(indent=90000) }}",
    "slice": "{{ [1]|slice(2000000000)|list|length }}",
    "translate": "{{ title.translate({84: 'z' * 90000}) }}",
    "self include": "{% include 't.j2' %}",
}


def _compose(folder: Path, source: str) -> object:
    (folder / "t.j2").write_text(source, encoding="utf-8")
    return compose(
        ARTICLE,
        network=spec("mastodon"),
        templates=build_templates(folder),
        template="t.j2",
        limits=spec("mastodon").default_limits(),
    )


@pytest.mark.parametrize("source", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_template_is_one_clear_error(tmp_path: Path, source: str) -> None:
    with pytest.raises(TemplateError) as info:
        _compose(tmp_path, source)
    message = str(info.value)
    assert "t.j2" in message
    assert "\n" not in message
    assert len(message) < 400


def test_ordinary_templates_still_render(tmp_path: Path) -> None:
    source = (
        "{% macro tag(t) %}#{{ t }}{% endmacro %}"
        "{{ title|center(20)|trim }} {{ '%05d'|format(42) }} {{ '{:>6}'.format('ab') }}"
        "{% for i in range(3) %}{{ tag(i) }}{% endfor %} {{ lipsum(n=1, html=False)|length > 10 }}"
        " {{ [1, 2] * 2 }} {{ 2 ** 10 }} {{ url }}"
    )
    post = _compose(tmp_path, source)
    text = getattr(post, "text", "")
    assert text.startswith("Titre 00042     ab#0#1#2 True [1, 2, 1, 2] 1024")


PIECES = st.sampled_from(
    [
        "range(100000)",
        "range(99999999999)",
        "'x' * 1000000",
        "[1] * 99999",
        "'%09999999d'|format(1)",
        "title|center(2e9)",
        "title|center(99999)",
        "'{:>99999999}'.format(1)",
        "lipsum(n=100000)",
        "lipsum(n=50, min=500, max=900)",
        "m(1)",
        "9 ** 9999",
        "'y' * 99999",
        "summary ~ title",
        "title|replace('', 'zzzz')",
        "'9' * 99999",
        "range(1000)|join('-' * 9999)",
    ]
)


@st.composite
def hostile_templates(draw: st.DrawFn) -> str:
    """Return a random template made of loops, macros and big expressions."""
    parts = ["{% macro m(n) %}{{ m(n + 1) if n < 3000 else n }}{% endmacro %}"]
    for _ in range(draw(st.integers(1, 4))):
        expression = draw(PIECES)
        shape = draw(st.sampled_from(["print", "loop", "nested", "set"]))
        if shape == "print":
            parts.append(f"{{{{ {expression} }}}}")
        elif shape == "loop":
            parts.append(f"{{% for i in {expression} %}}{{{{ i }}}}{{% endfor %}}")
        elif shape == "nested":
            parts.append(
                f"{{% for i in range(1000) %}}{{% for j in range(1000) %}}"
                f"{{{{ ({expression})|length }}}}{{% endfor %}}{{% endfor %}}"
            )
        else:
            parts.append(f"{{% set v %}}{{{{ {expression} }}}}{{% endset %}}{{{{ v|length }}}}")
    parts.append("{{ url }}")
    return "".join(parts)


@settings(
    max_examples=40,
    deadline=timedelta(seconds=30),  # a render has a 2 s budget; the machine may be busy
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(source=hostile_templates())
def test_random_hostile_templates_end_cleanly(tmp_path: Path, source: str) -> None:
    error: Exception | None = None
    try:
        post = _compose(tmp_path, source)
    except (TemplateError, FitError) as exc:
        error = exc
    if error is not None:
        assert "t.j2" in str(error)
        assert len(str(error)) < 400
    else:
        assert getattr(post, "length", 0) <= getattr(post, "limit", 0)
