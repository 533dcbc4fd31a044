"""Site boilerplate: the paragraphs and tails that sites add around an article.

One module for every source (feed, JSON Feed, page, Markdown, plain text), for
summaries and bodies alike. Three kinds of furniture, in English, French, German and
Spanish, as WordPress, Blogger, Ghost, Medium, Substack and news sites write them
(each pattern is tested with a real snippet in ``tests/sources/test_boilerplate.py``):

- asides: a paragraph that opens a related-link box ("Lire aussi :", "Read more:");
- whole paragraphs: feed footers ("The post X appeared first on Y"), share bars,
  newsletter sign-ups, copyright lines, "Continue reading…" links;
- tails: "… Continue reading <title> →", "Read more »" or "[…]" ending a paragraph,
  cut off and replaced by one ellipsis;

and end markers, after which nothing is the article's (comment forms, "Back to top").
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from ._text import normalise

__all__ = [
    "article_paragraphs",
    "clean_summary",
    "drop_boilerplate",
    "is_aside",
    "is_boilerplate",
    "is_end_marker",
    "strip_tail",
]

_APOSTROPHES = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "\u00a0": " ", "\u202f": " "})

# "Read more" links, in the four languages. Strong ones are never the article's own words
# when they end a paragraph; weak ones only when an ellipsis or an arrow goes with them.
_STRONG_MORE = (
    r"(?:continue reading|keep reading|read the rest of this entry"
    r"|read the full (?:story|article|post)|read full (?:story|article)"
    r"|lire la suite|weiterlesen|den ganzen artikel lesen"
    r"|seguir leyendo|sigue leyendo|continuar leyendo)"
)
_MORE = (
    r"(?:" + _STRONG_MORE + r"|read more|continue|more|la suite|en savoir plus|lire l'article"
    r"|mehr lesen|mehr erfahren|zum artikel|zum beitrag|leer más|leer mas|ver más)"
)
_ARROWS = r"(?:[»→›]|>>|…|\.\.\.)"

# A paragraph that starts like this is a related-link aside, not the article.
_ASIDE_LEADS = re.compile(
    r"^(?:[àa] lire (?:aussi|également|egalement)|lire (?:aussi|également|egalement)"
    r"|voir (?:aussi|également|egalement)|sur le même sujet|dans la même rubrique"
    r"|(?:also )?read (?:also|more|next)|see also|related(?: articles?| posts?| stories)?"
    r"|more on this(?: story| topic)?|lesen sie auch|lesen sie mehr|mehr zum thema|auch interessant"
    r"|das könnte sie auch interessieren|siehe auch|lee también|lea también|te puede interesar"
    r"|le puede interesar|también te puede interesar|noticias relacionadas|ver también)\s*(?::|$)",
    re.IGNORECASE,
)

# Whole paragraphs that sites and feed generators add around an article.
_BOILERPLATE = re.compile(
    r"^(?:"
    # WordPress feed footers (Yoast SEO), in en/fr/de/es
    r"the post .+ appeared first on .+|l'article .+ est apparu en premier sur .+"
    r"|der beitrag .+ erschien zuerst auf .+|der beitrag .+ ist zuerst auf .+ erschienen\.?"
    r"|la entrada .+ (?:se publicó primero en|aparece primero en|apareció primero en) .+"
    r"|the post .+ first appeared on .+|this (?:post|article) (?:first )?appeared (?:first )?on .+"
    # Medium's feed footer
    r"|.+ was originally published in .+ on medium, where people are continuing the .+"
    # "Read more" links standing alone ("Continue reading...", "Read more »")
    r"|(?:…|\.\.\.)?\s*" + _STRONG_MORE + r"\b.{0,150}"
    r"|(?:…|\.\.\.)?\s*" + _MORE + r"(?: (?:on|at|sur|auf|en) .{1,60}| .{1,120}" + _ARROWS + r")?"
    r"\s*(?:" + _ARROWS + r"|\[…\])*"
    r"|\[(?:…|\.\.\.)\]"
    # follow, subscribe, newsletters (Substack, Ghost, news sites)
    r"|pour (?:retrouver|ne rien manquer|suivre) (?:de |toute )?l'actualit.+"
    r"|(?:suivez-nous|abonnez-vous|inscrivez-vous à notre newsletter|follow us|subscribe)\b.{0,200}"
    r"|thanks for reading .{1,80}! subscribe .{0,120}|share this post|give a gift subscription"
    r"|leave a comment|sign up for (?:our|the|my) .{0,40}newsletter.{0,160}"
    r"|(?:get|receive) (?:our|the) .{0,40}newsletter.{0,160}|enter your email.{0,80}"
    r"|you've successfully subscribed to .{1,80}|sign up for more like this\.?"
    r"|(?:jetzt )?(?:den )?newsletter abonnieren.{0,160}"
    r"|melden sie sich (?:jetzt )?für .{0,60}newsletter.{0,120}"
    r"|suscríbete(?: a)? .{0,60}(?:boletín|newsletter).{0,160}"
    r"|recibe (?:nuestro|el) boletín.{0,160}"
    # share bars
    r"|(?:partager|share|teilen|compartir)(?: (?:sur|on|via|auf|en)\b.{0,80}"
    r"| (?:this|cet|diesen|este) (?:article|artikel|post|beitrag|artículo).{0,40}|\s*:.{0,80}|)"
    r"|copy link|copier le lien|link kopieren|copiar enlace|publier|[_\-=*~•·]{3,}"
    # copyright footers
    r"|(?:©|\(c\)|copyright)\s*.{0,80}(?:all rights reserved|tous droits réservés"
    r"|alle rechte vorbehalten|todos los derechos reservados)\.?"
    r"|all rights reserved\.?|tous droits réservés\.?|alle rechte vorbehalten\.?"
    r"|todos los derechos reservados\.?|(?:©|copyright) \d{4}(?:[-–]\d{4})? [^.]{1,60}\.?"
    # WP-PostViews, a WordPress plugin's counter
    r"|post views: ?[\d.,]+"
    # Blogger's post footer
    r"|posted by .{1,60} at \d{1,2}:\d{2}(?: ?[ap]m)?|no comments:|post a comment"
    r"|email this ?blogthis! ?share to .+"
    r")$",
    re.IGNORECASE | re.DOTALL,
)

# Where the article is over: comments, "back to top", share bar at the very end.
_END_MARKERS = re.compile(
    r"^(?:laisser un commentaire|laissez un commentaire|leave a (?:comment|reply)|\d+ commentaires?"
    r"|votre adresse (?:e-mail|email|de messagerie) ne sera pas publiée.*"
    r"|your email address will not be published.*|retour en haut|back to top"
    r"|\d+ comments?|comments|kommentare|\d+ kommentare?|schreibe einen kommentar"
    r"|deine e-mail-adresse wird nicht veröffentlicht.*|nach oben|comentarios|\d+ comentarios?"
    r"|deja un comentario|dejar un comentario"
    r"|tu dirección de correo electrónico no será publicada.*"
    r"|volver arriba)$",
    re.IGNORECASE | re.DOTALL,
)

# A "read more" link or a bracketed ellipsis ending a paragraph, after the text's own end.
_TAIL = re.compile(
    # WordPress's excerpt link names the post, whose title may hold any punctuation:
    # "… Continue reading JSON parsing: simdjson vs. JSON for Modern C++" (lemire.me)
    r"\s*(?:\[(?:…|\.\.\.|&hellip;)\]|…|\.\.\.)\s*" + _STRONG_MORE + r"\b[^\n]{0,200}$"
    r"|\s*(?:\[(?:…|\.\.\.|&hellip;)\]|…|\.\.\.)\s*(?:" + _MORE + r"\b[^.!?\n]{0,150}?[\s.…»→›]*)?$"
    r"|(?<=[.!?…»\"”)])\s+" + _STRONG_MORE + r"\b(?:[^.!?\n]{0,150}?\s*" + _ARROWS + r"+)?\s*$"
    r"|(?<=[.!?…»\"”)])\s+" + _MORE + r"\b[^.!?\n]{0,150}?\s*" + _ARROWS + r"+\s*$",
    re.IGNORECASE,
)


def _plain(paragraph: str) -> str:
    return normalise(paragraph.translate(_APOSTROPHES))


def is_boilerplate(paragraph: str) -> bool:
    """Tell whether a paragraph is site furniture ("Lire aussi", share, feed footer)."""
    text = _plain(paragraph)
    if not text:
        return True
    return bool(_ASIDE_LEADS.match(text) or _BOILERPLATE.match(text) or _END_MARKERS.match(text))


def is_aside(paragraph: str) -> bool:
    """Tell whether a paragraph opens a related-link aside ("Lire aussi :", "Read more:")."""
    return bool(_ASIDE_LEADS.match(_plain(paragraph)))


def is_end_marker(paragraph: str) -> bool:
    """Tell whether a paragraph starts the page's tail (comment form, "back to top")."""
    return bool(_END_MARKERS.match(_plain(paragraph)))


