"""Reading paths and URLs: bounded in size and time, with errors that say where."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest
import respx

from syndicator.fetch import FetchError, read_bytes
from syndicator.netguard import is_internal
from tests.fakes.hostile import Reply, hostile


@respx.mock
def test_url_larger_than_the_bound_is_refused() -> None:
    respx.get("https://feed.test/big").mock(return_value=httpx.Response(200, content=b"x" * 5000))
    with pytest.raises(FetchError, match="larger than the 1000 bytes allowed"):
        read_bytes("https://feed.test/big", max_bytes=1000)


@respx.mock
def test_timeout_and_unreachable_are_named() -> None:
    respx.get("https://slow.test/").mock(side_effect=httpx.ReadTimeout("slow"))
    respx.get("https://down.test/").mock(side_effect=httpx.ConnectError("refused"))
    with pytest.raises(FetchError, match=r"https://slow.test/: no answer within 2 s"):
        read_bytes("https://slow.test/", timeout=2)
    with pytest.raises(FetchError, match=r"https://down.test/: cannot be reached"):
        read_bytes("https://down.test/")


def test_paths(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_bytes(b"hello")
    assert read_bytes("a.txt", base=tmp_path) == b"hello"
    with pytest.raises(FetchError, match="is a directory"):
        read_bytes(tmp_path)
    with pytest.raises(FetchError, match="more than the 2 bytes allowed"):
        read_bytes(tmp_path / "a.txt", max_bytes=2)


# --- issue 13, row 2: no internal addresses, on any hop ---------------------------------


def test_loopback_is_refused_by_default_and_allowed_by_the_switch() -> None:
    with hostile({"/admin.png": Reply(b"secret")}) as server:
        for url in (f"{server.url}/admin.png", f"http://localhost:{server.port}/admin.png"):
            with pytest.raises(FetchError, match=r"refused: .* an internal address.*allow_priv"):
                read_bytes(url)
        assert server.hits == {}  # refused before connecting
        assert read_bytes(f"{server.url}/admin.png", allow_private=True) == b"secret"


@respx.mock
def test_a_redirect_to_an_internal_address_is_refused_on_that_hop() -> None:
    with hostile({"/admin.png": Reply(b"secret")}) as server:
        inner = f"{server.url}/admin.png"
        respx.get("https://public.test/img.png").mock(
            return_value=httpx.Response(302, headers={"Location": inner})
        )
        respx.route(host="127.0.0.1").pass_through()  # reaches the guarded socket layer
        with pytest.raises(FetchError, match=r"redirected to http://127\.0\.0\.1.*refused"):
            read_bytes("https://public.test/img.png")
        assert server.hits == {}


@respx.mock
def test_redirects_are_followed_up_to_a_cap() -> None:
    for hop in range(10):
        respx.get(f"https://loop.test/{hop}").mock(
            return_value=httpx.Response(301, headers={"Location": f"/{hop + 1}"})
        )
    respx.get("https://loop.test/10").mock(return_value=httpx.Response(200, content=b"end"))
    assert read_bytes("https://loop.test/5") == b"end"  # five hops
    with pytest.raises(FetchError, match="more than 5 redirects"):
        read_bytes("https://loop.test/4")
    respx.get("https://odd.test/").mock(
        return_value=httpx.Response(302, headers={"Location": "file:///etc/passwd"})
    )
    with pytest.raises(FetchError, match="not an http"):
        read_bytes("https://odd.test/")


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254", "0.0.0.0",
        "100.64.0.1", "224.0.0.1", "240.0.0.1", "255.255.255.255", "::1", "::", "fe80::1",
        "fc00::1", "ff02::1", "::ffff:127.0.0.1", "::ffff:10.0.0.1", "2002:7f00:1::",
        "2002:a00:1::1", "64:ff9b::7f00:1", "64:ff9b::a00:1", "::127.0.0.1", "not an ip",
    ],
)  # fmt: skip
def test_internal_addresses_in_every_form(address: str) -> None:
    assert is_internal(address)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_pass(address: str) -> None:
    assert not is_internal(address)


# --- issue 13, row 4: a deadline for the whole exchange --------------------------------


def test_a_trickling_server_is_cut_at_the_deadline() -> None:
    with hostile({"/slow": Reply(b"x" * 100, trickle=0.5)}) as server:
        started = time.monotonic()
        with pytest.raises(FetchError, match=r"no answer within 2 s \(the whole exchange\)"):
            read_bytes(f"{server.url}/slow", timeout=2, allow_private=True)
        assert time.monotonic() - started < 10  # generous: it would take 50 s otherwise
