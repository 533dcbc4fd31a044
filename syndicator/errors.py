"""One exception tree for everything syndicator reports to a user.

    SyndicatorError                 base; ``str()`` is the message shown to the user
    ├── UsageError                  bad input from the user: exit code 2
    │   ├── ConfigError             config file invalid (path of the key named)
    │   ├── MissingCredential       an environment variable holding a secret is unset
    │   ├── SourceError             a source cannot be read or parsed (where, what)
    │   ├── TemplateError           a template fails to load or render (name, line)
    │   └── FitError                a template's fixed part exceeds the limit
    ├── MediaError                  an image cannot be read, fetched or shrunk
    ├── GitHubError                 the GitHub API refused or failed a call (review)
    ├── StateError                  the state store is unusable or locked
    │   └── NoState                 read-only, and nothing recorded there yet
    └── NetworkError                a network refused or failed a publish (``network``)
        ├── AuthError               credentials refused (401/403)
        ├── RateLimited             429; ``retry_at`` when the server said
        │   └── OverQuota           the account's paid or counted allowance is used up
        │       ├── OutOfCredits    no credits left (X: HTTP 402)
        │       ├── SpendingCap     the spending or usage cap of the period is reached
        │       ├── DailyCap        a posting cap per day is reached (X 24 h, Threads 250)
        │       └── PostingQuota    a quota of writes per window (Bluesky points, Mastodon statuses)
        ├── Rejected                the server refused this post; ``reason`` kept
        │   ├── Duplicate           refused as a duplicate: possibly already posted
        │   └── ReplyRefused        a reply refused by the network's reply rules (X 2026)
        ├── Unavailable             5xx, timeout, connection refused: retry later
        └── CannotTell              the network offers no way to know whether an
                                    earlier attempt was posted (X): check by hand

Each class says what ``kind`` of failure it is (``ErrorKind``): the state records the
kind, and the posting rules decide from it whether a post may be on the network
already (``syndicator.posting.retry``). Adapters catch their SDK's exceptions and raise
these ``from exc``; the CLI turns them into messages and exit codes in one place.
Messages never hold secrets: the CLI and the state store pass every message through
``redact.redact``.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import ClassVar

__all__ = [
    "MAX_LINE",
    "AuthError",
    "CannotTell",
    "ConfigError",
    "DailyCap",
    "Duplicate",
    "ErrorKind",
    "FitError",
    "GitHubError",
    "MediaError",
    "MissingCredential",
    "NetworkError",
    "NoState",
    "OutOfCredits",
    "OverQuota",
    "PostingQuota",
    "RateLimited",
    "Rejected",
    "ReplyRefused",
    "SourceError",
    "SpendingCap",
    "StateError",
    "SyndicatorError",
    "TemplateError",
    "Unavailable",
    "UsageError",
    "one_line",
]


#: The longest error line shown or stored: enough for a path, a reason and what to do.
MAX_LINE = 600


def one_line(text: str, width: int = MAX_LINE) -> str:
    """Return ``text`` cut in the middle to ``width`` characters (its end says what to do)."""
    if len(text) <= width:
        return text
    tail = width // 3
    head = width - tail - 3
    return f"{text[:head].rstrip()} … {text[-tail:].lstrip()}"


class ErrorKind(StrEnum):
    """What kind of failure an error is: what the state records, what retries go by."""

    #: The user's input, found before anything was sent.
    USAGE = "usage"
    #: An image that cannot be read, fetched or shrunk, found before it was sent.
    MEDIA = "media"
    #: The state store cannot be used.
    STATE = "state"
    #: The GitHub API refused or failed (the pull-request review).
    GITHUB = "github"
    #: The network refused the credentials.
    AUTH = "auth"
    #: The network asked to slow down.
    RATE_LIMITED = "rate_limited"
    #: The account's allowance is used up: no credits, a spending cap, a daily cap.
    OVER_QUOTA = "over_quota"
    OUT_OF_CREDITS = "out_of_credits"
    SPENDING_CAP = "spending_cap"
    DAILY_CAP = "daily_cap"
    #: The network refused this post.
    REJECTED = "rejected"
    #: Refused as a duplicate: possibly posted already.
    DUPLICATE = "duplicate"
    #: The network failed or could not be reached: the post may have landed.
    UNAVAILABLE = "unavailable"
    #: The network cannot tell whether an earlier attempt landed.
    CANNOT_TELL = "cannot_tell"
    #: A network failure of no more precise kind.
    NETWORK = "network"
    #: This attempt surely failed, but an earlier one may have landed (set by posting).
    IN_DOUBT = "in_doubt"
    #: Not one of our errors: an adapter's bug.
    UNEXPECTED = "unexpected"


class SyndicatorError(Exception):
    """Base of every error syndicator reports; ``str()`` is the user's message."""

    exit_code = 1
    kind: ClassVar[ErrorKind] = ErrorKind.UNEXPECTED

    def __init__(self, *args: object) -> None:
        # A 100 KB title or URL inside a message must not make a 100 KB line.
        if len(args) == 1 and isinstance(args[0], str):
            args = (one_line(args[0]),)
        super().__init__(*args)


