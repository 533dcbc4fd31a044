"""The package's shape, read from its source: import rules, and network names kept home.

Every ``import`` in ``syndicator/`` is read with ``ast`` (those inside functions and
``if TYPE_CHECKING:`` too): the graph they draw has no cycle; ``compose`` (pure) imports
nothing from sources, networks or the posting machinery; no network's package imports
another's. And no network's name is compared as a string, or keys a table, outside its
own package: what differs between networks is asked of its ``NetworkSpec``.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from syndicator.networks import registry

PACKAGE = Path(__file__).resolve().parents[1] / "syndicator"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


MODULES = {module_name(path): path for path in sorted(PACKAGE.rglob("*.py"))}


def imports(module: str) -> Iterator[str]:
    """Yield every syndicator module ``module`` imports, wherever the import statement is."""
    path = MODULES[module]
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    for node in ast.walk(ast.parse(path.read_text("utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            # ``from pkg import name``: the submodule pkg.name when there is one.
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for name in targets:
            known = name
            while known and known not in MODULES:
                known = known.rpartition(".")[0]  # ``import a.b.c``: the known module
            if known.startswith("syndicator") and not module.startswith(known + "."):
                yield known  # a module's own parent packages are imported first anyway


GRAPH = {module: sorted(set(imports(module)) - {module}) for module in MODULES}


def cycles(graph: dict[str, list[str]]) -> list[list[str]]:
    """Return the strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_the_import_graph_has_no_cycle() -> None:
    assert cycles(GRAPH) == []


def test_the_cycle_check_finds_a_cycle() -> None:
    graph = {"a": ["b"], "b": ["c"], "c": ["a"], "d": ["a"]}
    assert cycles(graph) == [["a", "b", "c"]]


@pytest.mark.parametrize(
    "forbidden", ["syndicator.sources", "syndicator.networks", "syndicator.posting"]
)
def test_compose_imports_nothing_from_sources_networks_or_state(forbidden: str) -> None:
    wrong = [
        (module, target)
        for module, targets in GRAPH.items()
        if module.startswith("syndicator.compose")
        for target in targets
        if target == forbidden or target.startswith(forbidden + ".")
    ]
    assert wrong == []


def network_packages() -> list[str]:
    return sorted(
        module
        for module, path in MODULES.items()
        if path.name == "__init__.py" and module.count(".") == 2
        if module.startswith("syndicator.networks.")
    )


def test_no_network_package_imports_another() -> None:
    packages = network_packages()
    assert {"syndicator.networks.x", "syndicator.networks.mastodon"} <= set(packages)
    wrong = [
        (module, target)
        for module, targets in GRAPH.items()
        for own in packages
        if module == own or module.startswith(own + ".")
        for other in packages
        if other != own
        for target in targets
        if target == other or target.startswith(other + ".")
    ]
    assert wrong == []


def compared_names(source: str, names: set[str]) -> list[tuple[int, str]]:
    """Return (line, name) of each network name compared as a string in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        operands: list[ast.expr] = []
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
        elif isinstance(node, ast.MatchValue):
            operands = [node.value]
        for operand in operands:
            values = (
                operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else [operand]
            )
            for value in values:
                if isinstance(value, ast.Constant) and value.value in names:
                    found.append((node.lineno, value.value))
    return found


def keyed_names(source: str, names: set[str]) -> list[tuple[int, str]]:
    """Return (line, name) of each network name used as a literal dict key in ``source``."""
    return [
        (key.lineno, key.value)
        for node in ast.walk(ast.parse(source))
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant) and key.value in names
    ]


#: Tables keyed by network name that are still to move onto NetworkSpec (issue 14).
#: Nothing may join (the prices and quotas moved: ``NetworkSpec.rates``).
NOT_YET_ON_THE_SPEC: set[str] = set()


def test_no_table_outside_a_network_package_is_keyed_by_its_name() -> None:
    names = set(registry.names())
    wrong = []
    for module, path in MODULES.items():
        where = str(path.relative_to(PACKAGE.parent))
        home = {n for n in names if module.startswith(f"syndicator.networks.{n}.")}
        if where in NOT_YET_ON_THE_SPEC:
            continue
        for line, name in keyed_names(path.read_text("utf-8"), names - home):
            wrong.append(f"{where}:{line}: {name!r}")
    assert wrong == []
    for where in NOT_YET_ON_THE_SPEC:  # once moved, it leaves this list
        assert keyed_names((PACKAGE.parent / where).read_text("utf-8"), names), where


def test_the_key_check_finds_a_table() -> None:
    assert keyed_names('LOOK = {"bluesky": 1, "other": 2}\n', {"x", "bluesky"}) == [(1, "bluesky")]


def test_no_network_name_is_compared_outside_its_own_package() -> None:
    names = set(registry.names())
    assert {"x", "mastodon", "bluesky"} <= names
    wrong = []
    for module, path in MODULES.items():
        home = {n for n in names if module.startswith(f"syndicator.networks.{n}.")}
        home |= {n for n in names if module == f"syndicator.networks.{n}"}
        for line, name in compared_names(path.read_text("utf-8"), names - home):
            wrong.append(f"{path.relative_to(PACKAGE.parent)}:{line}: {name!r}")
    assert wrong == []


@pytest.mark.parametrize(
    "source",
    [
        'if network == "mastodon":\n    pass\n',
        'ok = name != "x"\n',
        'ok = name in ("x", "bluesky")\n',
        'match name:\n    case "bluesky":\n        pass\n',
    ],
)
def test_the_name_check_finds_a_comparison(source: str) -> None:
    assert compared_names(source, {"x", "mastodon", "bluesky"})
