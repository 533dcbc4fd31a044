"""``syndicator preview``: what a person or a CI job sees before anything is posted."""

from __future__ import annotations

import json
import shutil
import unicodedata
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from syndicator.cli import cli
from syndicator.cli.stream import json_text

ARTICLE_URL = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
TITLE = "Threads : Elon Musk se prépare à une action en justice contre Meta"
KEYS = {
    "network",
    "article_id",
    "url",
    "text",
    "thread",
    "length",
    "limit",
    "truncated",
    "lang",
    "lang_from",
    "media",
    "facets",
}


def run(*args: str, input: str | None = None) -> Any:
    return CliRunner().invoke(cli, list(args), input=input)


def preview_json(*args: str) -> dict[str, Any]:
    result = run("preview", "--format", "json", *args)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.output)
    return document


@pytest.mark.parametrize(
    "name", ["threads-musk-meta.md", "threads-musk-meta.html", "threads-musk-meta.txt"]
)
def test_example_article_previews_in_french_within_every_limit(fixtures: Path, name: str) -> None:
    # A plain-text article carries no URL: give it on the command line.
    url = ("--url", ARTICLE_URL + "?utm_source=twitter") if name.endswith(".txt") else ()
    document = preview_json(str(fixtures / name), *url)
    assert document["errors"] == []
    posts = document["posts"]
    assert [post["network"] for post in posts] == ["x", "mastodon", "bluesky"]
    for post in posts:
        assert post["lang"] == "fr"
        assert 0 < post["length"] <= post["limit"]
        assert post["url"] == ARTICLE_URL
        assert "Elon Musk" in post["text"]
        assert "Lire aussi" not in post["text"]
        assert "commentaire" not in post["text"].lower()
    x, mastodon, bluesky = posts
    assert (x["limit"], mastodon["limit"], bluesky["limit"]) == (280, 500, 300)
    assert ARTICLE_URL in x["text"]
    assert ARTICLE_URL in mastodon["text"]
    links = [f["features"][0] for f in bluesky["facets"] if "uri" in f["features"][0]]
    assert [link["uri"] for link in links] == [ARTICLE_URL]


def test_json_keys_are_the_documented_ones(fixtures: Path) -> None:
    document = preview_json(str(fixtures / "threads-musk-meta.md"))
    assert set(document) == {"posts", "errors", "skipped", "warnings", "spend"}
    for post in document["posts"]:
        expected = KEYS if post["network"] == "bluesky" else KEYS - {"facets"}
        assert expected <= set(post)
        assert post["media"] == [
            {
                "source": post["media"][0]["source"],
                "alt": "Les logos de Threads et de Twitter côte à côte",
            }
        ]
        assert post["media"][0]["source"].endswith("threads-musk-meta.jpg")


def test_json_is_written_post_by_post_as_one_document(fixtures: Path, tmp_path: Path) -> None:
    # Two articles, one failing its template: posts, then errors, in json_text's layout.
    bad = tmp_path / "bad.md"
    bad.write_text("---\ntitle: T\nurl: https://e.org/a\nsyndicator: {thread: maybe}\n---\nB\n")
    result = run("preview", "--format", "json", str(fixtures / "threads-musk-meta.md"), str(bad))
    document = json.loads(result.stdout)
    assert len(document["posts"]) == 3
    assert document["errors"]
    assert result.stdout == json_text(document) + "\n"
    empty = run("preview", "--format", "json", str(bad))
    assert empty.stdout == json_text(json.loads(empty.stdout)) + "\n"
    assert json.loads(empty.stdout)["posts"] == []


def test_jsonl_is_one_post_a_line(fixtures: Path) -> None:
    example = str(fixtures / "threads-musk-meta.md")
    result = run("preview", "--format", "jsonl", example)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert [json.loads(line) for line in lines] == preview_json(example)["posts"]


def test_bluesky_facets_point_at_the_right_bytes(fixtures: Path) -> None:
    (bluesky,) = preview_json("-n", "bluesky", str(fixtures / "threads-musk-meta.md"))["posts"]
    raw = bluesky["text"].encode("utf-8")
    for facet in bluesky["facets"]:
        visible = raw[facet["index"]["byteStart"] : facet["index"]["byteEnd"]].decode("utf-8")
        feature = facet["features"][0]
        if "tag" in feature:
            assert visible == "#" + feature["tag"]
        else:
            assert visible.startswith("example.fr/actu/")
    assert any(f["features"][0].get("tag") == "RéseauxSociaux" for f in bluesky["facets"])


def test_text_output_shows_length_language_and_image(fixtures: Path) -> None:
    result = run("preview", str(fixtures / "threads-musk-meta.md"))
    assert result.exit_code == 0, result.output
    assert f"X · {TITLE}" in result.output
    assert "/280 · lang fr" in result.output
    assert "/500 · lang fr" in result.output
    assert "/300 · lang fr" in result.output
    assert "alt: Les logos de Threads et de Twitter côte à côte" in result.output


