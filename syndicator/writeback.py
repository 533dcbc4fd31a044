"""Write the links of what was posted back into a Markdown file's front matter.

After a post, ``add_syndication_links`` adds the post URLs to the article's
``syndication:`` list (the IndieWeb ``u-syndication`` convention most static site
themes read). Only that key's text changes: the rest of the file, front matter
included, is kept byte for byte, comments, quoting, key order and line endings with
it. ruamel.yaml parses the front matter and tells where the key's text starts and
ends; the new links are spliced in there, and the result is parsed again and compared
with what was meant before anything is written. The file is replaced atomically.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from .errors import SourceError

__all__ = ["SYNDICATION_KEY", "add_syndication_links"]

#: The front matter key that lists where an article was syndicated.
SYNDICATION_KEY = "syndication"

# The delimiters our Markdown source accepts (YAML ---; TOML +++ is read, not rewritten).
_OPENING = re.compile(rb"\A(\xef\xbb\xbf)?-{3,}[ \t]*(\r?\n)")
_CLOSING = re.compile(rb"^-{3,}[ \t]*(\r?\n|\Z)", re.MULTILINE)
_TOML = re.compile(rb"\A(\xef\xbb\xbf)?\+{3,}[ \t]*\r?\n")
# A URL that YAML reads back as the same plain string, in block and in flow context.
_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://[^\s,\[\]{}]*[^\s,\[\]{}:]")


def add_syndication_links(path: Path, urls: Sequence[str]) -> bool:
    """Add ``urls`` to the front matter's ``syndication:`` list; return whether it changed.

    URLs already listed are not added again, so a rerun changes nothing.
    """
    where = str(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise SourceError(where, f"cannot be read for write-back ({exc.strerror})") from None
    head, front, tail = _split(data, where)
    newline = "\r\n" if head.endswith(b"\r\n") else "\n"
    try:
        text = front.decode("utf-8")
    except UnicodeDecodeError:
        raise SourceError(where, "the front matter is not UTF-8 text") from None
    updated = _add(text, urls, newline, where)
    if updated == text:
        return False
    try:
        _write_atomically(path, head + updated.encode("utf-8") + tail)
    except OSError as exc:
        raise SourceError(where, f"cannot be written back ({exc.strerror})") from None
    return True


def _split(data: bytes, where: str) -> tuple[bytes, bytes, bytes]:
    """Return (opening delimiter, front matter, closing delimiter and body)."""
    opening = _OPENING.match(data)
    if opening is None:
        if _TOML.match(data):
            raise SourceError(
                where, "TOML front matter (+++) is not supported for write-back; use YAML (---)"
            )
        raise SourceError(
            where, "has no YAML front matter (a first line of ---) to write the links into"
        )
    closing = _CLOSING.search(data, opening.end())
    if closing is None:
        raise SourceError(where, "the front matter has no closing --- line")
    return data[: opening.end()], data[opening.end() : closing.start()], data[closing.start() :]


def _add(text: str, urls: Sequence[str], newline: str, where: str) -> str:
    """Return the front matter ``text`` with the new ``urls`` spliced into its list."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.nodes import MappingNode, ScalarNode, SequenceNode

    yaml = YAML(typ="rt")
    try:
        root = yaml.compose(text)
        before = yaml.load(text)
    except YAMLError as exc:
        raise SourceError(where, f"invalid YAML front matter: {_problem(exc)}") from None
    if root is not None and (not isinstance(root, MappingNode) or root.flow_style):
        raise SourceError(where, "write-back needs front matter that is a block of key: value")
    pairs = {str(k.value): (k, v) for k, v in root.value} if root is not None else {}
    key, value = pairs.get(SYNDICATION_KEY, (None, None))

    existing: list[str] = []
    if isinstance(value, SequenceNode):
        items = value.value
    elif isinstance(value, ScalarNode) and str(value.tag).endswith(":str"):
        items = [value]
    elif value is None or (isinstance(value, ScalarNode) and str(value.tag).endswith(":null")):
        items = []
    else:
        items = [value]
    for item in items:
        if not (isinstance(item, ScalarNode) and str(item.tag).endswith(":str")):
            raise SourceError(where, f"{SYNDICATION_KEY}: expected a list of URLs")
        existing.append(item.value)
    new = [u for u in dict.fromkeys(u.strip() for u in urls) if u and u not in existing]
    if not new:
        return text

    indent, gap = _block_style(root)
    lines = "".join(f"{newline}{indent}-{gap}{_scalar(u)}" for u in new)
    if key is None:  # append the key at the end of the front matter
        if text and not text.endswith("\n"):
            text += newline
        updated = f"{text}{SYNDICATION_KEY}:{lines}{newline}"
    elif isinstance(value, SequenceNode) and value.flow_style:
        close = value.end_mark.index - 1  # the index of "]"
        joined = ", ".join(_scalar(u) for u in new)
        updated = text[:close] + (", " if items else "") + joined + text[close:]
    elif isinstance(value, SequenceNode):
        indent = " " * value.start_mark.column
        gap = " " * (items[0].start_mark.column - value.start_mark.column - 1)
        lines = "".join(f"{indent}-{gap}{_scalar(u)}{newline}" for u in new)
        end = text.find("\n", items[-1].end_mark.index) + 1
        if end == 0:  # the last item ends the text, with no line break after it
            text, end = text + newline, len(text) + len(newline)
        updated = text[:end] + lines + text[end:]
    else:  # a single URL or an empty value becomes a list
        kept = "".join(
            f"{newline}{indent}-{gap}{text[i.start_mark.index : i.end_mark.index]}" for i in items
        )
        stop = value.end_mark.index
        if stop == value.start_mark.index:  # an empty value: keep what follows the colon
            stop = text.index(":", key.end_mark.index) + 1
        updated = text[: key.end_mark.index] + ":" + kept + lines + text[stop:]

    after = yaml.load(updated)
    expected = dict(before or {})
    expected[SYNDICATION_KEY] = [*existing, *new]
    if _plain(after) != _plain(expected) or list(after) != list(expected):
        raise SourceError(where, "write-back would change more than the syndication links")
    return updated


def _block_style(root: Any) -> tuple[str, str]:
    """Return the indent and gap of the front matter's first block list ("  ", " ")."""
    from ruamel.yaml.nodes import SequenceNode

    for _key, value in root.value if root is not None else ():
        if isinstance(value, SequenceNode) and not value.flow_style and value.value:
            first = value.value[0].start_mark.column - value.start_mark.column - 1
            return " " * value.start_mark.column, " " * max(first, 1)
    return "  ", " "


def _scalar(url: str) -> str:
    """Return ``url`` as a YAML scalar: plain when it reads back unchanged, else quoted."""
    return url if _PLAIN.fullmatch(url) else json.dumps(url, ensure_ascii=False)


def _plain(value: Any) -> Any:
    """Return ``value`` as plain dicts and lists, for comparing what two texts mean."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _problem(exc: Exception) -> str:
    mark = getattr(exc, "problem_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    return f"{problem} (front matter line {mark.line + 1})" if mark else problem


def _write_atomically(path: Path, data: bytes) -> None:
    """Replace ``path`` with ``data`` in one step, keeping its permissions."""
    target = path.resolve()  # write through a symlink, not over it
    mode = target.stat().st_mode & 0o7777
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as file:
            file.write(data)
            file.flush()
            os.fsync(file.fileno())
        os.chmod(temporary, mode)
        os.replace(temporary, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise
