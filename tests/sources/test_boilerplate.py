"""Site boilerplate, each pattern checked on a real snippet (its origin in a comment)."""

from __future__ import annotations

import pytest

from syndicator.sources._text import html_blocks
from syndicator.sources.boilerplate import (
    article_paragraphs,
    clean_summary,
    drop_boilerplate,
    is_boilerplate,
    strip_tail,
)


@pytest.mark.parametrize(
    "paragraph",
    [
        # asides and share bars: example.fr article in tests/fixtures (threads-musk-meta.html)
        "Lire aussi : Mastodon : quel est ce réseau social",
        "Lire aussi\u00a0: un autre article",
        "À lire aussi",
        "Voir également : Voici l’astuce ultime",
        "Read more: something",
        "Partager sur X Partager sur Facebook",
        "Share on Mastodon",
        "Copy link",
        "________",
        # WordPress + Yoast SEO feed footers (rssafter setting), fr/en/de/es:
        # tests/fixtures/feed.xml (example.fr, a WordPress feed)
        "L’article Threads : Elon Musk se prépare est apparu en premier sur Example Actu.",
        "The post Hello appeared first on My Blog.",
        # inside-digital.de RSS item, 2026-05-21 (WordPress, German Yoast footer)
        "Der Beitrag Angst vor Meta: Warum die neuen Samsung-Brillen ohne Display starten "
        "müssen erschien zuerst auf inside digital.",
        # palomitademaiz.net RSS item (WordPress, Spanish Yoast footer)
        "La entrada Emmys 2025: nominaciones soñadas de Palomita de maíz se publicó primero "
        "en Palomita de maíz.",
        # Medium's RSS footer: The Airbnb Tech Blog, "Project Lighthouse part 3"
        "Project Lighthouse — Part 3: Introducing Project Lighthouse Anonymize was originally "
        "published in The Airbnb Tech Blog on Medium, where people are continuing the "
        "conversation by highlighting and responding to this story.",
        # Substack's inline sign-up box: "Tech World With Milan" and "Joe’s Nerdy Rants"
        "Thanks for reading Tech World With Milan Newsletter! Subscribe for free to receive "
        "new posts and support my work.",
        "Thanks for reading Joe’s Nerdy Rants! Subscribe for free to receive new posts and "
        "support my work.",
        # The Guardian's RSS descriptions end with a link of its own
        "Continue reading...",
        # WP-PostViews' counter: SeglerBlog (trafilatura's tests/eval/seglerblog.stössenseer.de)
        "Post Views: 22",
        # WordPress themes' excerpt links (Twenty Ten: "Continue reading →"; older themes
        # "Read the rest of this entry »"), Blogger's jump link "Read more »"
        "Continue reading →",
        "Read the rest of this entry »",
        "Read more »",
        "Lire la suite",
        "Weiterlesen",
        "Seguir leyendo",
        # news-site footers and newsletter boxes
        "© 2024 Guardian News & Media Limited or its affiliated companies. All rights reserved.",
        "Tous droits réservés.",
        "Alle Rechte vorbehalten.",
        "Todos los derechos reservados.",
        "Sign up for our free newsletter to get the latest stories in your inbox.",
        "Pour retrouver toute l’actualité du web, rendez-vous sur notre site web.",
        # comment forms (WordPress en/fr/de/es), back to top
        "Laisser un commentaire",
        "Votre adresse e-mail ne sera pas publiée. Les champs obligatoires sont indiqués avec *",
        "Deine E-Mail-Adresse wird nicht veröffentlicht. Erforderliche Felder sind mit * markiert",
        "Tu dirección de correo electrónico no será publicada.",
        "Retour en haut",
        # Blogger's post footer
        "Posted by Jane Doe at 10:42 AM",
        "No comments:",
        "Post a Comment",
        # German and Spanish news asides
        "Lesen Sie auch: Die besten Smartphones 2024",
        "Mehr zum Thema:",
        "Te puede interesar: Los estrenos de la semana",
    ],
)
def test_site_furniture_is_boilerplate(paragraph: str) -> None:
    assert is_boilerplate(paragraph)


@pytest.mark.parametrize(
    "paragraph",
    [
        "Share prices fell sharply on Monday.",
        "Shares of Tesla rose.",
        "Lire aussi le rapport complet permet de comprendre la décision.",
        "Mastodon :\u00a0 quel est ce réseau social décentralisé ?",
        "Les abonnés de Twitter sont inquiets.",
        "More people than ever read the news on their phones.",
        "Continue the loop until the list is empty.",
        "Read more books, the study says.",
        "The post office closed in 1998 and reopened as a library.",
        "Subscribers to the service doubled in a year.",
    ],
)
def test_article_text_is_not_boilerplate(paragraph: str) -> None:
    assert not is_boilerplate(paragraph)