def test_feed_previews_every_item_for_every_network(fixtures: Path) -> None:
    document = preview_json(str(fixtures / "feed.xml"))
    assert len(document["posts"]) == 9
    assert {post["lang"] for post in document["posts"]} == {"fr"}
    assert all("utm_" not in post["url"] for post in document["posts"])


def test_fields_from_the_command_line_on_stdin() -> None:
    text = "Un titre à la une\n\nUn résumé court.\n"
    result = run("preview", "-n", "mastodon", "--format", "json", "-", input=text)
    assert result.exit_code == 0, result.output
    (post,) = json.loads(result.output)["posts"]
    assert post["text"].startswith("Un titre à la une")


def test_missing_file_is_one_clear_line_and_exit_2(tmp_path: Path) -> None:
    result = run("preview", str(tmp_path / "nope.md"))
    assert result.exit_code == 2
    assert "nope.md" in result.output
    assert "Traceback" not in result.output


def test_one_bad_source_does_not_hide_the_others(fixtures: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xml"
    bad.write_text("<rss><channel><item><title>oops", encoding="utf-8")
    result = run("preview", "-n", "x", str(bad), str(fixtures / "threads-musk-meta.md"))
    assert result.exit_code == 2
    assert TITLE in result.output
    assert "bad.xml" in result.output


@pytest.mark.parametrize(
    ("template", "expected"),
    [
        ("{{ title }\n", "x.txt.j2, line 1"),
        ("{{ title }}\n{{ url }}\n{{ no_such_field }}\n", "no_such_field"),
    ],
)
def test_template_errors_name_the_template_and_exit_2(
    fixtures: Path, tmp_path: Path, template: str, expected: str
) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "x.txt.j2").write_text(template, encoding="utf-8")
    config = tmp_path / "syndicator.yaml"
    config.write_text("templates_dir: tpl\n", encoding="utf-8")
    result = run("preview", "-c", str(config), "-n", "x", str(fixtures / "threads-musk-meta.md"))
    assert result.exit_code == 2
    assert expected in result.output
    assert "Traceback" not in result.output


def test_a_user_template_overrides_the_default_by_name(fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "tpl").mkdir()
    (tmp_path / "tpl" / "mastodon.txt.j2").write_text("Nouveau : {{ title }} {{ url }}\n")
    (tmp_path / "syndicator.yaml").write_text("templates_dir: tpl\n", encoding="utf-8")
    document = preview_json(str(fixtures / "threads-musk-meta.md"))  # finds ./syndicator.yaml
    texts = {post["network"]: post["text"] for post in document["posts"]}
    assert texts["mastodon"] == f"Nouveau : {TITLE} {ARTICLE_URL}"
    assert not texts["x"].startswith("Nouveau")


def test_article_typed_on_the_command_line() -> None:
    document = preview_json(
        "--title",
        "Élève à l’école",
        "--url",
        "https://blog.test/a?utm_medium=x",
        "--tag",
        "Éducation, vie scolaire",
        "--lang",
        "fr-FR",
        "-n",
        "bluesky",
    )
    (post,) = document["posts"]
    assert post["url"] == "https://blog.test/a"
    assert post["lang"] == "fr"
    assert "#Éducation" in post["text"]
    assert "#VieScolaire" in post["text"]


def test_no_source_and_no_fields_is_a_usage_error() -> None:
    result = run("preview")
    assert result.exit_code == 2
    assert "--title and --url" in result.output


def test_fields_cannot_override_a_whole_feed(fixtures: Path) -> None:
    result = run("preview", "--url", ARTICLE_URL, str(fixtures / "feed.xml"))
    assert result.exit_code == 2
    assert "apply to one article; the sources hold 3" in result.output


def test_front_matter_overrides_are_applied_and_shown(
    fixtures: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    text = (fixtures / "threads-musk-meta.md").read_text(encoding="utf-8")
    block = (
        "syndicator:\n  skip: [x]\n  mastodon:\n    visibility: unlisted\n"
        "    spoiler_text: Justice\n  bluesky:\n    text: Court et bon {{ url }}\n"
    )
    article = tmp_path / "article.md"
    article.write_text(text.replace("---\n", "---\n" + block, 1), encoding="utf-8")
    # The image must sit in the article's own folder (docs/security.md).
    shutil.copy(fixtures / "threads-musk-meta.jpg", tmp_path)
    summary = tmp_path / "summary.md"
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(summary))
    result = run("preview", str(article))
    assert result.exit_code == 0, result.output
    assert "X · " not in result.output
    assert "skipped (front matter)" in result.output
    assert "front matter: visibility 'unlisted'" in result.output
    assert "spoiler_text: Justice" in result.output
    table = summary.read_text(encoding="utf-8")
    assert "| Article | Network | Length | Status | Link or error |" in table
    assert table.count("would post") >= 2
    assert "skipped" in table


def test_a_typo_in_the_front_matter_block_is_one_error_naming_the_key(
    fixtures: Path, tmp_path: Path
) -> None:
    text = (fixtures / "threads-musk-meta.md").read_text(encoding="utf-8")
    article = tmp_path / "article.md"
    article.write_text(
        text.replace("---\n", "---\nsyndicator:\n  mastodon:\n    visibilty: unlisted\n", 1),
        encoding="utf-8",
    )
    result = run("preview", str(article))
    assert result.exit_code == 2
    assert result.output.count("visibilty") == 1
    assert "did you mean visibility?" in result.output


