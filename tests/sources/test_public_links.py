"""An article whose link only this machine can open is refused, unless private is allowed."""

from __future__ import annotations

from pathlib import Path

import pytest

from syndicator.errors import SourceError
from syndicator.sources import load

# The head and first entry of Cowboy Programmer's Atom feed as Hugo's development
# server built it (spacecowboy/Feeder, app/src/androidTest/resources/com/nononsenseapps/
# feeder/model/atom_cowboy.xml, commit 091ca126): every link is http://localhost:1313/.
DEV_SERVER_FEED = """<?xml version='1.0' encoding='UTF-8'?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <id>http://localhost:1313/</id>
  <title>Cowboy Programmer on Cowboy Programmer</title>
  <updated>2016-09-28T22:57:21+02:00</updated>
  <link rel="self" type="application/atom+xml" href="http://localhost:1313/atom.xml" />
  <generator>Hugo -- gohugo.io</generator>
  <entry>
    <id>http://localhost:1313/2016/09/reboot_machine_on_wrong_password/</id>
    <link href="http://localhost:1313/2016/09/reboot_machine_on_wrong_password/" rel="alternate" />
    <title>Rebooting on wrong password</title>
    <updated>2016-09-28T22:57:21+02:00</updated>
    <summary type="html"><![CDATA[Having an encrypted hard drive is all well and good,
but chances are that if someone is gonna steal your laptop, it&rsquo;s probably not going
to be turned off.]]></summary>
  </entry>
</feed>
"""


@pytest.fixture
def feed(tmp_path: Path) -> Path:
    path = tmp_path / "atom.xml"
    path.write_text(DEV_SERVER_FEED, encoding="utf-8")
    return path


def test_a_feed_entry_linking_the_development_server_is_refused_with_the_reason(
    feed: Path,
) -> None:
    loaded = load(str(feed))
    assert loaded.articles == ()
    (error,) = loaded.errors
    message = str(error)
    assert "http://localhost:1313/2016/09/reboot_machine_on_wrong_password/" in message
    assert "local address" in message
    assert "public base URL" in message


def test_allowing_private_addresses_lets_a_local_test_feed_through(feed: Path) -> None:
    loaded = load(str(feed), allow_private=True)
    assert not loaded.errors
    assert [a.url for a in loaded.articles] == [
        "http://localhost:1313/2016/09/reboot_machine_on_wrong_password/"
    ]


@pytest.mark.parametrize(
    "url",
    [
        "http://localhost:1313/post/",
        "http://127.0.0.1:8080/post/",
        "http://[::1]/post/",
        "http://192.168.1.20/post/",
        "http://intranet/post/",
        "http://blog.local/post/",
    ],
)
def test_one_page_on_a_local_address_is_refused(tmp_path: Path, url: str) -> None:
    page = tmp_path / "post.md"
    page.write_text(f"---\ntitle: A post\nurl: {url}\n---\n\nText.\n", encoding="utf-8")
    with pytest.raises(SourceError, match="local address"):
        load(str(page))


def test_a_public_address_is_kept(tmp_path: Path) -> None:
    page = tmp_path / "post.md"
    page.write_text(
        "---\ntitle: A post\nurl: https://blog.example.org/post/\n---\n\nText.\n", encoding="utf-8"
    )
    assert load(str(page)).articles[0].url == "https://blog.example.org/post/"