@pytest.mark.parametrize(
    ("paragraph", "kept"),
    [
        # WordPress's default excerpt in feeds ends with " [&#8230;]" (wp_trim_excerpt)
        (
            "Samsung bringt seine neuen Smart Glasses ohne integriertes Display auf den [&#8230;]",
            "Samsung bringt seine neuen Smart Glasses ohne integriertes Display auf den…",
        ),
        ("It was a long day at the [...]", "It was a long day at the…"),
        # Twenty Eleven/Twelve: "… Continue reading <title> →"
        (
            "We moved the blog to a new server this week … Continue reading Moving day →",
            "We moved the blog to a new server this week…",
        ),
        # ... whose title holds punctuation: lemire.me's meta description (trafilatura's
        # tests/cache/lemire.me.json.html)
        (
            "one of the nicest C++ JSON libraries: JSON … Continue reading JSON parsing: "
            "simdjson vs. JSON for Modern C++",
            "one of the nicest C++ JSON libraries: JSON…",
        ),
        # The Guardian: the description's last sentence, then "Continue reading..."
        (
            "Ministers are under pressure to act. Continue reading...",
            "Ministers are under pressure to act.",
        ),
        ("Das Update kommt im Mai. Weiterlesen »", "Das Update kommt im Mai."),
        ("La película se estrena el viernes. Leer más →", "La película se estrena el viernes."),
        ("Le projet avance. Lire la suite", "Le projet avance."),
        # no tail: left alone
        ("More people came. More will come.", "More people came. More will come."),
        ("Read the docs. Read more about it later.", "Read the docs. Read more about it later."),
    ],
)
def test_a_read_more_tail_is_cut(paragraph: str, kept: str) -> None:
    assert strip_tail(paragraph.replace("&#8230;", "…")) == kept


def test_an_aside_broken_by_br_is_dropped_whole() -> None:
    fragment = "<p>Texte.</p><p><strong>Lire aussi :</strong><br><a href='/x'>Autre titre</a></p>"
    assert drop_boilerplate(html_blocks(fragment)) == ["Texte."]


def test_everything_after_the_comment_form_is_dropped() -> None:
    paragraphs = ["Texte.", "Lire aussi : x", "Fin.", "Laisser un commentaire", "Un avis ?"]
    assert drop_boilerplate(paragraphs) == ["Texte.", "Fin."]


def test_kept_paragraphs_keep_their_positions() -> None:
    paragraphs = ["Titre", "Lire aussi : x", "Texte… Lire la suite", "Read more »"]
    assert article_paragraphs(paragraphs) == [(0, "Titre"), (2, "Texte…")]


@pytest.mark.parametrize(
    ("summary", "kept"),
    [
        # lemire.me's meta description (trafilatura's tests/cache/lemire.me.json.html)
        (
            "As we just released the latest version of our fast JSON parser (simdjson), a "
            "reader of this blog asked how it compared in speed against one of the nicest C++ "
            "JSON libraries: JSON … Continue reading JSON parsing: simdjson vs. JSON for "
            "Modern C++",
            "As we just released the latest version of our fast JSON parser (simdjson), a "
            "reader of this blog asked how it compared in speed against one of the nicest C++ "
            "JSON libraries: JSON…",
        ),
        # The Guardian's description when it is only its own link
        ("Continue reading...", ""),
        # WordPress's excerpt of a post opening with an embedded video (nextkabinett,
        # trafilatura's tests/eval/nextkabinett.wordpress.com.garden.html)
        (
            "http://www.youtube.com/watch?v=ZLxa4GRIrV8 The Garden · Derek Jarman (1990) A "
            "nearly wordless visual narrative intercuts two main stories",
            "The Garden · Derek Jarman (1990) A nearly wordless visual narrative intercuts two "
            "main stories",
        ),
        ("https://example.org/only-a-link", "https://example.org/only-a-link"),
        ("", ""),
        ("Ministers are under pressure to act.", "Ministers are under pressure to act."),
    ],
)
def test_a_summary_is_cleaned_like_a_paragraph(summary: str, kept: str) -> None:
    assert clean_summary(summary) == kept
