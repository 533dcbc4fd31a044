"""Whether a text fits a network: its own count against its limits, and its UTF-8 bytes.

Compose knows no network by name: it is handed a ``TextRules`` (a network's spec)
that says how the network counts a text and shows a link. Each network's count is
declared with its spec (``syndicator.networks.<name>.spec``).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any, Protocol

from ..models import Facet, Image, Limits
from . import graphemes

__all__ = ["TextRules", "fits", "over"]


class TextRules(Protocol):
    """What compose needs to know about a network (``NetworkSpec`` provides it)."""

    @property
    def name(self) -> str:
        """The network's name, stored in ``Post.network``."""
        ...

    @property
    def measure(self) -> Callable[[str, Limits, Mapping[str, Any]], int]:
        """The length the network's server computes for a text, given the post's options."""
        ...

    @property
    def show_link(self) -> Callable[[str], str] | None:
        """How a link is shown in the text; None: as it is."""
        ...

    @property
    def facets(self) -> Callable[[str, Sequence[tuple[str, str]]], tuple[Facet, ...]] | None:
        """The rich-text facets of a text, given its (shown, URL) links; None: none."""
        ...

    @property
    def link_card(self) -> bool:
        """Whether the post carries a link preview the client builds."""
        ...

    @property
    def media(
        self,
    ) -> Callable[[Sequence[Image]], tuple[tuple[Image, ...], tuple[str, ...]]] | None:
        """Which images the network can take, and a note for each left out; None: all."""
        ...


def over(
    rules: TextRules, text: str, limits: Limits, options: Mapping[str, Any] | None = None
) -> int:
    """Return by how much ``text`` exceeds the limits (0 or less when it fits)."""
    excess = rules.measure(text, limits, options or {}) - limits.max_characters
    if limits.max_bytes is not None:
        excess = max(excess, graphemes.utf8_length(text) - limits.max_bytes)
    return excess


def fits(
    rules: TextRules, text: str, limits: Limits, options: Mapping[str, Any] | None = None
) -> bool:
    """Return whether ``text`` is within every limit of the network."""
    return over(rules, text, limits, options) <= 0
