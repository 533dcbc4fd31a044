"""Texts the X measure is compared on: docs/platforms.md §4, code point ranges, emoji, URLs."""

from __future__ import annotations

import random

# docs/platforms.md §4: (text, X official, CRLF folded; Mastodon; Bluesky graphemes; UTF-8 bytes)
TABLE: list[tuple[str, int, int, int, int]] = [
    ("Hello, world! New article out today.", 36, 36, 36, 36),
    ("a" * 280, 280, 280, 280, 280),
    ("Élève à l'école : ça déçoit.", 28, 28, 28, 35),
    ("e\u0301le\u0300ve", 5, 5, 5, 9),
    ("日本語のテキスト", 16, 8, 8, 24),
    ("안녕하세요", 10, 5, 5, 15),
    ("Привет, мир", 11, 11, 11, 20),
    ("“Quoted” — text…", 17, 16, 16, 24),
    ("😀", 2, 1, 1, 4),
    ("👍🏽", 2, 1, 1, 8),
    ("👨‍👩‍👧‍👦", 2, 1, 1, 25),
    ("🇫🇷", 2, 1, 1, 8),
    ("1️⃣", 2, 1, 1, 7),
    ("🐦‍🔥", 5, 1, 1, 11),
    ("क्षत्रिय", 8, 3, 3, 24),
    (
        "Read: https://example.com/articles/2024/some-very-long-slug?utm_source=bot&utm_medium=social",
        29,
        29,
        92,
        92,
    ),
    ("Read it on example.com today", 40, 28, 28, 28),
    ("Run setup.py now", 31, 16, 16, 16),
    ("cc @alice@mastodon.social thanks", 32, 16, 32, 32),
    ("New post #Python #日本語", 24, 21, 21, 27),
    ("line1\r\nline2", 11, 11, 11, 12),
    ("see https://a.io", 27, 27, 16, 16),
    (
        "Nouvel article : Comment déployer un bot 🤖 sur 3 réseaux "
        "https://blog.example.com/2024/11/deployer-un-bot-sur-trois-reseaux-sociaux"
        " #Python #Mastodon",
        99,
        98,
        149,
        154,
    ),
    ("👨‍👩‍👧‍👦" * 300, 600, 300, 300, 7500),
    ("See README.md and main.rs", 55, 25, 25, 25),
]

URLS = [
    "example.com",
    "Voir example.fr/actu/article-1, puis www.example.co.uk.",
    "setup.py README.md main.rs script.sh file.txt index.html app.js",
    "(see https://en.wikipedia.org/wiki/Foo_(bar)) and http://x.com/a?b=c&d=e.",
    "http://t.co/abcdefghij?x=1 https://t.co/" + "a" * 41,
    "mail me: alice@example.com or @bob@mastodon.social",
    "https://例え.テスト/パス example.みんな 日本語.jp http://xn--wgv71a119e.jp/",
    "https://" + "a" * 64 + ".com/x " + "b" * 63 + ".com",
    "https://example.com/" + "p" * 4100,
    "http://example.com/über/çà/привет/ end",
    "a.b.c.d.e.f.g.com/foo-bar_baz/ x.y",
    "foo.bar@example.com _example.com -example.com /example.com .example.com",
    "https://example.com:8080/path?q=1#frag",
    "😀example.com 日本example.com ex😀ample.com",
    "https://github.com/@user/repo",
    "L'URL est example.com/é?à=1, ok ; https://example.org.",
    "ＥＸＡＭＰＬＥ.ＣＯＭ EXAMPLE.COM Example.Com",
    "http://localhost:8000/ https://192.168.0.1/x",
    "www.example.com\u200b/zero-width example.com\u2028next",
    "\u202aexample.com\u202c \u200fexample.com",
]

NEW_EMOJI = [
    "🐦‍🔥",
    "🫱🏻‍🫲🏿",
    "🏳️‍⚧️",
    "🫠",
    "🤏🏻",
    "👁️‍🗨️",
    "🧑‍🤝‍🧑",
    "🥲",
    "🫶🏽",
    "©",
    "®",
    "™",
    "©️",
]

FRAGMENTS = [
    "Élève",
    "à",
    "l’école",
    "日本語",
    "のテキスト",
    "안녕하세요",
    "مرحبا",
    "नमस्ते",
    "क्षत्रिय",
    "Привет",
    "😀",
    "👍🏽",
    "👨‍👩‍👧‍👦",
    "🇫🇷",
    "1️⃣",
    "#️⃣",
    "e\u0301",
    "\r\n",
    "\n",
    " ",
    "…",
    "—",
    "“",
    "”",
    "https://example.com/a",
    "example.fr/actu/x",
    "setup.py",
    "#Python",
    "@alice",
    "@bob@example.social",
    ".",
    ",",
    "(",
    ")",
    "t.co",
    "\u200d",
    "\ufe0f",
    "🏻",
]


def code_point_chunks() -> list[str]:
    """Return every code point of some ranges, 48 to a string, separated by spaces."""
    points = [
        *range(0x20, 0x1100),
        *range(0x2000, 0x2C00),
        *range(0x3000, 0x3100),
        *range(0xFE00, 0xFE10),
        *range(0x1F000, 0x1FB00),
    ]
    chars = [chr(p) for p in points if not 0xD800 <= p <= 0xDFFF and chr(p) not in "\r"]
    return [" ".join(chars[i : i + 48]) for i in range(0, len(chars), 48)]


def emoji_chunks() -> list[str]:
    """Return every emoji sequence the Python port knows, and newer ones, 24 to a string."""
    from syndicator.compose import _x_emoji_tables

    sequences = sorted(_x_emoji_tables.PORT_EMOJI_SEQUENCES) + NEW_EMOJI
    return ["".join(sequences[i : i + 24]) for i in range(0, len(sequences), 24)]


def random_mixes(count: int = 400, seed: int = 20261128) -> list[str]:
    """Return ``count`` seeded random mixes of fragments in many scripts."""
    rng = random.Random(seed)
    return ["".join(rng.choice(FRAGMENTS) for _ in range(rng.randint(1, 60))) for _ in range(count)]


def corpus() -> list[str]:
    """Return the whole differential corpus."""
    return [
        *(row[0] for row in TABLE),
        *URLS,
        *NEW_EMOJI,
        *code_point_chunks(),
        *emoji_chunks(),
        *random_mixes(),
    ]
