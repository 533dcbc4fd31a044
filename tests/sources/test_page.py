"""HTML article pages: metadata from OpenGraph and JSON-LD, text without the site around it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from syndicator.errors import SourceError
from syndicator.models import Image
from syndicator.sources import load
from syndicator.sources.page import parse_page

from .expected import (
    FIRST_PARAGRAPH,
    IMAGE_ALT,
    IMAGE_URL,
    PUBLISHED,
    TITLE,
    URL,
    assert_clean_body,
)


def test_the_example_page(fixtures: Path) -> None:
    loaded = load(str(fixtures / "threads-musk-meta.html"), default_lang="en")
    assert loaded.collection is False
    (article,) = loaded.articles
    assert article.id == URL  # the canonical link, not og:url with ?utm_source
    assert article.url == URL
    assert article.title == TITLE  # og:title, entities decoded; not <title>'s " - Example Actu"
    assert article.summary == (
        "Elon Musk accuse Meta d’appropriation illicite d’informations confidentielles de "
        "Twitter. D’anciens employés de Twitter sont au cœur de la controverse."
    )
    assert article.lang == "fr"
    assert article.extra["lang_tag"] == "fr-FR"
    assert article.tags == ("Threads", "Meta", "Twitter", "Elon Musk")
    assert article.published == PUBLISHED
    assert article.author == "La rédaction"
    assert article.images == (Image(IMAGE_URL, IMAGE_ALT),)
    assert article.extra["site_name"] == "Example Actu"
    assert article.extra["kicker"] == "Thread Musk Meta"
    assert article.extra["twitter_site"] == "@exampleactu"
    assert_clean_body(article.body)


def _page(head: str = "", body: str = "", lang: str = "") -> bytes:
    attr = f' lang="{lang}"' if lang else ""
    return f"<!DOCTYPE html><html{attr}><head>{head}</head><body>{body}</body></html>".encode()


def test_without_a_description_the_summary_is_the_first_real_paragraph() -> None:
    data = _page(
        '<link rel="canonical" href="https://b.example/p?fbclid=1">',
        "<header><nav><a>Accueil</a></nav></header><main><article>"
        "<h1>Le titre</h1><div class='social-share'>Partager sur X</div>"
        "<h2>Un intertitre</h2>"
        "<p><strong>Lire aussi :</strong> <a href='/o'>Autre</a></p>"
        "<p>Le premier vrai paragraphe&nbsp;!</p><p>Suite.</p>"
        "<div id='comments'><h3>Laisser un commentaire</h3><form></form></div>"
        "</article></main><footer>Retour en haut</footer>",
        lang="en-us",
    )
    article = parse_page(data, where="p.html", url=None, default_lang="fr")
    assert article.title == "Le titre"
    assert article.url == "https://b.example/p"
    assert article.summary == "Le premier vrai paragraphe\u00a0!"
    assert article.body == "Un intertitre\n\nLe premier vrai paragraphe\u00a0!\n\nSuite."
    assert article.lang == "en"
    assert article.extra["lang_tag"] == "en-US"


def test_share_text_and_end_markers_are_left_out_even_without_classes() -> None:
    data = _page(
        '<meta property="og:url" content="https://b.example/p">'
        '<meta property="og:type" content="article">',
        "<h1>T</h1><p>Partager sur Facebook</p><p>Texte.</p><p>Laisser un commentaire</p>"
        "<p>Votre adresse e-mail ne sera pas publiée.</p><p>Copy link</p>",
    )
    article = parse_page(data, where="p.html", url=None, default_lang="fr")
    assert article.body == "Texte."
    assert article.lang == "fr"  # no lang anywhere: the default


def test_a_page_with_no_title_is_one_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(_page('<link rel="canonical" href="https://b.example/p">', "<p>Text.</p>"))
    with pytest.raises(SourceError) as caught:
        load(str(path))
    assert str(caught.value) == (f"{path}: no title (og:title, JSON-LD headline, <h1> or <title>)")


def test_a_local_page_without_canonical_url_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "page.htm"
    path.write_bytes(_page("<title>T</title>", "<p>Text.</p>"))
    with pytest.raises(SourceError, match="no canonical URL"):
        load(str(path))


def test_a_fetched_page_falls_back_to_its_own_url_and_resolves_relative_links() -> None:
    data = _page(
        "<title>Post | Blog</title><meta property='og:site_name' content='Blog'>"
        "<meta property='og:image' content='/img/p.png'>"
        '<script type="application/ld+json">{"@graph": [{"@type": "WebSite"},'
        ' {"@type": ["BlogPosting"], "datePublished": "2024-01-02T03:04:05",'
        ' "author": [{"name": "Ann"}], "keywords": ["x", "y"], "inLanguage": "it"}]}</script>',
        "<p>Body.</p>",
    )
    article = parse_page(
        data,
        where="https://b.example/p?utm_source=x",
        url="https://b.example/p?utm_source=x",
        default_lang="en",
    )
    assert article.url == article.id == "https://b.example/p"
    assert article.title == "Post"  # <title> without the site name
    assert article.images == (Image("https://b.example/img/p.png"),)
    assert article.published == datetime(2024, 1, 2, 3, 4, 5, tzinfo=UTC)
    assert article.author == "Ann"
    assert article.tags == ("x", "y")
    assert article.lang == "it"
    assert article.summary == "Body."


def test_wordpress_article_classes_do_not_hide_the_article() -> None:
    data = _page(
        '<link rel="canonical" href="https://b.example/p">',
        "<article class='post hentry category-social tag-share'><h1>T</h1>"
        "<div class='entry-content'><p>Kept.</p></div></article>",
    )
    assert parse_page(data, where="p", url=None, default_lang="en").body == "Kept."


def test_the_id_does_not_depend_on_the_title(fixtures: Path) -> None:
    data = (fixtures / "threads-musk-meta.html").read_bytes()
    renamed = data.replace(b"se pr&eacute;pare", b"renonce").replace(
        "se prépare".encode(), b"renonce"
    )
    first = parse_page(data, where="a", url=None, default_lang="en")
    second = parse_page(renamed, where="a", url=None, default_lang="en")
    assert first.title != second.title
    assert first.id == second.id == URL
    assert FIRST_PARAGRAPH in second.body


def test_a_latin1_page_is_decoded_by_its_declared_charset() -> None:
    data = (
        "<html><head><meta charset='iso-8859-1'><title>Caf\xe9</title>"
        "<link rel=canonical href='https://b.example/c'></head>"
        "<body><article><p>\xc9t\xe9.</p></article></body></html>"
    ).encode("latin-1")
    article = parse_page(data, where="c.html", url=None, default_lang="fr")
    assert article.title == "Café"
    assert article.body == "Été."


CORPUS_PAGES = Path(__file__).parents[1] / "corpus" / "pages"


def test_teasers_marked_up_as_articles_are_not_taken_for_the_article() -> None:
    # BioBioChile lists "latest news" teasers as <article> elements before the story, each
    # an unrendered "{{ article.dateHour }}" (trafilatura's tests/eval/biobiochile.cl-gremios)
    article = load(str(CORPUS_PAGES / "trafilatura-biobiochile-cl-gremios.html")).articles[0]
    assert "{{" not in article.body
    assert "Confederación Nacional del Transporte de Cargas (CNTC)." in article.body


def test_a_wordpress_read_more_link_is_cut_from_the_meta_description() -> None:
    # lemire.me: WordPress's excerpt, "… Continue reading <title>", as the description
    article = load(str(CORPUS_PAGES / "trafilatura-lemire-me-json.html")).articles[0]
    assert "Continue reading" not in article.summary
    assert article.summary.endswith("one of the nicest C++ JSON libraries: JSON…")


@pytest.mark.parametrize(
    ("page", "tags"),
    [
        # The Guardian: every tag in one article:tag, comma-separated
        (
            "trafilatura-theguardian-com-academics.html",
            ("Higher education", "Academics", "Lecturers' pay", "Gig economy"),
        ),
        # Royal Road: meta keywords separated by semicolons
        ("readability-royal-road.html", ("Super Supportive", "Sleyca")),
        # Diario Libre: JSON-LD keywords with an entity whose ";" separates nothing
        (
            "trafilatura-diariolibre-com-republica.html",
            ("Alimentos", "Agricultura", "FAO", "Precios alimentos", "Guerra en Ucrania"),
        ),
    ],
)
def test_a_list_of_tags_in_one_value_gives_one_tag_each(page: str, tags: tuple[str, ...]) -> None:
    article = load(str(CORPUS_PAGES / page)).articles[0]
    assert article.tags[: len(tags)] == tags
    assert not any("," in tag or ";" in tag or "&#" in tag for tag in article.tags)


def test_entities_in_json_ld_keywords_are_decoded() -> None:
    article = load(str(CORPUS_PAGES / "trafilatura-diariolibre-com-republica.html")).articles[0]
    assert article.tags[-1] == "Kilómetro Cero"


@pytest.mark.parametrize(
    ("page", "title"),
    [
        # the host names the site (no og:site_name): "La voix des nuls | ARTE Radio"
        ("trafilatura-arteradio-com-nuls.html", "La voix des nuls"),
        # og:site_name
        ("readability-bbc-1.html", "Obama admits US gun laws are his 'biggest frustration'"),
        # og:site_name with a tagline: "Aktuálně.cz - Víte, co se právě děje"
        (
            "readability-aktualne.html",
            "West Ham hrozí gigantům, okouzlil i Linekera. Součka je snadné přehlédnout",
        ),
        # The Guardian's byline: "… | Eleanor Ainge Roy", the author meta
        (
            "readability-guardian-1.html",
            "'What is the sea telling us?': Māori tribes fearful over whale strandings",
        ),
        # the site's name first: "NEWS WEB EASY|子どもへの体罰を禁止する法律ができる"
        ("trafilatura-nhk-or-jp-k100.html", "子どもへの体罰を禁止する法律ができる"),
        # not the site's name: kept (a fiction's name, a subtitle)
        (
            "readability-royal-road.html",
            "ONE HUNDRED TWO: What kind of wordchain? - Super Supportive",
        ),
        ("trafilatura-pagina12-com-ar-suprema.html", None),
    ],
)
def test_the_site_name_a_title_carries_is_taken_off(page: str, title: str | None) -> None:
    article = load(str(CORPUS_PAGES / page)).articles[0]
    if title is None:
        assert " | Todo listo para la movilización" in article.title
    else:
        assert article.title == title


def test_html_headings_are_marked_so_a_thread_part_starts_with_them() -> None:
    # Le Monde (Readability's test-pages/lemonde-1): <h2> section titles in the article
    article = load(str(CORPUS_PAGES / "readability-lemonde-1.html")).articles[0]
    paragraphs = article.body.split("\n\n")
    headings = [paragraphs[i] for i in article.headings]
    assert "La Commission de contrôle" in headings
    assert "Définition des objectifs des services" in headings


def test_prose_set_in_heading_tags_is_not_a_heading() -> None:
    # SeglerBlog (trafilatura's tests/eval): <h2> a real heading, <h3> and <h4> sentences
    article = load(
        str(CORPUS_PAGES / "trafilatura-seglerblog-stössenseer-de-sauber.html")
    ).articles[0]
    paragraphs = article.body.split("\n\n")
    headings = [paragraphs[i] for i in article.headings]
    assert headings == ["Der Plakatwettbewerb für Kinder"]
    assert "Post Views: 22" not in paragraphs
