"""Log records go to stderr, every one redacted, and ``logging`` loads only if something logs.

Importing ``logging`` costs a command a few milliseconds, and ``--help`` or ``history``
never log. So ``log_to_stderr`` configures the root logger at once when ``logging`` is
loaded already, and otherwise the moment anything imports it: a finder first on
``sys.meta_path`` lets the usual finders load ``logging``, then configures it before
that import returns. No record can be made before, so none can reach stderr through
logging's last-resort handler, unredacted.
"""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING, Any, cast

if TYPE_CHECKING:
    from collections.abc import Sequence
    from importlib.abc import Loader
    from importlib.machinery import ModuleSpec
    from types import ModuleType

__all__ = ["log_to_stderr"]

_FORMAT = "%(levelname)s %(name)s: %(message)s"


def log_to_stderr(*, debug: bool) -> None:
    """Send log records to stderr, redacted: warnings and worse, or everything if ``debug``."""
    logging = sys.modules.get("logging")
    if logging is not None:
        _configure(logging, debug=debug)
        return
    for finder in sys.meta_path:
        if isinstance(finder, _ConfigureOnImport):  # a run before in this process
            finder.debug = debug
            return
    sys.meta_path.insert(0, _ConfigureOnImport(debug=debug))


def _configure(logging: Any, *, debug: bool) -> None:
    from ..redact import RedactingFilter

    handler = logging.StreamHandler(sys.stderr)
    handler.addFilter(RedactingFilter())
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format=_FORMAT,
        handlers=[handler],
        force=True,
    )


class _ConfigureOnImport:
    """A finder that has ``logging`` found as usual, and configured once it is executed."""

    def __init__(self, *, debug: bool) -> None:
        self.debug = debug

    def find_spec(
        self, name: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> ModuleSpec | None:
        if name != "logging":
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec: ModuleSpec | None = finder.find_spec(name, path, target)
            if spec is not None and spec.loader is not None:
                spec.loader = cast("Loader", _ThenConfigure(spec.loader, self))
                return spec
        return None


class _ThenConfigure:
    """A loader that runs the real one, then configures the module it executed."""

    def __init__(self, loader: Any, finder: _ConfigureOnImport) -> None:
        self._loader = loader
        self._finder = finder

    def __getattr__(self, name: str) -> Any:
        return getattr(self._loader, name)  # create_module, get_source... of the real one

    def exec_module(self, module: ModuleType) -> None:
        self._loader.exec_module(module)
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        _configure(module, debug=self._finder.debug)