class UsageError(SyndicatorError):
    """The user's input (arguments, config, sources, templates) is wrong."""

    exit_code = 2
    kind = ErrorKind.USAGE


class ConfigError(UsageError):
    """The configuration is invalid; the message names the key's path."""


class MissingCredential(ConfigError):
    """An environment variable that should hold a secret is not set."""

    def __init__(self, network: str, *variables: str) -> None:
        self.network = network
        self.variables = variables
        if len(variables) == 1:
            what = f"environment variable {variables[0]} is not set; export it"
        else:
            names = ", ".join(variables[:-1]) + f" and {variables[-1]}"
            what = f"environment variables {names} are not set; export them"
        super().__init__(
            f"{network}: {what} (or name other variables in the config) before posting"
        )


class SourceError(UsageError):
    """A source (file, URL, feed entry) cannot be read or understood."""

    def __init__(self, where: str, what: str) -> None:
        self.where = where
        self.what = what
        super().__init__(f"{where}: {what}")


class TemplateError(UsageError):
    """A template cannot be loaded or rendered."""

    def __init__(self, template: str, what: str, line: int | None = None) -> None:
        self.template = template
        self.what = what
        self.line = line
        where = f"{template}, line {line}" if line else template
        super().__init__(f"template {where}: {what}")


class FitError(UsageError):
    """Even the fixed part of a template exceeds the network's limit."""

    def __init__(self, *, template: str, network: str, length: int, limit: int) -> None:
        self.template = template
        self.network = network
        self.length = length
        self.limit = limit
        super().__init__(
            f"template {template} for {network}: the text that cannot be shortened "
            f"is {length} long, over the limit of {limit}; shorten the template"
        )


class MediaError(SyndicatorError):
    """An image cannot be read, fetched or made small enough."""

    kind = ErrorKind.MEDIA


class GitHubError(SyndicatorError):
    """The GitHub API refused or failed a call of the pull-request review."""

    kind = ErrorKind.GITHUB


class StateError(SyndicatorError):
    """The state store cannot be opened, migrated or locked."""

    kind = ErrorKind.STATE


class NoState(StateError):
    """A store opened read-only holds no syndicator state yet: nothing was recorded."""


class NetworkError(SyndicatorError):
    """A network refused or failed a request; ``network`` names it."""

    kind = ErrorKind.NETWORK

    def __init__(self, network: str, message: str) -> None:
        self.network = network
        super().__init__(f"{network}: {message}")


class AuthError(NetworkError):
    """The network refused the credentials."""

    kind = ErrorKind.AUTH


class RateLimited(NetworkError):
    """The network asked us to slow down; ``retry_at`` is when to try again."""

    kind = ErrorKind.RATE_LIMITED

    def __init__(self, network: str, message: str, retry_at: datetime | None = None) -> None:
        self.retry_at = retry_at
        if retry_at is not None:
            message = f"{message} (retry after {retry_at.isoformat(timespec='seconds')})"
        super().__init__(network, message)


class OverQuota(RateLimited):
    """The account's allowance (credits, a cap, a daily quota) is used up: post later.

    Not a failure of the post: the run defers it, with this line, to a later run.
    """

    kind = ErrorKind.OVER_QUOTA


class OutOfCredits(OverQuota):
    """No prepaid credits are left (X answers HTTP 402)."""

    kind = ErrorKind.OUT_OF_CREDITS


class SpendingCap(OverQuota):
    """The spending or usage cap set for the period is reached."""

    kind = ErrorKind.SPENDING_CAP


class DailyCap(OverQuota):
    """A cap on posts per day is reached; ``retry_at`` says when it frees, if known."""

    kind = ErrorKind.DAILY_CAP


class PostingQuota(OverQuota):
    """A quota of writes per window (an hour, 3 hours, a day) is used up: post later."""


class Rejected(NetworkError):
    """The network refused this post; ``reason`` is what it said."""

    kind = ErrorKind.REJECTED

    def __init__(self, network: str, reason: str) -> None:
        self.reason = reason
        super().__init__(network, f"rejected: {reason}")


class Duplicate(Rejected):
    """Refused as a duplicate: an earlier attempt was probably posted."""

    kind = ErrorKind.DUPLICATE


class ReplyRefused(Rejected):
    """A reply the network's reply rules do not allow (X, since 2026-02, for self-serve apps)."""


class Unavailable(NetworkError):
    """The network could not be reached or failed on its side; retry later."""

    kind = ErrorKind.UNAVAILABLE


class CannotTell(NetworkError):
    """The network gives no way to know whether an earlier attempt was posted."""

    kind = ErrorKind.CANNOT_TELL
