"""The one Jinja environment for post templates, its filters, and what templates see.

Templates are plain text (autoescape off), sandboxed (they are user files) and strict
(an unknown variable is an error, not a hole in a public post). A user's
``templates_dir`` comes first; the packaged defaults (``x.txt.j2``, ``mastodon.txt.j2``,
``bluesky.txt.j2``) fill in the rest by name.

Variables a template sees:

``title``, ``summary``, ``body``
    the article's text fields (plain text; ``body`` may be long).
``url``
    the article's link; it is never dropped. On Bluesky it is shown shortened
    (``example.fr/actu/threads-el…``) while its link facet carries the full URL.
``tags``
    the article's tags as given (``["Elon Musk", "réseaux sociaux"]``).
``hashtags``
    the tags as hashtags, without duplicates or tags that cannot be hashtags
    (``["#ElonMusk", "#RéseauxSociaux"]``).
``lang``, ``author``, ``published``, ``id``, ``source``
    the article's language (or None), author (or None), publication datetime (or None),
    stable id and source.
``extra``
    the source's other fields (front matter keys, feed fields), a mapping.
``network``, ``limit``
    the network's name (``x``, ``mastodon``, ``bluesky``) and its length limit.

Filters (besides Jinja's own):

``shorten(rank=1, name=None)``
    marks text the length engine may shorten at a word boundary with ``…``. Lower
    ranks are shortened first; the default templates shorten ``summary`` (1) before
    ``title`` (2). The name shown in a post's ``cut`` is the variable's, or ``name``.
``optional``
    marks text (or each item of a list, joined by spaces) that may be dropped, the
    last item first, before anything is shortened: ``{{ hashtags | optional }}``.
``hashtag``
    turns a phrase into a hashtag (``"réseaux sociaux" | hashtag`` -> ``#RéseauxSociaux``),
    or an empty string when it cannot be one.
"""

from __future__ import annotations

import contextlib
import os
import traceback
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
from jinja2.bccache import Bucket

from .. import user_cache
from ..errors import TemplateError
from . import bounds
from ._markers import CLOSE, MIDDLE, OPEN
from .bounds import BoundedEnvironment, TemplateLimit
from .bounds import render as bounded_render
from .hashtags import to_hashtag

__all__ = ["Elastic", "Link", "Optional", "Templates", "build_templates", "default_dir"]


class Field(str):
    """An article field: a string that remembers its variable's name."""

    __slots__ = ("name",)
    name: str

    def __new__(cls, value: str, name: str) -> Field:
        self = super().__new__(cls, value)
        self.name = name
        return self


class Elastic(str):
    """Text the length engine may shorten (made by the ``shorten`` filter)."""

    __slots__ = ("name", "rank")
    rank: int
    name: str

    def __new__(cls, value: str, rank: int, name: str) -> Elastic:
        self = super().__new__(cls, value)
        self.rank = rank
        self.name = name
        return self


class Optional(str):
    """Text the length engine may drop (made by the ``optional`` filter)."""

    __slots__ = ("items",)
    items: tuple[str, ...]

    def __new__(cls, items: Iterable[str]) -> Optional:
        kept = tuple(str(item) for item in items if str(item))
        self = super().__new__(cls, " ".join(kept))
        self.items = kept
        return self


class Link(str):
    """The article's link: never dropped; Bluesky shows it shortened."""

    __slots__ = ()


def _shorten(value: Any, rank: int = 1, name: str | None = None) -> Elastic:
    """Mark ``value`` as text that may be shortened, lower ranks first."""
    if isinstance(rank, bool) or not isinstance(rank, int) or not 1 <= rank <= 9:
        raise ValueError(f"shorten: rank must be a whole number from 1 to 9, not {rank!r}")
    label = name or getattr(value, "name", None) or "text"
    return Elastic("" if value is None else str(value), rank, label)


def _optional(value: Any) -> Optional:
    """Mark ``value`` (a string, or each item of a list) as droppable."""
    if value is None:
        return Optional(())
    if isinstance(value, str):
        return Optional((value,))
    return Optional(str(item) for item in value)


def _hashtag(value: Any) -> str:
    """Return ``value`` as a hashtag, or an empty string when it cannot be one."""
    return to_hashtag(str(value)) or ""


def _finalize(value: Any) -> Any:
    """Turn marked values into delimited text; None prints as nothing."""
    if value is None:
        return ""
    if isinstance(value, Elastic):
        return f"{OPEN}e{value.rank}:{value.name}{MIDDLE}{value}{CLOSE}" if value else ""
    if isinstance(value, Optional):
        return "".join(
            f"{OPEN}o{index}{MIDDLE}{' ' if index else ''}{item}{CLOSE}"
            for index, item in enumerate(value.items)
        )
    if isinstance(value, Link):
        return f"{OPEN}l{MIDDLE}{value}{CLOSE}"
    return value