def strip_tail(paragraph: str) -> str:
    """Return ``paragraph`` without a trailing "Continue reading…" or "[…]", with one ``…``."""
    match = _TAIL.search(paragraph)
    if match is None or not match.group(0).strip():
        return paragraph
    cut = match.group(0)
    head = paragraph[: match.start()].rstrip()
    if not head:
        return paragraph
    if any(mark in cut for mark in ("…", "...", "&hellip;")) and not head.endswith(
        (".", "!", "?", "…")
    ):
        head += "…"
    return head


def article_paragraphs(paragraphs: Sequence[str]) -> list[tuple[int, str]]:
    """Return the article's own paragraphs, each with its index, until the page's tail."""
    kept: list[tuple[int, str]] = []
    for index, paragraph in enumerate(paragraphs):
        if is_end_marker(paragraph):
            break
        if not is_boilerplate(paragraph):
            text = strip_tail(paragraph)
            if not is_boilerplate(text):
                kept.append((index, text))
    return kept


def drop_boilerplate(paragraphs: Iterable[str]) -> list[str]:
    """Return the paragraphs that are the article's own, stopping at the page's tail."""
    return [text for _, text in article_paragraphs(list(paragraphs))]


# Bare links opening a summary: an embed's URL that the site's excerpt kept as text.
_EMBED = re.compile(r"^(?:\s*https?://\S+)+\s+")


def clean_summary(summary: str) -> str:
    """Return a one-paragraph summary (a meta description, an excerpt) without furniture.

    "" when all of it is furniture; a trailing "… Continue reading <title>" is cut, and
    so is a leading bare link (WordPress's excerpt starts with the URL of an embedded
    video: "http://www.youtube.com/watch?v=ZLxa4GRIrV8 The Garden · Derek Jarman").
    """
    kept = drop_boilerplate([_EMBED.sub("", summary)]) if summary else []
    return kept[0] if kept else ""
