"""Bound what a template may do WHILE it renders: work, time, sizes, depth and output.

Templates are user files (and may come from a shared repository), so rendering one must
not hang a run or eat the machine's memory. The sandbox already refuses unsafe attribute
access; this module adds a budget per render:

* every loop iteration, call, filter, attribute lookup and operator is a step
  (``MAX_STEPS``); the wall clock is read every few hundred steps (``MAX_SECONDS``);
* calls nest at most ``MAX_DEPTH`` deep (recursive macros, recursive loops, includes);
* numbers given to calls and filters, and widths in ``%``/``format`` specs, are capped
  before anything is built (``MAX_NUMBER``, ``MAX_WIDTH``), as are the known
  amplifiers (repeat, join, replace, indent, wordwrap, tojson, lipsum, big integers);
* every value built is at most ``MAX_VALUE`` long, all values built together at most
  ``MAX_BUILT``, and the output stops at ``MAX_OUTPUT`` as it streams.

A limit reached raises ``TemplateLimit`` (a ``ValueError``); ``environment.Templates``
turns it into one ``TemplateError`` naming the template and line. No thread is killed
and no tracer is installed: the checks run inside the sandbox's own hooks.
"""

from __future__ import annotations

import functools
import re
import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any, cast

import jinja2
import markupsafe
from jinja2 import nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.sandbox import ImmutableSandboxedEnvironment, SandboxedFormatter

__all__ = [
    "MAX_OUTPUT",
    "BoundedEnvironment",
    "TemplateLimit",
    "budget",
    "render",
]

#: A post is at most a few thousand characters: output far beyond that is a mistake.
MAX_OUTPUT = 100_000
#: Steps (iterations, calls, lookups, operators) one render may take; a post template
#: takes a few hundred.
MAX_STEPS = 200_000
#: Wall-clock seconds one render may take, checked every ``_CLOCK_EVERY`` steps.
MAX_SECONDS = 2.0
#: How deep calls (macros, recursive loops, includes) may nest.
MAX_DEPTH = 50
#: The largest number a call or filter argument may be (range sizes, widths, counts).
MAX_NUMBER = 100_000
#: The largest width or precision in a ``%`` or ``str.format`` spec.
MAX_WIDTH = 10_000
#: The largest value (string, list) one operation may build.
MAX_VALUE = 1_000_000
#: All values built by one render together (characters or items).
MAX_BUILT = 10_000_000
#: The largest integer (in bits) arithmetic may build.
MAX_BITS = 100_000
_CLOCK_EVERY = 256
#: str methods that build output from a table or tab width no argument check can bound.
_REFUSED_METHODS = frozenset({"translate", "maketrans", "expandtabs"})
# A printf-style conversion: %[(name)][flags][width][.precision][length]type
_PERCENT = re.compile(r"%(?:\([^)]*\))?[-#0 +]*(\*|\d+)?(?:\.(\*|\d*))?[hlL]?[a-zA-Z%]")
_DIGITS = re.compile(r"\d+")


class TemplateLimit(ValueError):
    """A template went over one of its render limits."""


@dataclass(slots=True)
class Budget:
    """What one render has used so far."""

    deadline: float
    steps: int = 0
    depth: int = 0
    built: int = 0
    output: int = 0

    def step(self, count: int = 1) -> None:
        """Count ``count`` steps; raise when over the step or time budget."""
        self.steps += count
        if self.steps > MAX_STEPS:
            raise TemplateLimit(f"takes more than {MAX_STEPS:,} steps; simplify its loops")
        if self.steps % _CLOCK_EVERY < count and time.monotonic() > self.deadline:
            raise TemplateLimit(f"takes more than {MAX_SECONDS:g} s to render")

    def build(self, value: Any) -> Any:
        """Count a value just built; raise when it or all values together are too big."""
        size = _size(value)
        if size > MAX_VALUE:
            raise TemplateLimit(f"builds a value of {size:,} items, more than {MAX_VALUE:,}")
        self.built += size
        if self.built > MAX_BUILT:
            raise TemplateLimit(f"builds more than {MAX_BUILT:,} characters in all")
        return value


_current: ContextVar[Budget | None] = ContextVar("syndicator_template_budget", default=None)


@contextmanager
def budget() -> Iterator[Budget]:
    """Give the renders (and compiles) inside the block one fresh budget."""
    spent = Budget(deadline=time.monotonic() + MAX_SECONDS)
    token = _current.set(spent)
    try:
        yield spent
    finally:
        _current.reset(token)


def _budget() -> Budget:
    """Return the current render's budget (a fresh one outside ``render``)."""
    spent = _current.get()
    if spent is None:
        spent = Budget(deadline=time.monotonic() + MAX_SECONDS)
        _current.set(spent)
    return spent


def render(template: jinja2.Template, variables: Any) -> str:
    """Render ``template`` within a fresh budget, stopping as soon as output is too long."""
    with budget() as spent:
        pieces = []
        for piece in template.generate(variables):
            spent.output += len(piece)
            if spent.output > MAX_OUTPUT:
                raise TemplateLimit(f"renders more than {MAX_OUTPUT:,} characters")
            pieces.append(piece)
        return "".join(pieces)