def default_dir() -> Path:
    """Return the folder of the packaged default templates.

    A wheel holds them in the package (``syndicator/templates``); a checkout next to it.
    """
    packaged = Path(__file__).parents[1] / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


@dataclass(frozen=True, slots=True)
class Templates:
    """The template environment: render a named template with an article's variables."""

    environment: jinja2.Environment

    def load(self, name: str) -> jinja2.Template:
        """Return template ``name``; raise TemplateError saying where it was looked for."""
        try:
            return self.environment.get_template(name)
        except jinja2.TemplateNotFound:
            loaders = getattr(self.environment.loader, "loaders", ())
            folders = [f for loader in loaders for f in getattr(loader, "searchpath", ())]
            builtin = str(default_dir())
            places = [f for f in folders if f != builtin] + [f"the built-in templates ({builtin})"]
            raise TemplateError(name, "not found in " + " or ".join(places)) from None
        except jinja2.TemplateSyntaxError as exc:
            raise TemplateError(
                exc.filename or name, exc.message or "syntax error", exc.lineno
            ) from None

    def render(self, name: str, variables: Mapping[str, Any]) -> str:
        """Render template ``name``; raise TemplateError naming the file and line."""
        template = self.load(name)
        filename = template.filename or name
        try:
            return bounded_render(template, variables)
        except TemplateLimit as exc:
            raise TemplateError(filename, str(exc), _line_of(exc, filename)) from None
        except RecursionError as exc:
            raise TemplateError(
                filename,
                "nests too deep (a template that includes itself?)",
                _line_of(exc, filename),
            ) from None
        except jinja2.TemplateError as exc:
            raise TemplateError(filename, str(exc), _line_of(exc, filename)) from None
        except (TypeError, ValueError, AttributeError, ArithmeticError, LookupError) as exc:
            raise TemplateError(
                filename, f"{type(exc).__name__}: {exc}", _line_of(exc, filename)
            ) from None


def _line_of(exc: BaseException, filename: str) -> int | None:
    """Return the template line where ``exc`` was raised, from Jinja's rewritten traceback."""
    line = None
    for frame in traceback.extract_tb(exc.__traceback__):
        if frame.filename == filename:
            line = frame.lineno
    return line


class _CompiledTemplates(jinja2.FileSystemBytecodeCache):
    """Templates compiled once, in the user's cache folder; a cache that fails is no error.

    Compiling the default templates costs a cold start ~4 ms; loading them ~0.5 ms.
    Jinja keys each template by name, file and a checksum of its source. The folder is
    named for what compiles them besides: Jinja's version and our code generator
    (``bounds``, which puts the budget's checks into the compiled code) and this module
    (the environment's options and filters), as installed files: a change to any of
    them compiles anew.
    """

    def __init__(self) -> None:
        stamps = [jinja2.__version__]
        for path in (bounds.__file__, __file__):
            status = os.stat(path)
            stamps.append(f"{path}:{status.st_mtime_ns}:{status.st_size}")
        key = zlib.crc32("\0".join(stamps).encode())
        super().__init__(str(user_cache.folder() / "templates" / f"{key:08x}"))

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # unreadable or damaged: compile the template again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        with contextlib.suppress(OSError):  # a read-only or full disk: compiled next time
            os.makedirs(self.directory, exist_ok=True)
            super().dump_bytecode(bucket)


def build_templates(
    templates_dir: Path | None = None, defaults: Mapping[str, str] | None = None
) -> Templates:
    """Build the sandboxed, strict, plain-text environment with every filter registered.

    Templates are looked for in ``templates_dir``, then among the packaged ones, then in
    ``defaults`` (file name -> text: the templates networks ship themselves).
    """
    folders = [str(templates_dir)] if templates_dir is not None else []
    folders.append(str(default_dir()))
    environment = BoundedEnvironment(
        loader=jinja2.ChoiceLoader(
            [
                jinja2.FileSystemLoader(folders, encoding="utf-8"),
                jinja2.DictLoader(dict(defaults or {})),
            ]
        ),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
        finalize=_finalize,
        auto_reload=False,
        bytecode_cache=_CompiledTemplates(),
    )
    environment.add_filter("shorten", _shorten)
    environment.add_filter("optional", _optional)
    environment.add_filter("hashtag", _hashtag)
    return Templates(environment)
