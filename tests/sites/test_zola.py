"""Zola: URLs from the examples of Zola's own documentation (no installable binary here).

Each case names its page in getzola/zola's docs/content/documentation/. A page's
permalink always ends in "/": ``Page::parse`` appends it and ``make_permalink`` keeps it
(components/content/src/page.rs, components/config/src/config/mod.rs).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicator.sites import find_site
from syndicator.sites.base import Page
from syndicator.sites.zola import slugify

CONFIG = 'base_url = "https://zola.example.org"\ndefault_language = "en"\n{extra}'


def site_with(tmp_path: Path, files: dict[str, str], extra: str = "") -> Path:
    (tmp_path / "config.toml").write_text(CONFIG.format(extra=extra), encoding="utf-8")
    for name, front in files.items():
        path = tmp_path / "content" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(f"+++\n{front}\n+++\nText.\n", encoding="utf-8")
    return tmp_path


def resolve(
    root: Path, name: str, meta: dict[str, object] | None = None
) -> tuple[str | None, str | None]:
    path = (root / "content" / name).resolve()
    site = find_site(path)
    assert site is not None
    assert site.generator == "zola"
    resolved = site.resolve(Page(path=path, meta=meta or {}))
    return resolved.url, resolved.skip


# content/page.md: "the file 2018-10-10.md will be available at [base_url]/2018-10-10,
# and 2018-10-10-hello-world.md will be available at [base_url]/hello-world"; about.md
# and about/index.md are the same page; content/blog/2018-10-10-hello-world.md ->
# [base_url]/blog/hello-world; "content/blog/2021-01-23 -hello new world.md" ->
# [base_url]/blog/hello-new-world.
@pytest.mark.parametrize(
    ("name", "url"),
    [
        ("about.md", "https://zola.example.org/about/"),
        ("about-too/index.md", "https://zola.example.org/about-too/"),
        ("2018-10-10.md", "https://zola.example.org/2018-10-10/"),
        ("2018-10-10-hello-world.md", "https://zola.example.org/hello-world/"),
        ("blog/2018-10-10-hello-world.md", "https://zola.example.org/blog/hello-world/"),
        ("blog/2021-01-23 -hello new world.md", "https://zola.example.org/blog/hello-new-world/"),
        ("foo/bar/thing.md", "https://zola.example.org/foo/bar/thing/"),
        ("foo/bar/index.md", "https://zola.example.org/foo/bar/"),
    ],
)
def test_path_from_the_file_name(tmp_path: Path, name: str, url: str) -> None:
    root = site_with(tmp_path, {name: 'title = "T"'})
    assert resolve(root, name) == (url, None)


# content/page.md, "Path from frontmatter": content/zines/élevage-chèvre.md with
# slug = "élevage-chèvre-carrière-alternative" is at [base_url]/zines/élevage-chèvre-
# carrière-alternative with slugify.paths "safe" or "off", and at
# [base_url]/zines/elevage-chevre-carriere-alternative with the default "on".
@pytest.mark.parametrize(
    ("paths", "url"),
    [
        ("on", "https://zola.example.org/zines/elevage-chevre-carriere-alternative/"),
        ("safe", "https://zola.example.org/zines/élevage-chèvre-carrière-alternative/"),
        ("off", "https://zola.example.org/zines/élevage-chèvre-carrière-alternative/"),
    ],
)
def test_slug_from_front_matter(tmp_path: Path, paths: str, url: str) -> None:
    name = "zines/élevage-chèvre.md"
    root = site_with(tmp_path, {name: ""}, extra=f'[slugify]\npaths = "{paths}"\n')
    meta = {"title": "L'élevage de chèvres", "slug": "élevage-chèvre-carrière-alternative"}
    assert resolve(root, name, meta) == (url, None)


# content/page.md, front matter: "path ... will override both slug and the filename.
# The sections' path won't be used. It should not start with a / and the slash will
# be removed if it does."
def test_path_overrides_slug_and_sections(tmp_path: Path) -> None:
    root = site_with(tmp_path, {"blog/x.md": ""})
    meta = {"title": "X", "slug": "ignored", "path": "/elsewhere/x"}
    assert resolve(root, "blog/x.md", meta) == ("https://zola.example.org/elsewhere/x/", None)


# content/page.md: "This behavior can be disabled by setting slugify.paths_keep_dates".
def test_paths_keep_dates(tmp_path: Path) -> None:
    name = "blog/2018-10-10-hello-world.md"
    root = site_with(tmp_path, {name: ""}, extra="[slugify]\npaths_keep_dates = true\n")
    assert resolve(root, name) == ("https://zola.example.org/blog/2018-10-10-hello-world/", None)


# content/multilingual.md: content/an-article.md is in the default language,
# content/an-article.fr.md in French, output "with a base URL of {base_url}/{code}/".
def test_languages_by_file_suffix(tmp_path: Path) -> None:
    files = {"an-article.md": "", "an-article.fr.md": ""}
    root = site_with(tmp_path, files, extra="[languages.fr]\n")
    assert resolve(root, "an-article.md") == ("https://zola.example.org/an-article/", None)
    path = (root / "content" / "an-article.fr.md").resolve()
    site = find_site(path)
    assert site is not None
    resolved = site.resolve(Page(path=path, meta={"title": "Un article"}))
    assert (resolved.url, resolved.lang) == ("https://zola.example.org/fr/an-article/", "fr")


# content/section.md: _index.md makes a section (a list page); content/page.md: "A
# draft page is only loaded if the --drafts flag is passed".
def test_sections_and_drafts_are_no_article(tmp_path: Path) -> None:
    root = site_with(tmp_path, {"blog/_index.md": "", "blog/d.md": "draft = true"})
    assert resolve(root, "blog/_index.md")[1] == "list page"
    assert resolve(root, "blog/d.md", {"title": "D", "draft": True})[1] == "draft"


def test_slugify_matches_the_slug_crates_tests() -> None:
    # utils/src/slugs.rs can_slugify_paths ("on" column) for the Latin rows.
    assert [slugify(s) for s in ("input", "test ", "tes t", "dot. ")] == [
        "input",
        "test",
        "tes-t",
        "dot",
    ]
