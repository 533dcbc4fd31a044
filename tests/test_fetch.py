"""Reading paths and URLs: bounded in size and time, with errors that say where."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
import respx

from syndicator.fetch import FetchError, read_bytes


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
    with pytest.raises(FetchError, match="more than the 2 allowed"):
        read_bytes(tmp_path / "a.txt", max_bytes=2)
