"""Named crash points for tests: die on the spot, as a power cut or ``kill -9`` would.

Test-only. ``SYNDICATOR_FAILPOINT`` names the points that kill the process with
SIGKILL when reached, comma-separated; ``point:network`` limits a point to one
network (``after-publish:mastodon``). Unset, ``failpoint`` costs one dictionary
lookup. The points (see ``syndicator.posting.worker``):

    before-publish   the pending row and its key are written; the network not called
    after-publish    the network accepted the post; the state not yet written
    after-record     the published row is written
"""

from __future__ import annotations

import os
import signal

__all__ = ["ENVIRONMENT_VARIABLE", "POINTS", "failpoint"]

ENVIRONMENT_VARIABLE = "SYNDICATOR_FAILPOINT"
POINTS = ("before-publish", "after-publish", "after-record")


def failpoint(point: str, network: str = "") -> None:
    """Kill this process with SIGKILL if ``point`` (for ``network``) is armed."""
    armed = os.environ.get(ENVIRONMENT_VARIABLE)
    if not armed:
        return
    for spec in armed.split(","):
        name, _, only = spec.strip().partition(":")
        if name == point and (not only or only == network):
            os.kill(os.getpid(), signal.SIGKILL)