def _size(value: Any) -> int:
    if isinstance(value, str):  # nearly every value a template builds: checked first
        return len(value)
    if isinstance(value, bytes | list | tuple | dict | set | frozenset):
        return len(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value.bit_length() // 64
    return 0


def _check_number(value: Any) -> None:
    if isinstance(value, int | float) and not isinstance(value, bool) and abs(value) > MAX_NUMBER:
        raise TemplateLimit(f"the number {value:g} is too large (at most {MAX_NUMBER:,})")


def _check_arguments(args: Iterable[Any], kwargs: dict[str, Any]) -> None:
    for value in (*args, *kwargs.values()):
        _check_number(value)


def check_percent(spec: str) -> None:
    """Refuse ``%`` conversions whose width or precision is huge or given by ``*``."""
    for match in _PERCENT.finditer(spec):
        for part in match.groups():
            if part == "*":
                raise TemplateLimit("a '*' width in a % format is not allowed in templates")
            if part and int(part) > MAX_WIDTH:
                raise TemplateLimit(f"a format width of {int(part):,} is over {MAX_WIDTH:,}")


def check_format_spec(spec: str) -> None:
    """Refuse a ``str.format`` spec whose width or precision is huge."""
    for digits in _DIGITS.findall(spec):
        if int(digits) > MAX_WIDTH:
            raise TemplateLimit(f"a format width of {int(digits):,} is over {MAX_WIDTH:,}")


#: The filters and methods ``_estimate`` sizes (or checks) before they run.
_ESTIMATED = frozenset(
    {"join", "replace", "indent", "wordwrap", "tojson", "format", "lipsum", "generate_lorem_ipsum"}
)


def _estimate(name: str, value: Any, args: tuple[Any, ...], kwargs: dict[str, Any]) -> int:
    """Return how big filter or method ``name`` would make its result, before it runs."""
    text = value if isinstance(value, str) else ""
    if name == "join":
        items = list(args[0]) if args and not isinstance(value, str) else list(value or ())
        sep = value if isinstance(value, str) else (args[0] if args else kwargs.get("d", ""))
        sep = sep if isinstance(sep, str) else ""
        return sum(len(str(i)) for i in items) + len(sep) * max(len(items) - 1, 0)
    if name == "replace" and len(args) >= 2:
        old, new = str(args[0]), str(args[1])
        return len(text) + (len(text) // max(len(old), 1) + 1) * len(new)
    if name == "indent":
        width = args[0] if args else kwargs.get("width", 4)
        width = len(width) if isinstance(width, str) else int(width)
        return len(text) + (text.count("\n") + 1) * width
    if name == "wordwrap":
        width = int(args[0] if args else kwargs.get("width", 79))
        wrap = str(kwargs.get("wrapstring", args[2] if len(args) > 2 else "\n"))
        return len(text) + (len(text) // max(width, 1) + 1) * len(wrap)
    if name == "tojson":
        indent = args[0] if args else kwargs.get("indent")
        if isinstance(indent, int) and indent > 16:
            raise TemplateLimit(f"tojson indent {indent} is over 16")
    if name == "format" and isinstance(value, str):
        check_percent(value)
    if name in ("lipsum", "generate_lorem_ipsum"):
        n = args[0] if args else kwargs.get("n", 5)
        most = kwargs.get("max", args[3] if len(args) > 3 else 100)
        return int(n) * int(most) * 12
    return 0


def _bounded_filter(name: str, function: Callable[..., Any]) -> Callable[..., Any]:
    """Return ``function`` (a filter) with its arguments, cost and result checked."""

    # Filters that receive the context or environment get it first; the filtered
    # value comes next, then the template's arguments.
    skip = 1 if getattr(function, "jinja_pass_arg", None) is not None else 0
    estimated = name in _ESTIMATED

    @functools.wraps(function)
    def bounded(*args: Any, **kwargs: Any) -> Any:
        spent = _budget()
        spent.step()
        value, rest = (args[skip], args[skip + 1 :]) if len(args) > skip else (None, ())
        _check_arguments(rest, kwargs)
        if estimated and _estimate(name, value, rest, kwargs) > MAX_VALUE:
            raise TemplateLimit(f"the {name} filter would build more than {MAX_VALUE:,} items")
        return spent.build(function(*args, **kwargs))

    return bounded


def _bounded_lipsum(function: Callable[..., str]) -> Callable[..., str]:
    @functools.wraps(function)
    def lipsum(*args: Any, **kwargs: Any) -> str:
        if _estimate("lipsum", None, args, kwargs) > MAX_VALUE:
            raise TemplateLimit(f"lipsum would build more than {MAX_VALUE:,} characters")
        return function(*args, **kwargs)

    return lipsum


class _BoundedFormatter(SandboxedFormatter):
    """The sandbox's ``str.format``, refusing huge widths once nested fields are filled."""

    def format_field(self, value: Any, format_spec: str) -> Any:
        check_format_spec(format_spec)
        return _budget().build(super().format_field(value, format_spec))


class _BoundedCodeGenerator(CodeGenerator):
    """Jinja's code generator, routing loops and ``~`` through the budget."""

    def visit_For(self, node: nodes.For, frame: Frame) -> None:
        if not getattr(node, "bounded", False):
            node.iter = nodes.Call(
                nodes.EnvironmentAttribute("bounded_iter"), [node.iter], [], None, None
            ).set_lineno(node.lineno)
            node.bounded = True  # type: ignore[attr-defined]
        super().visit_For(node, frame)

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.bounded_value(")
        super().visit_Concat(node, frame)
        self.write(")")


class _BoundedTemplate(jinja2.Template):
    """A template whose ``render`` runs within a budget."""

    def render(self, *args: Any, **kwargs: Any) -> str:
        return render(self, dict(*args, **kwargs))


class BoundedEnvironment(ImmutableSandboxedEnvironment):
    """The immutable sandbox, with every step, size and depth counted against a budget."""

    code_generator_class = _BoundedCodeGenerator
    template_class = _BoundedTemplate
    intercepted_binops = frozenset({"*", "**", "+", "%", "//", "/", "-"})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # No constant folding: it would run filters at compile time, outside the budget.
        super().__init__(*args, optimized=False, **kwargs)
        self.filters = {name: _bounded_filter(name, f) for name, f in self.filters.items()}
        self.globals["lipsum"] = _bounded_lipsum(cast(Callable[..., str], self.globals["lipsum"]))
        finalize = self.finalize or (lambda value: value)

        # Taking the evaluation context also keeps Jinja from printing constants it
        # folded at compile time, outside the budget.
        @jinja2.pass_eval_context
        def counted(eval_context: Any, value: Any) -> Any:
            return _budget().build(finalize(value))

        self.finalize = counted

    def add_filter(self, name: str, function: Callable[..., Any]) -> None:
        """Register filter ``name`` with the same checks as Jinja's own."""
        self.filters[name] = _bounded_filter(name, function)

    @staticmethod
    def bounded_iter(iterable: Any) -> Iterator[Any]:
        """Yield ``iterable``'s items, one step each (every ``for`` loop goes through here)."""
        spent = _budget()
        for item in iterable:
            spent.step()
            yield item

    @staticmethod
    def bounded_value(value: Any) -> Any:
        """Count a value built by ``~``."""
        return _budget().build(value)

    def call(__self, __context: Any, __obj: Any, *args: Any, **kwargs: Any) -> Any:
        """Call ``__obj`` from the template, within the budget and depth limit."""
        spent = _budget()
        spent.step()
        name = getattr(__obj, "__name__", "")
        if isinstance(getattr(__obj, "__self__", None), str):
            if name in _REFUSED_METHODS:
                raise TemplateLimit(f"str.{name} is not allowed in templates")
            if _estimate(name, __obj.__self__, args, kwargs) > MAX_VALUE:
                raise TemplateLimit(f"str.{name} would build more than {MAX_VALUE:,} items")
        _check_arguments(args, kwargs)
        if spent.depth >= MAX_DEPTH:
            raise TemplateLimit(f"calls nest more than {MAX_DEPTH} deep (a recursive macro?)")
        spent.depth += 1
        try:
            result = super().call(__context, __obj, *args, **kwargs)
        finally:
            spent.depth -= 1
        return spent.build(result)

    def getattr(self, obj: Any, attribute: str) -> Any:
        _budget().step()
        return super().getattr(obj, attribute)

    def getitem(self, obj: Any, argument: Any) -> Any:
        _budget().step()
        return super().getitem(obj, argument)

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        spent = _budget()
        spent.step()
        _check_binop(operator, left, right)
        return spent.build(super().call_binop(context, operator, left, right))

    def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
        wrapper = super().wrap_str_format(value)
        if wrapper is None or isinstance(value.__self__, markupsafe.Markup):
            return wrapper
        text: str = value.__self__
        formatter = _BoundedFormatter(self)
        if value.__name__ == "format_map":
            return lambda mapping: formatter.vformat(text, (), mapping)
        return lambda *args, **kwargs: formatter.vformat(text, args, kwargs)


def _check_binop(operator: str, left: Any, right: Any) -> None:
    """Refuse an operator whose result would be huge, before computing it."""
    ints = isinstance(left, int) and isinstance(right, int)
    if operator == "**":
        if isinstance(right, int | float) and abs(right) > MAX_NUMBER:
            raise TemplateLimit(f"the exponent {right:g} is too large for a template")
        if ints and right > 0 and left.bit_length() * right > MAX_BITS:
            raise TemplateLimit(f"{left} ** {right} is too large for a template")
    elif operator == "*":
        if ints and left.bit_length() + right.bit_length() > MAX_BITS:
            raise TemplateLimit("a product of huge integers is too large for a template")
        sized, count = (left, right) if isinstance(right, int) else (right, left)
        if (
            isinstance(sized, str | list | tuple)
            and isinstance(count, int)
            and len(sized) * count > MAX_VALUE
        ):
            raise TemplateLimit(f"repeating a value {count:,} times is too large for a template")
    elif operator == "%" and isinstance(left, str):
        check_percent(left)
