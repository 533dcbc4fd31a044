"""What every source must read from the example article (tests/fixtures/threads-musk-meta.*)."""

from __future__ import annotations

from datetime import UTC, datetime

TITLE = "Threads : Elon Musk se prépare à une action en justice contre Meta"
URL = "https://www.example.fr/actu/threads-elon-musk-action-en-justice-meta/"
PUBLISHED = datetime(2023, 7, 7, 7, 30, tzinfo=UTC)
IMAGE_URL = "https://www.example.fr/wp-content/uploads/2023/07/threads-musk-meta.jpg"
IMAGE_ALT = "Les logos de Threads et de Twitter côte à côte"
FIRST_PARAGRAPH = (
    "Elon Musk, fondateur de Tesla et SpaceX, accuse Meta (anciennement Facebook) "
    "d’appropriation illicite d’informations confidentielles de Twitter. Des anciens "
    "employés de Twitter, recrutés par Meta pour créer leur nouvelle plateforme Thread, "
    "sont au cœur de la controverse."
)
LAST_PARAGRAPH = (
    "L’issue de ce différend aura sans aucun doute un impact significatif sur la façon "
    "dont les entreprises technologiques opèrent et interagissent les unes avec les autres "
    "à l’avenir."
)
SCRAPER = "Twitter demande à Meta de cesser de «\u00a0scraper\u00a0» en masse"
#: Text that belongs to the site around the article, never to its summary or body.
BOILERPLATE = (
    "Lire aussi",
    "Voir également",
    "Mastodon :",
    "Voici l’astuce",
    "Pour retrouver",
    "Laisser un commentaire",
    "Votre adresse e-mail",
    "Retour en haut",
    "Copy link",
    "Partager",
    "Publier",
    "Newsletter",
    "Example Actu",
    "est apparu en premier",
    "Thread Musk Meta",
    "________",
)


def assert_clean_body(body: str) -> None:
    """Check a body is the article's own text: first to last paragraph, nothing else."""
    assert body.startswith(FIRST_PARAGRAPH + "\n\n")
    assert body.endswith(LAST_PARAGRAPH)
    assert SCRAPER in body
    for furniture in BOILERPLATE:
        assert furniture not in body, furniture
    assert "<" not in body
    assert "&" not in body
    assert body.count("\n\n") == 17  # 12 paragraphs and 6 headings, nothing in between