def test_a_configured_x_limit_is_what_the_preview_fits_to(fixtures: Path, tmp_path: Path) -> None:
    (tmp_path / "syndicator.yaml").write_text("networks:\n  x:\n    max_characters: 100\n")
    (post,) = preview_json("-n", "x", str(fixtures / "threads-musk-meta.md"))["posts"]
    assert (post["limit"], post["truncated"]) == (100, True)
    assert post["length"] <= 100
    assert ARTICLE_URL in post["text"]


def test_nothing_printed_carries_a_control_sequence(tmp_path: Path) -> None:
    article = tmp_path / "article.md"
    article.write_text(
        '---\ntitle: "Famille 👨\u200d👩\u200d👧\u200d👦 \\e]0;pwned\\a\\e[2J"\n'
        "url: https://example.org/a\nlang: fr\n---\n\nTexte\u00ad du billet \x1b[31mrouge.\n",
        encoding="utf-8",
    )
    for output in ("text", "json"):
        result = CliRunner().invoke(cli, ["preview", str(article), "--format", output])
        assert result.exit_code == 0, result.output
        assert not any(
            unicodedata.category(char) == "Cc" and char not in "\n\t" for char in result.output
        ), repr(result.output)
        assert "👨\u200d👩\u200d👧\u200d👦" in result.output
        assert "pwned" not in result.output
        assert "\u00ad" not in result.output


def test_error_lines_are_cut_to_a_sane_width() -> None:
    from syndicator.errors import MAX_LINE

    title = "Titre " * 20_000  # 120 KB
    result = CliRunner().invoke(
        cli, ["preview", "--title", title, "--url", "https://example.org/a"]
    )
    errors = [line for line in result.stderr.splitlines() if line.startswith("Error:")]
    for line in result.stderr.splitlines():
        assert len(line) <= MAX_LINE + len("Error: ")
    for line in errors:
        assert "…" in line  # cut in the middle: the start and what to do are kept
    long_url = "https://" + "a" * 5000 + ".example/x"
    result = CliRunner().invoke(cli, ["preview", long_url])
    assert result.exit_code == 2
    assert all(len(line) <= MAX_LINE + 7 for line in result.stderr.splitlines())


def test_the_example_shows_what_the_x_post_costs_with_and_without_its_link(fixtures: Path) -> None:
    result = run("preview", "-n", "x", str(fixtures / "threads-musk-meta.md"))
    assert result.exit_code == 0, result.output
    # $0.200 for a post holding a URL, $0.005 for the image's alt text (X's pricing page).
    assert "  cost: $0.205 (1 post, 1 with a URL, 1 image)" in result.output
    assert (
        "    link in the post $0.205 (chosen) · link in a reply $0.220 · no link $0.020"
    ) in result.output
    assert "  quota: 1 of 100 posts per 15 minutes" in result.output
    assert "x: would spend $0.205 (1 post, 1 with a URL, 1 image)" in result.output


def test_json_prices_each_post_and_the_run(fixtures: Path) -> None:
    document = preview_json(str(fixtures / "threads-musk-meta.md"))
    x, mastodon, bluesky = document["posts"]
    assert x["cost"]["amount"] == "0.205"
    assert x["cost"]["currency"] == "USD"
    assert x["cost"]["link_choices"] == {"post": "0.205", "reply": "0.22", "none": "0.02"}
    assert (mastodon["cost"]["amount"], mastodon["cost"]["currency"]) == ("0", None)
    points = {q["name"]: q["used"] for q in bluesky["cost"]["quota"]}
    assert points == {"points_hour": 3, "points_day": 3}
    assert document["spend"]["x"]["amount"] == "0.205"
    assert document["spend"]["bluesky"]["posts"] == 1


def test_link_in_a_reply_is_previewed_and_priced(fixtures: Path, tmp_path: Path) -> None:
    config = tmp_path / "syndicator.yaml"
    config.write_text("networks:\n  x:\n    link: reply\n", encoding="utf-8")
    (x,) = preview_json("-n", "x", "-c", str(config), str(fixtures / "threads-musk-meta.md"))[
        "posts"
    ]
    assert ARTICLE_URL not in x["text"]
    assert [part["text"] for part in x["thread"]] == [ARTICLE_URL]
    assert x["url"] == ARTICLE_URL
    assert x["cost"]["amount"] == "0.22"  # $0.015 + $0.005 image + $0.200 for the reply
    assert x["options"] == {"link": "reply"}


def test_prices_from_the_config_replace_the_documented_ones(fixtures: Path, tmp_path: Path) -> None:
    config = tmp_path / "syndicator.yaml"
    config.write_text(
        "networks:\n  x:\n    rates: {post_with_url: 0.25, image: 0}\n", encoding="utf-8"
    )
    (x,) = preview_json("-n", "x", "-c", str(config), str(fixtures / "threads-musk-meta.md"))[
        "posts"
    ]
    assert x["cost"]["amount"] == "0.25"
