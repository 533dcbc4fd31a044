"""Per-article overrides: the front matter's ``syndicator:`` block."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from syndicator.compose.overrides import NetworkOverride, Overrides, parse_overrides
from syndicator.errors import ConfigError
from syndicator.networks import registry

WHERE = "posts/hello.md"


def parse_block(settings: Any, *, where: str) -> Overrides:
    """Parse with the installed networks' options, as the pipeline does."""
    options = {name: spec.post_option_types() for name, spec in registry.specs().items()}
    return parse_overrides(settings, where=where, networks=options)


def parse(text: str) -> Overrides:
    return parse_block(yaml.safe_load(text)["syndicator"], where=WHERE)


def test_the_documented_example_parses() -> None:
    overrides = parse(
        """
syndicator:
  skip: [x]
  lang: fr
  thread: true
  x: {text: "Autre texte", template: x-short.txt.j2, thread: false}
  mastodon: {visibility: unlisted, spoiler_text: "Politique", sensitive: false}
  bluesky: {lang: fr-CA}
"""
    )
    x = overrides.for_network("x")
    assert x.skip
    assert x.text == "Autre texte"
    assert x.template == "x-short.txt.j2"
    assert x.thread is False  # the network's own block wins over the article-wide key
    assert x.lang == "fr"
    mastodon = overrides.for_network("mastodon")
    assert not mastodon.skip
    assert mastodon.thread is True
    assert dict(mastodon.options) == {
        "visibility": "unlisted",
        "spoiler_text": "Politique",
        "sensitive": False,
    }
    assert overrides.for_network("bluesky").lang == "fr-CA"
    assert overrides.for_network("bluesky").options == {}


@pytest.mark.parametrize("settings", [None, {}])
def test_no_block_means_no_override(settings: dict[str, Any] | None) -> None:
    overrides = parse_block(settings, where=WHERE)
    assert not overrides
    assert overrides.for_network("mastodon") == NetworkOverride()


@pytest.mark.parametrize(
    ("skip", "skipped"),
    [
        (True, {"x", "mastodon", "bluesky"}),
        (False, set()),
        ("bluesky", {"bluesky"}),
        (["x", "mastodon"], {"x", "mastodon"}),
    ],
)
def test_skip_forms(skip: Any, skipped: set[str]) -> None:
    overrides = parse_block({"skip": skip}, where=WHERE)
    assert {n for n in ("x", "mastodon", "bluesky") if overrides.for_network(n).skip} == skipped


def test_skip_inside_a_network_block() -> None:
    overrides = parse_block({"bluesky": {"skip": True}}, where=WHERE)
    assert overrides.for_network("bluesky").skip
    assert not overrides.for_network("x").skip


def test_article_wide_text_applies_to_every_network_unless_replaced() -> None:
    overrides = parse_block({"text": "Commun", "x": {"text": "Court"}}, where=WHERE)
    assert overrides.for_network("x").text == "Court"
    assert overrides.for_network("mastodon").text == "Commun"


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            {"mastodon": {"visibilty": "unlisted"}},
            "posts/hello.md: syndicator.mastodon.visibilty: unknown setting"
            " (did you mean visibility?)",
        ),
        ({"skp": ["x"]}, "syndicator.skp: unknown setting (did you mean skip?)"),
        ({"mastadon": {}}, "syndicator.mastadon: unknown setting (did you mean mastodon?)"),
        ({"skip": ["x", "blusky"]}, "syndicator.skip[1]: 'blusky' is not a network"),
        ({"skip": "twitter"}, "syndicator.skip: 'twitter' is not a network"),
        ({"skip": 3}, "syndicator.skip: expected true, a network name or a list"),
        ({"thread": "yes"}, "syndicator.thread: expected true or false, got 'yes'"),
        ({"x": {"thread": 1}}, "syndicator.x.thread: expected true or false, got 1"),
        ({"lang": "French"}, "syndicator.lang: 'French' is not a language code"),
        ({"bluesky": {"lang": "fr_FR"}}, "syndicator.bluesky.lang: 'fr_FR' is not a language"),
        ({"mastodon": {"visibility": "secret"}}, "syndicator.mastodon.visibility: 'secret'"),
        ({"mastodon": {"sensitive": "no"}}, "syndicator.mastodon.sensitive: expected true"),
        # visibility is Mastodon's alone: X has no such setting.
        ({"x": {"visibility": "unlisted"}}, "syndicator.x.visibility: unknown setting"),
        ({"x": {"text": "  "}}, "syndicator.x.text: is empty"),
        ({"text": ""}, "syndicator.text: is empty"),
        ({"x": False}, "syndicator.x: expected a mapping of settings, got False (to skip x"),
        ({"x": {"template": 3}}, "syndicator.x.template: expected a template file name"),
    ],
)
def test_mistakes_name_the_file_and_the_key(settings: dict[str, Any], message: str) -> None:
    with pytest.raises(ConfigError) as caught:
        parse_block(settings, where=WHERE)
    assert message in str(caught.value)
    assert str(caught.value).startswith(f"{WHERE}: syndicator.")


def test_a_block_that_is_not_a_mapping_is_an_error() -> None:
    with pytest.raises(ConfigError, match=r"posts/hello.md: syndicator: expected a mapping"):
        parse_block(["x"], where=WHERE)  # type: ignore[arg-type]


def test_describe_lists_what_the_preview_shows() -> None:
    overrides = parse_block(
        {
            "mastodon": {"visibility": "unlisted", "template": "m.txt.j2", "thread": False},
            "lang": "fr",
        },
        where=WHERE,
    )
    assert overrides.for_network("mastodon").describe() == (
        "template m.txt.j2",
        "no thread",
        "language fr",
        "visibility 'unlisted'",
    )
    assert parse_block({"skip": True}, where=WHERE).for_network("x").describe() == (
        "skipped by the article's front matter",
    )
    assert NetworkOverride().describe() == ()


def test_overrides_are_frozen() -> None:
    overrides = parse_block({"mastodon": {"visibility": "private"}}, where=WHERE)
    with pytest.raises(TypeError):
        overrides.for_network("mastodon").options["visibility"] = "public"  # type: ignore[index]


def test_the_block_as_the_markdown_source_hands_it_over(fixtures: Path) -> None:
    """Sources freeze the block (tuples, read-only mappings): it parses the same."""
    from syndicator.sources.markdown import parse_markdown

    text = (fixtures / "threads-musk-meta.md").read_text("utf-8")
    block = (
        "syndicator:\n"
        "  skip: [x]\n"
        "  mastodon: {visibility: unlisted, spoiler_text: Politique}\n"
        "  bluesky:\n    text: Un autre texte\n"
    )
    text = text.replace("---\n", "---\n" + block, 1)
    article = parse_markdown(text, path=None, where="threads-musk-meta.md", default_lang="en")
    overrides = parse_block(article.settings, where=article.source or "threads-musk-meta.md")
    assert overrides.for_network("x").skip
    assert overrides.for_network("mastodon").options == {
        "visibility": "unlisted",
        "spoiler_text": "Politique",
    }
    assert overrides.for_network("bluesky").text == "Un autre texte"


def test_norwegian_survives_yaml() -> None:
    assert parse("syndicator:\n  lang: no\n").for_network("x").lang == "no"
