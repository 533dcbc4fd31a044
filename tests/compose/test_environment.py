"""The template environment: defaults, overrides, strictness, sandbox, error locations."""

from __future__ import annotations

from pathlib import Path

import jinja2
import pytest

from syndicator.compose import build_templates, compose
from syndicator.compose.environment import default_dir
from syndicator.errors import TemplateError
from syndicator.models import Article
from syndicator.networks.registry import spec

ARTICLE = Article(id="1", url="https://example.org/a", title="Titre", summary="Résumé")


def test_defaults_are_found() -> None:
    templates = build_templates()
    for name in ("x.txt.j2", "mastodon.txt.j2", "bluesky.txt.j2"):
        assert templates.load(name).filename == str(default_dir() / name)


def test_user_folder_overrides_by_name(tmp_path: Path) -> None:
    (tmp_path / "x.txt.j2").write_text("Nouveau : {{ title }} {{ url }}", encoding="utf-8")
    templates = build_templates(tmp_path)
    post = compose(
        ARTICLE,
        network=spec("x"),
        templates=templates,
        template="x.txt.j2",
        limits=spec("x").default_limits(),
    )
    assert post.text == "Nouveau : Titre https://example.org/a"
    other = compose(
        ARTICLE,
        network=spec("mastodon"),
        templates=templates,
        template="mastodon.txt.j2",
        limits=spec("mastodon").default_limits(),
    )
    assert other.text.startswith("Titre")


def _render_error(tmp_path: Path, source: str) -> TemplateError:
    (tmp_path / "t.j2").write_text(source, encoding="utf-8")
    with pytest.raises(TemplateError) as info:
        compose(
            ARTICLE,
            network=spec("x"),
            templates=build_templates(tmp_path),
            template="t.j2",
            limits=spec("x").default_limits(),
        )
    return info.value


def test_unknown_variable_names_file_and_line(tmp_path: Path) -> None:
    error = _render_error(tmp_path, "{{ title }}\n\n{{ titel }}\n")
    assert error.line == 3
    assert error.template.endswith("t.j2")
    assert "titel" in str(error)


def test_syntax_error_names_file_and_line(tmp_path: Path) -> None:
    error = _render_error(tmp_path, "{{ title }}\n{% if %}\n")
    assert error.line == 2
    assert "t.j2" in str(error)


def test_sandbox_refuses_unsafe_access(tmp_path: Path) -> None:
    error = _render_error(tmp_path, "{{ title.__class__.__mro__ }}")
    assert "t.j2" in str(error)


def test_missing_template(tmp_path: Path) -> None:
    with pytest.raises(TemplateError, match=r"nope\.j2"):
        compose(
            ARTICLE,
            network=spec("x"),
            templates=build_templates(tmp_path),
            template="nope.j2",
            limits=spec("x").default_limits(),
        )


def test_plain_text_no_escaping_and_none_prints_nothing(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("{{ title }} <&> {{ author }}{{ url }}", encoding="utf-8")
    article = Article(id="1", url="https://e.org/", title="R&D <b>")
    post = compose(
        article,
        network=spec("mastodon"),
        templates=build_templates(tmp_path),
        template="t.j2",
        limits=spec("mastodon").default_limits(),
    )
    assert post.text == "R&D <b> <&> https://e.org/"


def test_hashtag_filter(tmp_path: Path) -> None:
    (tmp_path / "t.j2").write_text("{{ 'réseaux sociaux' | hashtag }} {{ url }}", "utf-8")
    post = compose(
        ARTICLE,
        network=spec("x"),
        templates=build_templates(tmp_path),
        template="t.j2",
        limits=spec("x").default_limits(),
    )
    assert post.text == "#RéseauxSociaux https://example.org/a"


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ('{{ "ab" * 300000000 }}{{ url }}', "too large for a template"),
        ("{{ 10 ** 100000000 }}", "too large for a template"),
        ('{% for i in range(90000) %}{{ "abcdef" }}{% endfor %}', "more than 100,000"),
        ("{{ title | shorten(-1) }}", "rank must be a whole number from 1 to 9"),
    ],
)
def test_templates_cannot_build_huge_output_or_bad_ranks(
    tmp_path: Path, template: str, expected: str
) -> None:
    error = _render_error(tmp_path, template)
    assert expected in str(error)
    assert "t.j2" in str(error)


def _x_post() -> str:
    templates = build_templates()
    post = compose(
        ARTICLE, network=spec("x"), templates=templates, template="x.txt.j2",
        limits=spec("x").default_limits(),
    )  # fmt: skip
    return post.text


def test_compiled_templates_are_kept_for_the_next_start(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    text = _x_post()
    (kept,) = (tmp_path / "cache" / "syndicator" / "templates").rglob("*.cache")

    def no_compiling(*args: object, **kwargs: object) -> None:
        raise AssertionError("compiled again")

    monkeypatch.setattr(jinja2.Environment, "compile", no_compiling)
    assert _x_post() == text  # a new environment, the template from the cache
    monkeypatch.undo()

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    kept.write_bytes(kept.read_bytes()[:40])  # damaged: compiled again, kept again
    assert _x_post() == text
    assert len(kept.read_bytes()) > 40


def test_a_cache_folder_that_cannot_be_written_costs_only_the_compiling(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "cache").write_text("a file where the folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    assert _x_post().startswith("Titre")
