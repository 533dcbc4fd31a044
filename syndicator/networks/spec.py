"""What syndicator knows about one network, declared in one object: ``NetworkSpec``.

Each network (built in or installed from another package) exposes one ``NetworkSpec``
through the ``syndicator.networks`` entry-point group (see ``registry`` and
docs/plugins.md). Everything the core does per network goes through it: the config
keys it accepts, how its text is measured and its links shown, its limits, the
environment variables it reads, and the adapter that publishes. A spec imports no SDK:
``connect`` imports the adapter module when a network is about to be used, so a
preview loads none.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Protocol

from ..models import Facet, Image, Limits
from ..pricing import Rates
from ..settings import NetworkConfig, env_variables, field_types

__all__ = ["Connect", "Measure", "NetworkSpec"]

#: ``measure(text, limits, options)``: the length the network's server computes for
#: the text of one post, given the post's options (Mastodon counts its content warning).
Measure = Callable[[str, Limits, Mapping[str, Any]], int]


class Connect(Protocol):
    """Build a network's adapter from its config; reads secrets, does no network I/O."""

    def __call__(
        self,
        config: NetworkConfig,
        *,
        state_dir: Path,
        environ: Mapping[str, str] | None,
        timeout: float,
    ) -> Any: ...


@dataclass(frozen=True, slots=True, kw_only=True)
class NetworkSpec:
    """One network: its name, limits, text rules, settings and adapter factory."""

    #: The key in the config's ``networks:``, the ``-n`` value, the state's network.
    name: str
    #: The name people read ("Mastodon").
    display_name: str
    #: The documented limits, each with its source in a comment where it is declared.
    limits: Limits
    #: The server's count of a text (see ``Measure``).
    measure: Measure
    #: The frozen dataclass of the network's own config keys (see ``syndicator.settings``).
    settings: type[Any]
    #: Returns the adapter (a ``syndicator.networks.Network``), importing it only then.
    connect: Connect
    #: What posting costs and what an account may do per window (``pricing``), each
    #: number with its source where it is declared; free with no quota by default.
    rates: Rates = field(default_factory=Rates)
    #: How a link is shown in the text (Bluesky: shortened); None: as it is.
    show_link: Callable[[str], str] | None = None
    #: The rich-text facets of a text, given the (shown, URL) pairs of the links it
    #: shows; None: the network detects links itself.
    facets: Callable[[str, Sequence[tuple[str, str]]], tuple[Facet, ...]] | None = None
    #: Whether the client builds the link preview (``Post.card``) itself.
    link_card: bool = False
    #: The link the network itself draws a preview card for, from that page's Open
    #: Graph / Twitter Card tags, given one part's text, the link we attach to it (""
    #: for none) and whether the part carries images; None: no card (for the HTML
    #: preview, which draws it marked as the network's, never as something we send).
    unfurls: Callable[[str, str, bool], str | None] | None = None
    #: Which of the article's images the network can take, and a note for each left
    #: out (Threads: public URLs only); None: all of them. Compose then keeps at most
    #: ``limits.max_media``.
    media: Callable[[Sequence[Image]], tuple[tuple[Image, ...], tuple[str, ...]]] | None = None
    #: The tallest and the widest a single image is shown in the timeline (height /
    #: width) before it is cropped, for the HTML preview; None: shown whole.
    tallest_image: float | None = None
    widest_image: float | None = None
    #: Whether the network is on when the config does not mention it.
    enabled_by_default: bool = True
    #: Settings an article's front matter may set for one post (Mastodon's visibility).
    post_options: tuple[str, ...] = ()
    #: The post option holding a content warning the network folds the post under
    #: (Mastodon: ``spoiler_text``), for the HTML preview; None: the network has none.
    content_warning: str | None = None
    #: Why ``max_characters`` cannot be configured, when it cannot (a fixed lexicon limit).
    fixed_limit: str | None = None
    #: Where reports list the network: lower first, then by name.
    rank: int = 100
    #: The text of the network's default template, ``<name>.txt.j2``, for a network
    #: whose template is not among syndicator's own (a plugin ships its own this way).
    #: A file of that name in the config's ``templates_dir`` still wins.
    template: str | None = None

    def default_limits(self, max_characters: int | None = None) -> Limits:
        """Return the documented limits, with the configured character limit if it may be set."""
        if max_characters and self.fixed_limit is None:
            return replace(self.limits, max_characters=max_characters)
        return self.limits

    def post_option_types(self) -> dict[str, Any]:
        """Return the type of each setting an article may override per post."""
        types = field_types(self.settings)
        return {key: types[key] for key in self.post_options}

    def configured_options(self, config: NetworkConfig) -> dict[str, Any]:
        """Return the per-post options the config sets (those not left unset)."""
        values = {key: getattr(config.settings, key) for key in self.post_options}
        return {key: value for key, value in values.items() if value is not None}

    def variables(self) -> tuple[str, ...]:
        """Return the environment variables the network reads by default."""
        return env_variables(self.settings)
